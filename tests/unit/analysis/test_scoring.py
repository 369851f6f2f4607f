"""Scores against hand-computed cases, and CRPS against scoringrules."""

from __future__ import annotations

import numpy as np
import pytest
import scoringrules

from analysis import scoring


def test_coverage_counts_the_ends_as_inside():
    low, high = np.zeros(4), np.ones(4)
    assert scoring.coverage(low, high, np.array([0.5, 2.0, 1.0, 0.0])) == 0.75


def test_pit_counts_ties_half():
    samples = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]])
    assert scoring.pit(samples, np.array([2.5, 2.0])).tolist() == [0.5, 0.375]


def test_pit_histogram_closes_the_last_bin():
    hist = scoring.pit_histogram(np.array([0.05, 0.15, 0.95, 1.0]))
    assert hist == [0.25, 0.25, 0, 0, 0, 0, 0, 0, 0, 0.5]


def test_crps_of_a_two_point_sample_by_hand():
    # E|X - 0| = 0.5 and E|X - X'| = (0 + 1 + 1 + 0) / 4 = 0.5: 0.5 - 0.25.
    assert scoring.crps_ensemble(np.array([[0.0, 1.0]]), np.array([0.0])) == [0.25]


def test_crps_equals_scoringrules_energy_estimator():
    rng = np.random.default_rng(3)
    samples = rng.normal(size=(50, 200)) * rng.uniform(0.1, 2, size=(50, 1))
    y = rng.normal(size=50)
    ours = scoring.crps_ensemble(samples, y)
    theirs = scoringrules.crps_ensemble(y, samples, estimator="nrg")
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_crps_of_a_large_normal_sample_approaches_the_closed_form():
    rng = np.random.default_rng(0)
    samples = rng.normal(1.0, 2.0, size=(1, 200_000))
    got = scoring.crps_ensemble(samples, np.array([0.3]))[0]
    assert got == pytest.approx(scoring.crps_normal(1.0, 2.0, 0.3), rel=5e-3)
    assert scoring.crps_normal(1.0, 2.0, 0.3) == pytest.approx(
        float(scoringrules.crps_normal(0.3, 1.0, 2.0)), rel=1e-9
    )


def test_brier_and_skill_by_hand():
    p, o = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    assert scoring.brier(p, o) == pytest.approx((0.04 + 0.01) / 2)
    assert scoring.brier_skill(p, np.array([0.5, 0.5]), o) == pytest.approx(1 - 0.025 / 0.25)


def test_skill_against_a_perfect_reference_is_undefined():
    with pytest.raises(ValueError, match="perfect"):
        scoring.brier_skill(np.array([0.5]), np.array([1.0]), np.array([1.0]))


def test_reliability_table_by_hand():
    t = scoring.reliability_table(np.array([0.05, 0.07, 0.95, 1.0]), np.array([0, 1, 1, 1.0]))
    assert len(t) == 10 and t["n"].tolist() == [2, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert t.loc[0, "mean_predicted"] == pytest.approx(0.06)
    assert t.loc[0, "observed"] == 0.5
    assert (t.loc[9, "mean_predicted"], t.loc[9, "observed"]) == (pytest.approx(0.975), 1.0)
    assert np.isnan(t.loc[4, "observed"])
    assert scoring.worst_reliability_gap(t, min_n=2) == pytest.approx(0.44)
    assert scoring.worst_reliability_gap(t, min_n=3) == 0.0


@pytest.mark.parametrize(
    "call",
    [
        lambda: scoring.coverage(np.array([]), np.array([]), np.array([])),
        lambda: scoring.brier(np.array([np.nan]), np.array([1.0])),
        lambda: scoring.brier(np.array([0.5]), np.array([0.5])),
        lambda: scoring.pit_histogram(np.array([1.2])),
        lambda: scoring.coverage(np.array([1.0]), np.array([0.0]), np.array([0.5])),
    ],
    ids=["empty", "nan_probability", "outcome_not_binary", "pit_out_of_range", "low_above_high"],
)
def test_bad_input_is_an_error_not_a_score(call):
    with pytest.raises(ValueError):
        call()
