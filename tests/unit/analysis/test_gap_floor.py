"""The worst gap a correct model shows: outcomes drawn by hand, shared worlds, shifts,
and the same cases and probabilities as the backtest."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.backtest import BacktestConfig, run_backtest
from analysis.forecast import PooledParts
from analysis.gap_floor import (
    FloorCase,
    draw_outcomes,
    floor_cases,
    gap_floor,
    shifts,
    summarise_floor,
    worst_gap,
)
from tests.unit.analysis.test_backtest import YEARS, random_walk_panel

H = 5


def case(prob, swings, world_years, origin, own=None, beta=1.0):
    own = np.zeros((3, H)) if own is None else own
    return FloorCase(
        np.atleast_1d(np.asarray(prob, dtype=float)),
        PooledParts(
            own, np.full(H, beta), np.asarray(swings, dtype=float), np.asarray(world_years)
        ),
        origin,
    )


def test_an_outcome_is_an_own_part_plus_beta_times_the_swing():
    own = np.tile([0.1, 0.2, 0.3, 0.2, 0.1], (4, 1))
    c = case([0.5, 0.5, 0.5], np.zeros((1, H)), [1990], 1995, own=own, beta=0.5)
    swing = np.full(H, 0.2)  # path 0.2, 0.3, 0.4, 0.3, 0.2: its maximum is 0.4
    got = draw_outcomes([c], [swing], (1.25, 1.45, 1.5), np.random.default_rng(0))
    # ln 1.25 = 0.223 and ln 1.45 = 0.372 are reached, ln 1.5 = 0.405 is not.
    assert got.tolist() == [[True, True, False]]


def test_the_worst_gap_counts_bins_of_fifty_or_more_over_every_ratio():
    prob = np.column_stack([np.r_[np.full(60, 0.25), np.full(40, 0.75)], np.full(100, 0.55)])
    observed = np.column_stack([np.r_[np.arange(60) < 30, np.zeros(40, bool)], np.arange(100) < 50])
    # Ratio 1: the 0.2-0.3 bin sees 0.5 (gap 0.25); the 0.7-0.8 bin has 40 cases, not
    # counted. Ratio 2: 0.55 said, 0.5 seen.
    assert worst_gap(prob, observed) == pytest.approx(0.25)
    assert worst_gap(prob[:, 1:], observed[:, 1:]) == pytest.approx(0.05)


def test_shifts_are_the_gaps_every_prior_holds():
    a = case(0.5, np.zeros((6, H)), np.arange(1995, 2001), 2005)
    b = case(0.5, np.zeros((7, H)), np.arange(1995, 2002), 2006)
    assert shifts([a, b]) == [5, 6, 7, 8, 9, 10]


def test_a_shifted_replicate_gives_origin_t_the_world_of_t_minus_delta():
    # Origin 2005's prior: +10 in 2000's world, -10 in every other year's; origin 2006's:
    # -10 in every year. The probabilities are right for a shift of 5 years only.
    up = np.where(np.arange(1995, 2001) == 2000, 10.0, -10.0)[:, None] * np.ones(H)
    cases = [case([1.0], up, np.arange(1995, 2001), 2005) for _ in range(60)]
    cases += [case([0.0], np.full((7, H), -10.0), np.arange(1995, 2002), 2006) for _ in range(60)]
    got = gap_floor(cases, (1.5,), replicates=0, rng=np.random.default_rng(0))
    assert got["shifted"].tolist() == [0.0, 1.0, 1.0, 1.0, 1.0, 1.0]


def test_an_origin_shares_its_world_and_a_case_does_not():
    # Half the world's years go up by 10, half down: P = 0.5 is right for every case. With
    # one world per origin, all 100 cases reach or none does: the bin is 0.5 off.
    swings = np.array([np.full(H, 10.0), np.full(H, -10.0)])
    cases = [case([0.5], swings, [1990, 1991], 2000) for _ in range(100)]
    got = gap_floor(cases, (1.5,), replicates=20, rng=np.random.default_rng(3))
    assert got["per_origin"].tolist() == [0.5] * 20
    assert got["per_case"].size == 20 and got["per_case"].max() < 0.2


def test_the_summary_places_the_real_gap_among_the_replicates():
    gaps = {"per_case": np.array([0.02, 0.05, 0.09, 0.12]), "shifted": np.array([])}
    s = summarise_floor(gaps, real=0.09, tolerance=0.08)
    assert list(s) == ["per_case"]  # a mode with no replicate is left out
    assert s["per_case"]["share_within_tolerance"] == 0.5
    assert s["per_case"]["share_at_least_real"] == 0.5
    assert s["per_case"]["median"] == pytest.approx(0.07)


def test_no_case_is_an_error():
    with pytest.raises(ValueError, match="no case"):
        gap_floor([], (1.5,), replicates=1, rng=np.random.default_rng(0))


def test_the_floor_scores_the_backtests_own_cases_and_probabilities():
    cfg = BacktestConfig(
        origins=(1995, 2004), horizon=H, min_level=1e6, n_paths=300, methods=("pooled",),
        sample=1200,
    )  # fmt: skip
    values = random_walk_panel()
    result = run_backtest(values, YEARS, cfg)
    cases, observed = floor_cases(values, YEARS, cfg, mapper=map, processes=2)
    assert len(cases) == result["cases"] == 1200
    prob = np.array([c.prob for c in cases])
    final = [e for e in result["methods"]["pooled"]["reach"] if e["horizon"] == H]
    for j, entry in enumerate(final):
        binned = np.minimum((prob[:, j] * 10).astype(int), 9)  # scoring's own binning
        for b, row in enumerate(entry["reliability"]):
            inside = binned == b
            assert inside.sum() == row["n"]
            if row["n"]:
                assert prob[inside, j].mean() == pytest.approx(row["mean_predicted"])
                assert observed[inside, j].mean() == pytest.approx(row["observed"])
    assert worst_gap(prob, observed) == pytest.approx(
        result["methods"]["pooled"]["checks"]["reliability_gap_worst"]
    )
