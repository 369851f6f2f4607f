"""Benchmark: ``analysis.scenarios.simulate`` for 10 000 paths × 15 years, both methods.

Run from the repository root as ``python -m bench.bench_simulation`` or
``python bench/bench_simulation.py``. One warm-up call per method, then ``RUNS`` timed calls;
prints median and min–max in ms. :func:`main` returns a dict with the summed time of one
parametric plus one bootstrap call per run (``name``, ``unit``, ``median``, ``min``, ``max``,
``runs``) and the same shape per method under ``cases``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS = 9
N_PATHS = 10_000
HORIZON_YEARS = 15


def _summary(name: str, runs_ms: list[float]) -> dict[str, Any]:
    return {
        "name": name,
        "unit": "ms",
        "median": statistics.median(runs_ms),
        "min": min(runs_ms),
        "max": max(runs_ms),
        "runs": runs_ms,
    }


def _time_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def main(runs: int = RUNS) -> dict[str, Any]:
    """Time both methods ``runs`` times after a warm-up; print and return the summary."""
    if __package__ in (None, ""):  # run as a script: make the repository root importable
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import numpy as np

    from analysis.scenarios import SimMethod, simulate

    history = np.log([1.47, 1.37, 1.50, 1.47, 1.28])  # five varied yearly growth factors

    def call(method: SimMethod) -> Callable[[], object]:
        return lambda: simulate(
            563e6, 2023, HORIZON_YEARS, history, N_PATHS, 0, method, target_value=1e9
        )

    cases: dict[str, dict[str, Any]] = {}
    methods: tuple[SimMethod, ...] = ("parametric", "bootstrap")
    for method in methods:
        call(method)()  # warm-up: imports, allocator, numpy dispatch caches
        times = [_time_ms(call(method)) for _ in range(runs)]
        cases[method] = _summary(f"simulate_{method}_{N_PATHS}x{HORIZON_YEARS}", times)
    pairs = zip(cases["parametric"]["runs"], cases["bootstrap"]["runs"], strict=True)
    total = [p + b for p, b in pairs]
    result = _summary(f"simulate_both_{N_PATHS}x{HORIZON_YEARS}", total)
    result["cases"] = cases
    for r in (*cases.values(), result):
        print(
            f"{r['name']}: median {r['median']:.2f} ms (min {r['min']:.2f}, max {r['max']:.2f}, "
            f"{len(r['runs'])} runs)"
        )
    return result


if __name__ == "__main__":
    main()
