"""The worst reliability gap a *correct* model shows on the backtest's own cases.

The backtest's reliability target (every bin of P(reach) with n >= 50 within ±0.08 of
the diagonal) measures sampling as well as the model. Its cases are not independent:
every case of an origin year lives through the same five years of the world, and
origins a year apart share four of them, so 6,000 cases from 17 origins hold only a few
independent draws of the world's part.

:func:`gap_floor` asks what that costs. It keeps the backtest's cases and the
probabilities ``pooled`` gave them, draws each case's outcome from ``pooled``'s own model
(one neighbour's own part plus ``β`` times a world swing, :class:`~analysis.forecast.
PooledParts`), and scores the probabilities against those outcomes: a model that is right
by construction. Three ways to draw the world's part:

* ``per_case``: each case its own swing, as if the cases were independent;
* ``per_origin``: one swing per origin year, shared by its cases;
* ``shifted``: origin ``t`` takes the world path of the prior's origin ``t - Δ``, one
  ``Δ`` per replicate, every ``Δ`` the priors hold: the backtest's origins relive an
  earlier stretch of history in order, so neighbouring origins overlap as real ones do.

Pure: arrays in, arrays and dicts out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis import scoring
from analysis.backtest import (
    BacktestConfig,
    Mapper,
    case_inputs,
    eligible_cases,
    origin_prior,
    origin_shares,
    reached,
    scored_cases,
)
from analysis.backtest_summary import RELIABILITY_MIN_N
from analysis.forecast import PooledParts, log_levels, pooled_parts, pooled_paths

MODES = ("per_case", "per_origin", "shifted")


@dataclass(frozen=True)
class FloorCase:
    """One backtest case: ``prob`` (ratios,), the P(reach) at the full horizon that the
    backtest scored; ``parts``, what ``pooled`` drew its paths from; ``origin``, its year."""

    prob: np.ndarray
    parts: PooledParts
    origin: int


def worst_gap(prob: np.ndarray, observed: np.ndarray, min_n: int = RELIABILITY_MIN_N) -> float:
    """Worst ``|observed - predicted|`` over the reliability bins (n >= ``min_n``) of
    every ratio; ``prob`` and ``observed`` are (cases, ratios)."""
    return max(
        scoring.worst_reliability_gap(
            scoring.reliability_table(prob[:, j], observed[:, j].astype(np.float64)), min_n
        )
        for j in range(prob.shape[1])
    )


def draw_outcomes(
    cases: Sequence[FloorCase],
    swings: Sequence[np.ndarray],
    ratios: Sequence[float],
    rng: np.random.Generator,
) -> np.ndarray:
    """(cases, ratios) booleans: case ``i``'s path is one of its neighbours' own parts
    (drawn) plus ``β`` times ``swings[i]``; reached if its running maximum is at or above
    ``ln r`` by the last year."""
    paths = np.stack(
        [
            c.parts.own[rng.integers(0, c.parts.own.shape[0])] + c.parts.beta * swing
            for c, swing in zip(cases, swings, strict=True)
        ],
        axis=1,
    )  # (years, cases)
    return reached(paths, ratios)[:, -1].T


def shifts(cases: Sequence[FloorCase]) -> list[int]:
    """Every ``Δ`` for which each case's prior holds the world path of origin
    ``origin - Δ`` (the smallest is the horizon: a prior holds completed origins only)."""
    common = None
    for case in cases:
        held = {int(case.origin - y) for y in case.parts.world_years}
        common = held if common is None else common & held
    return sorted(common or ())


def gap_floor(
    cases: Sequence[FloorCase],
    ratios: Sequence[float],
    *,
    replicates: int,
    rng: np.random.Generator,
    min_n: int = RELIABILITY_MIN_N,
) -> dict[str, np.ndarray]:
    """Per mode (:data:`MODES`), the worst gap of each replicate: ``replicates`` of them
    for ``per_case`` and ``per_origin``, one per :func:`shifts` for ``shifted``."""
    if not cases:
        raise ValueError("no case to draw outcomes for")
    prob = np.array([c.prob for c in cases])
    origins = sorted({c.origin for c in cases})
    out: dict[str, list[float]] = {m: [] for m in MODES}
    for _ in range(replicates):
        picks = [c.parts.swings[rng.integers(0, c.parts.swings.shape[0])] for c in cases]
        out["per_case"].append(worst_gap(prob, draw_outcomes(cases, picks, ratios, rng), min_n))
        shared = {t: rng.random() for t in origins}
        picks = [c.parts.swings[int(shared[c.origin] * c.parts.swings.shape[0])] for c in cases]
        out["per_origin"].append(worst_gap(prob, draw_outcomes(cases, picks, ratios, rng), min_n))
    for delta in shifts(cases):
        picks = [
            c.parts.swings[np.flatnonzero(c.parts.world_years == c.origin - delta)[0]]
            for c in cases
        ]
        out["shifted"].append(worst_gap(prob, draw_outcomes(cases, picks, ratios, rng), min_n))
    return {m: np.array(v) for m, v in out.items()}


def summarise_floor(
    gaps: dict[str, np.ndarray], real: float, tolerance: float
) -> dict[str, dict[str, float | int]]:
    """Per mode: replicates, median, P10 and P90 of the worst gap, the share within
    ``tolerance`` (how often a correct model meets the target) and the share at or
    above ``real`` (where the real gap sits among them)."""
    out: dict[str, dict[str, float | int]] = {}
    for mode, g in gaps.items():
        if not g.size:
            continue
        p10, p50, p90 = np.quantile(g, [0.1, 0.5, 0.9])
        out[mode] = {
            "replicates": int(g.size),
            "median": float(p50),
            "p10": float(p10),
            "p90": float(p90),
            "share_within_tolerance": float((g <= tolerance).mean()),
            "share_at_least_real": float((g >= real - 1e-12).mean()),
        }
    return out


def _floor_share(
    job: tuple[np.ndarray, np.ndarray, BacktestConfig, np.ndarray, np.ndarray],
) -> tuple[list[FloorCase], np.ndarray]:
    values, years, cfg, rows, cols = job
    logv = log_levels(values)
    cases, observed, priors = [], [], {}
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        t = int(years[c])
        if t not in priors:
            priors[t] = origin_prior(values, years, c, cfg)
        case, rng = case_inputs(logv, r, c, cfg, "pooled")
        paths = pooled_paths(case, priors[t], cfg.horizon, cfg.n_paths, rng)
        prob = reached(paths, cfg.ratios)[:, -1].mean(axis=1)
        cases.append(FloorCase(prob, pooled_parts(case, priors[t]), t))
        y = logv[r, c + 1 : c + cfg.horizon + 1] - logv[r, c]
        observed.append(reached(y[:, None], cfg.ratios)[:, -1, 0])
    return cases, np.array(observed).reshape(len(cases), len(cfg.ratios))


def floor_cases(
    values: np.ndarray,
    years: np.ndarray,
    cfg: BacktestConfig,
    *,
    mapper: Mapper | None = None,
    processes: int = 1,
) -> tuple[list[FloorCase], np.ndarray]:
    """The backtest's cases for ``pooled`` (the same cases, priors and random streams as
    :func:`~analysis.backtest.run_backtest`, so ``prob`` is the P(reach) it scored) and
    their real outcomes, (cases, ratios) booleans."""
    years = np.asarray(years, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    rows, cols, _ = scored_cases(years, *eligible_cases(values, years, cfg), cfg)
    jobs = [(values, years, cfg, rows[s], cols[s]) for s in origin_shares(years[cols], processes)]
    cases: list[FloorCase] = []
    observed = []
    for share_cases, share_observed in (mapper or map)(_floor_share, jobs):
        cases.extend(share_cases)
        observed.append(share_observed)
    return cases, np.concatenate(observed)
