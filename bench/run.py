#!/usr/bin/env python3
"""make bench: measures counterd, the full stack and the page side by side with references,
in one run on this machine, and writes the tables to docs/benchmarks.md.

Every figure that matters is a ratio to a reference measured in the same run: the machines are
shared and noisy. Each wrk figure is the median of harness.REPEATS runs.
"""
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import (CLIENT_CPU, COUNTERD, DIST, DURATION, REPEATS, REPO, SERVER_CPU, Server,
                     children, counterd, cpu_seconds, free_port, get, metrics, nginx, syscalls, wrk,
                     wrk_once)

from sales import ROWS as SALES_ROWS, sales_section

HELLO = REPO / "build/release/bench/pistache_hello"
FLASK = "Flask (original)"


class Rows:
    """The HTTP table: one row per system, request and connection count."""

    def __init__(self):
        self.rows = []

    def measure(self, system, request, url, post=False, reference=None, keep_alive_header=True,
                conns=(1, 64)):
        for c in conns:
            r = wrk(url, c, post, keep_alive_header)
            r.update(system=system, request=request, conns=c, reference=reference)
            self.rows.append(r)
            print("%-34s %-34s c=%-3d %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms%s" % (
                system, request, c, r["rps"], r["p50"], r["p99"],
                "  (%d non-2xx)" % r["bad"] if r["bad"] else ""), flush=True)

    def get(self, system, request, conns=64):
        return next(r for r in self.rows
                    if (r["system"], r["request"], r["conns"]) == (system, request, conns))


def proxy_profile(nginx_server, counterd_pid, url, base):
    """Where the time goes on the proxy hop: syscalls per request of each process (strace) and
    how the shared core's CPU time splits between them, under a 64-connection GET load."""
    workers = children(nginx_server.pid)
    load = threading.Thread(target=wrk_once, args=(url, 64, False, True, 10))
    load.start()
    time.sleep(1)
    cpu0 = {"nginx": cpu_seconds([nginx_server.pid] + workers), "counterd": cpu_seconds([counterd_pid])}
    time.sleep(3)
    cpu1 = {"nginx": cpu_seconds([nginx_server.pid] + workers), "counterd": cpu_seconds([counterd_pid])}
    before = metrics(base)["counterd_http_requests_total"]
    counts = {"nginx": syscalls(workers[0], 2)}
    middle = metrics(base)["counterd_http_requests_total"]
    counts["counterd"] = syscalls(counterd_pid, 2)
    after = metrics(base)["counterd_http_requests_total"]
    load.join()
    used = {k: cpu1[k] - cpu0[k] for k in cpu0}
    return {
        "syscalls_per_request": {
            "nginx": sum(counts["nginx"].values()) / max(middle - before, 1),
            "counterd": sum(counts["counterd"].values()) / max(after - middle, 1),
        },
        "nginx_calls": {k: v / max(middle - before, 1) for k, v in counts["nginx"].items()},
        "cpu_share": {k: v / max(sum(used.values()), 1e-9) for k, v in used.items()},
    }


def http_section(work, rows, notes):
    # Reference: nginx answering from memory.
    ref_port = free_port()
    template = (REPO / "bench/nginx-return200.conf.template").read_text()
    (work / "ref").mkdir()
    (work / "ref.conf").write_text(template.replace("${PREFIX}", str(work / "ref"))
                                   .replace("${LISTEN}", "127.0.0.1:%d" % ref_port))
    ref = Server(["nginx", "-p", work / "ref", "-c", work / "ref.conf", "-e", work / "ref/error.log"],
                 "http://127.0.0.1:%d/" % ref_port)
    rows.measure("nginx return 200", "GET /counter", "http://127.0.0.1:%d/counter" % ref_port)
    ref.stop()

    # Pistache alone with one reactor, as counterd has on this pinned core: the floor.
    port = free_port()
    hello = Server([HELLO, port, "1"], "http://127.0.0.1:%d/" % port)
    rows.measure("Pistache hello-world", "GET /counter", "http://127.0.0.1:%d/counter" % port,
                 reference="nginx return 200")
    hello.stop()

    for store in ("sqlite", "memory"):
        name = "counterd %s" % ("durable" if store == "sqlite" else "memory")
        server, base = counterd(work, store, "--store", store, "--initial-stock", "1000000000")
        rows.measure(name, "GET /counter", base + "/counter", reference="nginx return 200")
        if store == "sqlite":
            rows.measure(name, "GET /counter, no Connection header", base + "/counter",
                         keep_alive_header=False, reference=name, conns=(64,))
        reference = None if store == "memory" else "counterd memory"
        rows.measure(name, "POST /decrement", base + "/decrement", post=True, reference=reference,
                     conns=(1,))
        before, t0 = metrics(base), time.monotonic()
        rows.measure(name, "POST /decrement", base + "/decrement", post=True, reference=reference,
                     conns=(64,))
        if store == "sqlite":
            after, elapsed = metrics(base), time.monotonic() - t0
            changes = after["counterd_changes_total"] - before["counterd_changes_total"]
            commits = after["counterd_commits_total"] - before["counterd_commits_total"]
            notes["durable"] = {"changes_per_s": changes / elapsed, "syncs_per_s": commits / elapsed,
                                "changes_per_sync": changes / max(commits, 1),
                                "largest_commit": after["counterd_largest_commit_changes"]}
            web, wbase = nginx(work, "web", int(base.rsplit(":", 1)[1]))
            rows.measure("nginx -> counterd durable", "GET /counter", wbase + "/api/counter",
                         reference=name)
            rows.measure("nginx -> counterd durable", "POST /decrement", wbase + "/api/decrement",
                         post=True, reference=name)
            notes["proxy"] = proxy_profile(web, server.pid, wbase + "/api/counter", base)
            web.stop()
        server.stop()

    port = free_port()
    flask = Server(["/usr/bin/python3", REPO / "bench/flask_counter.py", port],
                   "http://127.0.0.1:%d/counter" % port)
    rows.measure(FLASK, "GET /counter", "http://127.0.0.1:%d/counter" % port)
    rows.measure(FLASK, "POST /decrement", "http://127.0.0.1:%d/decrement" % port, post=True)
    flask.stop()


def postgres_section(work, rows, notes):
    """The shared store: 1 and 3 replicas on one PostgreSQL, which runs on the server CPU too."""
    pg_dir = work / "pg"
    conninfo = subprocess.run(["taskset", "-c", SERVER_CPU, REPO / "scripts/postgres.sh", "start", pg_dir],
                              capture_output=True, text=True, check=True).stdout.strip()
    os.environ["COUNTERD_ADMIN_TOKEN"] = "bench"  # replicas refuse to start without a shared code
    notes["postgres"] = {}
    try:
        for n in (1, 3):
            db = "bench%d" % n
            subprocess.run(["psql", conninfo + " dbname=postgres", "-qc", "CREATE DATABASE " + db], check=True)
            replicas = [counterd(work, "%s-%d" % (db, i), "--store", "postgres", "--database-url",
                                 conninfo + " dbname=" + db, "--initial-stock", "1000000000")
                        for i in range(n)]
            name = "counterd postgres ×%d" % n
            if n == 1:
                base = replicas[0][1]
                rows.measure(name, "GET /counter", base + "/counter", reference="counterd durable")
                rows.measure(name, "POST /decrement", base + "/decrement", post=True,
                             reference="counterd durable")
            web, wbase = nginx(work, "web-" + db, [int(b.rsplit(":", 1)[1]) for _, b in replicas])
            proxied = "nginx -> " + name
            rows.measure(proxied, "GET /counter", wbase + "/api/counter", reference="nginx -> counterd durable")
            rows.measure(proxied, "POST /decrement", wbase + "/api/decrement", post=True,
                         reference="nginx -> counterd durable", conns=(1,))
            before, t0 = [metrics(b) for _, b in replicas], time.monotonic()
            rows.measure(proxied, "POST /decrement", wbase + "/api/decrement", post=True,
                         reference="nginx -> counterd durable", conns=(64,))
            after, elapsed = [metrics(b) for _, b in replicas], time.monotonic() - t0
            delta = lambda key: sum(a[key] - b[key] for a, b in zip(after, before))
            commits = delta("counterd_commits_total")
            notes["postgres"][n] = {
                "changes_per_s": delta("counterd_changes_total") / elapsed,
                "commits_per_s": commits / elapsed,
                "changes_per_commit": delta("counterd_changes_total") / max(commits, 1),
                "commit_ms": 1000 * delta("counterd_commit_seconds_total") / max(commits, 1),
            }
            web.stop()
            for server, _ in replicas:
                server.stop()
    finally:
        subprocess.run([REPO / "scripts/postgres.sh", "remove", pg_dir], check=False)


def rss_kb(pids):
    return sum(int(Path("/proc/%d/status" % p).read_text().split("VmRSS:")[1].split()[0]) for p in pids)


def live_section(work, notes):
    """Live updates: 500 and 2000 subscribers of /api/events, 200 sales at 20/s; from each
    sale's acknowledgement to its arrival at every subscriber; nginx's memory and CPU."""
    publish_port = free_port()
    server, base = counterd(work, "live", "--initial-stock", "1000000000", "--publish-url",
                            "http://127.0.0.1:%d/counter" % publish_port)
    web, wbase = nginx(work, "live", int(base.rsplit(":", 1)[1]), publish_port)
    workers = children(web.pid)
    notes["live"] = {}
    try:
        for n in (500, 2000):
            before = rss_kb(workers)
            load = subprocess.Popen(["prlimit", "--nofile=20000:20000", "taskset", "-c", CLIENT_CPU, "node", REPO / "bench/live.mjs", wbase,
                                     str(n), "200", "20"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True)
            line = load.stderr.readline()
            while line and "connected" not in line:
                line = load.stderr.readline()
            if not line:  # the load generator died before every subscriber was connected
                notes["live_failed"] = "%d subscribers: %s (nginx's log: %s)" % (
                    n, load.stderr.read().strip().splitlines()[-1:],
                    (work / "live/error.log").read_text().strip().splitlines()[-2:])
                load.wait()
                break
            connected, cpu0 = rss_kb(workers), cpu_seconds([web.pid] + workers)
            t0 = time.monotonic()
            out, _ = load.communicate(timeout=120)
            cpu = (cpu_seconds([web.pid] + workers) - cpu0) / (time.monotonic() - t0)
            r = json.loads(out.strip().splitlines()[-1])
            r.update(mb_per_1000=(connected - before) / 1024 / n * 1000, cpu_per_1000=100 * cpu / n * 1000)
            notes["live"][n] = r
            print("live: %d subscribers: p50 %.1f ms, p99 %.1f ms, max %.1f ms, missed %d" % (
                n, r["p50_ms"], r["p99_ms"], r["max_ms"], r["missed_final"]), flush=True)
    finally:
        web.stop()
        server.stop()


def history_section(work, notes):
    """History reads: 500 sales panels (the UI's view-model, natively) subscribed to the live
    channel, 200 sales at 20/s; the history reads they send as the page does now (the changes
    pushed with each event) and as it did before (every new version read again), side by side."""
    publish_port = free_port()
    server, base = counterd(work, "history", "--initial-stock", "1000000000", "--publish-url",
                            "http://127.0.0.1:%d/counter" % publish_port)
    web, wbase = nginx(work, "history", int(base.rsplit(":", 1)[1]), publish_port)
    notes["history"] = {}
    try:
        for mode in ("every-change", "pushed"):
            run = subprocess.run(["prlimit", "--nofile=20000:20000", "taskset", "-c", CLIENT_CPU,
                                  REPO / "build/release/bench/history_reads", wbase, "500", "200", "20", mode],
                                 capture_output=True, text=True, timeout=900)
            if run.returncode != 0:
                notes["history_failed"] = "%s: %s" % (mode, run.stderr.strip().splitlines()[-1:])
                break
            r = json.loads(run.stdout.strip().splitlines()[-1])
            notes["history"][mode] = r
            print("history reads (%s): %d by 500 screens, %d of them exact" % (
                mode, r["reads"], r["exact_screens"]), flush=True)
    finally:
        web.stop()
        server.stop()


def rss_and_startup(work):
    """Resident memory after 1,000,000 durable decrements; start-up with 1,000,000 rows."""
    server, base = counterd(work, "million", "--initial-stock", "1000000000")
    while metrics(base)["counterd_version"] < 1_000_000:
        subprocess.run(["taskset", "-c", CLIENT_CPU, "wrk", "-t1", "-c64", "-d5s", "-s",
                        str(REPO / "bench/post.lua"), base + "/decrement"], capture_output=True, check=True)
    rows = int(metrics(base)["counterd_version"])
    rss_kb = int(Path("/proc/%d/status" % server.pid).read_text().split("VmRSS:")[1].split()[0])
    server.stop()
    startups = []
    for _ in range(3):
        t0 = time.monotonic()
        s, _ = counterd(work, "million", "--initial-stock", "1000000000")
        startups.append((time.monotonic() - t0) * 1000)
        s.stop()
    return {"rows": rows, "rss_mb": rss_kb / 1024, "startup_ms": statistics.median(startups)}


def page_figures(work):
    server, base = counterd(work, "page")
    web, wbase = nginx(work, "page", int(base.rsplit(":", 1)[1]))
    try:
        out = subprocess.run(["node", REPO / "bench/page.mjs", wbase], capture_output=True, text=True,
                             check=True, cwd=REPO).stdout
        return json.loads(out.strip().splitlines()[-1])
    finally:
        web.stop()
        server.stop()


def version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
        return (r.stdout + r.stderr).strip().splitlines()[0]
    except Exception:
        return "?"


def history_ratio(notes):
    h = notes.get("history", {})
    if "pushed" not in h or not h.get("every-change", {}).get("reads"):
        return float("inf")
    return h["pushed"]["reads"] / h["every-change"]["reads"]


def report(rows, notes):
    def ratio_to_ref(r):
        ref = next((x for x in rows.rows if (x["system"], x["conns"]) == (r["reference"], r["conns"])
                    and x["request"].split(",")[0] == r["request"].split(",")[0]), None)
        return r["rps"] / ref["rps"] if ref else None

    flask = {(r["request"], r["conns"]): r for r in rows.rows if r["system"] == FLASK}
    table = ["| system | request | conns | req/s (median) | spread | p50 ms | p99 ms | ratio to reference | × Flask |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows.rows:
        q = ratio_to_ref(r)
        f = flask.get((r["request"].split(",")[0], r["conns"]))
        table.append("| %s | %s | %d | %.0f | %.0f..%.0f | %.2f | %.2f | %s | %s |%s" % (
            r["system"], r["request"], r["conns"], r["rps"], r["min"], r["max"], r["p50"], r["p99"],
            "%.2f × %s" % (q, r["reference"]) if q else "",
            "%.0f" % (r["rps"] / f["rps"]) if f and r["system"] != FLASK else "",
            " (%d non-2xx %s)" % (r["bad"], r["errors"]) if r["bad"] or r["errors"] else ""))

    g = rows.get
    durable_get, durable_post = g("counterd durable", "GET /counter"), g("counterd durable", "POST /decrement")
    proxied_get, proxied_post = g("nginx -> counterd durable", "GET /counter"), g("nginx -> counterd durable", "POST /decrement")
    no_header = g("counterd durable", "GET /counter, no Connection header")
    direct_flask = min(g(s, q)["rps"] / g(FLASK, q)["rps"] for s in ("counterd durable", "counterd memory")
                       for q in ("GET /counter", "POST /decrement"))  # the 64-connection rows
    proxied_flask = min(g("nginx -> counterd durable", q)["rps"] / g(FLASK, q)["rps"]
                        for q in ("GET /counter", "POST /decrement"))
    page = notes["page"]
    first_value = statistics.median(page["first_value_ms"])
    first_value_slow = statistics.median(page["first_value_throttled_ms"])
    spread = lambda xs: "%.0f..%.0f" % (min(xs), max(xs))

    def target(text, value, goal, higher=True, p99=""):
        ok = value >= goal if higher else value <= goal
        return "| %s | %.2f | %s | %s |" % (text, value, p99, "met" if ok else "**missed**")

    p99 = lambda *rs: " / ".join("%.2f ms" % r["p99"] for r in rs)
    d = notes["durable"]
    targets = [
        "| target (64 connections) | measured | p99 of the rows compared | |", "|---|---:|---:|---|",
        target("durable POST / memory POST ≥ 0.8", durable_post["rps"] / g("counterd memory", "POST /decrement")["rps"], 0.8,
               p99=p99(durable_post, g("counterd memory", "POST /decrement"))),
        target("changes per sync ≥ 20", d["changes_per_sync"], 20, p99=p99(durable_post)),
        target("GET p99 direct ≤ 5 ms", durable_get["p99"], 5, higher=False, p99=p99(durable_get)),
        target("GET / nginx `return 200` ≥ 0.6", durable_get["rps"] / g("nginx return 200", "GET /counter")["rps"], 0.6,
               p99=p99(durable_get, g("nginx return 200", "GET /counter"))),
        "| (evidence) Pistache hello-world GET / nginx `return 200` | %.2f | %s | |" % (
            g("Pistache hello-world", "GET /counter")["rps"] / g("nginx return 200", "GET /counter")["rps"],
            p99(g("Pistache hello-world", "GET /counter"))),
        "| (evidence) counterd GET / Pistache hello-world GET | %.2f | | |" % (
            durable_get["rps"] / g("Pistache hello-world", "GET /counter")["rps"]),
        target("through nginx / direct, GET ≥ 0.6", proxied_get["rps"] / durable_get["rps"], 0.6, p99=p99(proxied_get, durable_get)),
        target("through nginx / direct, POST ≥ 0.6", proxied_post["rps"] / durable_post["rps"], 0.6, p99=p99(proxied_post, durable_post)),
        target("GET without a `Connection` header / with keep-alive ≥ 0.9", no_header["rps"] / durable_get["rps"], 0.9,
               p99=p99(no_header, durable_get)),
        target("lowest × Flask, direct ≥ 30", direct_flask, 30),
        target("lowest × Flask, through nginx ≥ 10", proxied_flask, 10),
        target("one page load ≤ 150 KB gzip (KB)", page["bytes_gzip"] / 1000, 150, higher=False),
        target("first value < 400 ms (median of 10 fresh loads, ms)", first_value, 400, higher=False),
        target("first value with the CPU slowed 4x < 1500 ms (median of 10, ms)", first_value_slow, 1500,
               higher=False),
        target("frames while idle for 10 s = 0", page["idle_frames"], 0, higher=False),
        target("live: p99 from acknowledgement at 500 subscribers < 100 ms",
               notes["live"].get(500, {}).get("p99_ms", float("inf")), 100, higher=False),
        target("history reads of 500 panels, pushed / every change ≤ 0.05",
               history_ratio(notes), 0.05, higher=False),
        target("panels exact after the pushed run (of 500)",
               notes.get("history", {}).get("pushed", {}).get("exact_screens", 0), 500),
        *[target("GET /sales, 24 hourly buckets over %d changes, %s: median < 20 ms" % (SALES_ROWS, store),
                 notes["sales"][(store, "24 hourly buckets")]["median_ms"], 20, higher=False)
          for store in ("SQLite", "PostgreSQL")],
    ]

    pr = notes["proxy"]
    calls = ", ".join("%s %.2f" % (k, v) for k, v in sorted(pr["nginx_calls"].items(), key=lambda kv: -kv[1]) if v >= 0.05)
    marks = page["marks"]
    measured_notes = [
        "## Measured in this run: what limits the figures",
        "",
        "- **The proxy hop** (64 connections, GET through nginx, strace -c for 2 s per process): nginx makes "
        "%.1f syscalls per request (%s), counterd %.1f. On the one core they share, nginx used %.0f %% of the "
        "CPU time and counterd %.0f %%." % (pr["syscalls_per_request"]["nginx"], calls,
                                             pr["syscalls_per_request"]["counterd"],
                                             100 * pr["cpu_share"]["nginx"], 100 * pr["cpu_share"]["counterd"]),
        "- **Group commit**: %.1f changes per sync at 64 connections (%.0f syncs/s; the largest commit carried %d)." % (
            d["changes_per_sync"], d["syncs_per_s"], d["largest_commit"]),
        "- **The page's first value**, median of the 10 fresh loads, ms after navigation start (User Timing marks "
        "the app sets): %s." % ", ".join("%s %.0f" % (k, v) for k, v in marks.items()),
    ]

    dm, m = notes["durable"], notes["memory"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join([
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/run.py) on %s; do not edit by hand." % now,
        "",
        "Machine: %d cores (%s), servers on CPU %s, wrk on CPU %s; each wrk figure is the median of %d runs of %d s, "
        "with `Connection: keep-alive` unless the row says otherwise." % (
            os.cpu_count(), version(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).strip(),
            SERVER_CPU, CLIENT_CPU, REPEATS, DURATION),
        "Versions: camera-counter %s; %s; %s; Pistache %s; SQLite %s; PostgreSQL %s; Flask %s; %s." % (
            version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]), version(["nginx", "-v"]),
            version(["wrk", "-v"]), version(["dpkg-query", "-W", "-f=${Version}", "libpistache-dev"]),
            version(["dpkg-query", "-W", "-f=${Version}", "libsqlite3-0"]),
            version(["dpkg-query", "-W", "-f=${Version}", "postgresql-15"]),
            version(["dpkg-query", "-W", "-f=${Version}", "python3-flask"]), version(["chromium", "--version"])),
        "",
        "## HTTP",
        "",
        *table,
        "",
        "## Durable store, memory, start-up",
        "",
        "| figure | value |", "|---|---:|",
        "| decrements per second (durable, 64 connections) | %.0f |" % dm["changes_per_s"],
        "| syncs per second (64 connections) | %.0f |" % dm["syncs_per_s"],
        "| changes per sync (group commit, 64 connections) | %.1f |" % dm["changes_per_sync"],
        "| counterd resident memory after %d decrements | %.1f MB |" % (m["rows"], m["rss_mb"]),
        "| start-up with %d history rows (median of 3, to first /healthz) | %.0f ms |" % (m["rows"], m["startup_ms"]),
        "",
        "## The shared store (PostgreSQL)",
        "",
        "POST /decrement at 64 connections through nginx, counted by the replicas' /metrics:",
        "",
        "| replicas | changes/s | commits/s | changes per commit | mean commit (lock, writes, COMMIT) |",
        "|---:|---:|---:|---:|---:|",
        *["| %d | %.0f | %.0f | %.1f | %.2f ms |" % (n, p["changes_per_s"], p["commits_per_s"],
                                                   p["changes_per_commit"], p["commit_ms"])
          for n, p in sorted(notes["postgres"].items())],
        "",
        "On this machine PostgreSQL, nginx and every replica share the one server core: 3 replicas "
        "here only add processes competing for it, and their batches queue behind one another on the "
        "state row's lock, so they cannot beat 1 replica. What replicas buy here is availability (a "
        "replica lost, the others sell on), not speed. On separate machines each replica brings its own "
        "CPU for HTTP and JSON, while the database stays the one serialisation point: the ceiling is "
        "then commits per second times changes per commit, bounded by the database's WAL flush and "
        "the network round trips inside each transaction (about five per batch).",
        "",
        "## Live updates",
        "",
        "Subscribers of `GET /api/events` through nginx (nchan), then 200 sales at 20/s; the time "
        "from each sale's acknowledgement to its arrival at every subscriber (0 when it arrived first):",
        "",
        "| subscribers | deliveries | p50 | p99 | max | missed the final state | nginx memory per 1000 | nginx CPU per 1000 (of one core) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *["| %d | %d | %.1f ms | %.1f ms | %.1f ms | %d | %.1f MB | %.1f %% |" % (
            n, r["deliveries"], r["p50_ms"], r["p99_ms"], r["max_ms"], r["missed_final"],
            r["mb_per_1000"], r["cpu_per_1000"]) for n, r in sorted(notes["live"].items())],
        *(["", "**Failed:** " + notes["live_failed"]] if "live_failed" in notes else []),
        "",
        "The same 500 screens polling every 2 s would cost 250 requests a second to say \"nothing "
        "changed\"; with the stream they cost none, and one heartbeat message each every 5 s.",
        "",
        "## History that follows without asking",
        "",
        "500 sales panels subscribed to the live channel through nginx, 200 sales at 20/s. Each "
        "panel is the UI's own view-model (`bench/history_reads.cpp` builds it natively), fed by "
        "the real stream and answered by real reads; reads answered while events keep arriving, "
        "as in the browser. *Every change* is the page before this change (each new version read "
        "again); *pushed* is the page now (the changes come with each event). Reads counted after "
        "every panel had loaded; *exact*: the panels whose bars and Recent equal a fresh read of "
        "the history at the end.",
        "",
        "| panel | history reads | per panel | events taken in without a read | exact |",
        "|---|---:|---:|---:|---:|",
        *["| %s | %d | %.2f | %d | %d of %d |" % (mode, r["reads"], r["reads_per_screen"],
                                                 r["events_followed"], r["exact_screens"], r["screens"])
          for mode, r in notes.get("history", {}).items()],
        *(["", "**Failed:** " + notes["history_failed"]] if "history_failed" in notes else []),
        "",
        "## Sales at a glance",
        "",
        "`GET /sales` over %d changes spread evenly over the last 14 days (1 in 1000 a reset), "
        "a clock at UTC+01:00, 30 requests in a row on one connection:" % SALES_ROWS,
        "",
        "| store | query | median | max |", "|---|---|---:|---:|",
        *["| %s | %s | %.2f ms | %.2f ms |" % (store, query, r["median_ms"], r["max_ms"])
          for (store, query), r in notes["sales"].items()],
        "",
        "The database keeps counts per minute with every insert (a trigger); a query reads whole "
        "minutes from those and counts only the two minutes the range cuts from the changes "
        "themselves. Without the per-minute counts the same queries read every change in range: "
        "60 ms (24 hours) and 920 ms (14 days) on SQLite, measured by hand on this machine.",
        "",
        "## The page",
        "",
        "| figure | value |", "|---|---:|",
        "| bytes transferred, gzip (%d files) | %d |" % (page["files"], page["bytes_gzip"]),
        "| bytes transferred, brotli | %d |" % page["bytes_brotli"],
        "| navigation to the first frame showing the value, median of 10 fresh loads (spread) | %.0f ms (%s) |" % (
            first_value, spread(page["first_value_ms"])),
        "| the same with Chromium's CPU slowed 4x (spread) | %.0f ms (%s) |" % (
            first_value_slow, spread(page["first_value_throttled_ms"])),
        "| frames drawn while idle for 10 s | %d |" % page["idle_frames"],
        "| Chromium CPU while idle for 10 s (all its processes) | %.1f %% of one core |" % page["idle_cpu_percent"],
        "",
        "| file (one page load) | gzip | brotli |", "|---|---:|---:|",
        *["| `%s` | %d | %d |" % (name, b["gzip"], b["brotli"]) for name, b in
          sorted(page["per_file"].items(), key=lambda kv: -kv[1]["gzip"])],
        "",
        "## Targets",
        "",
        *targets,
        "",
        *measured_notes,
        "",
        (REPO / "bench/notes.md").read_text().strip(),
        "",
        "_The whole run took %.0f s._" % notes["seconds"],
        "",
    ])
    (REPO / "docs").mkdir(exist_ok=True)
    (REPO / "docs/benchmarks.md").write_text(text)
    print()
    print(text)


def main():
    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    os.chmod(work, 0o755)
    rows, notes = Rows(), {}
    started = time.monotonic()
    try:
        http_section(work, rows, notes)
        postgres_section(work, rows, notes)
        live_section(work, notes)
        history_section(work, notes)
        sales_section(work, notes)
        notes["memory"] = rss_and_startup(work)
        notes["page"] = page_figures(work)
    finally:
        subprocess.run(["pkill", "-f", str(work)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    notes["seconds"] = time.monotonic() - started
    report(rows, notes)


if __name__ == "__main__":
    if not COUNTERD.exists() or not DIST.exists() or not HELLO.exists():
        sys.exit("bench: build first (make build)")
    main()
