"""One scenario evaluated for the page: the ask, the prior, the result and what the page
shows of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa

from analysis import periods
from analysis.forecast import PooledPrior
from analysis.reconcile import Reconciled
from analysis.target import Paths, TargetResult
from analysis.units import unit_of
from analysis.wording import probability
from analysis.world_stretches import world_words
from dashboard.figures.scenarios import target_figure_spec
from dashboard.services.asof import AsOf
from dashboard.services.scenarios import target_result
from dashboard.views.scenarios.tables import (
    display_arrow,
    readable_table,
    scenario_table,
    world_table,
)


class ScenarioView(NamedTuple):
    """What the scenario page shows for one set of parameters, built once and shared."""

    result: TargetResult
    #: The figure as plotly's dict (:func:`target_figure_spec`): the page sends it as it
    #: is, without plotly's template (the app's theme colours it); the report builds a
    #: ``go.Figure`` of it, with the template, only when asked for.
    figure: dict[str, Any]
    table: pd.DataFrame
    arrow: pa.Table  # the readable table as Streamlit sends it: converted once, not per rerun
    readable: pd.DataFrame  # the table as read (readable_table): the CSV and the report's
    sources: list[str]  # citations of the history the evaluation used
    citations: Mapping[str, str]  # source_id → citation, for the figures after the base
    source_ids: tuple[str, ...] = ()  # ids of the history used (the page's footer)
    #: What the world's next years do to P(reach) (``world_words``; "" without a world part)
    #: and every stretch the paths drew (``world_table``).
    world: str = ""
    world_table: pd.DataFrame | None = None

    @property
    def report_notes(self) -> list[str]:
        """The notes of the HTML report: the result's, then what the world does to it."""
        return [*self.result.notes, *([self.world] if self.world else [])]


#: Methods whose paths draw on the stores' pooled prior.
POOLED_METHODS = ("pooled", "random_walk")


def prior_for(
    method: str, as_of: str, prior_of: Callable[[str], PooledPrior | None]
) -> PooledPrior | None:
    """The pooled prior as of ``as_of`` for a method that draws on it, else ``None``
    (``prior_of`` is only called when needed: a fit reads every store)."""
    return prior_of(as_of) if method in POOLED_METHODS else None


def published_dates(sources: Mapping[str, Any]) -> dict[str, str]:
    """source_id → its publication date, from a snapshot's sources."""
    return {k: s.published for k, s in sources.items()}


def evaluated_view(
    asked: ScenarioAsk,
    view: AsOf,
    simulated: Paths,
    prior_of: Callable[[str], PooledPrior | None],
    citations: Mapping[str, str],
) -> ScenarioView:
    """The page's scenario, evaluated: ``evaluate_target`` on the pair's series as known
    at ``view.as_of``, conditioned on the figures after the base year, drawn from
    ``simulated`` when its paths reach the target year, with the pooled prior as of
    ``view.as_of`` (``prior_of``) for the methods that use it; then its figure, table and
    CSV. ``ValueError`` with the reason for parameters the series cannot support."""
    a = asked
    res = target_result(
        view.reconciled, a.target, a.target_year, base_year=a.base_year, history=a.history,
        paths=a.paths, seed=a.seed, method=a.method, scenarios=a.scenarios,
        prior=prior_for(a.method, view.as_of, prior_of), view=view,
        simulated=simulated if simulated.years[-1] >= a.target_year else None,
    )  # fmt: skip
    return scenario_view(view.reconciled, res, unit_of(a.series), citations)


class ScenarioAsk(NamedTuple):
    """What the page asks of a scenario (its controls), hashable for the cache."""

    reporter: str
    partner: str
    series: str
    target: float
    target_year: int
    base_year: int | None
    history: tuple[int, int] | None
    paths: int
    seed: int
    method: str
    scenarios: tuple[tuple[str, float], ...] = ()
    as_of: str | None = None
    flow: str = "total"  # or one way: "export", "import" (the reporter's)


def scenario_view(
    r: Reconciled, res: TargetResult, unit: str, citations: Mapping[str, str]
) -> ScenarioView:
    """The figure, table, CSV and history's sources of an evaluated scenario."""
    table = scenario_table(res, unit)
    years = r.best["year"].to_numpy(dtype="int64")
    used = (years >= min(res.history_window[0], res.base_year)) & (years <= res.base_year)
    ids = r.best["source_ids"].to_numpy(dtype=object)[used]
    used_ids = tuple(dict.fromkeys(s for row in ids for s in row))
    sources = list(dict.fromkeys(citations.get(s, s) for s in used_ids))
    readable = readable_table(table, unit)
    return ScenarioView(
        res,
        target_figure_spec(res, unit),
        table,
        display_arrow(readable),
        readable,
        sources,
        citations,
        used_ids,
        world_words(res.by_world, res.target_year, res.base_year),
        world_table(res) if res.by_world else None,
    )


def pace_check(res: TargetResult) -> tuple[str | None, str]:
    """What the figures since the base year say of "Reached at that pace": where they
    reach the year the historical pace would meet the target (KAZ–TKM's 2025, with
    Jan–Sep 2025 published), a short change for the card (``P(by 2025): 2%``) and a
    sentence for its tooltip, from P(reach by that year) of the conditioned paths;
    ``(None, "")`` where they do not."""
    year = res.year_reached_at_historical
    ends = [periods.window(u["period_start"], u["period_end"]).last_year
            for u in res.evidence_used()]  # fmt: skip
    if year is None or not ends or year > max(ends):
        return None, ""
    # Arrays, not a frame indexed anew: the cards of five years are built on each step.
    at = res.prob_reach["year"].to_numpy() == year
    if not at.any():
        return None, ""
    p = res.prob_reach["prob"].to_numpy()[at][0]
    return f"P(by {year}): {probability(float(p))}", (
        f" The figures published since {res.base_year} give reaching it by {year} a "
        f"probability of {probability(float(p))}."
    )
