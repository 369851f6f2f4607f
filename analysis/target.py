"""A target scenario in one call: what growth a target needs, and how likely it is.

Used alike by ``tradedash scenario`` and the Target scenarios page, so both give the
same numbers for the same parameters. Values in base units (USD or tonnes); rates are
fractions (``0.122`` is 12.2 % a year).

Defaults, each stated in the result: the base year is the last year with an exact or
approximate value (bounds such as "> 500" are not a base); the history window is the
four intervals up to the base year (2019→2023 for a 2023 base), shortened to the
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

from analysis.evidence import Conditioned, Figure, condition
from analysis.forecast import (
    DEFAULT_METHOD,
    METHODS,
    CaseFeatures,
    Method,
    PooledPrior,
    log_change_paths,
)
from analysis.growth import annual_series
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

#: Quantiles of the fan, as (column, quantile).
FAN = (("p05", 0.05), ("p10", 0.10), ("p50", 0.50), ("p90", 0.90), ("p95", 0.95))

DEFAULT_HISTORY_INTERVALS = 4


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

    def evidence_used(self) -> list[dict[str, Any]]:
        """The figures after the base year that the paths were conditioned on, each with
        its role and P(reach by the target year) once it and those before were applied."""
        if self.conditioned is None:
            return []
        return [
            u.figure.to_dict() | {"role": u.role, "how": u.how, "p_reach_after": u.p_reach_after}
            for u in self.conditioned.used
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
        }


def default_base_year(values: pd.Series) -> int:
    s = annual_series(values).dropna()
    if s.empty:
        raise ValueError("the series has no annual values to start from")
    return int(s.index.max())


def default_history(values: pd.Series, base_year: int) -> tuple[int, int]:
    """Four intervals up to ``base_year``, cut to the consecutive years present."""
    s = annual_series(values).dropna()
    start = base_year
    while start - 1 in s.index and base_year - (start - 1) <= DEFAULT_HISTORY_INTERVALS:
        start -= 1
    if start == base_year:
        raise ValueError(f"no value for {base_year - 1}: a growth history needs two years")
    return start, base_year


def evaluate_target(values: pd.Series, params: TargetParams) -> TargetResult:
    """Required growth, historical pace, scenarios and the simulated fan for a target.

    ``values``: the best annual series (bounds excluded), by int year. Raises
    ``ValueError`` (with the reason) for a target year not after the base year, a base
    year without a value, or a history window the series does not cover.
    """
    s = annual_series(values).dropna()
    base_year = params.base_year if params.base_year is not None else default_base_year(s)
    if base_year not in s.index:
        raise ValueError(f"no value for the base year {base_year}")
    if params.target_year <= base_year:
        raise ValueError(
            f"target year {params.target_year} must be after the base year {base_year}"
        )
    base_value = float(s.loc[base_year])
    history = params.history or default_history(s, base_year)
    h0, h1 = history
    if h0 >= h1:
        raise ValueError(f"history window {h0}:{h1} needs a start before its end")
    hist_rate = historical_cagr(s, h0, h1)
    growths = log_growths(s, h0, h1)
    required = required_growth(base_value, params.target_value, base_year, params.target_year)
    reached = year_reached(base_value, params.target_value, base_year, hist_rate)
    end = max(params.target_year, params.horizon_end or params.target_year)
    method, notes = _method(params, len(growths))
    recent = s.reindex(range(base_year - 2, base_year + 1)).dropna()
    recent = recent[recent > 0]
    case = CaseFeatures(growths, np.log(recent.to_numpy(dtype=np.float64)))
    rng = np.random.default_rng(params.seed)
    changes = log_change_paths(method, case, end - base_year, params.n_paths, rng, params.prior)
    if method == "pooled" and end - base_year > _pooled_years(params.prior):
        notes.append(
            f"pooled paths are fitted over {_pooled_years(params.prior)} years; later years "
            "go on with the last fitted year's steps"
        )
    years = np.arange(base_year, end + 1)
    log_base = math.log(_positive_base(base_value))
    log_levels = np.vstack([np.zeros((1, params.n_paths)), changes]) + log_base
    target_log = math.log(params.target_value) if params.target_value > 0 else -math.inf
    weights = None
    p_before = None
    cond = None
    if params.evidence:
        p_before = _reach(log_levels, None, target_log)[years == params.target_year][0]
        cond = condition(
            log_levels,
            years,
            base_year,
            params.evidence,
            s,
            params.part_history if params.part_history is not None else _no_parts(),
            target_log=target_log,
            target_year=params.target_year,
        )
        log_levels, weights = cond.log_levels, cond.weights
        notes += cond.notes
        if not cond.used:
            why = "; ".join(reason for _, reason in cond.ignored)
            notes.append(f"figures after {base_year} were found but none was used: {why}")
    prob = pd.DataFrame({"year": years, "prob": _reach(log_levels, weights, target_log)})
    fan = _fan(log_levels, weights, years)
    p_target = float(prob.loc[prob["year"] == params.target_year, "prob"].iloc[0])
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
        n_paths=params.n_paths,
        seed=params.seed,
        notes=notes,
        as_of=params.as_of,
        p_reach_without_evidence=None if p_before is None else float(p_before),
        conditioned=cond,
    )


def _pooled_years(prior: PooledPrior | None) -> int:
    return prior.horizon if prior is not None else 0


def _no_parts() -> pd.DataFrame:
    return pd.DataFrame({"year": [], "start_month": [], "end_month": [], "value": []})


def _method(params: TargetParams, n_growths: int) -> tuple[Method, list[str]]:
    """The method used, and a note where it is not the one asked for."""
    method = params.method
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    notes: list[str] = []
    if method in ("pooled", "random_walk") and params.prior is None:
        notes.append(
            f"{method}: the stores hold too few earlier cases of this series to pool from; "
            "parametric used instead"
        )
        method = "parametric"
    if method == "parametric" and n_growths < 2:
        notes.append("one growth point in the history: bootstrap used instead of parametric")
        method = "bootstrap"
    return method, notes


def _reach(log_levels: np.ndarray, weights: np.ndarray | None, target_log: float) -> np.ndarray:
    """P(level >= target in some year from the base year to each year), weighted."""
    hit = np.logical_or.accumulate(log_levels >= target_log - 1e-12, axis=0)
    if weights is None:
        return hit.mean(axis=1)
    return hit.astype(np.float64) @ weights


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
