"""``scenario_rerun_script``: one scenario rerun's script, in process.

The subject is the whole page under Streamlit's ``AppTest``: the target-year slider moves
one year on, as an arrow key does. The year shown was evaluated by the run before (it was
one of the years sent ahead), and the year two on is not yet seen: the rerun misses the
scenario view's cache for it and runs ``evaluate_target`` on the scenario's 10 000
simulated paths (simulated once, to the slider's last year, as on a server), builds its
figure, table and CSV, sends the four years either side with the shown one, and draws every
element. It runs in a fresh process (``python -m bench.script_time RUNS``), as a server's
script would, not in the bench process whose heap the other benchmarks have grown.
Reported beside it: ``evaluate_target`` alone, and ``scenario_payload`` (the CLI's use
case: store read, reconciliation, then the same evaluation). Also ``simulation``: the
existing ``bench_simulation`` benchmark.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile

from bench.common import ROOT, Result, Target, alternate, timed_ms

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

    page = _page_reruns_in_a_process(runs)
    a, b = alternate(evaluate, payload, runs)
    res = Result(
        name="scenario_rerun_script",
        unit="ms",
        samples=page,
        target=Target("median", max=50.0),
        extra={
            "paths": PATHS,
            "evaluate_target_median_ms": statistics.median(a),
            "scenario_payload_median_ms": statistics.median(b),
            "scenario_payload_min_ms": min(b),
            "scenario_payload_max_ms": max(b),
        },
        notes=[
            "the /scenarios script under AppTest, target-year slider one year on per run "
            "(the year two on a cache miss: evaluate_target on 10 000 cached paths, figure, "
            "table, CSV; four years sent ahead, every element), in a fresh process; "
            f"evaluate_target alone {statistics.median(a):.1f} ms; "
            f"services.scenario_payload (adds store read + reconcile) {statistics.median(b):.1f} ms"
        ],
    )
    return [res]


def _page_reruns_in_a_process(runs: int) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.script_time", str(runs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(v) for v in json.loads(out.stdout.strip().splitlines()[-1])]


def _card_labels(at: object) -> list[str]:
    """The labels of the scenario cards, drawn with the chart by its component."""
    from dashboard.components.plotly_react import cards_of

    return [
        card["label"]
        for c in at.get("component_instance")  # type: ignore[attr-defined]
        if c.proto.component_name.endswith("plotly_react")
        for card in cards_of(c.proto.json_args)
    ]


def _page_reruns(runs: int) -> list[float]:
    """Milliseconds of ``AppTest.run()`` after each move of the target-year slider."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="bench-store-") as store:
        old = os.environ.get("TRADEDASH_STORE")
        os.environ["TRADEDASH_STORE"] = store
        try:
            at = AppTest.from_file(str(ROOT / "dashboard" / "streamlit_app.py"), default_timeout=60)
            at.switch_page("app_pages/scenarios.py")
            at.run()
            out = []
            for i in range(runs + 1):  # the first is a warm-up
                year = 2029 + i
                at.slider(key="target_year").set_value(year)  # the element of the last run
                ms = timed_ms(at.run)
                if at.exception:
                    raise RuntimeError(f"the scenarios page failed: {at.exception[0].message}")
                if f"P(reach by {year})" not in _card_labels(at):
                    raise RuntimeError(f"the rerun did not show target year {year}")
                if i:
                    out.append(ms)
            return out
        finally:
            if old is None:
                os.environ.pop("TRADEDASH_STORE", None)
            else:
                os.environ["TRADEDASH_STORE"] = old


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


if __name__ == "__main__":
    print(json.dumps(_page_reruns(int(sys.argv[1]))))
