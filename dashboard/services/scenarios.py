"""Scenarios toward a target: the pooled prior, the simulated paths and the payload."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from analysis.asof import last_full_year
from analysis.evidence import Figure
from analysis.forecast import DEFAULT_METHOD, METHODS, PooledPrior, fit_pooled_prior
from analysis.history import default_base_year
from analysis.panel import Panel
from analysis.reconcile import Reconciled
from analysis.scenarios import Scenario
from analysis.target import (
    SIM_YEARS,
    Paths,
    TargetParams,
    TargetResult,
    evaluate_target,
    simulate_paths,
)
from dashboard.services.asof import AsOf, as_of_view
from dashboard.services.backtest import store_panel
from dashboard.services.pairs import load_pair


def pooled_prior(
    as_of: str, series: str = "trade_value", store_dir: str | None = None
) -> PooledPrior | None:
    """The pooled prior of the stores' pairs, fitted on the cases fully observed by the
    last full year before ``as_of``; ``None`` where the stores hold too few (the scenario
    notes the fallback)."""
    panel = store_panel(store_dir, series)
    return prior_from_panel(panel, as_of)


def prior_from_panel(panel: Panel, as_of: str) -> PooledPrior | None:
    year = last_full_year(as_of)
    try:
        return fit_pooled_prior(panel.values, panel.years, as_of_year=year)
    except ValueError:
        return None


def target_result(
    r: Reconciled,
    target: float,
    target_year: int,
    *,
    base_year: int | None = None,
    history: tuple[int, int] | None = None,
    paths: int = 10_000,
    seed: int = 0,
    method: str = DEFAULT_METHOD,
    scenarios: tuple[tuple[str, float], ...] = (),
    prior: PooledPrior | None = None,
    view: AsOf | None = None,
    simulated: Paths | None = None,
) -> TargetResult:
    """``evaluate_target`` on a reconciled series: the one place the CLI and the page share.

    With ``view`` (see :func:`as_of_view`), the figures after the base year condition the
    paths. ``simulated``: the paths of :func:`scenario_paths` for the same parameters (the
    page keeps them, so a new target costs no new simulation). Raises ``ValueError`` with
    the reason for parameters the series cannot support.
    """
    values, params = _params(r, base_year, history, paths, seed, method, prior, view)
    params = replace(
        params,
        target_value=target,
        target_year=target_year,
        scenarios=tuple(Scenario(n, rate) for n, rate in scenarios),
    )
    return evaluate_target(values, params, simulated)


def scenario_paths(
    r: Reconciled,
    *,
    base_year: int | None = None,
    history: tuple[int, int] | None = None,
    paths: int = 10_000,
    seed: int = 0,
    method: str = DEFAULT_METHOD,
    prior: PooledPrior | None = None,
    view: AsOf | None = None,
    end_year: int | None = None,
) -> Paths:
    """The simulated, conditioned paths a scenario reads, whatever its target: to
    ``end_year``, and at least the base year + ``SIM_YEARS``."""
    values, params = _params(r, base_year, history, paths, seed, method, prior, view)
    base = params.base_year if params.base_year is not None else default_base_year(values)
    return simulate_paths(values, params, max(end_year or 0, base + SIM_YEARS))


def _params(
    r: Reconciled,
    base_year: int | None,
    history: tuple[int, int] | None,
    paths: int,
    seed: int,
    method: str,
    prior: PooledPrior | None,
    view: AsOf | None,
) -> tuple[pd.Series, TargetParams]:
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    values = r.values()
    evidence: tuple[Figure, ...] = ()
    parts = None
    if view is not None:
        base = (
            base_year if base_year is not None else (int(values.index.max()) if len(values) else 0)
        )
        evidence = tuple(f for f in view.candidates if f.year > base)
        parts = view.part_history[view.part_history["year"] <= base]
    return values, TargetParams(
        target_value=1.0,
        target_year=0,
        base_year=base_year,
        history=history,
        n_paths=paths,
        seed=seed,
        method=method,  # type: ignore[arg-type]
        prior=prior,
        evidence=evidence,
        as_of=view.as_of if view is not None else None,
        part_history=parts,
        unit=r.unit,
        series=r.series,
        flow=r.flow,
    )


def scenario_payload(
    reporter: str,
    partner: str,
    series: str,
    target: float,
    by: int,
    *,
    base_year: int | None = None,
    history: tuple[int, int] | None = None,
    paths: int = 10_000,
    seed: int = 0,
    method: str = DEFAULT_METHOD,
    store_dir: str | None = None,
    as_of: str | None = None,
    flow: str = "total",
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash scenario``: required growth, historical pace, probability, fan, as
    known at ``as_of`` (default: the latest month in the stores), conditioned on every
    figure published after the base year (``evidence_used``)."""
    snap = load_pair(reporter, partner, store_dir)
    view = as_of_view(snap, reporter, partner, series, flow, as_of)
    # The last exact year with the year before it, as the page starts from (an "about"
    # figure after it is no base; a year after a gap is a figure after the base).
    base_year = base_year if base_year is not None else view.reconciled.last_growth_base()
    prior = (
        pooled_prior(view.as_of, series, store_dir) if method in ("pooled", "random_walk") else None
    )
    res = target_result(
        view.reconciled,
        target,
        by,
        base_year=base_year,
        history=history,
        paths=paths,
        seed=seed,
        method=method,
        prior=prior,
        view=view,
    )
    payload = {
        "reporter": reporter,
        "partner": partner,
        "series": series,
        "flow": flow,
        "unit": view.reconciled.unit,
        **res.to_dict(),
    }
    rows = res.fan.merge(res.prob_reach.rename(columns={"prob": "p_reach"}), on="year")
    return payload, rows
