"""The only cached functions in the app. Big read-only tables are held once per process.

Every loader returns objects the pages must not mutate: Streamlit's ``cache_resource``
hands the same object to every session, so nothing is copied per call.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from analysis.mirror import mirror_table
from analysis.nowcasts import nowcast_year
from analysis.reconcile import Reconciled
from analysis.target import TargetResult
from dashboard import charts_scenarios, kpis, report, services
from data.store import Snapshot


def store_dir() -> str | None:
    return os.environ.get("TRADEDASH_STORE") or None


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_snapshot(reporter: str, partner: str, generation: int = 0) -> Snapshot:
    """Both stores' rows for a pair. ``generation`` changes after an import."""
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


# -- overview, scenarios, rail -----------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def pair_citations(reporter: str, partner: str, generation: int = 0) -> dict[str, str]:
    """``source_id → citation()`` for every source of the pair's snapshot (shared)."""
    snap = pair_snapshot(reporter, partner, generation)
    return {k: s.citation() for k, s in snap.sources.items()}


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_nowcast(
    reporter: str, partner: str, series: str, year: int, generation: int = 0
) -> pd.DataFrame:
    """Full-year nowcasts of ``year`` from each part-year figure of the pair's series."""
    r = pair_series(reporter, partner, series, "total", generation)
    return nowcast_year(r.values(), r.part_year, year)


class ScenarioView(NamedTuple):
    """What the scenario page shows for one set of parameters, built once and shared."""

    result: TargetResult
    figure: go.Figure
    table: pd.DataFrame
    arrow: pa.Table  # the table as Streamlit sends it: converted once, not per rerun
    csv: bytes
    sources: list[str]  # citations of the history the evaluation used


@st.cache_resource(max_entries=32, show_spinner=False)
def scenario_view(
    reporter: str,
    partner: str,
    series: str,
    unit: str,
    target: float,
    target_year: int,
    base_year: int | None,
    history: tuple[int, int] | None,
    paths: int,
    seed: int,
    method: str,
    scenarios: tuple[tuple[str, float], ...] = (),
    generation: int = 0,
) -> ScenarioView:
    """``evaluate_target`` on the pair's reconciled series, with its figure, table and CSV;
    raises ``ValueError`` with the reason for parameters the series cannot support (the
    page shows it). A link opened by many analysts costs one evaluation."""
    r = pair_series(reporter, partner, series, "total", generation)
    res = services.target_result(
        r,
        target,
        target_year,
        base_year=base_year,
        history=history,
        paths=paths,
        seed=seed,
        method=method,
        scenarios=scenarios,
    )
    table = report.scenario_table(res, unit)
    citations = pair_citations(reporter, partner, generation)
    years = r.best["year"].to_numpy(dtype="int64")
    used = (years >= min(res.history_window[0], res.base_year)) & (years <= res.base_year)
    ids = r.best["source_ids"].to_numpy(dtype=object)[used]
    sources = list(dict.fromkeys(citations.get(s, s) for row in ids for s in row))
    return ScenarioView(
        res,
        charts_scenarios.target_figure(res, unit),
        table,
        pa.Table.from_pandas(table, preserve_index=False),
        report.safe_csv(table),
        sources,
    )


@st.cache_resource(max_entries=32, show_spinner=False)
def scenario_defaults(
    reporter: str, partner: str, series: str, generation: int = 0
) -> kpis.ScenarioDefaults:
    """The scenario controls' starting values for a pair and series."""
    values = pair_series(reporter, partner, series, generation=generation).values()
    stated, _ = kpis.stated_target(pair_snapshot(reporter, partner, generation).frame)
    cap = pair_series(reporter, partner, "rail_capacity", generation=generation)
    return kpis.scenario_defaults(values, series, stated, cap)


# -- trade, claims, data -----------------------------------------------------------------


def store_generation() -> int:
    """A number that changes whenever the user store is written (not cached: one stat).

    Every write replaces the manifest by a rename, so its inode and modification time
    change; an import in one session is seen by every session. Pass it to the loaders as
    ``generation``. 0 while the user store is empty.
    """
    from data.store import MANIFEST, user_store

    try:
        st_ = os.stat(user_store(store_dir()).root / MANIFEST)
    except FileNotFoundError:
        return 0
    return hash((st_.st_ino, st_.st_mtime_ns, st_.st_size)) & 0xFFFFFFFFFFFF


@st.cache_resource(max_entries=4, show_spinner=False)
def trade_pairs(generation: int = 0) -> pd.DataFrame:
    """Distinct (reporter, partner) pairs in both stores, reading only those two columns."""
    import pyarrow.parquet as pq

    from data.store import embedded_store, user_store

    parts = []
    for store in (embedded_store(), user_store(store_dir())):
        for _attempt in range(5):
            meta = store.manifest()
            if not meta:
                break
            try:
                path = store.root / meta["data_file"]
                table = pq.read_table(path, columns=["reporter", "partner"])
            except FileNotFoundError:
                continue  # a writer pruned the file just read from the manifest: read again
            parts.append(table.to_pandas().astype(str).drop_duplicates())
            break
    if not parts:
        return pd.DataFrame({"reporter": [], "partner": []}, dtype=str)
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


@st.cache_resource(max_entries=2, show_spinner=False)
def all_snapshot(generation: int = 0) -> Snapshot:
    """Both stores, every row (claims, contradictions and the sources list need them all)."""
    from data.store import read_all

    return read_all(store_dir())


@st.cache_resource(max_entries=4, show_spinner=False)
def claim_verdicts(which: str, generation: int = 0) -> tuple[list[dict], dict[str, str]]:
    """Verdicts as dicts and each verdict's unit: ``which`` is ``headline`` or ``press``.

    Press figures are every press row of both stores, each checked against the others.
    """
    from analysis import claims

    snap = all_snapshot(generation)
    obs, cats = snap.frame, services.categories(snap)
    if which == "headline":
        todo = list(claims.HEADLINE_CLAIMS)
        verdicts = claims.check_headlines(obs, cats)
    else:
        todo = claims.claims_from_frame(obs)
        verdicts = claims.check_claims(todo, obs, cats)
    units = {c.id: c.unit for c in todo}
    return [v.to_dict() for v in verdicts], units


@st.cache_resource(max_entries=2, show_spinner=False)
def contradiction_list(generation: int = 0) -> list[dict]:
    """Every pair of figures that clash, as dicts (see ``analysis.contradictions``)."""
    from analysis.contradictions import contradictions

    snap = all_snapshot(generation)
    return [c.to_dict() for c in contradictions(snap.frame, services.categories(snap))]


@st.cache_resource(max_entries=2, show_spinner=False)
def store_contents(generation: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each store holds: a summary per store and a listing per pair."""
    from dashboard import tables
    from data.store import embedded_store, user_store

    snaps = {"embedded": embedded_store().read(), "user": user_store(store_dir()).read()}
    frames = {k: s.frame for k, s in snaps.items()}
    counts = {k: len(s.sources) for k, s in snaps.items()}
    return tables.store_listing(frames, counts), tables.pair_listing(frames)


@st.cache_resource(max_entries=32, show_spinner=False)
def pair_mirror(reporter: str, partner: str, factor: float, generation: int = 0) -> pd.DataFrame:
    """Mirror statistics of the pair (shared, read-only): see ``analysis.mirror``."""
    snap = pair_snapshot(reporter, partner, generation)
    return mirror_table(snap.frame, services.categories(snap), reporter, partner, factor=factor)
