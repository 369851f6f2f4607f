"""A target scenario in one call: what growth a target needs, and how likely it is.

Used alike by ``tradedash scenario`` and the Target scenarios page, so both give the
same numbers for the same parameters. Values in base units (USD or tonnes); rates are
fractions (``0.122`` is 12.2 % a year).

Defaults, each stated in the result: the base year is the last year with an exact or
approximate value (bounds such as "> 500" are not a base); the history window is the
four intervals up to the base year (2019→2023 for a 2023 base), shortened to the
longest run of consecutive years the series has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.growth import annual_series
from analysis.scenarios import (
    Scenario,
    SimMethod,
    historical_cagr,
    log_growths,
    project_scenarios,
    required_growth,
    simulate,
    year_reached,
)

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
    method: SimMethod = "parametric"
    scenarios: Sequence[Scenario] = ()
    horizon_end: int | None = None


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
                {"year": int(r.year), "p10": float(r.p10), "p50": float(r.p50), "p90": float(r.p90)}
                for r in self.fan.itertuples(index=False)
            ],
            "prob_reach": [
                {"year": int(r.year), "prob": float(r.prob)}
                for r in self.prob_reach.itertuples(index=False)
            ],
            "notes": list(self.notes),
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
    method = params.method if len(growths) >= 2 else "bootstrap"
    notes = []
    if method != params.method:
        notes.append("one growth point in the history: bootstrap used instead of parametric")
    sim = simulate(
        base_value,
        base_year,
        end - base_year,
        growths,
        n_paths=params.n_paths,
        seed=params.seed,
        method=method,
        target_value=params.target_value,
    )
    prob = sim.prob_reach if sim.prob_reach is not None else pd.DataFrame({"year": [], "prob": []})
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
        fan=sim.fan,
        prob_reach=prob,
        projections=proj,
        history=s,
        method=method,
        n_paths=params.n_paths,
        seed=params.seed,
        notes=notes,
    )
