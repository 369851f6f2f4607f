"""``python -m bench [--only NAME[,NAME]] [--quick]``: run the benchmarks, write the results.

Results go to ``bench/results/latest.json`` (a list of records, one per measured row) and
``bench/results/latest.md`` (the table for the README), and the table is printed. With
``--only``, the rows of the benchmarks run replace theirs in ``latest.json``; the others'
rows are kept (each row carries its own date and ``quick`` flag). Outside quick mode the
README's performance table (between its ``bench:table`` markers) is rewritten from
``latest.json`` too. Benchmarks report, they
never assert: the exit status is 1 only when a benchmark could not run at all (crashed).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench import (
    batch,
    browser,
    cold_start,
    importing,
    pair_lookup,
    proxy,
    report,
    script_time,
    throughput,
)
from bench.common import RESULTS, ROOT, Result, Skipped, environment

README = ROOT / "README.md"
Runner = Callable[[bool], list[Result]]
BENCHMARKS: dict[str, Runner] = {
    "cold_start": cold_start.run_cold_start,
    "first_render": browser.run_first_render,
    "scenario_interaction": browser.run_scenario_interaction,
    "trade_flow_toggle": browser.run_trade_flow_toggle,
    "scenario_rerun_script": script_time.run_scenario_rerun_script,
    "simulation": script_time.run_simulation,
    "throughput": throughput.run_throughput,
    "throughput_proxy": proxy.run_throughput_proxy,
    "memory_soak": throughput.run_memory_soak,
    "import": importing.run_import,
    "pair_lookup": pair_lookup.run_pair_lookup,
    "batch_scenarios": batch.run_batch,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--only",
        type=lambda s: [n.strip() for n in s.split(",") if n.strip()],
        default=None,
        help="comma-separated benchmarks: " + ", ".join(BENCHMARKS),
    )
    p.add_argument(
        "--quick", action="store_true", help="fewer runs, shorter loads, smaller data (checks)"
    )
    args = p.parse_args(argv)
    unknown = [n for n in args.only or [] if n not in BENCHMARKS]
    if unknown:
        p.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    return args


def _previous(names: set[str]) -> list[dict[str, Any]]:
    path = RESULTS / "latest.json"
    try:
        rows = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [r for r in rows if isinstance(r, dict) and r.get("benchmark") not in names]


def _write(name: str, text: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS / f"{name}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, RESULTS / name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = args.only or list(BENCHMARKS)
    env = environment()
    rows: list[dict[str, Any]] = []
    crashed = False
    for name in names:
        print(f"[bench] {name}{' (quick)' if args.quick else ''} …", flush=True)
        start = time.perf_counter()
        try:
            for res in BENCHMARKS[name](args.quick):
                rows.append({"benchmark": name, **res.record(env, args.quick)})
                print("   " + report.line(rows[-1]), flush=True)
        except Skipped as exc:
            print(f"[bench] {name} skipped: {exc}", flush=True)
            rows.append({"benchmark": name, "name": name, "skipped": str(exc), **env})
            continue
        except Exception as exc:  # report it and go on: one broken benchmark is not all
            traceback.print_exc()
            rows.append({"benchmark": name, "name": name, "error": repr(exc), **env})
            crashed = True
            continue
        print(f"[bench] {name} done in {time.perf_counter() - start:.0f} s", flush=True)
    merged = _previous(set(names)) + rows
    order = {n: i for i, n in enumerate(BENCHMARKS)}
    merged.sort(key=lambda r: order.get(str(r.get("benchmark")), len(order)))
    _write("latest.json", json.dumps(merged, indent=1, ensure_ascii=False) + "\n")
    md = report.markdown(merged)
    _write("latest.md", md)
    if not args.quick and report.write_readme(README, merged):
        print("[bench] README.md: performance table rewritten from latest.json")
    print()
    print(md)
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
