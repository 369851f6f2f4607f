"""Simulated paths of a yearly series: the methods the scenarios and the backtest share.

A method turns what is known at the base year into ``n_paths`` simulated paths of the log
change ``ln(level[base + k] / level[base])``, ``k = 1..horizon``, shape ``(horizon,
n_paths)``. Levels are in base units; growths are yearly log growths. Methods:

* ``parametric`` — yearly log growth ~ Normal(mean, sd) of the window's growths.
* ``bootstrap`` — each year draws one of the window's growths, with replacement.
* ``random_walk`` — no drift; yearly log growth ~ Normal(0, pooled sd), the pooled sd
  being the root mean square of the earlier cases' yearly growths (a baseline).
* ``pooled`` — the default: the paths that followed the most similar earlier cases of
  the stores (see :class:`PooledPrior`), each split into the world's part and the pair's
  own, the two drawn apart; the world's part is centred on the world's long-run growth
  as of the forecast, and weighted by the neighbours' own exposure to it.

Why ``pooled`` (the backtest in the README measures it): growth over four years does
not persist, one pair's four growths say little about its volatility, and a random walk
overstates how often a level touches a target. Earlier cases like this one — as volatile,
as large, as far above or below their own recent level, growing as fast — say what
followed such a start, first-passage behaviour included, with no distribution assumed.
And most of what happens to a pair over five years happens to every pair at once (a
world boom or bust): the share of the stores' pairs reaching 1.776× their level in five
years ran from 13 % (2014 origins) to 73 % (2003). Matching pairs on their own features
cannot forecast that; the world's part of each earlier path is taken out and a world
path drawn from every five years the stores hold is put in. Two things keep that world
part honest (each measured by the backtest, README "Forecast quality"):

* its centre is the world's mean yearly growth over *every* year the stores hold up to
  the forecast (not only over the origins whose five years are complete, which at any
  date over-weigh the boom that has just ended): the world's deviations from its mean
  keep their shape, the drift is the long run's;
* a pair's exposure to the world's swings around that centre is what its neighbours
  showed: per year ahead, the slope of their log changes on their own years' world
  paths (bounded to :data:`BETA_BOUNDS`), so very large, steady pairs that moved less
  than the world are not given its swings in full.

Everything a method knows comes from its arguments: the caller cuts the history at the
``as_of`` date and fits the :class:`PooledPrior` on cases fully observed by then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

Method = Literal["parametric", "bootstrap", "random_walk", "pooled"]
METHODS: tuple[Method, ...] = ("pooled", "parametric", "bootstrap", "random_walk")
DEFAULT_METHOD: Method = "pooled"

#: Years of a pooled path: five, the horizon of the backtest's targets; a scenario
#: further out continues with yearly steps (see :func:`pooled_paths`).
POOLED_HORIZON = 5
#: Weight, in growth observations, of the pooled volatility in a pair's shrunk one.
SHRINK_KAPPA = 1.0
#: Levels averaged into the pair's recent level (the base year and the two before).
RECENT_YEARS = 3
#: Earlier cases a pooled prior needs before it is used.
MIN_LIBRARY = 200
#: Nearest earlier cases whose paths make a pooled forecast.
NEIGHBOURS = 150
#: Weights of ``[ln shrunk sd, log level, deviation, drift]`` in the neighbours' distance:
#: volatility decides most how far a level can travel, so it counts twice.
FEATURE_WEIGHTS = np.array([2.0, 1.0, 1.0, 1.0])
#: Pairs a year needs (level >= the prior's floor the year before) to count in the
#: world's yearly growth, and cases an origin year needs for its world path (a stretch
#: of one pair's path is that pair's, not the world's: its cases are left out).
MIN_WORLD_PAIRS = 50
#: Bounds of a forecast's exposure to the world's path (see :func:`pooled_paths`).
BETA_BOUNDS = (0.0, 2.0)


@dataclass(frozen=True)
class CaseFeatures:
    """What a case contributes: its window's growths and its recent log levels."""

    growths: np.ndarray
    recent: np.ndarray  # log levels, oldest first, the last one at the base year

    @property
    def log_level(self) -> float:
        return float(self.recent[-1])

    @property
    def deviation(self) -> float:
        """Log level at the base year less the mean of the last :data:`RECENT_YEARS`."""
        return float(self.recent[-1] - self.recent.mean())

    @property
    def drift(self) -> float:
        return float(self.growths.mean()) if self.growths.size else 0.0

    def shrunk_sigma(self, sigma0: float, kappa: float = SHRINK_KAPPA) -> float:
        """``sqrt(((n-1) s² + κ σ0²) / (n - 1 + κ))``: the window's sd with ``n - 1``
        degrees of freedom, pulled toward ``σ0`` with the weight of ``κ`` of them."""
        g = self.growths
        ss = float(((g - g.mean()) ** 2).sum()) if g.size > 1 else 0.0
        return math.sqrt((ss + kappa * sigma0**2) / (max(g.size - 1, 0) + kappa))


@dataclass(frozen=True)
class PooledPrior:
    """What the stores' earlier cases say, as of ``as_of_year``.

    A *case* is a pair and an origin year ``t`` with the level at ``t`` at least
    ``min_level``, ``window`` growths up to ``t`` and every year to ``t + horizon`` stated
    and positive, all by ``as_of_year`` (see :func:`library_cases`), ``t`` holding
    :data:`MIN_WORLD_PAIRS` cases or more. Kept from them:

    * ``features``: per case ``[ln shrunk sd, log level, deviation, drift]``, centred on
      their medians and divided by their interquartile ranges (``centre``, ``spread``),
      so that a distance weighs the four alike;
    * ``own``: each case's log-change path less the world's path of its origin year;
    * ``world``: the world's paths, one per origin year (the mean path of that year's
      cases), drawn into every forecast around ``world_drift``;
    * ``case_world``: per case, the world path of its origin year (so ``own +
      case_world`` is the case's own log-change path);
    * ``world_drift``: the world's mean yearly log growth over every year of the stores
      up to ``as_of_year`` (the mean log growth of the pairs at or above ``min_level``
      the year before, years with :data:`MIN_WORLD_PAIRS` such pairs);
    * ``sigma0``: the cases' median volatility (the target of the shrinkage); ``rw_sigma``:
      the root mean square of their yearly growths (the random walk's volatility).
    """

    as_of_year: int
    horizon: int
    min_level: float
    window: int
    sigma0: float
    rw_sigma: float
    features: np.ndarray  # (cases, 4)
    centre: np.ndarray  # (4,)
    spread: np.ndarray  # (4,)
    own: np.ndarray  # (cases, horizon)
    world: np.ndarray  # (origin years, horizon)
    world_years: np.ndarray
    case_world: np.ndarray  # (cases, horizon)
    world_drift: float

    @property
    def n_cases(self) -> int:
        return int(self.own.shape[0])


def log_levels(values: np.ndarray) -> np.ndarray:
    """``ln`` of the positive levels; NaN where a level is missing, zero or negative."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(values > 0, np.log(np.where(values > 0, values, 1.0)), np.nan)


def library_cases(
    values: np.ndarray,
    years: np.ndarray,
    *,
    as_of_year: int,
    horizon: int,
    min_level: float,
    window: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Rows and origin columns of every case fully observed by ``as_of_year``.

    ``values``: levels, pairs × ``years`` (base units; NaN, zero and negative years are
    not usable). A case at column ``j`` needs the level at ``j`` >= ``min_level`` and
    positive levels stated from ``j - window`` to ``j + horizon``, that last year
    <= ``as_of_year``.
    """
    ok = values > 0  # NaN compares False
    last = int(np.searchsorted(years, as_of_year, side="right")) - 1 - horizon
    rows, cols = [], []
    for j in range(window, last + 1):
        r = np.flatnonzero(
            ok[:, j - window : j + horizon + 1].all(axis=1) & (values[:, j] >= min_level)
        )
        rows.append(r)
        cols.append(np.full(r.size, j))
    if not rows:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def world_drift(values: np.ndarray, *, min_level: float) -> float:
    """Mean yearly log growth of the world: per year, the mean of ``ln(v[t] / v[t-1])``
    over the pairs with ``v[t-1] >= min_level`` and ``v[t] > 0`` (years with at least
    :data:`MIN_WORLD_PAIRS` of them), then the mean over those years. ``values``: pairs ×
    years, already cut at the forecast's ``as_of``. No such year → ``ValueError``."""
    logv = log_levels(values)
    prev, cur = values[:, :-1], values[:, 1:]
    ok = (prev >= min_level) & (cur > 0)
    counts = ok.sum(axis=0)
    growth = np.where(ok, logv[:, 1:] - np.where(ok, logv[:, :-1], 0.0), 0.0)
    years = counts >= MIN_WORLD_PAIRS
    if not years.any():
        raise ValueError(
            f"no year of the stores has {MIN_WORLD_PAIRS} pairs at or above {min_level:g} "
            "the year before: the world's growth cannot be estimated"
        )
    return float((growth.sum(axis=0)[years] / counts[years]).mean())


def _features(shrunk: np.ndarray, recent: np.ndarray, growths: np.ndarray) -> np.ndarray:
    """``[ln shrunk sd, log level, deviation, drift]`` per case (rows)."""
    return np.column_stack(
        [np.log(shrunk), recent[:, -1], recent[:, -1] - recent.mean(axis=1), growths.mean(axis=1)]
    )


def fit_pooled_prior(
    values: np.ndarray,
    years: np.ndarray,
    *,
    as_of_year: int,
    horizon: int = POOLED_HORIZON,
    min_level: float = 50e6,
    window: int = 4,
) -> PooledPrior:
    """Fit :class:`PooledPrior` on the cases of ``values`` fully observed by ``as_of_year``.

    Fewer than :data:`MIN_LIBRARY` cases → ``ValueError`` (with the count): a pooled
    distribution of a few paths is not a distribution.
    """
    if window < RECENT_YEARS - 1:
        raise ValueError(f"window must be >= {RECENT_YEARS - 1} growths, got {window}")
    years = np.asarray(years, dtype=np.int64)
    rows, cols = library_cases(
        values, years, as_of_year=as_of_year, horizon=horizon, min_level=min_level, window=window
    )
    keep = np.bincount(cols, minlength=years.size)[cols] >= MIN_WORLD_PAIRS
    rows, cols = rows[keep], cols[keep]
    if rows.size < MIN_LIBRARY:
        raise ValueError(
            f"the stores hold {rows.size} earlier cases fully observed by {as_of_year} "
            f"(level >= {min_level:g}, {window} growths before, {horizon} years after, "
            f"{MIN_WORLD_PAIRS} or more of the same origin year); the pooled method needs "
            f"{MIN_LIBRARY}"
        )
    logv = log_levels(values)
    g = np.stack(
        [logv[rows, cols - window + k + 1] - logv[rows, cols - window + k] for k in range(window)],
        axis=1,
    )
    recent = np.stack([logv[rows, cols - k] for k in range(RECENT_YEARS - 1, -1, -1)], axis=1)
    sigma0 = float(np.sqrt(np.median(g.var(axis=1, ddof=1))))
    ss = ((g - g.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    shrunk = np.sqrt((ss + SHRINK_KAPPA * sigma0**2) / (window - 1 + SHRINK_KAPPA))
    feats = _features(shrunk, recent, g)
    centre = np.median(feats, axis=0)
    spread = np.quantile(feats, 0.75, axis=0) - np.quantile(feats, 0.25, axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    future = np.stack(
        [logv[rows, cols + h] - logv[rows, cols] for h in range(1, horizon + 1)], axis=1
    )
    origin, inv = np.unique(cols, return_inverse=True)
    counts = np.bincount(inv)
    world = np.stack(
        [np.bincount(inv, weights=future[:, h]) / counts for h in range(horizon)], axis=1
    )
    return PooledPrior(
        as_of_year=as_of_year,
        horizon=horizon,
        min_level=float(min_level),
        window=window,
        sigma0=sigma0,
        rw_sigma=float(np.sqrt(np.mean(g**2))),
        features=(feats - centre) / spread,
        centre=centre,
        spread=spread,
        own=future - world[inv],
        world=world,
        world_years=years[origin],
        case_world=world[inv],
        # Years after as_of_year are never read (the planted-future test).
        world_drift=world_drift(
            values[:, : int(np.searchsorted(years, as_of_year, side="right"))],
            min_level=min_level,
        ),
    )


@dataclass(frozen=True)
class PooledParts:
    """What :func:`pooled_paths` draws from for one case: ``own`` (neighbours × years),
    the neighbours' own parts with the long-run centre put in; ``beta`` (years), the
    exposure to the world's swings; ``swings`` (origin years × years), the world paths of
    the prior less their mean, one per ``world_years``."""

    own: np.ndarray
    beta: np.ndarray
    swings: np.ndarray
    world_years: np.ndarray


def pooled_parts(case: CaseFeatures, prior: PooledPrior) -> PooledParts:
    """The :data:`NEIGHBOURS` earlier cases nearest to ``case`` (distance on the scaled
    features, weighted by :data:`FEATURE_WEIGHTS`) give, per year ahead ``h``, their
    exposure ``β_h`` to the world's swings (the least-squares slope of their log changes
    on their own years' world paths, bounded to :data:`BETA_BOUNDS`) and their own parts:
    their paths with the stores' mean world path replaced by ``world_drift × h`` and
    ``β_h`` times their own years' swing around it taken out."""
    sigma = case.shrunk_sigma(prior.sigma0)
    f = _features(np.array([sigma]), case.recent[None, :], case.growths[None, :])[0]
    scaled = (prior.features - (f - prior.centre) / prior.spread) * FEATURE_WEIGHTS
    dist = (scaled**2).sum(axis=1)
    k = min(NEIGHBOURS, dist.size)
    near = np.argpartition(dist, k - 1)[:k]
    their_world = prior.case_world[near]  # (k, H)
    theirs = prior.own[near] + their_world  # the neighbours' own log-change paths
    x = their_world - their_world.mean(axis=0)
    y = theirs - theirs.mean(axis=0)
    sxx = (x * x).sum(axis=0)
    beta = np.where(sxx > 1e-12, (x * y).sum(axis=0) / np.where(sxx > 1e-12, sxx, 1.0), 1.0)
    beta = np.clip(beta, *BETA_BOUNDS)
    mean_world = prior.world.mean(axis=0)
    centre = prior.world_drift * np.arange(1, prior.horizon + 1)
    # The stores' mean world path is replaced in full by the long-run centre; the
    # exposure scales the world's swings around it.
    own = theirs - mean_world - beta * (their_world - mean_world) + centre
    return PooledParts(own, beta, prior.world - mean_world, prior.world_years)


def pooled_paths(
    case: CaseFeatures, prior: PooledPrior, horizon: int, n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    """``(horizon, n_paths)`` log changes from the base year (:func:`pooled_draws`)."""
    return pooled_draws(case, prior, horizon, n_paths, rng).changes


@dataclass(frozen=True)
class PooledDraws:
    """``changes`` (horizon × paths), ``world`` (per path, the row of ``parts.swings``
    and ``parts.world_years`` its first years drew) and ``parts``."""

    changes: np.ndarray
    world: np.ndarray
    parts: PooledParts


def pooled_draws(
    case: CaseFeatures, prior: PooledPrior, horizon: int, n_paths: int, rng: np.random.Generator
) -> PooledDraws:
    """Path ``i`` is one neighbour's own part (drawn with replacement) plus ``β_h`` times one
    world swing (one origin year's world path less the mean path, drawn from every year
    the prior holds; see :func:`pooled_parts`). Beyond the prior's horizon a path goes on
    with last-year steps of other drawn paths, so a 2040 scenario still has a fan (the
    caller notes it).
    """
    parts = pooled_parts(case, prior)
    own, beta, world = parts.own, parts.beta, parts.swings
    k = own.shape[0]
    which = rng.integers(0, world.shape[0], size=n_paths)
    paths = (own[rng.integers(0, k, size=n_paths)] + beta * world[which]).T  # (H, n)
    if horizon <= prior.horizon:
        return PooledDraws(np.ascontiguousarray(paths[:horizon]), which, parts)
    steps = np.diff(own, axis=1)[:, -1]
    wsteps = beta[-1] * np.diff(world, axis=1)[:, -1]
    # Year by year, so that the first years of a longer simulation are the same draws.
    more = np.empty((horizon - prior.horizon, n_paths))
    for j in range(more.shape[0]):
        more[j] = steps[rng.integers(0, k, size=n_paths)]
        more[j] += wsteps[rng.integers(0, wsteps.size, size=n_paths)]
    return PooledDraws(np.vstack([paths, paths[-1] + np.cumsum(more, axis=0)]), which, parts)


def log_change_paths(
    method: Method,
    case: CaseFeatures,
    horizon: int,
    n_paths: int,
    rng: np.random.Generator,
    prior: PooledPrior | None = None,
) -> np.ndarray:
    """``(horizon, n_paths)`` simulated log changes from the base year (module docstring).

    ``parametric`` needs >= 2 growths, ``bootstrap`` >= 1; ``random_walk`` and ``pooled``
    need a ``prior`` (``ValueError`` otherwise, with the reason).
    """
    g = case.growths
    shape = (horizon, n_paths)
    if method == "parametric":
        if g.size < 2:
            raise ValueError(f"parametric simulation needs >= 2 growth points, got {g.size}")
        steps = rng.normal(float(g.mean()), float(g.std(ddof=1)), size=shape)
    elif method == "bootstrap":
        if g.size < 1:
            raise ValueError("bootstrap simulation needs >= 1 growth point, got 0")
        steps = g[rng.integers(0, g.size, size=shape)]
    elif method == "random_walk":
        if prior is None:
            raise ValueError("random_walk needs the pooled volatility of the stores' cases")
        steps = rng.normal(0.0, prior.rw_sigma, size=shape)
    elif method == "pooled":
        if prior is None:
            raise ValueError("pooled needs a prior fitted on the stores' earlier cases")
        return pooled_paths(case, prior, horizon, n_paths, rng)
    else:
        raise ValueError(f"unknown method {method!r}; one of {', '.join(METHODS)}")
    return np.cumsum(steps, axis=0)
