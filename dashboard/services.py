"""Use cases shared by the command line and the pages: load, reconcile, compute, shape.

No Streamlit here, so the CLI starts fast and these functions are testable as they are.
Each ``*_payload`` function returns ``(payload, rows)``: a JSON-ready object (the
documented CLI contract) and a flat frame for ``--format table|csv``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import periods
from analysis.asof import known_mask, last_full_year, month_index, month_text, published_index
from analysis.backtest import BacktestConfig, run_backtest
from analysis.evidence import Figure
from analysis.forecast import DEFAULT_METHOD, METHODS, PooledPrior, fit_pooled_prior
from analysis.mirror import DEFAULT_FACTOR, mirror_table
from analysis.nowcasts import nowcast_year
from analysis.panel import Panel, turnover_panel
from analysis.reconcile import CATEGORY_RANK, Reconciled, monthly_checks, reconcile
from analysis.scenarios import Scenario
from analysis.target import (
    SIM_YEARS,
    Paths,
    TargetParams,
    TargetResult,
    default_base_year,
    evaluate_target,
    simulate_paths,
)
from data.store import Snapshot, pair_filter, read_all, user_store

Progress = Callable[[int, int, str], None]
#: The pair the headline claims are about.
HEADLINE_PAIR = {"reporter": ["KAZ"], "partner": ["TKM"]}


def load_pair(reporter: str, partner: str, store_dir: str | None = None) -> Snapshot:
    """Both stores' rows for the pair (either way round)."""
    return read_all(store_dir, filters=pair_filter(reporter, partner))


def categories(snap: Snapshot) -> dict[str, str]:
    return {k: s.category for k, s in snap.sources.items()}


def citations(snap: Snapshot) -> dict[str, str]:
    """``source_id → citation()`` for every source of a snapshot."""
    return {k: s.citation() for k, s in snap.sources.items()}


def stores(store_dir: str | None = None) -> dict[str, Snapshot]:
    """Each store's whole state, by name: ``embedded`` and ``user``."""
    from data.store import embedded_store

    return {"embedded": embedded_store().read(), "user": user_store(store_dir).read()}


def trade_pairs(store_dir: str | None = None) -> pd.DataFrame:
    """Distinct (reporter, partner) pairs in both stores, reading only those two columns."""
    from data.store import embedded_store

    parts = [
        s.read_columns(["reporter", "partner"]).to_pandas().astype(str).drop_duplicates()
        for s in (embedded_store(), user_store(store_dir))
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({"reporter": [], "partner": []}, dtype=str)
    return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


def claim_verdicts(snap: Snapshot, which: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Verdicts as dicts and each verdict's unit: ``which`` is ``headline`` or ``press``.

    Press figures are every press row of the snapshot, each checked against the others.
    """
    from analysis import claims

    obs, cats = snap.frame, categories(snap)
    if which == "headline":
        todo = list(claims.HEADLINE_CLAIMS)
        verdicts = claims.check_headlines(obs, cats)
    else:
        todo = claims.claims_from_frame(obs)
        verdicts = claims.check_claims(todo, obs, cats)
    units = {c.id: c.unit for c in todo}
    return [v.to_dict() for v in verdicts], units


def figure_verdicts(snap: Snapshot, refs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The claims checker's verdict on each press row of ``refs`` (others have none), as
    :func:`claim_verdicts` gives it for that row, plus ``publishers`` (source id → publisher)
    for the sources it names. Checks only those rows: a page showing a few figures does not
    wait for every press figure to be checked."""
    from analysis import claims

    wanted = set(refs)
    if not wanted:
        return {}
    todo = [c for c in claims.claims_from_frame(snap.frame) if c.ref in wanted]
    out = {}
    for v in claims.check_claims(todo, snap.frame, categories(snap)):
        d = v.to_dict()
        ids = {v.source_id, *v.data_sources}
        d["publishers"] = {
            s: src.publisher for s, src in snap.sources.items() if s in v.note or s in ids
        }
        out[v.ref or v.id] = d
    return out


def contradiction_list(snap: Snapshot) -> list[dict[str, Any]]:
    """Every pair of figures that clash, as dicts (see ``analysis.contradictions``)."""
    from analysis.contradictions import contradictions

    return [c.to_dict() for c in contradictions(snap.frame, categories(snap))]


def mirror(snap: Snapshot, reporter: str, partner: str, factor: float) -> pd.DataFrame:
    """Mirror statistics of the pair (see ``analysis.mirror``)."""
    return mirror_table(snap.frame, categories(snap), reporter, partner, factor=factor)


def reconciled(
    snap: Snapshot,
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    commodity: str = "TOTAL",
) -> Reconciled:
    return reconcile(
        snap.frame, categories(snap), reporter, partner, series, flow, commodity=commodity
    )


def series_payload(
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    store_dir: str | None = None,
    *,
    deflator: Path | None = None,
    price_base: int | None = None,
    commodity: str = "TOTAL",
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash series``: annual best points first, then part-year points.

    ``commodity`` picks all goods (``TOTAL``) or one product or group as the store codes
    it (``1001`` wheat, ``HS01-24`` agri-food); a product's figures never enter ``TOTAL``.

    With ``deflator`` (a CSV of year, index), annual USD values are shown at constant
    ``price_base`` prices (default: the deflator's last year), each point ``derived``;
    part-year points are left out then, as a yearly index does not price them.
    """
    snap = load_pair(reporter, partner, store_dir)
    r = reconciled(snap, reporter, partner, series, flow, commodity.upper())
    points = r.points()
    # The best category among a point's sources: a turnover summed from an official
    # table's exports and imports is ``derived`` in kind and ``official`` in category.
    for p in points:
        ids = p["source_ids"] if isinstance(p["source_ids"], list) else []
        cats = [snap.sources[s].category for s in ids if s in snap.sources]
        p["category"] = min(cats, key=lambda c: CATEGORY_RANK.get(c, 9), default="")
    payload: dict[str, Any] = {
        "reporter": reporter,
        "partner": partner,
        "series": series,
        "flow": flow,
        "commodity": commodity.upper(),
        "unit": r.unit,
        "points": points,
    }
    checks = monthly_checks(r)
    if len(checks):
        # Annual totals built from 12 months, beside the stated annual figure.
        payload["monthly_checks"] = [
            {
                "year": int(c.year),
                "months_sum": c.months_sum,
                "annual": c.annual,
                "annual_source_ids": list(c.annual_source_ids),
                "diff_pct": c.diff_pct,
            }
            for c in checks.itertuples(index=False)
        ]
    if deflator is not None:
        points = _constant_prices(points, r.unit, deflator, price_base, payload)
    rows = pd.DataFrame(
        points,
        columns=[
            "period_start", "period_end", "value", "comparator", "kind", "category", "source_ids"
        ],
    )  # fmt: skip
    rows["source_ids"] = rows["source_ids"].map(lambda ids: ";".join(ids))
    rows.insert(3, "unit", r.unit)
    return payload, rows


def _constant_prices(
    points: list[dict[str, Any]],
    unit: str,
    deflator: Path,
    price_base: int | None,
    payload: dict[str, Any],
) -> list[dict[str, Any]]:
    from analysis.growth import deflate
    from data.deflator import read_deflator

    if unit != "USD":
        raise ValueError(f"only USD series can be deflated; this one is in {unit}")
    index = read_deflator(deflator)
    base = price_base if price_base is not None else int(index.index.max())
    years = {
        i: periods.year_of(str(p["period_start"]))
        for i, p in enumerate(points)
        if periods.is_year(str(p["period_start"]), str(p["period_end"]))
    }
    # Years the deflator does not price are left out, and listed.
    covered = set(index.index.tolist())
    payload["years_without_deflator"] = sorted(set(years.values()) - covered)
    kept = [i for i, y in years.items() if y in covered]
    annual = [points[i] for i in kept]
    nominal = pd.Series([float(p["value"]) for p in annual], index=[years[i] for i in kept])
    real = deflate(nominal, index, base)
    for p, v in zip(annual, real.to_numpy(), strict=True):
        p["value"], p["kind"] = float(v), "derived"
    payload.update(points=annual, price_basis=f"constant {base} USD", deflator=deflator.name)
    return annual


@dataclass(frozen=True)
class AsOf:
    """A pair's series as known at ``as_of``: reconciled from the observations known then,
    with the figures after the base year that a scenario conditions on."""

    as_of: str
    reconciled: Reconciled
    later: tuple[Figure, ...]  # every figure of the series after its last exact year
    part_history: pd.DataFrame  # exact part-year levels: year, start_month, end_month, value
    candidates: tuple[Figure, ...] = ()  # later figures and every stated year and window


def latest_month(snap: Snapshot, series: str | None = None) -> str:
    """The latest month in a snapshot (of ``series``, default all): of any period's end,
    or any cited source's publication, so that by default everything stored is known.
    Targets and capacities, which end in the future by nature, do not count."""
    f = snap.frame[snap.frame["measure"].astype(str) != "target"]  # a 2030 goal is no news
    if series is not None:
        f = f[f["series"].astype(str) == series]
    ends = [month_index(str(m)) for m in pd.unique(f["period_end"].astype(str))]
    cited = set(f["source_id"].astype(str))
    pubs = [published_index(s.published) for k, s in snap.sources.items() if k in cited]
    months = ends + [m for m in pubs if m is not None]
    if not months:
        raise ValueError("the stores hold no observation for this pair")
    return month_text(max(months))


def as_of_view(
    snap: Snapshot,
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    as_of: str | None = None,
) -> AsOf:
    """The pair's series as an analyst could have known it at ``as_of`` (default: the
    latest month in the stores); see ``analysis.asof`` for the rule."""
    f = snap.frame
    try:
        month = as_of or latest_month(snap, series)
    except ValueError:
        # Nothing stored for the series: an empty view, whose evaluation says what is missing.
        month = ""
    published = {k: s.published for k, s in snap.sources.items()}
    known = (
        f[known_mask(f["period_end"].astype(str), f["source_id"].astype(str), published, month)]
        if month
        else f.iloc[0:0]
    )
    r = reconcile(known, categories(snap), reporter, partner, series, flow)
    values = r.values()
    base = int(values.index.max()) if len(values) else None
    later: list[Figure] = []
    if base is not None:
        later = _figures_after(known, r, reporter, partner, series, flow, base)
    part = r.part_year
    exact = part[part["comparator"].isin(["=", "~"])]
    history = pd.DataFrame(
        {
            "year": periods.years(exact["period_start"]),
            "start_month": periods.months_of_year(exact["period_start"]),
            "end_month": periods.months_of_year(exact["period_end"]),
            "value": exact["value"].to_numpy(dtype=float),
        }
    )
    history = history[history["year"] <= (base or 0)].drop_duplicates(
        ["year", "start_month", "end_month"]
    )
    view = AsOf(month, r, tuple(later), history.reset_index(drop=True))
    return AsOf(view.as_of, r, view.later, view.part_history, tuple(_all_after(view)))


def _figures_after(
    known: pd.DataFrame,
    r: Reconciled,
    reporter: str,
    partner: str,
    series: str,
    flow: str,
    base: int,
) -> list[Figure]:
    """Full-year best points, part-year levels and growth rates after ``base``."""
    out: list[Figure] = []
    full_level_years = set()
    for p in r.best.itertuples(index=False):
        if int(p.year) > base:
            out.append(
                Figure(
                    p.period_start,
                    p.period_end,
                    p.comparator,
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
            if p.comparator in ("=", "~"):
                full_level_years.add(int(p.year))
    for p in r.part_year.itertuples(index=False):
        if periods.year_of(str(p.period_start)) > base:
            out.append(
                Figure(
                    str(p.period_start),
                    str(p.period_end),
                    str(p.comparator),
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    rep, par = known["reporter"].astype(str), known["partner"].astype(str)
    own = (rep == reporter) & (par == partner) & (known["flow"].astype(str) == flow)
    if flow == "total":
        own |= (rep == partner) & (par == reporter) & (known["flow"].astype(str) == "total")
    g = known[
        own
        & (known["series"].astype(str) == series)
        & (known["measure"].astype(str) == "growth_pct_yoy")
        & (known["commodity"].astype(str) == "TOTAL")
    ]
    if len(g):
        g = g[periods.same_year(g["period_start"], g["period_end"])]
        g = g[periods.years(g["period_start"]) > base] if len(g) else g
    merged: dict[tuple[str, str, str, float], dict[str, None]] = {}
    for row in g.itertuples(index=False):
        key = (str(row.period_start), str(row.period_end), str(row.comparator), float(row.value))
        if periods.is_year(key[0], key[1]) and periods.year_of(key[0]) in full_level_years:
            continue  # the year's level is stated: the growth adds nothing
        merged.setdefault(key, {})[str(row.source_id)] = None
    for (ps, pe, comp, value), ids in sorted(merged.items()):
        out.append(Figure(ps, pe, comp, value, "growth_pct_yoy", tuple(ids)))
    return out


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
    """The simulated, conditioned paths a scenario reads, to ``end_year`` (default: the
    base year + ``SIM_YEARS``), whatever its target."""
    values, params = _params(r, base_year, history, paths, seed, method, prior, view)
    base = params.base_year if params.base_year is not None else default_base_year(values)
    return simulate_paths(values, params, end_year or base + SIM_YEARS)


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
    )


def _all_after(view: AsOf) -> list[Figure]:
    """Every figure of the view as a candidate of evidence: the later figures, plus the
    exact full years after a base the analyst set earlier than the last exact year."""
    out = list(view.later)
    r = view.reconciled
    seen = {(f.period_start, f.period_end, f.measure) for f in out}
    for p in r.best.itertuples(index=False):
        key = (p.period_start, p.period_end, "level")
        if key not in seen:
            out.append(
                Figure(
                    p.period_start,
                    p.period_end,
                    p.comparator,
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    for p in r.part_year.itertuples(index=False):
        key = (str(p.period_start), str(p.period_end), "level")
        if key not in seen:
            out.append(
                Figure(
                    str(p.period_start),
                    str(p.period_end),
                    str(p.comparator),
                    float(p.value),
                    "level",
                    tuple(p.source_ids),
                )
            )
    return out


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
    # The last exact year, as the page starts from (an "about" figure after it is no base).
    base_year = base_year if base_year is not None else view.reconciled.last_exact_year()
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


BATCH_REQUIRED = (
    "case_id",
    "reporter",
    "partner",
    "series",
    "flow",
    "base_year",
    "as_of",
    "target_value",
    "target_year",
)
BATCH_OPTIONAL = ("method", "paths", "seed", "history_start", "history_end")
BATCH_COLUMNS = ("case_id", "year", "p05", "p10", "p50", "p90", "p95", "prob_reach")


def _batch_cases(file: Path) -> list[dict[str, Any]]:
    """The cases of a batch file, checked; a bad cell → ``ValueError`` naming file, row
    (the header is line 1) and column."""
    try:
        frame = pd.read_csv(file, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValueError(f"{file.name}: not a readable CSV ({exc})") from exc
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in BATCH_REQUIRED if c not in frame.columns]
    if missing:
        raise ValueError(f"{file.name}, row 1: missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise ValueError(f"{file.name}: no case (only a header)")
    cases = []
    for i, raw in enumerate(frame.to_dict(orient="records")):
        row = {k: str(v).strip() for k, v in raw.items()}

        def number(col: str, kind: type, row=row, line=i + 2) -> Any:  # type: ignore[no-untyped-def]
            text = row.get(col, "")
            if text == "":
                return None
            try:
                return kind(float(text)) if kind is int else kind(text)
            except ValueError:
                raise ValueError(
                    f"{file.name}, row {line}, column {col}: not a number: {text!r}"
                ) from None

        for col in (
            "case_id",
            "reporter",
            "partner",
            "series",
            "flow",
            "target_value",
            "target_year",
        ):
            if row.get(col, "") == "":
                raise ValueError(f"{file.name}, row {i + 2}, column {col}: empty")
        method = row.get("method", "") or DEFAULT_METHOD
        if method not in METHODS:
            raise ValueError(
                f"{file.name}, row {i + 2}, column method: {method!r} is not one of "
                + ", ".join(METHODS)
            )
        h0, h1 = number("history_start", int), number("history_end", int)
        if (h0 is None) != (h1 is None):
            raise ValueError(
                f"{file.name}, row {i + 2}, column history_start: give both "
                "history_start and history_end, or neither"
            )
        as_of = row.get("as_of", "") or None
        if as_of is not None:
            try:
                month_index(as_of)
            except ValueError as exc:
                raise ValueError(f"{file.name}, row {i + 2}, column as_of: {exc}") from None
        cases.append(
            {
                "line": i + 2,
                "case_id": row["case_id"],
                "reporter": row["reporter"].upper(),
                "partner": row["partner"].upper(),
                "series": row["series"],
                "flow": row["flow"],
                "base_year": number("base_year", int),
                "as_of": as_of,
                "target": number("target_value", float),
                "by": number("target_year", int),
                "method": method,
                "paths": number("paths", int) or 10_000,
                "seed": number("seed", int) or 0,
                "history": None if h0 is None else (h0, h1),
            }
        )
    return cases


BATCH_PARALLEL_FROM = 200


def _run_cases(
    name: str, cases: list[dict[str, Any]], store_dir: str | None
) -> list[tuple[int, list[dict[str, Any]]]]:
    """Evaluate cases (one process's share of a batch): ``(line, rows)`` per case."""
    snaps: dict[tuple[str, str], Snapshot] = {}
    views: dict[tuple[Any, ...], AsOf] = {}
    priors: dict[tuple[str, str], PooledPrior | None] = {}
    panels: dict[str, Panel] = {}
    done: list[tuple[int, list[dict[str, Any]]]] = []
    for c in cases:
        pair = (c["reporter"], c["partner"])
        if pair not in snaps:
            snaps[pair] = load_pair(*pair, store_dir)
        key = (*pair, c["series"], c["flow"], c["as_of"])
        try:
            if key not in views:
                views[key] = as_of_view(snaps[pair], *pair, c["series"], c["flow"], c["as_of"])
            view = views[key]
            prior = None
            if c["method"] in ("pooled", "random_walk"):
                pk = (c["series"], view.as_of)
                if pk not in priors:
                    if c["series"] not in panels:
                        panels[c["series"]] = store_panel(store_dir, c["series"])
                    priors[pk] = prior_from_panel(panels[c["series"]], view.as_of)
                prior = priors[pk]
            res = target_result(
                view.reconciled,
                c["target"],
                c["by"],
                base_year=c["base_year"],
                history=c["history"],
                paths=c["paths"],
                seed=c["seed"],
                method=c["method"],
                prior=prior,
                view=view,
            )
        except ValueError as exc:
            raise ValueError(f"{name}, row {c['line']} (case {c['case_id']}): {exc}") from None
        fan = res.fan.set_index("year")
        prob = res.prob_reach.set_index("year")["prob"]
        rows = []
        for year in range(res.base_year + 1, res.target_year + 1):
            f = fan.loc[year]
            rows.append(
                {"case_id": c["case_id"], "year": year}
                | {q: float(f[q]) for q in ("p05", "p10", "p50", "p90", "p95")}
                | {"prob_reach": float(prob.loc[year])}
            )
        done.append((c["line"], rows))
    return done


def batch_payload(
    file: Path, store_dir: str | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """``tradedash scenario --batch FILE``: one scenario per row of FILE, one output row
    per case and year from its base year + 1 to its target year (:data:`BATCH_COLUMNS`).

    Each case gives what ``tradedash scenario`` gives for the same parameters; a pair is
    read once, its as-of view built once per series, flow and month, and the pooled prior
    fitted once per series and month; from :data:`BATCH_PARALLEL_FROM` cases, the pairs
    are shared between two processes (forked, so they read what this one has). A case
    that cannot be evaluated stops the batch with its row named.
    """
    cases = _batch_cases(file)
    # Cases of one pair stay together (the pair is read and reconciled once); the pairs
    # are dealt to one process per core (two at most) when there is enough to share.
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in cases:
        groups.setdefault((c["reporter"], c["partner"]), []).append(c)
    chunks: list[list[dict[str, Any]]] = [[], []]
    for k, pair in enumerate(sorted(groups, key=lambda p: -len(groups[p]))):
        chunks[k % 2].extend(groups[pair])
    workers = min(2, os.cpu_count() or 1) if len(cases) >= BATCH_PARALLEL_FROM else 1
    if workers > 1 and all(chunks) and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(2) as pool:
            parts = pool.starmap(_run_cases, [(file.name, chunk, store_dir) for chunk in chunks])
    else:
        parts = [_run_cases(file.name, cases, store_dir)]
    by_case = {}
    for part in parts:
        for line, rows in part:
            by_case[line] = rows
    out: list[dict[str, Any]] = [r for c in cases for r in by_case[c["line"]]]
    return out, pd.DataFrame(out, columns=list(BATCH_COLUMNS))


BACKTEST_SUMMARY = Path(__file__).resolve().parents[1] / "data" / "embedded" / "backtest.json"


def backtest_summary() -> dict[str, Any]:
    """The backtest summary that ships with the embedded data (``make backtest`` rebuilds
    it): per method, coverage by horizon and reliability per ratio."""
    import json

    try:
        return dict(json.loads(BACKTEST_SUMMARY.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}


def store_panel(store_dir: str | None = None, series: str = "trade_value") -> Panel:
    """Both stores' annual turnover of every pair (see ``analysis.panel``)."""
    snap = read_all(store_dir, filters=[("series", "==", series)])
    return turnover_panel(snap.frame, categories(snap), series=series)


def backtest_payload(
    store_dir: str | None = None,
    config: BacktestConfig | None = None,
    *,
    progress: Progress | None = None,
    panel: Panel | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash backtest``: rolling-origin scores of every method on the stores' pairs.

    The stores' turnover of every pair is read once (``analysis.panel``); each case reads
    its pair's years up to the origin only. The IMF DOTS store is one vintage (2022), so
    this is a pseudo-real-time backtest: each year is taken as known in its December, with
    no revision and no publication lag.
    """
    cfg = config or BacktestConfig()
    p = panel if panel is not None else store_panel(store_dir)
    workers = min(2, os.cpu_count() or 1)
    if workers > 1 and "fork" in mp.get_all_start_methods():
        # Whole origins to each of two forked processes: the same numbers, in half the time.
        with mp.get_context("fork").Pool(workers) as pool:
            result = run_backtest(
                p.values, p.years, cfg, progress=progress, mapper=pool.map, processes=workers
            )
    else:
        result = run_backtest(p.values, p.years, cfg, progress=progress)
    rows = []
    for method, scores in result["methods"].items():
        for hz in scores["horizons"]:
            row: dict[str, Any] = {
                "method": method,
                "horizon": hz["horizon"],
                "coverage_p10_p90": round(hz["coverage_p10_p90"], 4),
                "coverage_p05_p95": round(hz["coverage_p05_p95"], 4),
                "crps_log": round(hz["crps_log"], 4),
            }
            for e in scores["reach"]:
                if e["horizon"] == hz["horizon"] and e["brier_skill"] is not None:
                    row[f"brier_skill_x{e['ratio']:g}"] = round(e["brier_skill"], 4)
            rows.append(row)
    return result, pd.DataFrame(rows)


def nowcast_payload(
    reporter: str, partner: str, series: str, year: int, store_dir: str | None = None
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash nowcast``: each part-year figure of ``year`` scaled to a full year."""
    snap = load_pair(reporter, partner, store_dir)
    r = reconciled(snap, reporter, partner, series, "total")
    rows = nowcast_year(r.values(), r.part_year, year)
    published = r.best[r.best["year"] == year]
    payload = {
        "reporter": reporter,
        "partner": partner,
        "series": series,
        "unit": r.unit,
        "year": year,
        "published": [
            {"value": float(p.value), "comparator": p.comparator, "source_ids": list(p.source_ids)}
            for p in published.itertuples()
        ],
        "nowcasts": _records(rows),
    }
    out = rows.copy()
    out["source_ids"] = out["source_ids"].map(lambda ids: ";".join(ids))
    return payload, out


def mirror_payload(
    reporter: str, partner: str, factor: float = DEFAULT_FACTOR, store_dir: str | None = None
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash mirror``: each side's exports beside the other's imports, CIF/FOB adjusted."""
    rows = mirror(load_pair(reporter, partner, store_dir), reporter, partner, factor)
    records = _records(rows)
    for r in records:
        if not r["gap_defined"]:
            r["gap_pct"] = None
    payload = {
        "reporter": reporter,
        "partner": partner,
        "factor": factor,
        "unit": "USD",
        "rows": records,
    }
    out = rows.copy()
    for col in ("export_source_ids", "import_source_ids"):
        out[col] = out[col].map(lambda ids: ";".join(ids))
    return payload, out


def claims_payload(
    file: Path | None, store_dir: str | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """``tradedash claims``: the headline claims, or every row of a press-figures file."""
    from analysis import claims as claims_mod
    from data.importers import press, refuse_if_empty, validate

    parsed = refuse_if_empty(press.load(file)) if file is not None else None
    if parsed is not None:
        validate([parsed])  # checked as an import would check it; nothing is written
    # Only the economies the claims speak of: a world-sized store stays on disk.
    frame = parsed.frame if parsed is not None else pd.DataFrame(HEADLINE_PAIR)
    codes = sorted(set(frame["reporter"].astype(str)) | set(frame["partner"].astype(str)))
    snap = read_all(store_dir, filters=[("reporter", "in", codes), ("partner", "in", codes)])
    obs = snap.frame
    cats = categories(snap)
    if parsed is None:
        claims = list(claims_mod.HEADLINE_CLAIMS)
        verdicts = claims_mod.check_headlines(obs, cats)
    else:
        cats.update({s.source_id: s.category for s in parsed.sources})
        # The file's own rows join the data, so a claim is checked against the others;
        # its own source is left out claim by claim.
        known = set(obs["source_id"].astype(str))
        extra = parsed.frame[~parsed.frame["source_id"].astype(str).isin(known)]
        data = pd.concat([obs, extra], ignore_index=True) if len(extra) else obs
        claims = claims_mod.claims_from_frame(parsed.frame, press_only=False)
        verdicts = claims_mod.check_claims(claims, data, cats)
    payload = [v.to_dict() for v in verdicts]
    units = {c.id: c.unit for c in claims}
    columns = ("id", "verdict", "data_value", "difference", "note")
    rows = pd.DataFrame([{k: d.get(k) for k in columns} for d in payload], columns=columns)
    rows["unit"] = rows["id"].map(units)  # of data_value and difference
    return payload, rows


def import_files(
    paths: Sequence[Path],
    store_dir: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    reporter: str | None = None,
    flow: str | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash import``: parse, validate against the store, commit once (or not).

    ``reporter`` and ``flow`` name what a wide table (stat.uz) does not state.
    """
    from data.importers import Named, import_paths
    from data.store import embedded_store

    store = user_store(store_dir)
    total = len(paths)
    done = [0]

    def tick(p: Any) -> None:
        done[0] += 1
        if progress:
            progress(done[0], total, p.file)

    snap, parsed = import_paths(
        store,
        paths,
        progress=tick,
        dry_run=dry_run,
        named=Named(reporter, flow),
        beside=embedded_store(),
    )
    rows = pd.DataFrame([p.summary() for p in parsed])
    pairs = set().union(*(p.coverage[0] for p in parsed))
    years = sorted(set().union(*(p.coverage[1] for p in parsed)))
    payload = {
        "store": store.location,
        "dry_run": dry_run,
        "files": len(parsed),
        "observations": int(rows["observations"].sum()) if len(rows) else 0,
        "pairs": len(pairs),
        "years": f"{years[0]}–{years[-1]}" if years else "",
        "warnings": [w for p in parsed for w in p.warnings],
        "store_observations": len(snap),
    }
    return payload, rows


def remove_payload(
    source_ids: Sequence[str], store_dir: str | None = None, *, dry_run: bool = False
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash remove``: take an import's sources (and every row citing them) out of the
    user store, in one atomic write; an unknown id raises ``LookupError`` naming the ids
    the store holds."""
    from data.store import remove_sources

    store = user_store(store_dir)
    done = remove_sources(store, source_ids, dry_run=dry_run)
    rows = pd.DataFrame(
        [
            {
                "source_id": s,
                "observations": n,
                "citation": done.before.sources[s].citation(),
                "file": done.before.sources[s].file,
            }
            for s, n in done.removed.items()
        ],
        columns=["source_id", "observations", "citation", "file"],
    )
    payload = {
        "store": store.location,
        "dry_run": dry_run,
        "sources": list(done.removed),
        "observations": int(sum(done.removed.values())),
        "store_observations": len(done.after),
    }
    return payload, rows


def fetch_source(
    source: str,
    reporter: str,
    partner: str,
    *,
    years: tuple[int, int],
    freq: str = "A",
    commodity: str = "TOTAL",
    flow: str = "all",
    store_dir: str | None = None,
    base_url: str | None = None,
    cache_dir: Path | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    parsed_out: list | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash fetch``: a pair's figures from a public API, committed in one write.

    Rows: one per request (chunk) with what became of it; the payload sums them up.
    ``parsed_out``, when given, receives the importers' results of what is new or revised
    (the Data page's validation report reads them).
    """
    from data.fetch import Query, fetch

    store = user_store(store_dir)
    query = Query(reporter.upper(), partner.upper(), years, freq, commodity.upper(), flow)
    result = fetch(
        source,
        query,
        store,
        cache_dir=cache_dir,
        base_url=base_url,
        refresh=refresh,
        dry_run=dry_run,
        progress=progress,
    )
    rows = pd.DataFrame(
        [
            {"chunk": c.name, "status": c.status, "observations": c.observations,
             "retrieved": c.retrieved, "checksum": c.checksum, "url": c.url}
            for c in result.chunks
        ]
    )  # fmt: skip
    added = sum(len(p.observations) for p in result.parsed)
    if parsed_out is not None:
        parsed_out.extend(result.parsed)
    payload = {
        "source": source,
        "reporter": query.reporter,
        "partner": query.partner,
        "years": f"{years[0]}:{years[1]}",
        "store": store.location,
        "dry_run": dry_run,
        "written": result.written,
        "requests": len(result.chunks),
        "sent": sum(1 for c in result.chunks if c.attempts),
        "observations": added,
        "warnings": [w for p in result.parsed for w in p.warnings],
        "store_observations": len(result.snapshot),
        "chunks": rows.to_dict(orient="records"),
        "report": [p.summary() for p in result.parsed],
    }
    return payload, rows


def latest_available(
    sources: Sequence[str],
    reporter: str,
    partner: str,
    *,
    freq: str = "A",
    flow: str = "all",
    store_dir: str | None = None,
    base_url: str | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash fetch SOURCE --latest``: the newest period each source has for the
    pair (its availability endpoint), beside the newest the stores hold.

    Rows: one per source with ``source, offered, source_latest, store_latest, newer``
    (``yes``, ``no`` or ``unknown`` when the source does not offer it), ``scope``,
    ``url`` and ``reason``. A source without availability is "not offered", not an error.
    """
    from datetime import date as _date

    from data.fetch import Query
    from data.fetch.latest import latest_available as ask
    from data.fetch.latest import store_latest

    this_year = _date.today().year
    query = Query(reporter.upper(), partner.upper(), (this_year, this_year), freq, "TOTAL", flow)
    held = store_latest(load_pair(query.reporter, query.partner, store_dir).frame,
                        query.reporter, query.partner, freq)  # fmt: skip
    rows = []
    for source in sources:
        got = ask(source, query, base_url=base_url)
        newer = "unknown"
        if got.offered and got.period:
            newer = "yes" if got.period > held else "no"
        rows.append({"source": source, "offered": got.offered, "source_latest": got.period,
                     "store_latest": held, "newer": newer, "scope": got.scope,
                     "url": got.url, "reason": got.reason})  # fmt: skip
    table = pd.DataFrame(rows, columns=["source", "offered", "source_latest", "store_latest",
                                        "newer", "scope", "url", "reason"])  # fmt: skip
    payload = {
        "reporter": query.reporter,
        "partner": query.partner,
        "freq": freq,
        "store_latest": held,
        "sources": table.to_dict(orient="records"),
    }
    return payload, table


def build_data(
    shared: Path | None, *, check: bool = False, progress: Progress | None = None
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash build-data``: rebuild (or with ``check`` compare) the embedded data."""
    from data import build
    from data.store import embedded_store

    shared_dir = shared or build.default_shared_dir()
    names: list[str] = []

    def tick(name: str) -> None:
        names.append(name)
        if progress:
            progress(len(names), 235, name)

    snap = build.build(shared_dir, progress=tick)
    payload: dict[str, Any] = {"observations": len(snap), "sources": len(snap.sources)}
    if check:
        committed = embedded_store().read()
        same = build.equal_snapshots(snap, committed)
        payload.update(ok=same, committed_observations=len(committed))
    else:
        meta = build.write_embedded(snap)
        payload.update(ok=True, checksum=meta["checksum"])
    return payload, pd.DataFrame([payload])


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (tuples of source ids as lists)."""
    return [
        {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]
