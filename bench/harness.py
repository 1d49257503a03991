"""What every benchmark section needs: free ports, servers started and stopped, wrk runs,
/metrics readings, and where a process spends its time (syscalls, CPU).

Servers run on CPU 0 and load generators on CPU 1 (taskset), so that a server never has more
than one core and the client never competes with it.
"""
import os
import re
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTERD = REPO / "build/release/backend/counterd"
DIST = REPO / "build/wasm/dist"
SERVER_CPU, CLIENT_CPU = "0", "1"
REPEATS = 3
DURATION = 4  # seconds per wrk run


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
    """A process pinned to the server CPU, ready once `ready_url` answers."""

    def __init__(self, cmd, ready_url, cwd=None):
        self.proc = subprocess.Popen(["taskset", "-c", SERVER_CPU] + [str(c) for c in cmd], cwd=cwd,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(ready_url)

    @property
    def pid(self):
        return self.proc.pid  # taskset execs the server, so this is the server's own pid

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=15)


def counterd(work, name, *args):
    port = free_port()
    base = "http://127.0.0.1:%d" % port
    server = Server([COUNTERD, "--port", port, "--data-dir", work / ("data-" + name), *args],
                    base + "/healthz")
    return server, base


def nginx(work, name, backend_port, publish_port=None):
    """nginx with the repo's config in front of counterd at `backend_port` (or a list of ports:
    replicas), taking live updates on `publish_port`. The limit on sales per client address is
    lifted: here one address is the whole load."""
    port = free_port()
    prefix = work / name
    ports = backend_port if isinstance(backend_port, list) else [backend_port]
    subprocess.run([REPO / "scripts/render-nginx.sh", work / (name + ".conf"), "127.0.0.1:%d" % port,
                    DIST, ",".join("127.0.0.1:%d" % p for p in ports), prefix], check=True,
                   env=dict(os.environ, WRITE_RATE="1000000r/s", WRITE_BURST="1000000",
                            PUBLISH_LISTEN="127.0.0.1:%d" % (publish_port or free_port())))
    server = Server(["nginx", "-p", prefix, "-c", work / (name + ".conf"), "-e", prefix / "error.log"],
                    "http://127.0.0.1:%d/" % port)
    return server, "http://127.0.0.1:%d" % port


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk_once(url, conns, post, keep_alive_header, duration=DURATION):
    cmd = ["taskset", "-c", CLIENT_CPU, "wrk", "-t1", "-c%d" % conns, "-d%ds" % duration, "--latency"]
    if keep_alive_header:
        cmd += ["-H", "Connection: keep-alive"]
    if post:
        cmd += ["-s", str(REPO / "bench/post.lua")]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "bad": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(1) if errors else "",
    }


def wrk(url, conns, post=False, keep_alive_header=True):
    """The median of REPEATS wrk runs (req/s and latency), and their spread."""
    runs = [wrk_once(url, conns, post, keep_alive_header) for _ in range(REPEATS)]
    rps = sorted(r["rps"] for r in runs)
    return {
        "rps": statistics.median(rps), "min": rps[0], "max": rps[-1],
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "bad": sum(r["bad"] for r in runs),
        "errors": "; ".join(r["errors"] for r in runs if r["errors"]),
    }


def metrics(base):
    text = get(base + "/metrics")
    return {k: float(v) for k, v in re.findall(r"^(counterd_\w+) (\S+)$", text, re.M)}


def cpu_seconds(pids):
    """User + system CPU time of the processes (and their threads) so far."""
    total = 0
    for pid in pids:
        fields = Path("/proc/%d/stat" % pid).read_text().split(") ")[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def syscalls(pid, seconds):
    """Syscalls of `pid` (all threads) over `seconds`, counted by strace -c: {name: calls}."""
    out = subprocess.run(["timeout", "-s", "INT", str(seconds), "strace", "-c", "-f", "-p", str(pid)],
                         capture_output=True, text=True).stderr
    counts = {}
    for line in out.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)$", line)
        if m and m.group(2) != "total":
            counts[m.group(2)] = int(m.group(1))
    return counts
