"""The Markdown table (for the README) and one-line summaries, from result records."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def num(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "ms":
        return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "MB/min":
        return f"{value:.2f} MB/min"
    return f"{value:.1f} {unit}"


def _met(row: dict[str, Any]) -> str:
    met = row.get("target_met")
    return "–" if met is None else ("yes" if met else "**no**")


def _target(row: dict[str, Any]) -> str:
    t = row.get("target")
    if not t:
        return "–"
    what = "×" if t["of"] == "ratio" else f" {row['unit']}"
    bound = f"≤ {t['max']:g}{what}" if t.get("max") is not None else f"≥ {t['min']:g}{what}"
    extra = [k for k in row.get("target_conditions") or {}]
    return ", ".join([bound, *extra])


def line(row: dict[str, Any]) -> str:
    unit = row["unit"]
    text = (
        f"{row['name']}: median {num(row['median'], unit)} "
        f"({num(row['min'], unit)}–{num(row['max'], unit)}, {row['runs']} runs)"
    )
    if row.get("baseline_name"):
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") is not None else "–"
        text += f"; {row['baseline_name']} {num(row['baseline_median'], unit)}; ratio {ratio}"
    if row.get("target"):
        text += f"; target {_target(row)}: {_met(row)}"
    return text


def markdown(rows: list[dict[str, Any]]) -> str:
    measured = [r for r in rows if "median" in r]
    out = []
    if measured:
        env = measured[0]
        pk = ", ".join(f"{k} {v}" for k, v in env["packages"].items())
        quick = any(r.get("quick") for r in measured)
        out += [
            f"Benchmarks of {env['date'][:10]} on {env['machine']['cpu_model']} "
            f"({env['cpu_count']} CPUs, load average at start "
            f"{env['machine']['load_avg_at_start'][0]:.1f}), Python {env['python']}; {pk}."
            + (" Quick mode (fewer runs, smaller data): indicative only." if quick else "")
            + (
                " Rows come from several runs: latest.json has each row's date."
                if len({r["date"] for r in measured}) > 1
                else ""
            ),
            "",
        ]
    out += table(rows)
    details = [d for r in measured for d in _safe_details(r)]
    if details:
        out += ["", *details]
    return "\n".join(out) + "\n"


README_START = "<!-- bench:table (written by python -m bench from latest.json) -->"
README_END = "<!-- /bench:table -->"


def write_readme(path: Path, rows: list[dict[str, Any]]) -> bool:
    """Replace the README's performance table (between its markers) with ``rows``'s.

    Returns False, changing nothing, when the README has no markers."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    body = "\n".join(table(rows))
    new = text[: start + len(README_START)] + "\n" + body + "\n" + text[end:]
    if new != text:
        tmp = path.with_suffix(".md.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(path)
    return True


def table(rows: list[dict[str, Any]]) -> list[str]:
    """The table's lines: one row per benchmark row, skipped and failed ones marked."""
    out = [
        "| benchmark | median | min–max | baseline | baseline median | ratio | target | met "
        "| runs |",
        "|---|---:|---:|---|---:|---:|---|---|---:|",
    ]
    for r in rows:
        if "median" not in r:
            why = r.get("skipped") or r.get("error")
            out.append(f"| {r['name']} | {'skipped' if 'skipped' in r else 'error'}: {why} "
                       "| | | | | | | |")  # fmt: skip
            continue
        u = r["unit"]
        ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else "–"
        runs = f"{r['runs']}{' (quick)' if r.get('quick') else ''}"
        out.append(
            f"| {r['name']} | {num(r['median'], u)} | {num(r['min'], u)}–{num(r['max'], u)} "
            f"| {r.get('baseline_name') or '–'} | {num(r.get('baseline_median'), u)} "
            f"| {ratio} | {_target(r)} | {_met(r)} | {runs} |"
        )
    return out


def _safe_details(r: dict[str, Any]) -> list[str]:
    """A row's detail lines; a row kept from an older run may lack newer fields."""
    try:
        return _details(r)
    except (KeyError, TypeError):
        return [f"- {r['name']}: details in latest.json"]


def _details(r: dict[str, Any]) -> list[str]:
    x = r.get("extra") or {}
    name = r["name"]
    lines = []
    if name.startswith("throughput_n"):
        lines.append(
            f"- {name}: N = {x['sessions']}, {x['duration_s']:.0f} s each side; overall "
            f"{x['overall_rate']:.1f} vs {x['baseline_overall_rate']:.1f} reruns/s; tuned "
            f"p50 {num(x['p50_ms'], 'ms')}, p95 {num(x['p95_ms'], 'ms')} "
            f"({x['reruns']} reruns); default p50 {num(x['baseline_p50_ms'], 'ms')}, "
            f"p95 {num(x['baseline_p95_ms'], 'ms')} ({x['baseline_reruns']} reruns); "
            f"failed reruns {x['failed_reruns']} / {x['baseline_failed_reruns']}"
        )
    elif name.startswith("throughput_proxy"):
        lines.append(
            f"- {name}: N = {x['sessions']}, {x['duration_s']:.0f} s a run, "
            f"{x['runs_per_side']} run(s) a side; overall {x['overall_rate']:.1f} vs "
            f"{x['baseline_overall_rate']:.1f} reruns/s; p50 {num(x['p50_ms'], 'ms')}, "
            f"p95 {num(x['p95_ms'], 'ms')} ({x['reruns']} reruns); baseline p50 "
            f"{num(x['baseline_p50_ms'], 'ms')}, p95 {num(x['baseline_p95_ms'], 'ms')} "
            f"({x['baseline_reruns']} reruns); failed reruns {x['failed_reruns']} / "
            f"{x['baseline_failed_reruns']}; server CPU (app processes and nginx) per "
            f"rerun {x['server_cpu_ms_per_rerun_p1']:.1f} ms with 1 process, "
            f"{x['server_cpu_ms_per_rerun_p2']:.1f} ms with 2"
        )
    elif name == "memory_soak_slope":
        q = ", ".join("–" if v is None else f"{v:+.2f}" for v in x["quarter_slopes_mb_per_min"])
        lines.append(
            f"- {name}: RSS {num(x['rss_at_warmup_mb'], 'MB')} after the "
            f"{x['warmup_s']:.0f} s warm-up, {num(x['end_mb'], 'MB')} at the end; slope by "
            f"quarter of the rest {q} MB/min"
        )
    elif name == "memory_soak_rss":
        lines.append(
            f"- {name}: {x['sessions']} sessions for {x['duration_s']:.0f} s "
            f"({x['reruns']} reruns): RSS start {num(x['start_mb'], 'MB')}, end "
            f"{num(x['end_mb'], 'MB')}, max sampled {num(x['max_sampled_mb'], 'MB')}, "
            f"peak (VmHWM) {num(x['peak_vmhwm_mb'], 'MB')}"
        )
    elif name.startswith("pair_lookup"):
        lines.append(
            f"- {name}: {x['rows_returned']} rows of {x['observations']:,}; peak RSS "
            f"{num(x['peak_mb'], 'MB')} (after imports {num(x['rss_after_import_mb'], 'MB')})"
            f" vs DuckDB {num(x['baseline_peak_mb'], 'MB')} "
            f"(after imports {num(x['baseline_rss_after_import_mb'], 'MB')})"
        )
    for note in r.get("notes") or []:
        lines.append(f"- {name}: {note}")
    return lines
