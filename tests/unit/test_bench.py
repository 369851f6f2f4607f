"""The benchmarks' own machinery: targets, alternation, the README table, the bare apps.

The benchmarks report and never assert on timings; these tests check that what they
report is computed and written as the README says, and that the reference apps run.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from bench import report
from bench.common import BARE_APP, Result, Target, alternate


def test_a_ratio_target_and_its_conditions():
    fast = Result(
        "x", "ms", [10.0, 12.0, 11.0], "base", [10.0, 10.0, 10.0], Target("ratio", max=1.2)
    )
    assert fast.ratio == pytest.approx(1.1) and fast.met() is True
    slow = Result("x", "ms", [13.0], "base", [10.0], Target("ratio", max=1.2))
    assert slow.met() is False
    # Throughput: higher is better, a floor on the ratio, and p95 as a further condition.
    tput = Result("t", "reruns/s", [50.0], "d", [9.0], Target("ratio", min=5.0),
                  higher_is_better=True, conditions={"p95 ≤ 1000 ms": True})  # fmt: skip
    assert tput.met() is True
    tput.conditions["p95 ≤ 1000 ms"] = False
    assert tput.met() is False
    assert Result("s", "ms", [55.0], target=Target("median", max=50.0)).met() is False
    assert Result("r", "ms", [5.0]).met() is None  # no target: reported only


def test_alternate_flips_the_order_and_drops_the_warm_up():
    calls: list[str] = []

    def side(name: str):
        def run() -> float:
            calls.append(name)
            return float(len(calls))

        return run

    a, b = alternate(side("a"), side("b"), runs=3, warmup=1)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]
    assert (a, b) == ([3.0, 6.0, 7.0], [4.0, 5.0, 8.0])


def test_the_table_marks_what_is_met_and_what_is_skipped():
    env = {
        "date": "2026-01-01T00:00:00",
        "machine": {"cpu_model": "cpu", "load_avg_at_start": [0.5]},
        "cpu_count": 2,
        "python": "3.11",
        "packages": {"streamlit": "1"},
    }
    met = Result("first", "ms", [100.0], "bare", [90.0], Target("ratio", max=1.2))
    missed = Result("inter", "ms", [300.0], "bare", [100.0], Target("ratio", max=1.3))
    rows = [met.record(env, False), missed.record(env, False)]
    rows.append({"name": "pair_lookup_dots", "skipped": "../shared is absent"})
    text = report.markdown(rows)
    assert "| first | 100 ms |" in text and "| 1.11 | ≤ 1.2× | yes |" in text
    assert "| inter | 300 ms |" in text and "| 3.00 | ≤ 1.3× | **no** |" in text
    assert "| pair_lookup_dots | skipped: ../shared is absent |" in text


@pytest.mark.parametrize("figure", ["line", "scenario"])
def test_the_bare_apps_draw_one_metric_and_one_chart(figure, monkeypatch, tmp_path):
    monkeypatch.setenv("BENCH_FIGURE", figure)
    monkeypatch.setenv("TRADEDASH_STORE", str(tmp_path))
    at = AppTest.from_file(str(BARE_APP), default_timeout=60).run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["Required growth"]
    first = at.metric[0].value
    at.slider(key="target_year").set_value(2040).run()
    assert not at.exception and at.metric[0].value != first  # the step the bench times
    assert len(at.get("plotly_chart")) == 1
