"""The backtest on small panels made here: structure, a known-true model, as-of discipline."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.backtest import BacktestConfig, climatology, eligible_cases, run_backtest
from analysis.forecast import CaseFeatures, fit_pooled_prior, log_change_paths

YEARS = np.arange(1960, 2011)


def random_walk_panel(n_pairs=150, sigma=0.2, seed=1):
    """Independent random walks with one volatility: the random walk baseline is the truth."""
    rng = np.random.default_rng(seed)
    steps = rng.normal(0.0, sigma, size=(n_pairs, len(YEARS)))
    return np.exp(np.log(500e6) + np.cumsum(steps, axis=1))


@pytest.fixture(scope="module")
def result():
    cfg = BacktestConfig(
        origins=(1995, 2004),
        horizon=3,
        min_level=1e6,
        n_paths=400,
        methods=("pooled", "parametric", "bootstrap", "random_walk"),
    )
    return cfg, run_backtest(random_walk_panel(), YEARS, cfg)


def test_every_method_has_every_score(result):
    cfg, res = result
    assert res["cases"] == res["eligible_cases"] == 150 * 10
    for scores in res["methods"].values():
        assert [h["horizon"] for h in scores["horizons"]] == [1, 2, 3]
        for h in scores["horizons"]:
            assert sum(h["pit_histogram"]) == pytest.approx(1.0)
            assert 0 <= h["coverage_p10_p90"] <= h["coverage_p05_p95"] <= 1
            assert h["crps_log"] > 0
        assert len(scores["reach"]) == len(cfg.ratios) * cfg.horizon
        final = [e for e in scores["reach"] if e["horizon"] == 3]
        assert all(sum(b["n"] for b in e["reliability"]) == res["cases"] for e in final)


def test_the_true_model_covers_as_it_should(result):
    _, res = result
    rw = res["methods"]["random_walk"]
    for h in rw["horizons"]:
        assert h["coverage_p10_p90"] == pytest.approx(0.80, abs=0.05), h
        assert h["coverage_p05_p95"] == pytest.approx(0.90, abs=0.04), h
    # Four growths make a poor volatility estimate: the plug-in Normal is too narrow.
    par = res["methods"]["parametric"]
    assert par["horizons"][0]["coverage_p10_p90"] < 0.75


def test_climatology_is_the_share_of_earlier_cases_that_reached():
    # Pair 0 doubles every year, pair 1 is flat: from any origin, half the cases reach 2x
    # within a year; the climatology of origin 2000 counts the origins up to 1999.
    years = np.arange(1990, 2006)
    values = np.vstack([2.0 ** np.arange(len(years)) * 1e6, np.full(len(years), 1e6)])
    cfg = BacktestConfig(
        origins=(2000, 2000), horizon=2, min_level=1.0, ratios=(2.0, 8.0), methods=("parametric",)
    )
    rows, cols = eligible_cases(values, years, cfg)
    clim = climatology(values, years, rows, cols, cfg)[2000]
    assert clim.tolist() == [[0.5, 0.5], [0.0, 0.0]]


def test_a_planted_future_observation_is_never_read():
    values = random_walk_panel(seed=4)
    planted = values.copy()
    planted[:, YEARS > 1999] *= 100.0  # a boom nobody could have seen in 1999
    kw = {"as_of_year": 1999, "horizon": 5, "min_level": 1e6, "window": 4}
    a, b = fit_pooled_prior(values, YEARS, **kw), fit_pooled_prior(planted, YEARS, **kw)
    np.testing.assert_array_equal(a.own, b.own)
    np.testing.assert_array_equal(a.world, b.world)
    assert a.world_drift == b.world_drift
    case = CaseFeatures(np.diff(np.log(values[0, 35:40])), np.log(values[0, 37:40]))
    paths = [
        log_change_paths("pooled", case, 5, 500, np.random.default_rng(0), prior)
        for prior in (a, b)
    ]
    np.testing.assert_array_equal(paths[0], paths[1])


def test_a_backtest_with_no_case_says_why():
    cfg = BacktestConfig(origins=(1995, 1996), min_level=1e15, methods=("parametric",))
    with pytest.raises(ValueError, match="no case in origins 1995:1996"):
        run_backtest(random_walk_panel(), YEARS, cfg)


def test_shares_of_origins_give_the_same_scores():
    cfg = BacktestConfig(
        origins=(1998, 2001),
        horizon=2,
        min_level=1e6,
        n_paths=200,
        methods=("pooled", "parametric"),
    )
    values = random_walk_panel(n_pairs=60, seed=7)
    one = run_backtest(values, YEARS, cfg)
    three = run_backtest(values, YEARS, cfg, mapper=map, processes=3)
    assert one == three


def test_scores_by_size_split_the_cases_by_their_origin_level():
    from analysis.backtest_summary import by_size

    cfg = BacktestConfig(horizon=2, ratios=(1.5, 2.0), methods=("parametric",))
    levels = np.array([60e6, 100e6, 300e6, 6e9])
    # quantiles (cases × horizons × P05, P10, P50, P90, P95): outcomes 0.5 at the last
    # horizon, inside the P10–P90 band of the first two cases only.
    q = np.zeros((4, 2, 5))
    q[:, -1] = [[-1, -1, 0, 1, 2], [-1, -1, 0, 1, 2], [-1, -1, 0, 0.2, 2], [-1, -1, 0, 0.2, 2]]
    y = np.full((4, 2), 0.5)
    prob = np.zeros((4, 2, 2))
    prob[:, 0, -1] = [0.2, 0.4, 0.6, 0.9]
    prob[:, 1, -1] = [0.1, 0.1, 0.3, 0.5]
    observed = np.zeros((2, 2, 4), dtype=bool)
    observed[0, -1] = [True, False, True, False]
    bands = by_size(q, y, prob, observed, levels, cfg)
    assert [(b["low"], b["high"], b["n"]) for b in bands] == [
        (50e6, 200e6, 2),
        (200e6, 1e9, 1),
        (5e9, None, 1),
    ]  # fmt: skip  (no case of $1B–$5B: no band)
    small = bands[0]
    assert small["coverage_p10_p90"] == 1.0
    assert small["reach"] == [
        {"ratio": 1.5, "mean_predicted": pytest.approx(0.3), "observed": 0.5},
        {"ratio": 2.0, "mean_predicted": pytest.approx(0.1), "observed": 0.0},
    ]
    assert bands[1]["coverage_p10_p90"] == 0.0 and bands[2]["reach"][0]["observed"] == 0.0


def test_a_backtest_gives_its_scores_by_size(result):
    _, res = result
    for scores in res["methods"].values():
        bands = scores["by_size"]
        assert bands and sum(b["n"] for b in bands) == res["cases"]
        assert bands[0]["low"] == 1e6  # the backtest's min_level
        assert [b["high"] for b in bands][-1] in (200e6, 1e9, 5e9, None)
