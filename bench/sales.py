"""GET /sales over 1,000,000 changes spread evenly over the last 14 days (one reset in 1000),
on SQLite and on PostgreSQL: the 24-hour query (24 hourly buckets) and the 14-day query (14
daily buckets) of a clock at UTC+01:00, each timed 30 times in a row on one connection."""
import http.client
import sqlite3
import statistics
import subprocess
import time

from harness import REPO, SERVER_CPU, counterd

ROWS = 1_000_000
SPAN_MS = 14 * 86_400_000
TZ_OFFSET_MIN = 60
TIMES = 30


def queries(now_ms):
    offset = TZ_OFFSET_MIN * 60_000
    hour = (now_ms + offset) // 3_600_000 * 3_600_000 - offset
    midnight = (now_ms + offset) // 86_400_000 * 86_400_000 - offset
    return {
        "24 hourly buckets": "/sales?bucket=hour&since=%d&until=%d&tz_offset_min=%d" % (
            hour - 23 * 3_600_000, now_ms + 1, TZ_OFFSET_MIN),
        "14 daily buckets": "/sales?bucket=day&since=%d&until=%d&tz_offset_min=%d" % (
            midnight - 13 * 86_400_000, now_ms + 1, TZ_OFFSET_MIN),
    }


def timed(base, path):
    host, port = base.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    ms = []
    for _ in range(TIMES):
        t0 = time.perf_counter()
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        ms.append((time.perf_counter() - t0) * 1000)
        if r.status != 200:
            raise RuntimeError("%s answered %d: %s" % (path, r.status, body[:200]))
    conn.close()
    ms.sort()
    return {"median_ms": statistics.median(ms), "max_ms": ms[-1]}


def measure(store, base, now_ms, results):
    for name, path in queries(now_ms).items():
        results[(store, name)] = timed(base, path)
        print("sales: %s, %s: median %.2f ms" % (store, name, results[(store, name)]["median_ms"]),
              flush=True)


def sqlite_rows(path, now_ms):
    db = sqlite3.connect(path)
    value = 1_000_000_000

    def rows():
        nonlocal value
        for i in range(ROWS):
            at = now_ms - SPAN_MS + i * SPAN_MS // ROWS
            if i % 1000 == 999:
                yield (i + 1, at, "reset", 0, value)
            else:
                value -= 1
                yield (i + 1, at, "decrement", -1, value)

    db.executemany("INSERT INTO changes (version, at_ms, kind, delta, value) VALUES (?, ?, ?, ?, ?)", rows())
    db.commit()
    db.close()


POSTGRES_ROWS = """
INSERT INTO counter_changes (version, at_ms, kind, delta, value)
SELECT g, {now} - {span} + (g - 1) * {span} / {rows},
       CASE WHEN g % 1000 = 0 THEN 'reset' ELSE 'decrement' END,
       CASE WHEN g % 1000 = 0 THEN 0 ELSE -1 END, 1000000000 - g
FROM generate_series(1::bigint, {rows}) AS g;
UPDATE counter_state SET version = {rows}, value = 1000000000 - {rows};
"""


def sales_section(work, notes):
    results = {}
    now_ms = int(time.time() * 1000)
    server, base = counterd(work, "sales")
    server.stop()
    sqlite_rows(str(work / "data-sales/counter.db"), now_ms)
    server, base = counterd(work, "sales")
    measure("SQLite", base, now_ms, results)
    server.stop()

    pg_dir = work / "pg-sales"
    conninfo = subprocess.run(["taskset", "-c", SERVER_CPU, REPO / "scripts/postgres.sh", "start", pg_dir],
                              capture_output=True, text=True, check=True).stdout.strip()
    try:
        subprocess.run(["psql", conninfo + " dbname=postgres", "-qc", "CREATE DATABASE sales"], check=True)
        url = conninfo + " dbname=sales"
        server, base = counterd(work, "sales-pg", "--store", "postgres", "--database-url", url)
        server.stop()
        subprocess.run(["psql", url, "-qc", POSTGRES_ROWS.format(now=now_ms, span=SPAN_MS, rows=ROWS),
                        "-qc", "VACUUM ANALYZE"], check=True)
        server, base = counterd(work, "sales-pg", "--store", "postgres", "--database-url", url)
        measure("PostgreSQL", base, now_ms, results)
        server.stop()
    finally:
        subprocess.run([REPO / "scripts/postgres.sh", "remove", pg_dir], check=False)
    notes["sales"] = results
