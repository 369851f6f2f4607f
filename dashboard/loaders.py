"""The only cached functions in the app: each wraps one call to ``services`` or a view.

Big read-only tables are held once per process. Every loader returns objects the pages
must not mutate: Streamlit's ``cache_resource`` hands the same object to every session,
so nothing is copied per call. ``generation`` (see :func:`store_generation`) changes
after an import, so a new store state is a new cache entry.
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.nowcasts import nowcast_year
from analysis.products import detail_years, product_figures, top_products
from analysis.reconcile import Reconciled
from analysis.wording import series_label
from dashboard import services, state
from dashboard.figures import trade as trade_figures
from dashboard.views import data as data_view
from dashboard.views import pairs as pairs_view
from dashboard.views import products as products_view
from dashboard.views import recency as recency_view
from dashboard.views import scenarios as scenario_views
from dashboard.views import trade as trade_view
from dashboard.views import verdicts
from data.countries import name_of
from data.store import Snapshot, read_all, user_store


def store_dir() -> str | None:
    return os.environ.get("TRADEDASH_STORE") or None


def store_generation() -> int:
    """A number that changes whenever the user store is written (not cached: one stat).

    An import in one session is seen by every session. 0 while the user store is empty.
    """
    return user_store(store_dir()).generation()


# -- one pair ----------------------------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_snapshot(reporter: str, partner: str, generation: int = 0) -> Snapshot:
    """Both stores' rows for a pair."""
    return services.load_pair(reporter, partner, store_dir())


@st.cache_resource(max_entries=64, show_spinner=False)
def pair_series(
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    generation: int = 0,
) -> Reconciled:
    """The reconciled series of a pair (shared, read-only)."""
    return services.reconciled(
        pair_snapshot(reporter, partner, generation), reporter, partner, series, flow
    )


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_citations(reporter: str, partner: str, generation: int = 0) -> dict[str, str]:
    """``source_id → citation()`` for every source of the pair's snapshot (shared)."""
    return services.citations(pair_snapshot(reporter, partner, generation))


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_nowcast(
    reporter: str, partner: str, series: str, year: int, generation: int = 0
) -> pd.DataFrame:
    """Full-year nowcasts of ``year`` from each part-year figure of the pair's series."""
    r = pair_series(reporter, partner, series, "total", generation)
    return nowcast_year(r.values(), r.part_year, year)


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_recency(
    reporter: str, partner: str, series: tuple[str, ...] = ("trade_value",), generation: int = 0
) -> str:
    """The line under each page's title: how recent each source is for the pair."""
    snap = pair_snapshot(reporter, partner, generation)
    return recency_view.recency_caption(snap.frame, snap.sources, reporter, partner, series)


@st.cache_resource(max_entries=32, show_spinner=False)
def trade_points(
    reporter: str, partner: str, flows: tuple[str, ...], generation: int = 0
) -> pd.DataFrame:
    """The Trade page's points of ``flows`` with their sources' addresses (shared,
    read-only): a flow pill pressed again reuses them instead of building every point's
    hover again."""
    series = {
        "total": pair_series(reporter, partner, "trade_value", "total", generation),
        "export": pair_series(reporter, partner, "trade_value", "export", generation),
        "import": pair_series(reporter, partner, "trade_value", "import", generation),
    }
    points = trade_view.trade_points(series, pair_citations(reporter, partner, generation), flows)
    return trade_view.with_links(points, pair_snapshot(reporter, partner, generation).sources)


@st.cache_resource(max_entries=32, show_spinner=False)
def trade_charts(
    reporter: str, partner: str, flows: tuple[str, ...], log: bool, generation: int = 0
) -> tuple[go.Figure, go.Figure]:
    """The Trade page's levels and growth charts of :func:`trade_points` (shared:
    ``st.plotly_chart`` copies a figure to send it, it does not change it)."""
    points = trade_points(reporter, partner, flows, generation)
    options = trade_figures.TradeOptions(log=log)
    return trade_figures.trade_figure(points, options), trade_figures.growth_figure(points, options)


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_product_figures(reporter: str, partner: str, generation: int = 0) -> pd.DataFrame:
    """The pair's stated product figures with their sources (see ``analysis.products``)."""
    snap = pair_snapshot(reporter, partner, generation)
    figures = product_figures(snap.frame, services.categories(snap), reporter, partner)
    return products_view.figures_table(figures, snap.sources)


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_detail_years(reporter: str, partner: str, generation: int = 0) -> list[int]:
    """Years for which a store holds the pair's HS detail, newest first."""
    snap = pair_snapshot(reporter, partner, generation)
    return detail_years(snap.frame, services.categories(snap), reporter, partner)


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_top_products(
    reporter: str, partner: str, year: int, flow: str, n: int = 10, generation: int = 0
) -> pd.DataFrame:
    """A year's largest products of a flow, with value per tonne where weight exists."""
    snap = pair_snapshot(reporter, partner, generation)
    return top_products(snap.frame, services.categories(snap), reporter, partner, year, flow, n)


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_mirror(reporter: str, partner: str, factor: float, generation: int = 0) -> pd.DataFrame:
    """Mirror statistics of the pair (shared, read-only): see ``analysis.mirror``."""
    return services.mirror(pair_snapshot(reporter, partner, generation), reporter, partner, factor)


@st.cache_resource(max_entries=32, show_spinner=False)
def series_flags(
    reporter: str, partner: str, series: str, years: tuple[int, ...], generation: int = 0
) -> list[verdicts.Flag]:
    """Flags on the pair's best figures of ``years`` whose rows the claims checker finds
    contradicted or ambiguous (checked once per store state, only those rows)."""
    r = pair_series(reporter, partner, series, "total", generation)
    snap = pair_snapshot(reporter, partner, generation)
    checked = services.figure_verdicts(snap, verdicts.refs_of(r, years))
    return verdicts.figure_flags(r, years, checked)


# -- scenarios ---------------------------------------------------------------------------


# Room for every year of the slider (2010–2060) of one setting and then some: the page
# asks for the years either side of the one shown. The views share their setting's paths
# (scenario_paths), so each holds little of its own (about 70 kB).
@st.cache_resource(max_entries=128, show_spinner=False)
def scenario_view(
    asked: scenario_views.ScenarioAsk, generation: int = 0
) -> scenario_views.ScenarioView:
    """:func:`dashboard.views.scenarios.evaluated_view` from the cached pieces: a link
    opened by many analysts costs one evaluation."""
    a = asked
    return scenario_views.evaluated_view(
        a,
        pair_as_of(a.reporter, a.partner, a.series, a.as_of, generation, a.flow),
        scenario_paths(a.reporter, a.partner, a.series, a.base_year, a.history, a.paths,
                       a.seed, a.method, generation, a.as_of, a.flow),
        lambda as_of: pooled_prior(a.series, as_of, generation),
        pair_citations(a.reporter, a.partner, generation),
    )  # fmt: skip


@st.cache_resource(max_entries=16, show_spinner=False)
def scenario_paths(
    reporter: str,
    partner: str,
    series: str,
    base_year: int | None,
    history: tuple[int, int] | None,
    paths: int,
    seed: int,
    method: str,
    generation: int = 0,
    as_of: str | None = None,
    flow: str = "total",
) -> services.Paths:
    """The simulated, conditioned paths of a scenario, whatever its target: simulated to
    the target-year slider's last year, so every step of the slider reuses them."""
    view = pair_as_of(reporter, partner, series, as_of, generation, flow)
    prior = scenario_views.prior_for(
        method, view.as_of, lambda m: pooled_prior(series, m, generation)
    )
    return services.scenario_paths(
        view.reconciled,
        base_year=base_year,
        history=history,
        paths=paths,
        seed=seed,
        method=method,
        prior=prior,
        view=view,
        end_year=state.TARGET_YEARS[1],
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_as_of(
    reporter: str,
    partner: str,
    series: str,
    as_of: str | None,
    generation: int = 0,
    flow: str = "total",
) -> services.AsOf:
    """The pair's series (``flow``: its total, or the reporter's ``export`` or ``import``)
    as known at ``as_of``, with the figures after its base year."""
    snap = pair_snapshot(reporter, partner, generation)
    return services.as_of_view(snap, reporter, partner, series, flow, as_of)


def pair_flows(
    reporter: str, partner: str, series: str, generation: int = 0
) -> dict[str, Reconciled]:
    """The pair's one-way flows by their words (a turnover's two parts)."""
    return {
        "exports": pair_series(reporter, partner, series, "export", generation),
        "imports": pair_series(reporter, partner, series, "import", generation),
    }


def why_no_series(asked: scenario_views.ScenarioAsk, generation: int = 0) -> str | None:
    """Why the asked scenario's pair has no yearly series (its flow) to start from, as of
    its ``as_of``, with what its one-way flows hold (``views.scenarios.why_no_series``)."""
    a = asked
    return scenario_views.why_no_series(
        pair_as_of(a.reporter, a.partner, a.series, a.as_of, generation, a.flow).reconciled,
        pair_flows(a.reporter, a.partner, a.series, generation),
        f"{name_of(a.reporter)}–{name_of(a.partner)}",
        series_label(a.series, a.flow),
    )


@st.cache_resource(max_entries=8, show_spinner=False)
def pooled_prior(series: str, as_of: str, generation: int = 0) -> services.PooledPrior | None:
    """The stores' pooled prior as of a month (one fit per store state and year)."""
    from analysis.asof import last_full_year

    return _pooled_prior_of_year(series, last_full_year(as_of), generation)


@st.cache_resource(max_entries=8, show_spinner=False)
def _pooled_prior_of_year(
    series: str, year: int, generation: int = 0
) -> services.PooledPrior | None:
    return services.prior_from_panel(services.store_panel(store_dir(), series), f"{year}-12")


@st.cache_resource(max_entries=1, show_spinner=False)
def backtest_summary() -> dict:
    """The backtest summary shipped with the embedded data (read once per process)."""
    return services.backtest_summary()


@st.cache_resource(max_entries=16, show_spinner=False)
def fan_quality(method: str, ratio: float) -> scenario_views.FanQuality:
    """The method's coverage table, reliability entry and diagram from the shipped
    backtest, for the backtest ratio nearest to ``ratio`` (built once per pair of them)."""
    return scenario_views.fan_quality_view(backtest_summary(), method, ratio)


def fan_size_words(method: str, reach: dict | None, level: float | None) -> str | None:
    """The shipped backtest's scores for cases of ``level`` (a turnover's base in USD;
    ``None`` for another series): see ``views.scenarios.quality.size_words``."""
    return scenario_views.size_words(backtest_summary(), method, reach, level)


@st.cache_resource(max_entries=32, show_spinner=False)
def scenario_defaults(
    reporter: str,
    partner: str,
    series: str,
    generation: int = 0,
    as_of: str | None = None,
    flow: str = "total",
) -> scenario_views.ScenarioDefaults:
    """The scenario controls' starting values for a pair, series and flow, as known at
    ``as_of``."""
    r = pair_as_of(reporter, partner, series, as_of, generation, flow).reconciled
    return scenario_views.defaults_for(
        r.values(),
        series,
        pair_snapshot(reporter, partner, generation).frame,
        pair_series(reporter, partner, "rail_capacity", generation=generation),
        r.last_growth_base(),
        services.publishers(pair_snapshot(reporter, partner, generation)),
        scenario_views.published_dates(pair_snapshot(reporter, partner, generation).sources),
        flow,
    )


# -- every pair: trade, claims, data -----------------------------------------------------


@st.cache_resource(max_entries=4, show_spinner=False)
def trade_pairs(generation: int = 0) -> pd.DataFrame:
    """Distinct (reporter, partner) pairs in both stores, reading only those two columns."""
    return services.trade_pairs(store_dir())


@st.cache_resource(max_entries=4, show_spinner=False)
def reporters_held(generation: int = 0) -> list[str]:
    """The reporters of :func:`trade_pairs`, sorted (a picker's options, every rerun)."""
    return sorted(set(trade_pairs(generation)["reporter"]))


@st.cache_resource(max_entries=64, show_spinner=False)
def partners_held(reporter: str, generation: int = 0) -> list[str]:
    """Codes the stores hold trading with ``reporter``, either way, sorted (a picker's
    options, every rerun)."""
    return trade_view.pair_options(trade_pairs(generation), reporter)


@st.cache_resource(max_entries=64, show_spinner=False)
def missing_pair(reporter: str, partner: str, generation: int = 0) -> str | None:
    """Why the stores cannot show the pair, or ``None`` (checked on every page's rerun)."""
    return pairs_view.missing_pair_message(trade_pairs(generation), reporter, partner)


@st.cache_resource(max_entries=2, show_spinner=False)
def all_snapshot(generation: int = 0) -> Snapshot:
    """Both stores, every row (claims, contradictions and the sources list need them all)."""
    return read_all(store_dir())


@st.cache_resource(max_entries=4, show_spinner=False)
def claim_verdicts(which: str, generation: int = 0) -> tuple[list[dict], dict[str, str]]:
    """Verdicts as dicts and each verdict's unit: ``which`` is ``headline`` or ``press``."""
    return services.claim_verdicts(all_snapshot(generation), which)


@st.cache_resource(max_entries=2, show_spinner=False)
def contradiction_list(generation: int = 0) -> list[dict]:
    """Every pair of figures that clash, as dicts (see ``analysis.contradictions``)."""
    return services.contradiction_list(all_snapshot(generation))


@st.cache_resource(max_entries=2, show_spinner=False)
def store_contents(generation: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each store holds: a summary per store and a listing per pair."""
    return data_view.store_contents(services.stores(store_dir()))
