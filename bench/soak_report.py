"""docs/soak.md and its plot (an SVG beside it) from a soak's figures."""
import datetime
import platform
from pathlib import Path

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def chart(x0, y0, width, height, title, unit, series, minutes):
    """An SVG group: one line per (name, values) in `series`, against `minutes`."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values + [1]) * 1.1
    right = max(minutes + [1])
    def px(m, v):
        return x0 + 50 + (width - 60) * m / right, y0 + height - 25 - (height - 45) * v / top
    out = [f'<text x="{x0 + 50}" y="{y0 + 14}" font-weight="bold">{title}</text>',
           f'<line x1="{x0 + 50}" y1="{y0 + height - 25}" x2="{x0 + width - 10}" y2="{y0 + height - 25}" stroke="#888"/>',
           f'<line x1="{x0 + 50}" y1="{y0 + 20}" x2="{x0 + 50}" y2="{y0 + height - 25}" stroke="#888"/>']
    for i in range(5):
        v = top * i / 4
        _, y = px(0, v)
        out.append(f'<text x="{x0 + 45}" y="{y + 4}" text-anchor="end" font-size="10">{v:.0f}</text>')
        out.append(f'<line x1="{x0 + 50}" y1="{y}" x2="{x0 + width - 10}" y2="{y}" stroke="#eee"/>')
    step = max(1, round(right / 6))  # whole minutes
    for m in range(0, int(right) + 1, step):
        x, _ = px(m, 0)
        out.append(f'<text x="{x}" y="{y0 + height - 12}" text-anchor="middle" font-size="10">{m}</text>')
    out.append(f'<text x="{x0 + 12}" y="{y0 + height / 2}" font-size="10" transform="rotate(-90 {x0 + 12} {y0 + height / 2})" text-anchor="middle">{unit}</text>')
    out.append(f'<text x="{x0 + width - 10}" y="{y0 + height}" font-size="10" text-anchor="end">minutes</text>')
    for i, (name, vs) in enumerate(series):
        points = " ".join("%.1f,%.1f" % px(m, v) for m, v in zip(minutes, vs) if v is not None)
        out.append(f'<polyline fill="none" stroke="{COLOURS[i]}" stroke-width="1.5" points="{points}"/>')
        out.append(f'<text x="{x0 + 60 + i * 140}" y="{y0 + 30}" font-size="11" fill="{COLOURS[i]}">{name}</text>')
    return "\n".join(out)


def plot(result, path):
    width, height = 900, 220
    parts = []
    for row, phase in enumerate(result["phases"]):
        s = phase["samples"]
        minutes = [x["minute"] for x in s]
        y = row * 2 * height
        parts.append(chart(0, y, width, height, f"{phase['store']}: latency per interval", "ms",
                           [("sale p50", [x["sale_p50_ms"] for x in s]),
                            ("sale p99", [x["sale_p99_ms"] for x in s]),
                            ("read p50", [x["read_p50_ms"] for x in s]),
                            ("read p99", [x["read_p99_ms"] for x in s])], minutes))
        parts.append(chart(0, y + height, width, height, f"{phase['store']}: resident memory", "MiB",
                           [("counterd", [x["counterd_rss_kb"] / 1024 for x in s]),
                            ("nginx (all processes)", [x["nginx_rss_kb"] / 1024 for x in s])], minutes))
    total = 2 * height * len(result["phases"])
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" '
                    f'font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n'
                    + "\n".join(parts) + "\n</svg>\n")


def cell(v):
    return "–" if v is None else (f"{v:.1f}" if isinstance(v, float) else str(v))


def write_report(result, path):
    svg = path.with_suffix(".svg")
    plot(result, svg)
    lines = [
        "# Soak",
        "",
        f"`make soak` (bench/soak.py), {result['minutes']:g} minutes on "
        f"{datetime.date.today().isoformat()}, {platform.node()} ({platform.machine()}): "
        f"{result['sale_rate']} sales/s under Idempotency-Keys (retried after any failure), "
        f"{result['read_rate']} reads/s, the sales panel's two reads each second, "
        f"{result['screens']} live screens, and one fault at a time on a schedule. Half the time "
        "on each topology. Figures per interval; the plot is drawn from them.",
        "",
        f"![latency and memory over time]({svg.name})",
        "",
    ]
    for phase in result["phases"]:
        end = phase["end"]
        lines += [f"## {phase['store']}: {phase['topology']}", "",
                  "| minute | sales/min | reads/min | sale p50 / p99 ms | read p50 / p99 ms | errors | counterd RSS MiB / fds | nginx RSS MiB / fds | screens |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for s in phase["samples"]:
            errors = ", ".join(f"{k} ×{v}" for k, v in sorted(s["errors"].items())) or "0"
            lines.append(f"| {s['minute']:.1f} | {s['sales_per_min']} | {s['reads_per_min']} | "
                         f"{cell(s['sale_p50_ms'])} / {cell(s['sale_p99_ms'])} | "
                         f"{cell(s['read_p50_ms'])} / {cell(s['read_p99_ms'])} | {errors} | "
                         f"{s['counterd_rss_kb'] / 1024:.1f} / {s['counterd_fds']} | "
                         f"{s['nginx_rss_kb'] / 1024:.1f} / {s['nginx_fds']} | {s['screens_connected']} |")
        slopes = phase["slopes_per_min"]
        lines += ["", "Faults, in order (seconds into the phase): " +
                  "; ".join(f"{t} s {name}" + ("" if how == "done" else f" ({how})")
                            for t, name, how in end["faults"]) + ".", "",
                  "| at the end | |", "|---|---|",
                  f"| acknowledged sales | {end['acknowledged_sales']} |",
                  f"| sales recorded | {end['recorded_sales']} |",
                  f"| acknowledged sales lost | **{end['acknowledged_sales_lost']}** |",
                  f"| sales recorded twice | **{end['sales_recorded_twice']}** |",
                  f"| sales never settled | {end['unresolved_sales']} |",
                  f"| stock: start, restocks, end (expected) | {end['start_stock']}, {end['restocks']}, "
                  f"{end['final_stock']} ({end['expected_stock']}) |",
                  f"| screens showing the stock | {end['screens'] - end['screens_behind']} of {end['screens']} |",
                  "| growth per minute (least squares, first interval left out) | " +
                  ", ".join(f"{k} {cell(None if v is None else round(v, 2))}" for k, v in slopes.items()) + " |",
                  "", "**" + ("; ".join(phase["failures"]) if phase["failures"] else "Every check passed.") + "**", ""]
    path.write_text("\n".join(lines))
