"""A backtest diagnostic: ``pooled`` with the world's next five years known.

Not a forecast. A ``pooled`` path is an earlier case's own part plus the pair's exposure
times one drawn stretch of the world (``analysis.forecast``). Here the stretch is not
drawn: it is the world path that followed the origin — the mean log change of every case
of the store at that origin year, read from the whole store, years after the origin
included. Scored on the same cases as ``pooled``, it splits the forecast's error in two:
what the world's next years did, which no figure known at the origin foresaw, and what
the pair's own part gets wrong once the world is known. The backtest reports it beside
the methods (``pooled_world_known``); it is never offered as a method, and the targets
are not asked of it.
"""

from __future__ import annotations

import numpy as np

from analysis.forecast import CaseFeatures, PooledPrior, log_levels, pooled_parts

#: Its name in the backtest's methods.
WORLD_KNOWN = "pooled_world_known"


def realised_worlds(
    values: np.ndarray, rows: np.ndarray, cols: np.ndarray, horizon: int
) -> dict[int, np.ndarray]:
    """Per origin column, the world path that followed it: the mean log change over
    ``1..horizon`` years of the cases ``(rows, cols)`` at that column (every eligible case
    of the store, fully observed)."""
    logv = log_levels(values)
    future = np.stack([logv[rows, cols + h] - logv[rows, cols] for h in range(1, horizon + 1)])
    return {
        int(c): future[:, cols == c].mean(axis=1) for c in np.unique(cols)
    }  # fmt: skip


def world_known_paths(
    case: CaseFeatures,
    prior: PooledPrior,
    world: np.ndarray,
    horizon: int,
    n_paths: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """``(horizon, n_paths)`` log changes: one neighbour's own part (drawn with
    replacement, as ``pooled`` draws it) plus the exposure times the known ``world`` path
    less the long-run centre ``pooled`` puts in the own parts. ``horizon`` at most the
    prior's."""
    if horizon > prior.horizon or world.size < prior.horizon:
        raise ValueError(
            f"the world is known for {world.size} years and the prior fitted over "
            f"{prior.horizon}; {horizon} asked"
        )
    parts = pooled_parts(case, prior)
    centre = prior.world_drift * np.arange(1, prior.horizon + 1)
    swing = world[: prior.horizon] - centre
    own = parts.own[rng.integers(0, parts.own.shape[0], size=n_paths)]
    return np.ascontiguousarray((own + parts.beta * swing).T[:horizon])
