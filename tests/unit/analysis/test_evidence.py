"""Evidence after the base year: bounds, pins, part-year figures; and the as_of rule."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.asof import known_mask, last_full_year, month_error, month_index, published_index
from analysis.evidence import Figure
from analysis.target import TargetParams, evaluate_target

HISTORY = pd.Series([100e6, 130e6, 120e6, 160e6, 200e6], index=range(2019, 2024))
NO_PARTS = pd.DataFrame({"year": [], "start_month": [], "end_month": [], "value": []})


def fig(start, end, comparator, value, measure="level"):
    return Figure(start, end, comparator, float(value), measure, ("press:test",))


def scenario(evidence=(), target=400e6, seed=0, paths=4000):
    params = TargetParams(
        target_value=target,
        target_year=2028,
        n_paths=paths,
        seed=seed,
        method="parametric",
        evidence=tuple(evidence),
        part_history=NO_PARTS,
    )
    return evaluate_target(HISTORY, params)


def test_a_bound_leaves_no_mass_below_it_in_its_year():
    res = scenario([fig("2024-01", "2024-12", ">", 210e6)])
    cond = res.conditioned
    y2024 = cond.log_levels[1]
    assert cond.weights[y2024 <= math.log(210e6)].sum() == 0
    assert res.fan.set_index("year").loc[2024, "p05"] > 210e6
    assert res.evidence_used()[0]["role"] == "bound"


def test_an_exact_full_year_figure_pins_its_year():
    res = scenario([fig("2025-01", "2025-12", "=", 250e6)])
    fan = res.fan.set_index("year").loc[2025]
    assert fan["p05"] == pytest.approx(250e6) and fan["p95"] == pytest.approx(250e6)
    assert res.fan.set_index("year").loc[2024, "p05"] < res.fan.set_index("year").loc[2024, "p95"]


def test_a_higher_part_year_figure_raises_p_reach():
    low = scenario([fig("2024-01", "2024-09", "=", 150e6)]).p_reach_by_target_year
    high = scenario([fig("2024-01", "2024-09", "=", 250e6)]).p_reach_by_target_year
    assert high > low


def test_a_part_year_growth_ties_the_year_to_the_year_before():
    # Jan-Sep 2025 = 210 and +5 % on Jan-Sep 2024: 2025 is about 1.05 × 2024.
    figures = [
        fig("2025-01", "2025-09", "=", 210e6),
        fig("2025-01", "2025-09", "=", 5.0, "growth_pct_yoy"),
    ]
    cond = scenario(figures, paths=20000).conditioned
    ratio = cond.log_levels[2] - cond.log_levels[1]
    mean = float(np.sum(cond.weights * ratio))
    sd = math.sqrt(float(np.sum(cond.weights * (ratio - mean) ** 2)))
    assert mean == pytest.approx(math.log(1.05), abs=0.03) and sd < 0.1
    assert {u.role for u in cond.used} == {"part_level", "part_growth"}


def test_a_shorter_window_of_the_same_year_is_listed_as_not_used():
    res = scenario([fig("2024-01", "2024-03", "=", 50e6), fig("2024-01", "2024-06", "=", 100e6)])
    assert [e["period_end"] for e in res.evidence_used()] == ["2024-06"]
    assert "longer window" in res.evidence_ignored()[0]["reason"]


def test_figures_that_contradict_every_path_are_an_error():
    with pytest.raises(ValueError, match="contradict every simulated path"):
        scenario([fig("2024-01", "2024-12", ">", 1e15)])


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(210e6, 2e9), min_size=2, max_size=4), st.integers(0, 5))
def test_p_reach_never_rises_with_the_target(targets, seed):
    evidence = [fig("2024-01", "2024-12", ">", 205e6), fig("2025-01", "2025-06", "=", 110e6)]
    probs = [
        scenario(evidence, target=t, seed=seed, paths=1000).p_reach_by_target_year
        for t in sorted(targets)
    ]
    assert all(a >= b for a, b in itertools.pairwise(probs))


def test_publication_dates_stand_for_their_last_possible_month():
    assert published_index("2024") == month_index("2024-12")
    assert published_index("2024-05") == published_index("2024-05-28") == month_index("2024-05")
    assert published_index("") is None
    assert last_full_year("2024-04") == 2023 and last_full_year("2024-12") == 2024


def test_known_mask_reads_periods_and_publications():
    ends = ["2023-12", "2024-03", "2024-06", "2023-12"]
    srcs = ["a", "b", "a", "c"]
    published = {"a": "2024-05-28", "b": "", "c": "2024"}
    assert known_mask(ends, srcs, published, "2024-04").tolist() == [False, True, False, False]
    assert known_mask(ends, srcs, published, "2024-12").tolist() == [True, True, True, True]
    assert known_mask(ends, srcs, published, "2024-04", use_publication=False).tolist() == [
        True,
        True,
        False,
        True,
    ]
    with pytest.raises(ValueError, match="YYYY-MM"):
        known_mask(ends, srcs, published, "April 2024")


@pytest.mark.parametrize(("start", "growths"), [(2021, 2), (2022, 1), (2020, 3), (2019, 4)])
def test_a_spread_from_few_growths_is_said_to_say_little(start, growths):
    """KAZ–TKM rail's two growths (2022–2024) gave P(reach 2 Mt by 2028) = 100 %."""
    params = TargetParams(target_value=400e6, target_year=2028, n_paths=500, seed=0,
                          method="parametric", history=(start, 2023),
                          part_history=NO_PARTS)  # fmt: skip
    notes = [n for n in evaluate_target(HISTORY, params).notes if "rests on the spread" in n]
    if growths >= 4:
        assert notes == []
    else:
        plural = "" if growths == 1 else "s"
        assert notes == [
            f"P(reach) rests on the spread of {growths} yearly growth{plural} "
            + ("(past years' growth drawn again)" if growths == 1
               else "(steady growth with its past spread)")
            + ": too few to say how far the series can swing, so read it as the arithmetic "
            "of that growth more than as a likelihood"
        ]  # fmt: skip


def test_weighted_reach_is_a_probability_whatever_the_rounding():
    from analysis.target import _reach

    weights = np.full(18, 1 / 18)
    weights[0] += 4e-15  # rounding as conditioning leaves it: a sum a few ulps above 1
    assert (np.ones((3, 18)) @ weights > 1).all()
    levels = np.full((3, 18), 5.0)
    assert _reach(levels, weights, 1.0).tolist() == [1.0, 1.0, 1.0]
    assert _reach(levels, weights, 9.0).tolist() == [0.0, 0.0, 0.0]


def test_a_month_that_is_no_month_says_why():
    assert month_error("2024-04") is None and month_error(None) is None and month_error("") is None
    assert month_error("2024-13") == "as_of must be a month in YYYY-MM form, got '2024-13'"
    assert month_error("April 2024") == "as_of must be a month in YYYY-MM form, got 'April 2024'"
