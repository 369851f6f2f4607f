"""The pooled method's world part: its long-run centre and each forecast's exposure to it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.forecast import (
    BETA_BOUNDS,
    MIN_WORLD_PAIRS,
    CaseFeatures,
    PooledPrior,
    fit_pooled_prior,
    library_cases,
    pooled_paths,
    world_drift,
)

H = 3


def test_world_drift_is_the_mean_over_years_of_each_years_mean_growth():
    # 60 pairs grow 10 % a year in log terms, 60 others 30 %: each year's mean is 0.2.
    # One year where 70 of 120 pairs fall below the floor still counts (50 pairs left),
    # and its mean is that of the pairs above the floor the year before.
    n = 2 * MIN_WORLD_PAIRS + 20
    g = np.r_[np.full(n // 2, 0.1), np.full(n - n // 2, 0.3)]
    logv = np.log(1e9) + np.outer(g, np.arange(4))
    values = np.exp(logv)
    assert world_drift(values, min_level=1e8) == pytest.approx(0.2)
    low = values.copy()
    low[: n - MIN_WORLD_PAIRS, 1] = 1e7  # below the floor: year 2's growth skips them
    # Year 1: every pair counted (their year-0 levels are above the floor); year 2: only
    # the last MIN_WORLD_PAIRS pairs (all growing 0.3); year 3: every pair again.
    y1 = (np.log(low[:, 1]) - np.log(low[:, 0])).mean()
    y3 = (np.log(low[:, 3]) - np.log(low[:, 2])).mean()
    assert world_drift(low, min_level=1e8) == pytest.approx((y1 + 0.3 + y3) / 3)


def test_a_year_with_too_few_pairs_is_left_out_and_none_is_an_error():
    values = np.exp(np.log(1e9) + np.outer(np.full(MIN_WORLD_PAIRS - 1, 0.1), np.arange(3)))
    with pytest.raises(ValueError, match="world's growth cannot be estimated"):
        world_drift(values, min_level=1e8)


def _prior(own: np.ndarray, world: np.ndarray, inv: np.ndarray, drift: float) -> PooledPrior:
    """A prior of ``own.shape[0]`` cases, all at distance zero from any case."""
    n = own.shape[0]
    return PooledPrior(
        as_of_year=2000,
        horizon=H,
        min_level=1.0,
        window=4,
        sigma0=0.2,
        rw_sigma=0.2,
        features=np.zeros((n, 4)),
        centre=np.zeros(4),
        spread=np.ones(4),
        own=own,
        world=world,
        world_years=np.arange(world.shape[0]),
        case_world=world[inv],
        world_drift=drift,
    )


CASE = CaseFeatures(np.array([0.1, 0.0, 0.2, -0.1]), np.log([1e8, 1.1e8, 1.2e8]))


def test_cases_that_moved_with_the_world_get_its_paths_around_the_long_run_centre():
    rng = np.random.default_rng(0)
    world = rng.normal(0.3, 0.2, size=(12, H)).cumsum(axis=1)
    inv = rng.integers(0, 12, size=120)
    prior = _prior(np.zeros((120, H)), world, inv, drift=0.02)
    paths = pooled_paths(CASE, prior, H, 400, np.random.default_rng(1))
    centred = world - world.mean(axis=0) + 0.02 * np.arange(1, H + 1)
    # Exposure 1 and no own part: every path is one of the re-centred world paths.
    for p in paths.T:
        assert np.isclose(centred, p).all(axis=1).any()
    assert paths.mean(axis=1) == pytest.approx(0.02 * np.arange(1, H + 1), abs=0.05)


def test_a_pair_that_moved_half_as_much_as_the_world_gets_half_its_swings():
    rng = np.random.default_rng(2)
    world = rng.normal(0.0, 0.3, size=(30, H))
    inv = rng.integers(0, 30, size=600)
    own_noise = rng.normal(0.0, 0.01, size=(600, H))
    # Their paths are half the world's: stored as own = path - world.
    prior = _prior(0.5 * world[inv] + own_noise - world[inv], world, inv, drift=0.0)
    paths = pooled_paths(CASE, prior, H, 4000, np.random.default_rng(3))
    ratio = paths.std(axis=1) / world.std(axis=0)
    assert ratio == pytest.approx(np.full(H, 0.5), abs=0.06)


def test_exposure_is_bounded():
    rng = np.random.default_rng(4)
    world = rng.normal(0.0, 0.3, size=(30, H))
    inv = rng.integers(0, 30, size=600)
    prior = _prior(-5.0 * world[inv] - world[inv], world, inv, drift=0.0)  # slope -5
    paths = pooled_paths(CASE, prior, H, 2000, np.random.default_rng(5))
    # At the lower bound (0) the world adds nothing: only the own parts move the paths,
    # and those are -5 times their own years' world paths.
    assert BETA_BOUNDS[0] == 0.0
    assert paths.std(axis=1) == pytest.approx(5.0 * world[inv].std(axis=0), rel=0.1)


def _noisy_prior(seed: int) -> PooledPrior:
    """300 cases of noisy own paths on ten noisy world paths, drift 0.05."""
    rng = np.random.default_rng(seed)
    world = rng.normal(0.05, 0.1, size=(10, H)).cumsum(axis=1)
    inv = rng.integers(0, 10, size=300)
    return _prior(rng.normal(0, 0.1, size=(300, H)), world, inv, drift=0.05)


def test_paths_beyond_the_prior_horizon_go_on():
    prior = _noisy_prior(6)
    paths = pooled_paths(CASE, prior, H + 4, 500, np.random.default_rng(7))
    assert paths.shape == (H + 4, 500)
    assert np.isfinite(paths).all()
    assert paths[-1].std() > paths[H - 1].std() * 0.9
    assert not math.isclose(float(paths[-1].mean()), float(paths[H - 1].mean()), abs_tol=1e-9)


def test_a_longer_simulation_begins_with_the_same_draws():
    # A scenario simulated further (a later target year) must show the same numbers for
    # the years both cover: the page reuses one simulation for every target year.
    prior = _noisy_prior(8)
    short = pooled_paths(CASE, prior, H + 3, 400, np.random.default_rng(9))
    long = pooled_paths(CASE, prior, H + 30, 400, np.random.default_rng(9))
    assert long.shape == (H + 30, 400)
    np.testing.assert_array_equal(long[: H + 3], short)
    assert not np.array_equal(long[H + 3], long[H + 2])  # and it goes on moving


YEARS = np.arange(1960, 2011)


def walks(n_pairs: int = 150, seed: int = 1, world_sd: float = 0.1, own_sd: float = 0.15):
    """Random walks around $500M with a world swing shared by every pair each year."""
    rng = np.random.default_rng(seed)
    world = rng.normal(0.03, world_sd, size=len(YEARS))
    steps = rng.normal(0.0, own_sd, size=(n_pairs, len(YEARS))) + world
    return np.exp(np.log(500e6) + np.cumsum(steps, axis=1))


def test_an_origin_year_with_few_cases_gives_no_world_stretch():
    values = walks()
    # One pair alone runs five years past the others: its own path would be the "world"
    # of its origin years. Those origins hold one case each and are left out.
    cut = values.copy()
    cut[1:, -5:] = np.nan
    full = fit_pooled_prior(values, YEARS, as_of_year=2010, min_level=50e6)
    thin = fit_pooled_prior(cut, YEARS, as_of_year=2010, min_level=50e6)
    assert full.world_years.max() == 2005  # origins to 2010 - 5 when every pair is held
    assert thin.world_years.max() == 2000  # 2001-2005 hold one case each: left out
    kw = {"as_of_year": 2010, "horizon": 5, "min_level": 50e6, "window": 4}
    _, cols = library_cases(values, YEARS, **kw)
    late = int((YEARS[cols] > 2000).sum())
    assert late > 5 * MIN_WORLD_PAIRS
    assert thin.n_cases == full.n_cases - late
    counts = np.unique(thin.case_world, axis=0, return_counts=True)[1]
    assert counts.min() >= MIN_WORLD_PAIRS


def test_too_few_cases_once_thin_origins_are_left_out_is_an_error():
    values = walks(n_pairs=MIN_WORLD_PAIRS - 1)
    with pytest.raises(ValueError, match=f"{MIN_WORLD_PAIRS} or more of the same origin"):
        fit_pooled_prior(values, YEARS, as_of_year=2010, min_level=50e6)
