"""The backtest's diagnostic: ``pooled`` with the world's next five years known."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from analysis.backtest import ALL_METHODS, BacktestConfig, run_backtest
from analysis.world_known import WORLD_KNOWN, realised_worlds, world_known_paths
from tests.unit.analysis.test_forecast import CASE, YEARS, H, _prior, walks


def test_the_realised_world_is_the_mean_path_of_the_origins_cases():
    values = np.exp(np.array([[0.0, 0.1, 0.3, 0.2], [1.0, 1.3, 1.2, 1.6], [2.0, 2.0, 2.5, 2.1]]))
    rows, cols = np.array([0, 1, 2, 0]), np.array([0, 0, 0, 1])
    got = realised_worlds(values, rows, cols, horizon=2)
    assert sorted(got) == [0, 1]
    np.testing.assert_allclose(got[0], [(0.1 + 0.3 + 0.0) / 3, (0.3 + 0.2 + 0.5) / 3])
    np.testing.assert_allclose(got[1], [0.2, 0.1])


def test_with_no_own_part_every_path_is_the_known_world():
    rng = np.random.default_rng(0)
    world = rng.normal(0.3, 0.2, size=(12, H)).cumsum(axis=1)
    prior = _prior(np.zeros((120, H)), world, rng.integers(0, 12, size=120), drift=0.02)
    known = np.array([-0.3, -0.1, 0.4])
    paths = world_known_paths(CASE, prior, known, H, 50, np.random.default_rng(1))
    # Exposure 1 (the cases moved with the world), own parts the long-run centre alone.
    np.testing.assert_allclose(paths, np.repeat(known[:, None], 50, axis=1), atol=1e-12)
    with pytest.raises(ValueError, match="the world is known for 2 years"):
        world_known_paths(CASE, prior, known[:2], H, 50, np.random.default_rng(1))


def test_knowing_the_world_scores_better_where_the_world_moves_every_pair():
    # Pairs sharing a strong world swing: knowing it must cut the error. It is last in
    # ALL_METHODS, so every other method keeps its random streams.
    assert ALL_METHODS[-1] == WORLD_KNOWN
    cfg = BacktestConfig(origins=(1995, 2004), horizon=3, min_level=1e6, n_paths=300,
                         methods=("pooled", WORLD_KNOWN))  # fmt: skip
    panel = walks(world_sd=0.2, own_sd=0.08)
    res = run_backtest(panel, YEARS, cfg)
    plain, known = res["methods"]["pooled"], res["methods"][WORLD_KNOWN]
    for a, b in zip(plain["horizons"], known["horizons"], strict=True):
        assert b["crps_log"] < 0.8 * a["crps_log"], (a, b)
    skill = {m: [e["brier_skill"] for e in s["reach"]] for m, s in res["methods"].items()}
    assert min(np.subtract(skill[WORLD_KNOWN], skill["pooled"])) > 0
    alone = run_backtest(panel, YEARS, replace(cfg, methods=("pooled",)))
    assert alone["methods"]["pooled"] == plain  # the diagnostic changes nothing else
