#!/usr/bin/env python3
"""make soak: the whole product for minutes or hours under ordinary traffic and scheduled faults.

Two phases, half the time each: SQLite (one counterd behind nginx) and PostgreSQL (two counterd
replicas on a local PostgreSQL, two nginx sharing the live channel through Redis), both started
as `make run` starts them (scripts/stack.sh, local processes). Meanwhile, to loopback only:

  sellers      SALE_RATE sales a second, each under its own Idempotency-Key, retried with the
               same key after any failure until acknowledged
  readers      GET /api/counter, READ_RATE a second
  panel        GET /api/sales and GET /api/changes?order=newest, once a second
  screens      SCREENS live subscribers (GET /api/events), reconnecting like a browser
  a restock    PUT /api/reset under a key, once a phase, halfway

and one fault every FAULT_EVERY seconds, in turn: counterd (or a replica) killed with SIGKILL
and started again, nginx reloaded, the disk under SQLite filled and freed, PostgreSQL
restarted, a client that stops reading in the middle of a large answer.

Every INTERVAL seconds it samples throughput, latency, errors by kind, the memory and open
descriptors of counterd and nginx, and the screens connected. At the end of each phase it
checks: no acknowledged sale lost, none recorded twice, the stock equal to its start minus the
sales plus the restock, every screen showing the stock. Exit status 1 if any check fails.

Usage: bench/soak.py [--minutes N] [--interval S] [--fault-every S] [--json FILE] [--report FILE]
"""
import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from soak_report import write_report
from soak_stack import Stack

SALE_RATE = 10
READ_RATE = 20
SCREENS = 200
START_STOCK = 1_000_000


class Figures:
    """What happened in one sampling interval."""

    def __init__(self):
        self.sale_ms, self.read_ms = [], []
        self.sales = self.reads = 0
        self.errors = {}

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


async def http(port, method, path, headers=None, body=b"", timeout=5.0):
    """One request on a new connection: (status, headers, body). Raises on network trouble."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        head = f"{method} {path} HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    header, _, payload = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    fields = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip() for l in lines[1:] if ":" in l}
    if fields.get("transfer-encoding") == "chunked":
        body_out, rest = b"", payload
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            body_out, rest = body_out + rest[:size], rest[size + 2:]
        payload = body_out
    return status, fields, payload


class Soak:
    def __init__(self, stack, seconds, interval, fault_every):
        self.stack, self.seconds = stack, seconds
        self.interval, self.fault_every = interval, fault_every
        self.now = Figures()
        self.samples = []
        self.acked = {}  # key -> version
        self.unresolved = 0
        self.restocks = 0
        self.screens = {}  # screen -> (version, value)
        self.connected = 0
        self.running = True
        self.faults = []
        self.tasks = set()
        self.writes = 0  # keyed writes not yet settled
        self.stalled = []  # sockets of clients that stopped reading

    def spawn(self, coroutine):
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    def web_port(self, i=0):
        return self.stack.web_ports[i % len(self.stack.web_ports)]

    # ---- traffic

    async def keyed_write(self, method, path, body, key, manager=False):
        """Sends until acknowledged (retrying under the same key), or gives up a minute after
        the end: (status, state) of the answer that settled it."""
        self.writes += 1
        try:
            return await self.write_until_settled(method, path, body, key, manager)
        finally:
            self.writes -= 1

    async def write_until_settled(self, method, path, body, key, manager):
        deadline = time.monotonic() + self.seconds + 60
        delay = 0.2
        headers = {"Idempotency-Key": key}
        if body:
            headers["Content-Type"] = "application/json"
        if manager:
            headers["Authorization"] = f"Bearer {self.stack.manager_code}"
        while time.monotonic() < deadline:
            start = time.monotonic()
            try:
                status, _, payload = await http(self.web_port(random.randrange(2)), method, path,
                                                 headers, body)
                self.now.sale_ms.append((time.monotonic() - start) * 1000)
                if status == 200:
                    return status, json.loads(payload)
                self.now.error(f"{method} {status}")
                if status == 409 and b"sold-out" in payload:
                    return status, None
            except (OSError, asyncio.TimeoutError, IndexError, ValueError) as e:
                self.now.error(f"{method} {type(e).__name__}")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
        return None, None

    async def sell(self):
        key = f"soak-{uuid.uuid4()}"
        status, state = await self.keyed_write("POST", "/api/decrement", b"", key)
        if status == 200:
            self.acked[key] = state["version"]
            self.now.sales += 1
        elif status is None:
            self.unresolved += 1

    async def sellers(self):
        while self.running:
            self.spawn(self.sell())
            await asyncio.sleep(random.expovariate(SALE_RATE))

    async def read(self, path):
        start = time.monotonic()
        try:
            status, _, _ = await http(self.web_port(random.randrange(2)), "GET", path)
            self.now.read_ms.append((time.monotonic() - start) * 1000)
            if status == 200:
                self.now.reads += 1
            else:
                self.now.error(f"GET {status}")
        except (OSError, asyncio.TimeoutError, IndexError, ValueError) as e:
            self.now.error(f"GET {type(e).__name__}")

    async def readers(self):
        while self.running:
            self.spawn(self.read("/api/counter"))
            await asyncio.sleep(random.expovariate(READ_RATE))

    async def panel(self):
        while self.running:
            self.spawn(self.read("/api/sales"))
            self.spawn(self.read("/api/changes?order=newest&limit=5"))
            await asyncio.sleep(1)

    async def screen(self, i):
        """A live subscriber: keeps the newest state it heard; reconnects when dropped."""
        while self.running or self.settling:
            writer = None
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection("127.0.0.1", self.web_port(i)), 5)
                writer.write(b"GET /api/events HTTP/1.0\r\nHost: soak\r\nAccept: text/event-stream\r\n\r\n")
                status = (await asyncio.wait_for(reader.readline(), 5)).split(b" ")[1]
                if status != b"200":
                    raise ConnectionError(f"status {status}")
                self.connected += 1
                try:
                    while True:
                        line = await reader.readline()
                        if not line:
                            break
                        if line.startswith(b"data: "):
                            state = json.loads(line[6:])
                            seen = self.screens.get(i)
                            if not seen or state["version"] >= seen[0]:
                                self.screens[i] = (state["version"], state["value"])
                finally:
                    self.connected -= 1
            except (OSError, asyncio.TimeoutError, IndexError, ValueError, ConnectionError):
                pass
            finally:
                if writer:
                    writer.close()
            await asyncio.sleep(1 + random.random())

    async def restock(self):
        await asyncio.sleep(self.seconds / 2)
        status, _ = await self.keyed_write("PUT", "/api/reset",
                                           json.dumps({"value": START_STOCK}).encode(),
                                           f"soak-restock-{uuid.uuid4()}", manager=True)
        if status == 200:
            self.restocks += 1

    # ---- faults

    async def stalled_reader(self):
        """Asks for a large answer, reads none of it, holds the connection for 30 s."""
        loop = asyncio.get_running_loop()
        for path in ("/api/changes?limit=10000", "/" + self.stack.largest_asset()):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.setblocking(False)
            await loop.sock_connect(s, ("127.0.0.1", self.web_port()))
            await loop.sock_sendall(s, f"GET {path} HTTP/1.1\r\nHost: soak\r\n\r\n".encode())
            self.stalled.append(s)
        # Held while the next fault comes; then the client goes away without having read.
        for s in self.stalled[:-2]:
            s.close()
        del self.stalled[:-2]

    async def fault_schedule(self):
        faults = self.stack.faults(self)
        n = 0
        await asyncio.sleep(self.fault_every / 2)
        while self.running:
            name, act = faults[n % len(faults)]
            started = time.monotonic()
            try:
                await act()
                self.faults.append((round(started - self.started, 1), name, "done"))
            except Exception as e:  # a fault that could not be applied is reported, not fatal
                self.faults.append((round(started - self.started, 1), name, f"failed: {e}"))
            n += 1
            await asyncio.sleep(self.fault_every)

    # ---- figures

    async def sampler(self):
        while self.running:
            await asyncio.sleep(self.interval)
            f, self.now = self.now, Figures()
            usage = self.stack.usage()
            self.samples.append({
                "minute": round((time.monotonic() - self.started) / 60, 2),
                "sales_per_min": round(f.sales * 60 / self.interval),
                "reads_per_min": round(f.reads * 60 / self.interval),
                "sale_p50_ms": percentile(f.sale_ms, 50), "sale_p99_ms": percentile(f.sale_ms, 99),
                "read_p50_ms": percentile(f.read_ms, 50), "read_p99_ms": percentile(f.read_ms, 99),
                "errors": f.errors,
                "screens_connected": self.connected,
                **usage,
            })
            s = self.samples[-1]
            print(f"  {s['minute']:6.2f} min  {s['sales_per_min']:5d} sales/min  "
                  f"sale p50/p99 {fmt(s['sale_p50_ms'])}/{fmt(s['sale_p99_ms'])} ms  "
                  f"read p50/p99 {fmt(s['read_p50_ms'])}/{fmt(s['read_p99_ms'])} ms  "
                  f"counterd {usage['counterd_rss_kb'] // 1024} MiB {usage['counterd_fds']} fds  "
                  f"nginx {usage['nginx_rss_kb'] // 1024} MiB {usage['nginx_fds']} fds  "
                  f"screens {self.connected}  errors {sum(f.errors.values())}", flush=True)

    async def run(self):
        self.settling = False
        start_state = await self.reset_to_start()
        self.started = time.monotonic()
        self.start_ms = int(time.time() * 1000)
        screens = [self.spawn(self.screen(i)) for i in range(SCREENS)]
        workers = [self.spawn(c) for c in (self.sellers(), self.readers(), self.panel(),
                                           self.restock(), self.fault_schedule(), self.sampler())]
        await asyncio.sleep(self.seconds)
        self.running = False
        self.settling = True
        for w in workers:
            w.cancel()
        # Every sale started is settled (acknowledged or given up) before the checks.
        while self.writes:
            await asyncio.sleep(0.5)
        return await self.check(start_state, screens)

    async def reset_to_start(self):
        for _ in range(60):
            status, state = await self.keyed_write("PUT", "/api/reset",
                                                   json.dumps({"value": START_STOCK}).encode(),
                                                   f"soak-start-{uuid.uuid4()}", manager=True)
            if status == 200:
                return state
        raise RuntimeError("could not set the starting stock")

    async def history(self):
        """Every change since the phase began, by version (paged by time)."""
        changes, since = {}, self.start_ms - 1000
        while True:
            _, _, payload = await http(self.web_port(), "GET", f"/api/changes?since={since}&limit=10000", timeout=30)
            page = json.loads(payload)["changes"]
            for c in page:
                changes[c["version"]] = c
            if len(page) < 10000:
                return changes
            since = page[-1]["at_ms"]

    async def check(self, start_state, screens):
        _, _, payload = await http(self.web_port(), "GET", "/api/counter")
        final = json.loads(payload)
        changes = await self.history()
        after = {v: c for v, c in changes.items() if v > start_state["version"]}
        sold = [c for c in after.values() if c["kind"] == "decrement"]
        resets = [c for c in after.values() if c["kind"] == "reset"]
        versions = list(self.acked.values())
        lost = [v for v in versions if after.get(v, {}).get("kind") != "decrement"]
        twice = len(sold) - len(set(versions))
        expected = start_state["value"] - len(sold) + sum(c["delta"] for c in resets)
        # Screens: the heartbeat repeats the newest state; give them a few beats to hear it.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            behind = [i for i in range(SCREENS) if self.screens.get(i) != (final["version"], final["value"])]
            if not behind:
                break
            await asyncio.sleep(1)
        self.settling = False
        for s in screens:
            s.cancel()
        for s in self.stalled:
            s.close()
        return {
            "acknowledged_sales": len(versions),
            "recorded_sales": len(sold),
            "acknowledged_sales_lost": len(lost),
            "sales_recorded_twice": twice + (len(versions) - len(set(versions))),
            "unresolved_sales": self.unresolved,
            "restocks": len(resets),
            "start_stock": start_state["value"],
            "final_stock": final["value"],
            "expected_stock": expected,
            "screens": SCREENS,
            "screens_behind": len(behind),
            "faults": self.faults,
        }


def fmt(v):
    return "-" if v is None else f"{v:.1f}"


def slope(samples, field):
    """Least-squares growth of `field` per minute (the first sample, the warm-up, left out)."""
    points = [(s["minute"], s[field]) for s in samples[1:]]
    if len(points) < 2:
        return None
    mx = statistics.mean(x for x, _ in points)
    my = statistics.mean(y for _, y in points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def verdict(end):
    failures = []
    if end["acknowledged_sales_lost"]:
        failures.append(f"{end['acknowledged_sales_lost']} acknowledged sales lost")
    if end["sales_recorded_twice"]:
        failures.append(f"{end['sales_recorded_twice']} sales recorded twice")
    if end["unresolved_sales"]:
        failures.append(f"{end['unresolved_sales']} sales never settled")
    if end["final_stock"] != end["expected_stock"]:
        failures.append(f"stock {end['final_stock']}, expected {end['expected_stock']}")
    if end["screens_behind"]:
        failures.append(f"{end['screens_behind']} of {end['screens']} screens not showing the stock")
    if end["acknowledged_sales"] == 0:
        failures.append("no sale was acknowledged at all")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 20)))
    parser.add_argument("--interval", type=float, default=60)
    parser.add_argument("--fault-every", type=float, default=60)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()

    phases, ok = [], True
    for store in ("sqlite", "postgres"):
        seconds = args.minutes * 60 / 2
        with tempfile.TemporaryDirectory(prefix="counter-soak-") as work:
            stack = Stack(store, Path(work))
            print(f"soak: {store}, {seconds / 60:g} min: {stack.describe()}", flush=True)
            try:
                stack.up()
                soak = Soak(stack, seconds, args.interval, args.fault_every)
                end = asyncio.run(soak.run())
            finally:
                stack.down()
        failures = verdict(end)
        ok = ok and not failures
        phase = {"store": store, "topology": stack.describe(), "minutes": seconds / 60,
                 "samples": soak.samples, "end": end, "failures": failures,
                 "slopes_per_min": {f: slope(soak.samples, f) for f in
                                    ("counterd_rss_kb", "counterd_fds", "nginx_rss_kb", "nginx_fds")}}
        phases.append(phase)
        print(f"soak: {store}: {json.dumps({k: v for k, v in end.items() if k != 'faults'})}")
        print(f"soak: {store}: growth per minute {json.dumps(phase['slopes_per_min'])}")
        print(f"soak: {store}: {'; '.join(failures) if failures else 'every check passed'}", flush=True)
    result = {"minutes": args.minutes, "sale_rate": SALE_RATE, "read_rate": READ_RATE,
              "screens": SCREENS, "phases": phases}
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    if args.report:
        write_report(result, args.report)
        print(f"soak: wrote {args.report}")
    return 0 if ok else 1


if __name__ == "__main__":
    # Stopped early (Ctrl-C, kill): the stack is still taken down (main's finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.exit(main())
