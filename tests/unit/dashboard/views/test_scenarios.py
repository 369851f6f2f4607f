"""The scenario page's view: the stated target, the controls' defaults, the table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.target import TargetParams, evaluate_target
from dashboard.views import scenarios as view
from tests.unit.dashboard.views.hand_made import CAPACITY, FREIGHT, TRADE


def test_stated_target_picks_the_latest_exact():
    frame = pd.DataFrame(
        {
            "series": ["trade_target"] * 3,
            "measure": ["target"] * 3,
            "comparator": ["=", "=", "~"],
            "value": [1e9, 1e9, 2e9],
            "period_start": ["2021-01", "2024-01", "2025-01"],
            "source_id": ["x", "y", "z"],
        }
    )
    assert view.stated_target(frame) == (1e9, ("x", "y"))
    assert view.stated_target(frame.iloc[0:0]) == (view.DEFAULT_TARGET_USD, ())


def test_scenario_defaults():
    trade = view.scenario_defaults(TRADE.values(), "trade_value", 1e9)
    assert trade == view.ScenarioDefaults(1_000_000_000, 2028, 2023, 2022, 2023)
    rail = view.scenario_defaults(FREIGHT.values(), "rail_freight", 1e9, CAPACITY)
    assert rail == view.ScenarioDefaults(15_000_000, 2027, 2024, 2022, 2024)
    empty = view.scenario_defaults(pd.Series(dtype=float), "trade_value", 1e9)
    assert empty.base_year == 2023


@pytest.mark.parametrize(
    ("level", "target"),
    [(563e6, 800e6), (30.06e9, 40e9), (1e9, 1.5e9), (99e6, 150e6), (7.3e9, 10e9),
     (145.9e6, 200e6), (2.2e9, 2.5e9), (0.0, None), (-5.0, None), (float("nan"), None)],
)  # fmt: skip
def test_round_above_is_a_round_figure_at_least_a_tenth_above(level, target):
    got = view.round_above(level)
    assert (got != got) if target is None else got == target


def _target_rows(value=1e9, source="press:x"):
    return pd.DataFrame(
        {"series": ["trade_target"], "measure": ["target"], "comparator": ["="],
         "value": [value], "period_start": ["2024-01"], "source_id": [source]}
    )  # fmt: skip


def test_defaults_come_from_the_pairs_own_data():
    values = pd.Series({2020: 15.35e9, 2021: 18e9, 2022: 24.2e9, 2023: 30.06e9})
    none_stated = _target_rows().iloc[0:0]
    d = view.defaults_for(values, "trade_value", none_stated, None, 2023)
    assert d.target == 40_000_000_000  # not another pair's $1B
    assert d.target_basis.startswith("no target stated for this pair")
    assert "2023's $30.06B" in d.target_basis
    stated = view.defaults_for(
        values,
        "trade_value",
        _target_rows(50e9),
        None,
        2023,
        {"press:x": "Outlet · 2024"},
    )
    assert stated.target == 50_000_000_000
    assert stated.target_basis == "the target the pair's sources state (Outlet · 2024)"


def test_a_one_way_flow_starts_from_its_own_level_not_the_turnover_target():
    values = pd.Series({2020: 15.35e9, 2021: 18e9, 2022: 24.2e9, 2023: 30.06e9})
    d = view.defaults_for(values, "trade_value", _target_rows(50e9), None, 2023, flow="export")
    assert d.target == 40_000_000_000  # above its own level, not the turnover's $50B
    assert d.target_basis.startswith("no target stated for exports alone")
    assert "($50B, the pair's stated target, is turnover)" in d.target_basis
    none = view.defaults_for(values, "trade_value", _target_rows().iloc[0:0], None, 2023,
                             flow="import")  # fmt: skip
    assert none.target_basis.startswith("no target stated for imports alone: a round figure")
    # The turnover keeps the stated target.
    assert view.defaults_for(values, "trade_value", _target_rows(50e9), None, 2023).target == 50e9


def test_the_scenario_words_name_the_flow_and_its_direction():
    from dashboard.views.scenarios.words import base_moved_words, forecast_words

    assert forecast_words("Kazakhstan", "Turkmenistan", "trade_value", "export") == (
        "Kazakhstan's exports to Turkmenistan (USD)"
    )
    assert forecast_words("Kazakhstan", "Turkmenistan", "trade_value", "import") == (
        "Kazakhstan's imports from Turkmenistan (USD)"
    )
    assert forecast_words("Kazakhstan", "Turkmenistan", "trade_value", "total") == (
        "trade turnover (USD)"
    )
    total = base_moved_words(2020, 2023, "KAZ–TKM", "trade turnover (USD)", "total")
    assert "latest year of KAZ–TKM's trade turnover (USD) with an exact" in total
    one_way = base_moved_words(2020, 2023, "KAZ–TKM", "Kazakhstan's exports to X (USD)", "export")
    assert "latest year of Kazakhstan's exports to X (USD) with" in one_way


def test_a_lone_year_keeps_its_own_base_year():
    d = view.defaults_for(pd.Series({2016: 31_251.0}), "trade_value", _target_rows().iloc[0:0],
                          None, 2016)  # fmt: skip
    assert d.base_year == 2016 and d.target == 40_000


TEN_PCT = pd.Series({2019: 100e6, 2020: 110e6, 2021: 121e6, 2022: 133.1e6, 2023: 146.41e6})


@pytest.fixture
def result():
    return evaluate_target(TEN_PCT, TargetParams(292.82e6, 2030, n_paths=200, seed=0))


def test_scenario_table_one_row_per_year(result):
    table = view.scenario_table(result, "USD")
    assert table["year"].tolist() == list(range(2019, 2031))
    assert list(table.columns) == [
        "year", "actual_usd", "required_usd", "historical_usd", "p10_usd", "p50_usd", "p90_usd",
        "p_reach",
    ]  # fmt: skip
    by = table.set_index("year")
    assert by.loc[2023, "actual_usd"] == pytest.approx(146.41e6)
    assert pd.isna(by.loc[2024, "actual_usd"]) and pd.isna(by.loc[2022, "required_usd"])
    assert by.loc[2030, "required_usd"] == pytest.approx(292.82e6)
    assert by.loc[2023, "p_reach"] == 0.0
    assert view.scenario_table(result, "t").columns[1] == "actual_t"


def test_rail_freight_defaults_to_a_stated_freight_target_never_a_capacity():
    obs = pd.DataFrame(
        {
            "series": ["rail_capacity", "rail_freight"],
            "measure": ["level", "target"],
            "comparator": ["=", "="],
            "period_start": ["2027-01", "2029-01"],
            "period_end": ["2027-12", "2029-12"],
            "value": [15e6, 3e6],
            "source_id": ["cap", "plan"],
        }
    )
    stated = view.defaults_for(FREIGHT.values(), "rail_freight", obs, CAPACITY, 2024,
                               {"plan": "Railway plan"})  # fmt: skip
    assert (stated.target, stated.target_year) == (3_000_000, 2029)
    assert "Railway plan" in stated.target_basis
    none = view.defaults_for(FREIGHT.values(), "rail_freight", obs.iloc[:1], CAPACITY, 2024)
    assert (none.target, none.target_year) == (2_000_000, 2028)  # above 1.6 Mt, not 15 Mt
    assert "capacity to be built, not freight" in none.target_basis


def test_the_default_target_year_names_what_the_sources_say_of_timing():
    frame = pd.DataFrame(
        {
            "series": ["trade_target"] * 4,
            "measure": ["target"] * 4,
            "comparator": ["=", "=", "=", "~"],  # the last is not an exact target
            "value": [1e9, 1e9, 1e9, 2e9],
            "period_start": ["2021-01", "2024-01", "2024-01", "2025-01"],
            "source_id": ["a", "b", "c", "d"],
            "note": [
                "goal of 1 billion, stated in 2022 as within five years",
                "headline claim: goal of 1 billion 'in the near future'",
                "no target year",
                "'in the coming years'",  # another value: not this target's timing
            ],
        }
    )
    published = {"a": "2022-08", "b": "2024-05", "c": "2024-10", "d": "2025-04"}
    timing = view.target_timing(frame, published, 1e9)
    assert timing == "sources say 'within five years' (2022) and 'in the near future' (2024)"
    assert view.year_basis(timing) == f"default; {timing}"
    assert view.target_timing(frame, published, 3e9) == ""
    assert view.year_basis("") == "default: no source gives a year"
    values = pd.Series({2022: 438.7e6, 2023: 562.9e6})
    d = view.defaults_for(values, "trade_value", frame, None, 2023, {}, published)
    assert d.target_year == 2028 and d.target_year_basis == f"default; {timing}"
    none = view.defaults_for(values, "trade_value", frame.iloc[0:0], None, 2023)
    assert none.target_year_basis == "default: no target stated for this pair"


def test_readable_table_in_usd_million_with_blank_cells_and_words(result):
    table = view.scenario_table(result, "USD")
    readable = view.readable_table(table, "USD")
    assert list(readable.columns[:3]) == [
        "year", "actual (USD million)", "required path (USD million)",
    ]  # fmt: skip
    assert "P(reach by then), %" in readable.columns
    assert not [c for c in readable.columns if "_usd" in c or c == "p_reach"]
    base = result.base_year
    row = readable[readable["year"] == base].iloc[0]
    assert row["actual (USD million)"] == round(float(result.history.loc[base]) / 1e6, 1)
    shown = view.display_table(readable)
    cells = shown.to_numpy().ravel().tolist()
    assert "None" not in cells and "nan" not in cells and "" in cells
    # One decimal for every USD million cell, whole percent for P(reach).
    usd = shown["required path (USD million)"]
    assert all(re.fullmatch(r"|[\d,]+\.\d", c) for c in usd)
    assert all("." not in c for c in shown["P(reach by then), %"])
    tonnes = view.readable_table(view.scenario_table(result, "t"), "t")
    assert tonnes.columns[1] == "actual (tonnes)"
    # The page's Arrow table, built directly, holds the report's cells, column for column.
    arrow = view.display_arrow(readable)
    assert arrow.column_names == list(shown.columns)
    assert arrow.to_pydict() == {c: shown[c].tolist() for c in shown.columns}
    assert len(arrow) == len(readable) > 0


def test_scenario_csv_opens_with_the_parameters_and_sources(result):
    import io

    readable = view.readable_table(view.scenario_table(result, "USD"), "USD")
    data = view.scenario_csv(
        readable, {"target_usd": 1e9, "method": "pooled"}, ["BNS · 2024", "=HYPERLINK(x)"]
    )
    text = data.decode("utf-8")
    lines = text.splitlines()
    assert lines[:5] == [
        "# tradedash scenario", "# target_usd: 1000000000.0", "# method: pooled",
        "# source: BNS · 2024", "# source: =HYPERLINK(x)",
    ]  # fmt: skip
    back = pd.read_csv(io.StringIO(text), comment="#")
    assert list(back.columns) == list(readable.columns)
    assert len(back) == len(readable)
    assert ",," in text  # blank cells where a column does not apply, not None


def test_the_chance_words_put_the_real_gap_beside_a_correct_models():
    from dashboard.views.scenarios.quality import chance_words

    mode = {"median": 0.125, "p10": 0.085, "p90": 0.169, "share_within_tolerance": 0.032}
    floor = {"method": "pooled", "real_worst_gap": 0.123, "tolerance": 0.08,
             "modes": {"per_case": dict(mode, median=0.06), "shifted": mode}}  # fmt: skip
    text = chance_words({"gap_floor": floor}, "pooled")
    assert text is not None
    assert "worst reliability bin is 0.12 off the diagonal (the target is 0.08)" in text
    assert "0.12 off at the median (0.09–0.17 in 8 draws of 10), and within 0.08 in 3%" in text
    assert chance_words({"gap_floor": floor}, "parametric") is None
    assert chance_words({}, "pooled") is None


def test_a_stated_targets_sources_are_named_by_publisher_once_each():
    """KAZ–TKM's $1B has eight sources: their full citations filled the controls."""
    rows = pd.concat([_target_rows(1e9, s) for s in ("a", "b", "c")], ignore_index=True)
    names = {"a": "Akorda", "b": "Kazinform", "c": "Akorda"}
    d = view.defaults_for(pd.Series({2023: 563e6}), "trade_value", rows, None, 2023, names)
    assert d.target_basis == "the target the pair's sources state (Akorda, Kazinform)"


def test_the_wider_words_give_the_worst_bin_of_the_longer_history():
    from dashboard.views.scenarios.quality import wider_words

    def rel(said, seen, n):
        return {"mean_predicted": said, "observed": seen, "n": n}

    reach = [
        {"ratio": 1.25, "reliability": [rel(0.66, 0.66, 2729), rel(0.83, 0.59, 342)]},
        # 0.31 off, the worst, but with fewer than 50 cases it does not count
        {"ratio": 1.5, "reliability": [rel(0.73, 0.42, 134), rel(0.82, 0.33, 6)]},
    ]
    mode = {"median": 0.073, "share_at_least_real": 0.0}
    wider = {
        "config": {"origins": "1975:2015"}, "cases": 6000,
        "methods": {"pooled": {"reach": reach}},
        "gap_floor": {"method": "pooled",
                      "modes": {"per_case": mode, "per_origin": dict(mode, median=0.108)}},
    }  # fmt: skip
    text = wider_words({"wider": wider}, "pooled")
    assert text == (
        "On a longer history (origins 1975–2015, 6,000 cases) its worst bin is 0.31 off: "
        "P(reach ×1.5) said 73% and 42% reached (n = 134). If it were exactly right, its "
        "worst bin there would be 0.07–0.11 off at the median, and none of its draws was as "
        "far off as the real one."
    )
    wider["gap_floor"]["modes"]["per_case"]["share_at_least_real"] = 0.2
    assert "at most 20% of its draws were as far off" in (
        wider_words({"wider": wider}, "pooled") or ""
    )
    assert wider_words({"wider": wider}, "parametric") is None
    assert wider_words({}, "pooled") is None


def test_the_pace_card_says_what_the_figures_since_give_its_year():
    """KAZ–TKM: the 2019–2023 pace meets $1B in 2025, where Jan–Sep 2025 says otherwise."""
    from analysis.evidence import Figure
    from analysis.target import TargetParams, evaluate_target

    history = pd.Series([100e6, 130e6, 120e6, 160e6, 200e6], index=range(2019, 2024))
    no_parts = pd.DataFrame({"year": [], "start_month": [], "end_month": [], "value": []})

    def result(*evidence):
        params = TargetParams(
            target_value=250e6, target_year=2028, n_paths=2000, seed=0,
            method="parametric", evidence=evidence, part_history=no_parts,
        )  # fmt: skip
        return evaluate_target(history, params)

    pin_2025 = Figure("2025-01", "2025-12", "=", 210e6, "level", ("press:x",))
    res = result(pin_2025)
    assert res.year_reached_at_historical == 2025  # 200M × 1.189² ≥ 250M
    p = float(res.prob_reach.set_index("year")["prob"][2025])
    assert 0 < p < 0.5  # 2025 pinned below: only 2024's paths can reach it
    delta, tip = view.pace_check(res)
    assert delta == f"P(by 2025): {view_probability(p)}"
    assert tip == (
        f" The figures published since 2023 give reaching it by 2025 a probability of "
        f"{view_probability(p)}."
    )
    assert view.pace_check(result()) == (None, "")  # no figure since: nothing to say
    only_2024 = Figure("2024-01", "2024-12", "=", 230e6, "level", ("press:x",))
    assert view.pace_check(result(only_2024)) == (None, "")  # they stop before 2025


def view_probability(p):
    from analysis.wording import probability

    return probability(p)


def test_no_yearly_series_says_what_the_stores_hold_instead():
    from dashboard.views.scenarios import no_yearly_series

    one_way = no_yearly_series("A–B", "trade turnover (USD)", {"exports": [2018], "imports": []})
    other_way = no_yearly_series("A–B", "trade turnover (USD)", {"exports": [], "imports": [1999]})
    assert other_way.endswith("the stores hold imports for 1999 and no exports.")
    assert one_way == (
        "A–B has no yearly trade turnover (USD) to start a scenario from: turnover is a year's "
        "exports plus its imports from one source's records of one side, and the stores hold "
        "exports for 2018 and no imports."
    )
    both = no_yearly_series(
        "A–B",
        "trade turnover (USD)",
        {"exports": [2011, 2014, 2018, 2019, 2020], "imports": range(2012, 2021)},
    )
    assert both.endswith(
        "the stores hold exports for 2011, 2014, 2018–2020 and imports for 2012–2020, never "
        "both from one source and side in one year."
    )
    assert no_yearly_series("A–B", "rail freight (tonnes)", {}) == (
        "A–B has no yearly rail freight (tonnes) to start a scenario from."
    )


def test_why_no_series_names_the_flows_of_a_turnover_only():
    from dataclasses import replace

    from dashboard.views.scenarios import why_no_series
    from tests.unit.dashboard.views.hand_made import rec

    exports = rec([(2018, 5e6, "=", "reported", "")])
    none = replace(exports, best=exports.best.iloc[0:0])
    empty = replace(none, series="trade_value")
    flows = {"exports": exports, "imports": none}
    assert why_no_series(empty, flows, "A–B", "trade turnover (USD)").endswith(
        "the stores hold exports for 2018 and no imports."
    )
    rail = replace(none, series="rail_freight")
    assert why_no_series(rail, flows, "A–B", "rail freight (tonnes)") == (
        "A–B has no yearly rail freight (tonnes) to start a scenario from."
    )
    held = replace(exports, series="trade_value")
    assert why_no_series(held, flows, "A–B", "trade turnover (USD)") is None
    bound_only = replace(rec([(2024, 5e8, ">", "reported", "")]), series="trade_value")
    assert why_no_series(bound_only, flows, "A–B", "trade turnover (USD)") is not None


def test_the_size_words_quote_the_band_of_the_base():
    from dashboard.views.scenarios.quality import size_words

    def band(low, high, n, said, seen):
        reach = [{"ratio": 1.776, "mean_predicted": said, "observed": seen}]
        return {"low": low, "high": high, "n": n, "coverage_p10_p90": 0.765, "reach": reach}

    summary = {
        "cases": 6000, "config": {"horizon": 5},
        "methods": {"pooled": {"by_size": [band(50e6, 200e6, 2326, 0.40, 0.44),
                                           band(200e6, 1e9, 1936, 0.369, 0.387),
                                           band(5e9, None, 649, 0.248, 0.165)]}},
    }  # fmt: skip
    reach = {"ratio": 1.776}
    assert size_words(summary, "pooled", reach, 563e6) == (
        "Cases of this size ($200M–$1B at the origin: 1,936 of the 6,000): P(reach ×1.776) "
        "said 37% on average and 39% reached; P10–P90 covered 76% of their 5-year outcomes."
    )
    assert "($5B and more at the origin: 649 of the 6,000)" in (
        size_words(summary, "pooled", reach, 30e9) or ""
    )
    assert size_words(summary, "pooled", reach, 200e6).startswith("Cases of this size ($200M")
    # Below the backtest's smallest cases, between bands, another method or ratio: nothing.
    assert size_words(summary, "pooled", reach, 48_669.0) is None
    assert size_words(summary, "pooled", reach, 2e9) is None
    assert size_words(summary, "parametric", reach, 563e6) is None
    assert size_words(summary, "pooled", {"ratio": 2.0}, 563e6) is None
