"""Rolling-origin backtest of the forecast methods on a panel of yearly levels.

A *case* is a pair and an origin year ``T``: the level at ``T`` is at least
``min_level``, the ``window`` growths up to ``T`` are stated, and so is every year from
``T + 1`` to ``T + horizon`` (the outcome). Each method forecasts the case as of the
origin's December: it reads the pair's levels up to ``T`` only, and the pooled methods'
priors are fitted on cases fully observed by ``T`` (``t + horizon <= T``). Scores per
method and horizon ``h`` (log changes ``ln(level[T + h] / level[T])``):

* coverage of the P10–P90 and P5–P95 intervals (order statistics of the paths);
* a 10-bin PIT histogram;
* mean CRPS of the log change (scale-free, so small and large pairs weigh alike);
* per ratio ``r``: P(reach) = P(the level is ``>= r × level[T]`` in some year
  ``T + 1 .. T + h``), its Brier score, the Brier score of the **as-of climatology**
  (the share of earlier cases, fully observed by ``T``, whose level reached ``r`` times
  their origin's within ``h`` years) and the skill ``1 - Brier / Brier_climatology``;
  and, at the full horizon, a 10-bin reliability table.

Pure: arrays in, a JSON-ready dict out. The ``ets`` baseline fits statsmodels' ETS
(A,N,N), the local-level (level-plus-noise) model, on the log levels; it is imported
only when asked for (``pip install 'tradedash[backtest]'``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from analysis import scoring
from analysis.backtest_summary import (
    summarise,
)
from analysis.forecast import (
    METHODS,
    CaseFeatures,
    PooledPrior,
    fit_pooled_prior,
    library_cases,
    log_change_paths,
    log_levels,
)
from analysis.world_known import WORLD_KNOWN, realised_worlds, world_known_paths

BASELINE_ETS = "ets"
ALL_METHODS: tuple[str, ...] = (*METHODS, BASELINE_ETS, WORLD_KNOWN)
#: Quantiles kept per case and horizon: the two central intervals and the median.
QUANTILES = (0.05, 0.10, 0.50, 0.90, 0.95)
#: Longest own history the ETS baseline is fitted on.
ETS_MAX_YEARS = 30

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BacktestConfig:
    """The backtest's parameters (see the module docstring); ``sample`` draws that many
    cases at random (seeded) from all eligible ones, ``None`` keeps them all."""

    origins: tuple[int, int] = (1999, 2015)
    horizon: int = 5
    min_level: float = 50e6
    ratios: tuple[float, ...] = (1.25, 1.5, 1.776, 2.0)
    sample: int | None = None
    seed: int = 0
    methods: tuple[str, ...] = ALL_METHODS
    n_paths: int = 2000
    window: int = 4

    def __post_init__(self) -> None:
        unknown = set(self.methods) - set(ALL_METHODS)
        if unknown:
            raise ValueError(
                f"unknown method(s) {sorted(unknown)}; known: {', '.join(ALL_METHODS)}"
            )
        if self.origins[0] > self.origins[1]:
            raise ValueError(f"origins {self.origins[0]}:{self.origins[1]} run backwards")
        if self.horizon < 1 or self.n_paths < 10 or self.window < 2:
            raise ValueError("horizon >= 1, n_paths >= 10 and window >= 2 are needed")
        if any(not r > 1 for r in self.ratios):
            raise ValueError(f"every ratio must be above 1, got {self.ratios}")


@dataclass
class _Collected:
    quantiles: list[np.ndarray] = field(default_factory=list)  # (H, 5) per case
    pit: list[np.ndarray] = field(default_factory=list)  # (H,)
    crps: list[np.ndarray] = field(default_factory=list)  # (H,)
    reach: list[np.ndarray] = field(default_factory=list)  # (R, H)


def reached(log_changes: np.ndarray, ratios: Sequence[float]) -> np.ndarray:
    """``(ratios, horizon)`` booleans: the path's running maximum at or above each ratio."""
    run = np.maximum.accumulate(log_changes, axis=0)
    return np.stack([run >= math.log(r) - 1e-12 for r in ratios])


def _ets_paths(
    history: np.ndarray, horizon: int, n_paths: int, rng: np.random.Generator
) -> np.ndarray:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series
        fit = ETSModel(history, error="add", trend=None).fit(disp=False)
        sims = fit.simulate(horizon, repetitions=n_paths, anchor="end", rng=rng)
    return np.asarray(sims, dtype=np.float64).reshape(horizon, n_paths) - history[-1]


def _own_history(logrow: np.ndarray, col: int) -> np.ndarray:
    """The run of stated log levels ending at ``col`` (at most :data:`ETS_MAX_YEARS`)."""
    start = col
    while start - 1 >= 0 and np.isfinite(logrow[start - 1]) and col - start + 1 < ETS_MAX_YEARS:
        start -= 1
    return logrow[start : col + 1]


def eligible_cases(
    values: np.ndarray, years: np.ndarray, cfg: BacktestConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Every case of the panel (rows, origin columns), any origin, fully observed."""
    return library_cases(
        values,
        years,
        as_of_year=int(years[-1]),
        horizon=cfg.horizon,
        min_level=cfg.min_level,
        window=cfg.window,
    )


def scored_cases(
    years: np.ndarray, rows: np.ndarray, cols: np.ndarray, cfg: BacktestConfig
) -> tuple[np.ndarray, np.ndarray, int]:
    """The cases the backtest scores, of the eligible ``(rows, cols)``: those with origins
    in ``cfg.origins``, ``cfg.sample`` of them drawn with ``cfg.seed`` (all if ``None``),
    sorted by origin then pair; and how many were eligible. None → ``ValueError``."""
    in_range = (years[cols] >= cfg.origins[0]) & (years[cols] <= cfg.origins[1])
    rows, cols = rows[in_range], cols[in_range]
    if not rows.size:
        raise ValueError(
            f"no case in origins {cfg.origins[0]}:{cfg.origins[1]} with level >= "
            f"{cfg.min_level:g}, {cfg.window} growths before and {cfg.horizon} years after"
        )
    eligible = int(rows.size)
    if cfg.sample is not None and cfg.sample < rows.size:
        pick = np.sort(np.random.default_rng(cfg.seed).choice(rows.size, cfg.sample, replace=False))
        rows, cols = rows[pick], cols[pick]
    order = np.lexsort((rows, cols))
    return rows[order], cols[order], eligible


def origin_shares(origin_of: np.ndarray, processes: int) -> list[np.ndarray]:
    """Indices of the cases cut into ``processes`` shares of whole origins (a prior is
    fitted once per origin and share); empty shares left out."""
    parts = np.array_split(np.unique(origin_of), max(1, min(processes, 64)))
    shares = [np.flatnonzero(np.isin(origin_of, part)) for part in parts]
    return [s for s in shares if s.size]


def origin_prior(
    values: np.ndarray, years: np.ndarray, col: int, cfg: BacktestConfig
) -> PooledPrior:
    """The pooled prior of origin column ``col``: fitted on the years up to it only."""
    return fit_pooled_prior(
        values[:, : col + 1],
        years[: col + 1],
        as_of_year=int(years[col]),
        horizon=cfg.horizon,
        min_level=cfg.min_level,
        window=cfg.window,
    )


def case_inputs(
    logv: np.ndarray, r: int, c: int, cfg: BacktestConfig, method: str
) -> tuple[CaseFeatures, np.random.Generator]:
    """What a method knows of case ``(r, c)`` (its window up to the origin) and the
    case's own random stream for ``method`` (so any subset of cases scores alike)."""
    row = logv[r]
    case = CaseFeatures(np.diff(row[c - cfg.window : c + 1]), row[c - 2 : c + 1])
    return case, np.random.default_rng([cfg.seed, r, c, ALL_METHODS.index(method)])


def climatology(
    values: np.ndarray, years: np.ndarray, rows: np.ndarray, cols: np.ndarray, cfg: BacktestConfig
) -> dict[int, np.ndarray]:
    """Per origin year ``T``: ``(ratios, horizon)`` shares of earlier cases (origin
    ``t <= T - h``) that reached each ratio within ``h`` years; NaN where none exist."""
    logv = log_levels(values)
    changes = np.stack([logv[rows, cols + h] - logv[rows, cols] for h in range(1, cfg.horizon + 1)])
    hit = reached(changes, cfg.ratios)  # (R, H, cases)
    origin_year = years[cols]
    out = {}
    for t in range(cfg.origins[0], cfg.origins[1] + 1):
        shares = np.full((len(cfg.ratios), cfg.horizon), np.nan)
        for h in range(1, cfg.horizon + 1):
            earlier = origin_year <= t - h
            if earlier.any():
                shares[:, h - 1] = hit[:, h - 1, earlier].mean(axis=1)
        out[t] = shares
    return out


#: A share of the cases to score: values, years, config, rows, origin columns, and per
#: origin column the world path that followed it (for :data:`WORLD_KNOWN`; else empty).
Job = tuple[np.ndarray, np.ndarray, BacktestConfig, np.ndarray, np.ndarray, dict[int, np.ndarray]]


def _score_cases(job: Job) -> tuple[dict[str, _Collected], list[np.ndarray]]:
    """Forecast and score the cases ``(rows, cols)`` (sorted by origin) with every method."""
    values, years, cfg, rows, cols, worlds = job
    logv = log_levels(values)
    H, ratios = cfg.horizon, cfg.ratios
    collected = {m: _Collected() for m in cfg.methods}
    outcomes = []
    priors: dict[int, PooledPrior] = {}
    needs_prior = {"pooled", "random_walk", WORLD_KNOWN} & set(cfg.methods)
    for r_, c_ in zip(rows, cols, strict=True):
        r, c = int(r_), int(c_)
        t = int(years[c])
        if needs_prior and t not in priors:
            priors[t] = origin_prior(values, years, c, cfg)
        row = logv[r]
        y = row[c + 1 : c + H + 1] - row[c]
        outcomes.append(y)
        for m in cfg.methods:
            case, rng = case_inputs(logv, r, c, cfg, m)
            if m == BASELINE_ETS:
                paths = _ets_paths(_own_history(row, c), H, cfg.n_paths, rng)
            elif m == WORLD_KNOWN:
                paths = world_known_paths(case, priors[t], worlds[c], H, cfg.n_paths, rng)
            else:
                paths = log_change_paths(m, case, H, cfg.n_paths, rng, priors.get(t))  # type: ignore[arg-type]
            col = collected[m]
            col.quantiles.append(np.quantile(paths, QUANTILES, axis=1, method="inverted_cdf").T)
            col.pit.append(scoring.pit(paths, y))
            col.crps.append(scoring.crps_ensemble(paths, y))
            col.reach.append(reached(paths, ratios).mean(axis=2))
    return collected, outcomes


Mapper = Callable[[Callable[..., Any], list[Any]], Any]


def run_backtest(
    values: np.ndarray,
    years: np.ndarray,
    cfg: BacktestConfig,
    progress: Progress | None = None,
    *,
    mapper: Mapper | None = None,
    processes: int = 1,
) -> dict[str, Any]:
    """Score every method of ``cfg`` on the cases of ``values`` (pairs × ``years``).

    Returns the JSON-ready result (see :func:`summarise`). No eligible case in the
    origins → ``ValueError``. The cases are cut into ``processes`` shares of whole
    origins, scored by ``mapper`` (``map`` by default; a process pool's ``map`` runs them
    side by side, with the same results: every case has its own seed).
    """
    if BASELINE_ETS in cfg.methods:
        try:
            import statsmodels  # noqa: F401
        except ImportError:
            raise ValueError(
                "the ets baseline needs statsmodels: pip install 'tradedash[backtest]' "
                "(make backtest installs it), or leave ets out of the methods"
            ) from None
    years = np.asarray(years, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    all_rows, all_cols = eligible_cases(values, years, cfg)
    rows, cols, eligible = scored_cases(years, all_rows, all_cols, cfg)
    clim = climatology(values, years, all_rows, all_cols, cfg)
    worlds = (
        realised_worlds(values, all_rows, all_cols, cfg.horizon)
        if WORLD_KNOWN in cfg.methods
        else {}
    )
    jobs: list[Job] = [
        (values, years, cfg, rows[s_], cols[s_], worlds)
        for s_ in origin_shares(years[cols], processes)
    ]
    parts = list((mapper or map)(_score_cases, jobs))
    collected = {m: _Collected() for m in cfg.methods}
    outcomes = []
    for part_collected, part_outcomes in parts:
        for m in cfg.methods:
            for name in ("quantiles", "pit", "crps", "reach"):
                getattr(collected[m], name).extend(getattr(part_collected[m], name))
        outcomes.extend(part_outcomes)
    rows = np.concatenate([j[3] for j in jobs])
    cols = np.concatenate([j[4] for j in jobs])
    origin_years = years[cols].tolist()
    clim_p = [clim[int(t)] for t in origin_years]
    if progress:
        progress(len(rows), len(rows), "scored")
    y_all = np.array(outcomes)  # (cases, H)
    observed = reached(y_all.T, cfg.ratios)  # (R, H, cases)
    result: dict[str, Any] = {
        "config": asdict(cfg) | {"origins": f"{cfg.origins[0]}:{cfg.origins[1]}"},
        "cases": int(rows.size),
        "eligible_cases": eligible,
        "pairs": int(np.unique(rows).size),
        "origin_years": sorted(set(origin_years)),
        "methods": {},
    }
    clim_arr = np.array(clim_p)  # (cases, R, H)
    levels = values[rows, cols]
    for m in cfg.methods:
        result["methods"][m] = summarise(collected[m], y_all, observed, clim_arr, cfg, levels)
    return result
