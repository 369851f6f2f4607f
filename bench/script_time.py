"""``scenario_rerun_script``: the computation behind one scenario rerun, in process.

A slider move on /scenarios that misses the cache runs ``evaluate_target`` with 10 000
paths on the pair's reconciled series (already cached by then); that is the subject.
``scenario_payload`` (the CLI's use case: store read, reconciliation, then the same
evaluation) is reported beside it for reference. Each run asks for another target year,
as a slider move does. Also ``simulation``: the existing ``bench_simulation`` benchmark.
"""

from __future__ import annotations

import itertools
import statistics

from bench.common import Result, Target, alternate, timed_ms

PATHS = 10_000


def run_scenario_rerun_script(quick: bool) -> list[Result]:
    from analysis.target import TargetParams, evaluate_target
    from dashboard import services

    runs = 9 if quick else 21
    snap = services.load_pair("KAZ", "TKM")
    values = services.reconciled(snap, "KAZ", "TKM").values()
    years = itertools.cycle(range(2025, 2061))

    def evaluate() -> float:
        params = TargetParams(target_value=1e9, target_year=next(years), n_paths=PATHS)
        return timed_ms(lambda: evaluate_target(values, params))

    def payload() -> float:
        return timed_ms(
            lambda: services.scenario_payload(
                "KAZ", "TKM", "trade_value", 1e9, next(years), paths=PATHS
            )
        )

    a, b = alternate(evaluate, payload, runs)
    res = Result(
        name="scenario_rerun_script",
        unit="ms",
        samples=a,
        target=Target("median", max=50.0),
        extra={
            "paths": PATHS,
            "scenario_payload_median_ms": statistics.median(b),
            "scenario_payload_min_ms": min(b),
            "scenario_payload_max_ms": max(b),
        },
        notes=[
            "evaluate_target, 10 000 paths, KAZ–TKM turnover, a new target year per run; "
            "extra: services.scenario_payload (adds store read + reconcile)"
        ],
    )
    return [res]


def run_simulation(quick: bool) -> list[Result]:
    from bench import bench_simulation

    out = bench_simulation.main(runs=5 if quick else bench_simulation.RUNS)
    return [
        Result(
            name=str(out["name"]),
            unit=str(out["unit"]),
            samples=list(out["runs"]),
            notes=["analysis.scenarios.simulate, parametric + bootstrap, per run"],
        )
    ]
