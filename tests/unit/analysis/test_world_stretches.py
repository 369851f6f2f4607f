"""P(reach) by the stretch of the world's history each pooled path drew."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.evidence import Figure
from analysis.forecast import (
    CaseFeatures,
    fit_pooled_prior,
    pooled_draws,
    pooled_parts,
    pooled_paths,
)
from analysis.target import TargetParams, evaluate_target
from analysis.world_stretches import Stretch, WorldDraws, by_stretch, thirds, world_words
from tests.unit.analysis.test_forecast import YEARS, walks

BOUND = Figure("2011-01", "2011-12", ">", 560e6, "level", ("press:test",))
CASE = CaseFeatures(np.array([0.1, 0.0, 0.2, -0.1]), np.log([4e8, 4.4e8, 5e8]))


@pytest.fixture(scope="module")
def prior():
    return fit_pooled_prior(walks(), YEARS, as_of_year=2010, min_level=50e6)


def test_each_path_is_an_own_part_plus_the_exposure_times_the_stretch_it_drew(prior):
    drew = pooled_draws(CASE, prior, 5, 300, np.random.default_rng(4))
    same = pooled_paths(CASE, prior, 5, 300, np.random.default_rng(4))
    np.testing.assert_array_equal(drew.changes, same)  # the same draws as before
    parts = pooled_parts(CASE, prior)
    own = drew.changes.T - parts.beta * parts.swings[drew.world]
    # What is left of each path, once its world stretch is taken out, is one own part.
    for row in own:
        assert np.isclose(parts.own, row, atol=1e-9).all(axis=1).any()
    # Several stretches were drawn, each with its own swing (the index is not constant).
    assert len(set(drew.world.tolist())) > 10


def test_stretches_by_hand():
    draws = WorldDraws(
        index=np.array([0, 0, 1, 1, 1, 2]),
        years=np.array([2000, 2001, 2002]),
        swings=np.array([[0.1, 0.3], [-0.2, -0.4], [0.0, 0.5]]),
    )
    hit = np.array([True, False, True, True, False, True])
    w = np.array([0.1, 0.3, 0.2, 0.2, 0.0, 0.2])
    got = by_stretch(draws, hit, w, years_ahead=1)
    # Ordered by the world's change one year ahead: 2001 (-0.2), 2002 (0.0), 2000 (0.1).
    assert [(s.start, s.end) for s in got] == [(2001, 2003), (2002, 2004), (2000, 2002)]
    assert [s.change for s in got] == [-0.2, 0.0, 0.1]
    assert [s.drawn for s in got] == pytest.approx([0.5, 1 / 6, 1 / 3])
    assert [s.weight for s in got] == pytest.approx([0.4, 0.2, 0.4])
    assert [s.p_reach for s in got] == pytest.approx([1.0, 1.0, 0.25])
    # Two years ahead the order follows the two-year change: 2001, 2000, 2002.
    assert [s.start for s in by_stretch(draws, hit, w, years_ahead=2)] == [2001, 2000, 2002]
    # Unweighted: every path alike.
    alike = by_stretch(draws, hit, None, years_ahead=1)
    assert [s.p_reach for s in alike] == pytest.approx([2 / 3, 1.0, 0.5])


def test_a_stretch_whose_paths_weigh_nothing_has_no_probability():
    draws = WorldDraws(np.array([0, 1]), np.array([2000, 2001]), np.zeros((2, 1)))
    got = by_stretch(draws, np.array([True, False]), np.array([1.0, 0.0]), years_ahead=1)
    assert {s.start: s.p_reach for s in got} == {2000: 1.0, 2001: None}
    assert {s.start: s.weight for s in got} == {2000: 1.0, 2001: 0.0}


def test_thirds_hold_every_stretch_and_average_to_the_whole():
    stretches = [
        Stretch(2000 + i, 2005 + i, float(i), 1 / 7, w, p)
        for i, (w, p) in enumerate(
            [(0.1, 0.0), (0.2, 0.1), (0.2, 0.3), (0.2, 0.5), (0.0, None), (0.2, 0.9), (0.1, 1.0)]
        )
    ]
    got = thirds(stretches)
    assert [g.starts for g in got] == [(2000, 2002), (2003, 2004), (2005, 2006)]
    assert [g.weight for g in got] == pytest.approx([0.5, 0.2, 0.3])
    assert [g.p_reach for g in got] == pytest.approx([0.08 / 0.5, 0.5, 0.28 / 0.3])
    whole = sum(s.weight * s.p_reach for s in stretches if s.p_reach is not None)
    assert sum(g.weight * g.p_reach for g in got) == pytest.approx(whole)
    assert len(thirds(stretches[:2])) == 2
    assert thirds([]) == [] and world_words([], 2015, 2010) == ""


def scenario(prior, evidence=()):
    history = pd.Series(400e6 * np.array([1.0, 1.2, 0.9, 1.1, 1.25]), index=range(2006, 2011))
    params = TargetParams(
        target_value=800e6, target_year=2015, n_paths=4000, prior=prior, evidence=evidence
    )
    return evaluate_target(history, params)


@pytest.mark.parametrize("evidence", [(), (BOUND,)])
def test_the_stretches_weighted_give_the_forecasts_p_reach(prior, evidence):
    res = scenario(prior, evidence)
    assert res.method == "pooled" and len(res.by_world) == prior.world_years.size
    assert sum(s.weight for s in res.by_world) == pytest.approx(1.0)
    whole = sum(s.weight * s.p_reach for s in res.by_world if s.p_reach is not None)
    assert whole == pytest.approx(res.p_reach_by_target_year)
    # The world decides part of the answer: the worst third's P is below the best's.
    low, *_, high = thirds(res.by_world)
    assert low.p_reach is not None and high.p_reach is not None
    assert low.p_reach < res.p_reach_by_target_year < high.p_reach
    rows = res.to_dict()["p_reach_by_world"]
    assert [r["world_start"] for r in rows] == [s.start for s in res.by_world]
    assert set(rows[0]) == {
        "world_start", "world_end", "world_change", "share_drawn", "weight", "p_reach",
    }  # fmt: skip


def test_a_bound_moves_weight_toward_the_stretches_it_agrees_with(prior):
    free = scenario(prior)
    bound = scenario(prior, (BOUND,))
    low_free, low_bound = thirds(free.by_world)[0], thirds(bound.by_world)[0]
    # A good first year is likelier in a good world: the worst third loses weight.
    assert low_bound.weight < low_free.weight
    assert all(s.weight == pytest.approx(s.drawn) for s in free.by_world)


def test_methods_without_a_world_part_give_no_stretches(prior):
    history = pd.Series(400e6 * np.array([1.0, 1.2, 0.9, 1.1, 1.25]), index=range(2006, 2011))
    params = TargetParams(800e6, 2015, n_paths=500, method="parametric", prior=prior)
    res = evaluate_target(history, params)
    assert res.by_world == [] and res.to_dict()["p_reach_by_world"] == []


def test_the_sentence_says_how_much_the_world_moves_the_answer():
    def stretches(ps, weights=None):
        weights = weights or [1 / len(ps)] * len(ps)
        return [
            Stretch(2000 + i, 2005 + i, float(i), 1 / len(ps), w, p)
            for i, (p, w) in enumerate(zip(ps, weights, strict=True))
        ]

    wide = world_words(stretches([0.1, 0.2, 0.4, 0.5, 0.7, 0.9]), 2028, 2023)
    assert wide == (
        "P(reach by 2028) turns on the world's next years, which a pair's own figures do "
        "not foresee: 15% if they go as the worst third of the 6 five-year stretches of the "
        "stores' pairs did (from 2000 and 2001), 45% as the middle third, 80% as the best "
        "(from 2004 and 2005)."
    )
    flat = world_words(stretches([0.40, 0.42, 0.41, 0.45, 0.44, 0.46]), 2028, 2023)
    assert flat.startswith("P(reach by 2028) moves little with the world's next years")
    short = [Stretch(2000 + i, 2003 + i, float(i), 1 / 3, 1 / 3, 0.1 * i) for i in range(3)]
    assert "of the 3 three-year stretches" in world_words(short, 2028, 2023)
    # A target already held (or out of reach) in every world is said in one clause.
    held = world_words(stretches([1.0] * 6), 2030, 2023)
    assert held == (
        "P(reach by 2030) is 100% whichever of the 6 five-year stretches of the stores' "
        "pairs the world's next years go as."
    )
    moved = world_words(stretches([0.1, 0.3, 0.6], [0.2, 0.3, 0.5]), 2030, 2023)
    assert moved.endswith(
        "The figures since 2023 make the worst third weigh 20% of the answer rather than 33%."
    )
