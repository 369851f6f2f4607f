"""A target scenario in one call: what growth a target needs, and how likely it is.

Used alike by ``tradedash scenario`` and the Target scenarios page, so both give the
same numbers for the same parameters. Values in base units (USD or tonnes); rates are
fractions (``0.122`` is 12.2 % a year).

Defaults, each stated in the result: the base year is the last year with an exact or
approximate value (bounds such as "> 500" are not a base); the history window is the
four intervals up to the base year (2019–2023 for a 2023 base), shortened to the
longest run of consecutive years the series has.

The simulated paths come from ``analysis.forecast`` (``pooled`` needs a prior fitted on
the stores' earlier cases, passed in ``TargetParams.prior``; without one, or for a
series the stores hold too few cases of, ``parametric`` is used and a note says so).
Figures published after the base year (``TargetParams.evidence``) condition the paths
(``analysis.evidence``): the result keeps P(reach) before and after them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis import method_notes
from analysis.evidence import Conditioned, Figure, condition
from analysis.forecast import (
    DEFAULT_METHOD,
    CaseFeatures,
    Method,
    PooledPrior,
    log_change_paths,
    pooled_draws,
)
from analysis.growth import annual_series
from analysis.history import (
    default_base_year,
    default_history,
    held_years,
)
from analysis.scenarios import (
    Scenario,
    _positive_base,
    historical_cagr,
    log_growths,
    order_statistics,
    project_scenarios,
    required_growth,
    year_reached,
)
from analysis.world_stretches import Stretch, WorldDraws, by_stretch

#: Quantiles of the fan, as (column, quantile).
FAN = (("p05", 0.05), ("p10", 0.10), ("p50", 0.50), ("p90", 0.90), ("p95", 0.95))


@dataclass(frozen=True)
class TargetParams:
    """What an analyst sets. ``history`` is (start year, end year) of the growth history."""

    target_value: float
    target_year: int
    base_year: int | None = None
    history: tuple[int, int] | None = None
    n_paths: int = 10_000
    seed: int = 0
    method: Method = DEFAULT_METHOD
    scenarios: Sequence[Scenario] = ()
    horizon_end: int | None = None
    prior: PooledPrior | None = None
    evidence: Sequence[Figure] = ()
    as_of: str | None = None
    part_history: pd.DataFrame | None = None
    unit: str = "USD"  # the series' unit, for the notes' amounts
    series: str = "trade_value"  # the series and flow forecast, for the notes
    flow: str = "total"


@dataclass
class TargetResult:
    base_year: int
    base_value: float
    target_value: float
    target_year: int
    required_cagr: float
    historical_cagr: float
    history_window: tuple[int, int]
    year_reached_at_historical: int | None
    p_reach_by_target_year: float
    fan: pd.DataFrame
    prob_reach: pd.DataFrame
    projections: pd.DataFrame
    history: pd.Series
    method: str
    n_paths: int
    seed: int
    notes: list[str] = field(default_factory=list)
    as_of: str | None = None
    p_reach_without_evidence: float | None = None
    conditioned: Conditioned | None = None
    p_reach_after: list[float | None] = field(default_factory=list)
    #: P(reach) by the stretch of the world's history the paths drew (``pooled`` only).
    by_world: list[Stretch] = field(default_factory=list)

    def evidence_used(self) -> list[dict[str, Any]]:
        """The figures after the base year that the paths were conditioned on, each with
        its role and P(reach by the target year) once it and those before were applied."""
        if self.conditioned is None:
            return []
        after = self.p_reach_after or [None] * len(self.conditioned.used)
        return [
            u.figure.to_dict() | {"role": u.role, "how": u.how, "p_reach_after": a}
            for u, a in zip(self.conditioned.used, after, strict=True)
        ]

    def evidence_ignored(self) -> list[dict[str, Any]]:
        if self.conditioned is None:
            return []
        return [f.to_dict() | {"reason": why} for f, why in self.conditioned.ignored]

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``tradedash scenario --format json`` (base units)."""
        return {
            "base_year": self.base_year,
            "base_value": self.base_value,
            "target_value": self.target_value,
            "target_year": self.target_year,
            "required_cagr": self.required_cagr,
            "historical_cagr": self.historical_cagr,
            "history_window": f"{self.history_window[0]}:{self.history_window[1]}",
            "year_reached_at_historical": self.year_reached_at_historical,
            "p_reach_by_target_year": self.p_reach_by_target_year,
            "method": self.method,
            "paths": self.n_paths,
            "seed": self.seed,
            "fan": [
                {"year": int(r.year)} | {c: float(getattr(r, c)) for c, _ in FAN}
                for r in self.fan.itertuples(index=False)
            ],
            "prob_reach": [
                {"year": int(r.year), "prob": float(r.prob)}
                for r in self.prob_reach.itertuples(index=False)
            ],
            "notes": list(self.notes),
            "as_of": self.as_of,
            "p_reach_without_evidence": self.p_reach_without_evidence,
            "evidence_used": self.evidence_used(),
            "evidence_ignored": self.evidence_ignored(),
            "p_reach_by_world": [w.to_dict() for w in self.by_world],
        }


#: Years simulated past the base year at least: a new target year within them reuses the
#: same paths (the first years of a longer simulation are the same draws).
SIM_YEARS = 15


@dataclass(frozen=True)
class Paths:
    """Simulated and conditioned paths from a base year, whatever the target.

    ``log_levels``: (years, paths), row 0 the base year; ``weights``: the evidence's
    weights (``None`` without evidence); ``fan``: quantiles of every simulated year.
    Read-only: a cache hands the same object to every caller.
    """

    series: pd.Series
    base_year: int
    base_value: float
    history: tuple[int, int]
    hist_rate: float
    method: Method
    notes: tuple[str, ...]
    years: np.ndarray
    log_levels: np.ndarray
    weights: np.ndarray | None
    conditioned: Conditioned | None
    fan: pd.DataFrame
    n_paths: int
    seed: int
    as_of: str | None
    world: WorldDraws | None = None  # the world's stretch each path drew (pooled)


def simulate_paths(values: pd.Series, params: TargetParams, end_year: int) -> Paths:
    """The paths of :func:`evaluate_target` up to ``end_year`` (its target fields unused).

    Raises ``ValueError`` for a base year without a value or a history window the series
    does not cover.
    """
    s = annual_series(values).dropna()
    base_year = params.base_year if params.base_year is not None else default_base_year(s)
    if base_year not in s.index:
        raise ValueError(f"no value for the base year {base_year}: {held_years(s)}")
    base_value = float(s.loc[base_year])
    history = params.history or default_history(s, base_year)
    h0, h1 = history
    if h0 >= h1:
        raise ValueError(f"history window {h0}:{h1} needs a start before its end")
    missing = [y for y in range(h0, h1 + 1) if y not in s.index]
    if missing and not any(y - 1 in s.index for y in s.index):
        raise ValueError(f"no growth to start from: {held_years(s)}, no two years in a row")
    if missing:
        listed = ", ".join(str(y) for y in missing)
        raise ValueError(f"history window {h0}:{h1}: no value for {listed} ({held_years(s)})")
    hist_rate = historical_cagr(s, h0, h1)
    growths = log_growths(s, h0, h1)
    method, notes = method_notes.chosen(params, len(growths))
    notes += method_notes.below_the_library(method, params, base_year, base_value)
    notes += method_notes.one_way(method, params)
    recent = s.reindex(range(base_year - 2, base_year + 1)).dropna()
    recent = recent[recent > 0]
    case = CaseFeatures(growths, np.log(recent.to_numpy(dtype=np.float64)))
    rng = np.random.default_rng(params.seed)
    horizon = max(end_year - base_year, 1)
    world = None
    if method == "pooled" and params.prior is not None:
        drew = pooled_draws(case, params.prior, horizon, params.n_paths, rng)
        changes, parts = drew.changes, drew.parts
        world = WorldDraws(drew.world, parts.world_years, parts.swings)
    else:
        changes = log_change_paths(method, case, horizon, params.n_paths, rng, params.prior)
    years = np.arange(base_year, base_year + horizon + 1)
    log_base = math.log(_positive_base(base_value))
    log_levels = np.vstack([np.zeros((1, params.n_paths)), changes]) + log_base
    weights = None
    cond = None
    if params.evidence:
        cond = condition(
            log_levels,
            years,
            base_year,
            params.evidence,
            s,
            params.part_history if params.part_history is not None else _no_parts(),
        )
        log_levels, weights = cond.log_levels, cond.weights
        notes += cond.notes
        if not cond.used:
            why = "; ".join(reason for _, reason in cond.ignored)
            notes.append(f"figures after {base_year} were found but none was used: {why}")
    for a in (log_levels, years) + (() if weights is None else (weights,)):
        a.setflags(write=False)
    return Paths(
        series=s,
        base_year=base_year,
        base_value=base_value,
        history=(h0, h1),
        hist_rate=hist_rate,
        method=method,
        notes=tuple(notes),
        years=years,
        log_levels=log_levels,
        weights=weights,
        conditioned=cond,
        fan=_fan(log_levels, weights, years),
        n_paths=params.n_paths,
        seed=params.seed,
        as_of=params.as_of,
        world=world,
    )


def evaluate_target(
    values: pd.Series, params: TargetParams, paths: Paths | None = None
) -> TargetResult:
    """Required growth, historical pace, scenarios and the simulated fan for a target.

    ``values``: the best annual series (bounds excluded), by int year. ``paths``: from
    :func:`simulate_paths` with the same parameters, when the caller keeps them (a new
    target year or level then costs no new simulation); simulated here otherwise.
    Raises ``ValueError`` (with the reason) for a target year not after the base year, a
    base year without a value, or a history window the series does not cover.
    """
    s = annual_series(values).dropna()
    base_guess = params.base_year if params.base_year is not None else default_base_year(s)
    if params.target_year <= base_guess:
        raise ValueError(
            f"target year {params.target_year} must be after the base year {base_guess}"
        )
    end = max(params.target_year, params.horizon_end or params.target_year)
    if paths is None or paths.years[-1] < end:
        paths = simulate_paths(values, params, max(end, base_guess + SIM_YEARS))
    base_year, base_value, s = paths.base_year, paths.base_value, paths.series
    (h0, h1), hist_rate, method = paths.history, paths.hist_rate, paths.method
    notes = list(paths.notes)
    if method == "pooled" and end - base_year > _pooled_years(params.prior):
        notes.append(
            f"pooled paths are fitted over {_pooled_years(params.prior)} years; later years "
            "go on with the last fitted year's steps"
        )
    required = required_growth(base_value, params.target_value, base_year, params.target_year)
    reached = year_reached(base_value, params.target_value, base_year, hist_rate)
    k = end - base_year + 1
    years = paths.years[:k]
    log_levels = paths.log_levels[:k]
    target_log = math.log(params.target_value) if params.target_value > 0 else -math.inf
    cond = paths.conditioned
    p_before = None
    after: list[float | None] = []
    if cond is not None:
        # Before the evidence: the simulated paths as drawn, every one weighed alike.
        before = _reach(cond.unconditioned[:k], None, target_log)
        p_before = float(before[years == params.target_year][0])
        after = cond.reach_after(target_log, params.target_year)
    prob = pd.DataFrame({"year": years, "prob": _reach(log_levels, paths.weights, target_log)})
    fan = paths.fan.iloc[:k].reset_index(drop=True)
    p_target = float(prob.loc[prob["year"] == params.target_year, "prob"].iloc[0])
    ahead = params.target_year - base_year
    by_world = []
    if paths.world is not None:
        hit = np.asarray((log_levels[: ahead + 1] >= target_log - 1e-12).any(axis=0))
        by_world = by_stretch(paths.world, hit, paths.weights, ahead)
    scen = [Scenario("historical", hist_rate), *params.scenarios]
    proj = project_scenarios(
        base_value,
        base_year,
        end,
        scen,
        target_value=params.target_value,
        target_year=params.target_year,
    )
    return TargetResult(
        base_year=base_year,
        base_value=base_value,
        target_value=float(params.target_value),
        target_year=params.target_year,
        required_cagr=required,
        historical_cagr=hist_rate,
        history_window=(h0, h1),
        year_reached_at_historical=reached,
        p_reach_by_target_year=p_target,
        fan=fan,
        prob_reach=prob,
        projections=proj,
        history=s,
        method=method,
        n_paths=paths.n_paths,
        seed=paths.seed,
        notes=notes,
        as_of=paths.as_of,
        p_reach_without_evidence=p_before,
        conditioned=cond,
        p_reach_after=after,
        by_world=by_world,
    )


def _pooled_years(prior: PooledPrior | None) -> int:
    return prior.horizon if prior is not None else 0


def _no_parts() -> pd.DataFrame:
    return pd.DataFrame({"year": [], "start_month": [], "end_month": [], "value": []})


def _reach(log_levels: np.ndarray, weights: np.ndarray | None, target_log: float) -> np.ndarray:
    """P(level >= target in some year from the base year to each year), weighted."""
    hit = np.logical_or.accumulate(log_levels >= target_log - 1e-12, axis=0)
    if weights is None:
        return hit.mean(axis=1)
    # weights a few ulps over 1 in sum gave 1.000000000000008: a probability stays one
    return np.clip(hit.astype(np.float64) @ weights, 0.0, 1.0)


def _fan(log_levels: np.ndarray, weights: np.ndarray | None, years: np.ndarray) -> pd.DataFrame:
    """Quantiles of each year's levels: order statistics (inverted CDF), weighted where
    the evidence weighed the paths (the first path whose cumulative weight reaches q)."""
    qs = [q for _, q in FAN]
    if weights is None:
        rows = np.array(log_levels[1:], copy=True)
        values = order_statistics(rows, qs)  # (quantiles, years - 1)
        values = np.hstack([np.full((len(qs), 1), log_levels[0, 0]), values])
    else:
        order = np.argsort(log_levels, axis=1)
        sorted_levels = np.take_along_axis(log_levels, order, axis=1)
        cum = np.cumsum(weights[order], axis=1)
        idx = np.stack([(cum < q - 1e-12).sum(axis=1) for q in qs])  # (quantiles, years)
        idx = np.minimum(idx, log_levels.shape[1] - 1)
        values = np.stack([sorted_levels[np.arange(len(years)), idx[k]] for k in range(len(qs))])
    return pd.DataFrame({"year": years} | {c: np.exp(values[k]) for k, (c, _) in enumerate(FAN)})
