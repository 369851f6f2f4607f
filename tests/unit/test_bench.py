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


def test_the_readme_table_is_rewritten_between_its_markers(tmp_path):
    env = {
        "date": "2026-01-01T00:00:00",
        "machine": {"cpu_model": "cpu", "load_avg_at_start": [0.5]},
        "cpu_count": 2,
        "python": "3.11",
        "packages": {"streamlit": "1"},
    }
    readme = tmp_path / "README.md"
    readme.write_text(
        f"before\n{report.README_START}\n| old | table |\n{report.README_END}\nafter\n"
    )
    soak = Result("memory_soak_slope", "MB/min", [0.42], target=Target("median", max=1.0))
    proxy = Result("throughput_proxy_p2_vs_p1_n20", "reruns/s", [30.0], "throughput_proxy_p1_n20",
                   [20.0], Target("ratio", min=1.6), higher_is_better=True)  # fmt: skip
    assert report.write_readme(readme, [soak.record(env, False), proxy.record(env, False)])
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith(f"{report.README_END}\nafter\n")
    assert "| old | table |" not in text
    assert "| memory_soak_slope | 0.42 MB/min |" in text and "| ≤ 1 MB/min | yes |" in text
    assert (
        "| throughput_proxy_p2_vs_p1_n20 | 30.0 reruns/s |" in text
        and "| 1.50 | ≥ 1.6× | **no** |" in text
    )
    unmarked = tmp_path / "OTHER.md"
    unmarked.write_text("no markers\n")
    assert not report.write_readme(unmarked, [soak.record(env, False)])
    assert unmarked.read_text() == "no markers\n"


def test_the_memory_slope_is_fitted_in_mb_per_minute():
    from bench.throughput import slope_mb_per_min

    assert slope_mb_per_min([(t, 200 + t / 60) for t in range(0, 600, 1)]) == pytest.approx(1.0)
    assert slope_mb_per_min([(t, 250.0) for t in range(100)]) == pytest.approx(0.0)
    assert slope_mb_per_min([(0.0, 1.0)]) is None


def test_the_backtests_floor_lines_name_each_mode_and_the_real_gap():
    from bench.backtest import floor_text

    assert floor_text(None) == ""
    mode = {"replicates": 31, "median": 0.125, "p10": 0.085, "p90": 0.169,
            "share_within_tolerance": 0.032, "share_at_least_real": 0.839}  # fmt: skip
    text = floor_text(
        {"cases": 6000, "real_worst_gap": 0.095, "tolerance": 0.08, "modes": {"shifted": mode}}
    )
    assert "6,000 cases (real: 0.095)" in text
    assert (
        "- the origins reliving earlier years in order (31 draws): median 0.125, "
        "P10–P90 0.085–0.169; within ±0.08 3% of the time; at or above the real gap 84%"
    ) in text


def test_the_wider_backtest_goes_to_the_readme_and_the_pages_summary():
    from bench.backtest import summary, wider_text

    horizons = [{"horizon": 1, "coverage_p10_p90": 0.77, "coverage_p05_p95": 0.88,
                 "crps_log": 0.19}]  # fmt: skip
    reach = [{"ratio": 1.5, "horizon": 1, "brier": 0.2, "brier_climatology": 0.21,
              "brier_skill": 0.069, "reliability": [], "worst_reliability_gap": 0.309}]  # fmt: skip
    wider = {
        "config": {"origins": "1975:2015", "n_paths": 1000, "seed": 0, "horizon": 1,
                   "ratios": [1.5]},
        "cases": 6000, "eligible_cases": 101901, "pairs": 3164, "date": "2026-12-05",
        "methods": {"pooled": {"horizons": horizons, "reach": reach,
                               "checks": {"reliability_gap_worst": 0.309, "passes": False}}},
    }  # fmt: skip
    text = wider_text(wider)
    assert "`pooled` on origins 1975–2015 (6,000 of 101,901 eligible cases, 1,000 paths" in text
    assert "| `pooled` | 0.77 | 0.88 | 0.190 / 0.190 | +0.069 | 0.309 | no |" in text
    assert wider_text(None) == ""
    main = {**wider, "config": {**wider["config"], "origins": "1999:2015"}, "wider": wider}
    page = summary(main)
    assert page["wider"]["config"]["origins"] == "1975:2015"
    assert page["wider"]["methods"]["pooled"]["reach"][0]["worst_reliability_gap"] == 0.309
    assert "wider" not in page["wider"]
    # The diagnostic with the world known is scored beside pooled, never judged a method.
    both = {**wider, "methods": {**wider["methods"],
                                 "pooled_world_known": wider["methods"]["pooled"]}}  # fmt: skip
    row = next(line for line in wider_text(both).splitlines() if "pooled_world_known" in line)
    assert row.endswith("| 0.309 | — (diagnostic: the world's next five years known) |")


def _step(in_browser: bool, drawn: float) -> dict:
    served = {"key_to_request": 10.0, "request_to_last_message": 40.0,
              "last_message_to_drawn": drawn - 50.0, "messages": 18}  # fmt: skip
    none = {"key_to_request": None, "request_to_last_message": None,
            "last_message_to_drawn": None, "messages": 0}  # fmt: skip
    return {"in_browser": in_browser, "key_to_drawn": drawn, "chart_replaced": False,
            **(none if in_browser else served)}  # fmt: skip


def test_steps_drawn_in_the_browser_are_told_apart_from_served_ones():
    """Issue 17: a step drawn before the app's answer has no request/message split; the
    medians of the served ones are not mixed with it, nor its zero messages."""
    from bench.browser import _parts_note, _SliderPage

    page = object.__new__(_SliderPage)
    page.parts = [_step(False, 900.0), _step(True, 30.0), _step(True, 40.0), _step(False, 130.0)]
    parts = page.breakdown()  # the first step is a warm-up
    assert (parts["drawn_in_browser"], parts["steps"]) == (2, 3)
    assert parts["key_to_drawn_in_browser"] == 35.0 and parts["messages"] == 18
    assert parts["last_message_to_drawn"] == 80.0
    note = _parts_note("page", parts)
    assert note.startswith("page: 2 of 3 steps drawn in the browser 35 ms after the key")
    assert "the others: key → rerun request 10 ms" in note and "(18 messages)" in note
    page.parts = page.parts[:3]
    assert _parts_note("page", page.breakdown()).startswith("page: every step drawn in the")
    page.parts = [_step(False, 900.0), _step(False, 130.0)]
    assert "drawn in the browser" not in _parts_note("page", page.breakdown())


@pytest.mark.shared
def test_the_backtests_world_store_builds_from_workbooks_the_embedded_data_holds(
    shared, tmp_path, monkeypatch
):
    # DOTS_1.xlsx is one of the embedded dataset's sources: an import read beside it would
    # be refused as counted twice, so a fresh machine's `make backtest` could not start.
    import bench.backtest
    import bench.importing
    from data.store import Store, embedded_store

    books = [shared / "imf-dots" / "DOTS_1.xlsx", shared / "imf-dots" / "DOTS_2.xlsx"]
    held = set(embedded_store().read().frame["source_id"].unique())
    assert "imf-dots:dots_1" in held
    monkeypatch.setattr(bench.importing, "dots_files", lambda: books)
    monkeypatch.setattr(bench.backtest, "WORLD", tmp_path / "dots-world")
    folder = bench.backtest.world_store()
    frame = Store(folder).read(verify=True).frame
    assert set(frame["source_id"]) == {"imf-dots:dots_1", "imf-dots:dots_2"}
    assert frame["reporter"].nunique() == 2


def test_the_synthetic_store_has_the_stores_schema_and_reads_back(tmp_path, monkeypatch):
    # The pair-lookup benchmark's store is written column by column: a column the schema
    # gains (share_of) must be written too, or the benchmark cannot build it.
    import bench.synthetic
    from data.store import Store

    monkeypatch.setattr(bench.synthetic, "CACHE", tmp_path)
    monkeypatch.setattr(bench.synthetic, "codes", lambda: ["AAA", "BBB", "CCC", "WLD"])
    folder = bench.synthetic.synthetic_store(48)
    frame = Store(folder).read(verify=True).frame
    assert len(frame) == 4 * 3 * 2 * 2  # reporters × partners × flows × months
    assert set(frame["share_of"]) == {""} and set(frame["commodity"]) == {"TOTAL"}
    assert frame["partner_aggregate"].sum() == 3 * 2 * 2  # every reporter's rows with WLD
