#!/usr/bin/env python3
"""make bench: measures counterd, the full stack and the page side by side with references,
in one run on this machine, and writes the table to docs/benchmarks.md.

Every figure that matters is a ratio to a reference measured in the same run: the machines are
shared and noisy. Servers run on CPU 0 and wrk on CPU 1 (taskset). Each wrk measurement is
repeated 3 times; the table shows the median and the spread (min..max) of req/s.
"""
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTERD = REPO / "build/release/backend/counterd"
HELLO = REPO / "build/release/bench/pistache_hello"
DIST = REPO / "build/wasm/dist"
REPEATS = 3
DURATION = 4  # seconds per wrk run
SERVER_CPU, CLIENT_CPU = "0", "1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, method="GET"):
    req = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


def wait_http(url, guard=30.0):
    until = time.monotonic() + guard  # a guard against hangs, not a measurement
    while time.monotonic() < until:
        try:
            get(url)
            return
        except Exception:
            time.sleep(0.005)
    raise RuntimeError("no answer from " + url)


class Server:
    def __init__(self, cmd, ready_url, cwd=None):
        self.proc = subprocess.Popen(["taskset", "-c", SERVER_CPU] + cmd, cwd=cwd,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(ready_url)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def render(template, out, **values):
    text = Path(template).read_text()
    for k, v in values.items():
        text = text.replace("${%s}" % k, v)
    Path(out).write_text(text)


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_once(url, conns, post):
    cmd = ["taskset", "-c", CLIENT_CPU, "wrk", "-t1", "-c%d" % conns, "-d%ds" % DURATION,
           "--latency", "-H", "Connection: keep-alive", url]
    if post:
        cmd[-1:-1] = ["-s", str(REPO / "bench/post.lua")]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "bad": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1) if errors else "",
    }


def wrk(url, conns, post=False):
    runs = [wrk_once(url, conns, post) for _ in range(REPEATS)]
    rps = sorted(r["rps"] for r in runs)
    return {
        "rps": statistics.median(rps), "min": rps[0], "max": rps[-1],
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "bad": sum(r["bad"] for r in runs), "errors": "; ".join(r["errors"] for r in runs if r["errors"]),
    }


def metrics(base):
    text = get(base + "/metrics")
    return {k: float(v) for k, v in re.findall(r"^(counterd_\w+) (\S+)$", text, re.M)}


def main():
    work = Path(tempfile.mkdtemp(prefix="counter-bench-"))
    os.chmod(work, 0o755)
    rows, notes = [], {}
    started = time.monotonic()

    def measure(system, request, url, post=False, reference=None):
        for conns in (1, 64):
            r = wrk(url, conns, post)
            r.update(system=system, request=request, conns=conns, reference=reference)
            rows.append(r)
            print("%-28s %-16s c=%-3d %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms%s" % (
                system, request, conns, r["rps"], r["p50"], r["p99"],
                "  (%d non-2xx)" % r["bad"] if r["bad"] else ""), flush=True)

    try:
        # Reference: nginx answering from memory.
        ref_port = free_port()
        render(REPO / "bench/nginx-return200.conf.template", work / "ref.conf",
               PREFIX=str(work / "ref"), LISTEN="127.0.0.1:%d" % ref_port)
        (work / "ref").mkdir()
        ref = Server(["nginx", "-p", str(work / "ref"), "-c", str(work / "ref.conf"), "-e",
                      str(work / "ref/error.log")], "http://127.0.0.1:%d/" % ref_port)
        measure("nginx return 200", "GET /counter", "http://127.0.0.1:%d/counter" % ref_port)
        ref.stop()

        # Pistache alone, with counterd's endpoint options: the floor for counterd's own cost.
        port = free_port()
        hello = Server([str(HELLO), str(port), "16"], "http://127.0.0.1:%d/" % port)
        measure("Pistache hello-world", "GET /counter", "http://127.0.0.1:%d/counter" % port,
                reference="nginx return 200")
        hello.stop()

        # counterd, durable and in memory, directly; the durable one also behind nginx.
        for store in ("sqlite", "memory"):
            port = free_port()
            base = "http://127.0.0.1:%d" % port
            server = Server([str(COUNTERD), "--port", str(port), "--store", store,
                             "--data-dir", str(work / ("data-" + store)),
                             "--initial-stock", "1000000000"], base + "/healthz")
            name = "counterd %s" % ("durable" if store == "sqlite" else "memory")
            measure(name, "GET /counter", base + "/counter", reference="Pistache hello-world")
            before, t0 = metrics(base), time.monotonic()
            measure(name, "POST /decrement", base + "/decrement", post=True,
                    reference=None if store == "memory" else "counterd memory")
            if store == "sqlite":
                after, elapsed = metrics(base), time.monotonic() - t0
                changes = after["counterd_changes_total"] - before["counterd_changes_total"]
                commits = after["counterd_commits_total"] - before["counterd_commits_total"]
                notes["durable"] = {"changes_per_s": changes / elapsed, "syncs_per_s": commits / elapsed,
                                    "changes_per_sync": changes / max(commits, 1)}
                web_port = free_port()
                subprocess.run([str(REPO / "scripts/render-nginx.sh"), str(work / "web.conf"),
                                "127.0.0.1:%d" % web_port, str(DIST), "127.0.0.1:%d" % port,
                                str(work / "web")], check=True)
                web = Server(["nginx", "-p", str(work / "web"), "-c", str(work / "web.conf"), "-e",
                              str(work / "web/error.log")], "http://127.0.0.1:%d/" % web_port)
                wbase = "http://127.0.0.1:%d/api" % web_port
                measure("nginx -> counterd durable", "GET /counter", wbase + "/counter",
                        reference="counterd durable")
                measure("nginx -> counterd durable", "POST /decrement", wbase + "/decrement",
                        post=True, reference="counterd durable")
                web.stop()
            server.stop()

        # The original service.
        port = free_port()
        flask = Server(["/usr/bin/python3", str(REPO / "bench/flask_counter.py"), str(port)],
                       "http://127.0.0.1:%d/counter" % port)
        measure("Flask (original)", "GET /counter", "http://127.0.0.1:%d/counter" % port)
        measure("Flask (original)", "POST /decrement", "http://127.0.0.1:%d/decrement" % port, post=True)
        flask.stop()

        notes["memory"] = rss_and_startup(work)
        notes["page"] = page_figures(work)
    finally:
        subprocess.run(["pkill", "-f", str(work)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    notes["seconds"] = time.monotonic() - started
    write_report(rows, notes)


def rss_and_startup(work):
    """Resident memory after 1,000,000 durable decrements; start-up with 1,000,000 rows."""
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    data = work / "data-million"
    cmd = [str(COUNTERD), "--port", str(port), "--data-dir", str(data), "--initial-stock", "1000000000",
           "--threads", "16"]
    server = Server(cmd, base + "/healthz")
    while metrics(base)["counterd_version"] < 1_000_000:
        subprocess.run(["taskset", "-c", CLIENT_CPU, "wrk", "-t1", "-c64", "-d5s", "-H",
                        "Connection: keep-alive", "-s", str(REPO / "bench/post.lua"),
                        base + "/decrement"], capture_output=True, check=True)
    rows = int(metrics(base)["counterd_version"])
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/%d/status" % server.proc.pid).read_text()).group(1))
    # taskset execs counterd, so the pid is counterd's own.
    server.stop()
    startups = []
    for _ in range(3):
        t0 = time.monotonic()
        s = Server(cmd, base + "/healthz")
        startups.append((time.monotonic() - t0) * 1000)
        s.stop()
    return {"rows": rows, "rss_mb": rss_kb / 1024, "startup_ms": statistics.median(startups)}


def page_figures(work):
    api_port, web_port = free_port(), free_port()
    server = Server([str(COUNTERD), "--port", str(api_port), "--data-dir", str(work / "data-page")],
                    "http://127.0.0.1:%d/healthz" % api_port)
    subprocess.run([str(REPO / "scripts/render-nginx.sh"), str(work / "page.conf"),
                    "127.0.0.1:%d" % web_port, str(DIST), "127.0.0.1:%d" % api_port,
                    str(work / "page")], check=True)
    web = Server(["nginx", "-p", str(work / "page"), "-c", str(work / "page.conf"), "-e",
                  str(work / "page/error.log")], "http://127.0.0.1:%d/" % web_port)
    try:
        out = subprocess.run(["node", str(REPO / "bench/page.mjs"), "http://127.0.0.1:%d" % web_port],
                             capture_output=True, text=True, check=True, cwd=REPO).stdout
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


def write_report(rows, notes):
    by = {(r["system"], r["request"], r["conns"]): r for r in rows}

    def ratio(r):
        ref = by.get((r["reference"], r["request"], r["conns"]))
        return r["rps"] / ref["rps"] if ref else None

    flask = {(r["request"], r["conns"]): r for r in rows if r["system"] == "Flask (original)"}
    lines = ["| system | request | conns | req/s (median) | spread | p50 ms | p99 ms | ratio to reference | × Flask |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        q = ratio(r)
        f = flask.get((r["request"], r["conns"]))
        lines.append("| %s | %s | %d | %.0f | %.0f..%.0f | %.2f | %.2f | %s | %s |" % (
            r["system"], r["request"], r["conns"], r["rps"], r["min"], r["max"], r["p50"], r["p99"],
            "%.2f × %s" % (q, r["reference"]) if q else "", "%.0f" % (r["rps"] / f["rps"]) if f and r["system"] != "Flask (original)" else ""))
        if r["bad"] or r["errors"]:
            lines[-1] += " (%d non-2xx %s)" % (r["bad"], r["errors"])

    def target(text, value, goal, higher=True):
        ok = value >= goal if higher else value <= goal
        return "| %s | %s | %s |" % (text, "%.2f" % value if isinstance(value, float) else value, "met" if ok else "**missed**")

    get64 = lambda s, q: by[(s, q, 64)]["rps"]
    flask_min = min(get64(s, q) / get64("Flask (original)", q)
                    for s in ("counterd durable", "counterd memory", "nginx -> counterd durable")
                    for q in ("GET /counter", "POST /decrement"))
    page = notes["page"]
    targets = [
        "| target (64 connections) | measured | |", "|---|---:|---|",
        target("counterd GET ≥ 0.6 × nginx return 200", get64("counterd durable", "GET /counter") / get64("nginx return 200", "GET /counter"), 0.6),
        "| (evidence) counterd GET / Pistache hello-world GET, same options | %.2f | |" % (get64("counterd durable", "GET /counter") / get64("Pistache hello-world", "GET /counter")),
        "| (evidence) Pistache hello-world GET / nginx return 200 | %.2f | |" % (get64("Pistache hello-world", "GET /counter") / get64("nginx return 200", "GET /counter")),
        target("durable POST ≥ 0.5 × memory POST", get64("counterd durable", "POST /decrement") / get64("counterd memory", "POST /decrement"), 0.5),
        target("through nginx ≥ 0.7 × direct (GET)", get64("nginx -> counterd durable", "GET /counter") / get64("counterd durable", "GET /counter"), 0.7),
        target("through nginx ≥ 0.7 × direct (POST)", get64("nginx -> counterd durable", "POST /decrement") / get64("counterd durable", "POST /decrement"), 0.7),
        target("≥ 30 × Flask on every request type (lowest ratio)", flask_min, 30.0),
        target("first value < 500 ms (median of 5, ms)", float(statistics.median(page["first_value_ms"])), 500.0, higher=False),
        target("0 frames while idle for 10 s", page["idle_frames"], 0, higher=False),
    ]
    d, m = notes["durable"], notes["memory"]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rev = version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    text = "\n".join([
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/run.py) on %s; do not edit by hand." % now,
        "",
        "Machine: %d cores (%s), servers on CPU %s, wrk on CPU %s; each wrk figure is the median of %d runs of %d s with keep-alive." % (
            os.cpu_count(), version(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).strip(),
            SERVER_CPU, CLIENT_CPU, REPEATS, DURATION),
        "Versions: camera-counter %s; %s; %s; Pistache %s; SQLite %s; Flask %s; %s." % (
            rev, version(["nginx", "-v"]), version(["wrk", "-v"]),
            version(["dpkg-query", "-W", "-f=${Version}", "libpistache-dev"]),
            version(["dpkg-query", "-W", "-f=${Version}", "libsqlite3-0"]),
            version(["dpkg-query", "-W", "-f=${Version}", "python3-flask"]), version(["chromium", "--version"])),
        "",
        "## HTTP",
        "",
        *lines,
        "",
        "## Durable store, memory, start-up",
        "",
        "| figure | value |", "|---|---:|",
        "| decrements per second (durable, 64 connections) | %.0f |" % d["changes_per_s"],
        "| syncs per second | %.0f |" % d["syncs_per_s"],
        "| changes per sync (group commit) | %.1f |" % d["changes_per_sync"],
        "| counterd resident memory after %d decrements | %.1f MB |" % (m["rows"], m["rss_mb"]),
        "| start-up with %d history rows (median of 3, to first /healthz) | %.0f ms |" % (m["rows"], m["startup_ms"]),
        "",
        "## The page",
        "",
        "| figure | value |", "|---|---:|",
        "| bytes transferred, gzip (6 files) | %d |" % page["bytes_gzip"],
        "| navigation to first value, median of 5 fresh loads | %.0f ms (%s) |" % (statistics.median(page["first_value_ms"]), ", ".join("%.0f" % v for v in page["first_value_ms"])),
        "| frames drawn while idle for 10 s | %d |" % page["idle_frames"],
        "| Chromium CPU while idle for 10 s (all its processes) | %.1f %% of one core |" % page["idle_cpu_percent"],
        "",
        "## Targets",
        "",
        *targets,
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


if __name__ == "__main__":
    if not COUNTERD.exists() or not DIST.exists() or not HELLO.exists():
        sys.exit("bench: build first (make build)")
    main()
