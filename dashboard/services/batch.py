"""Scenario cases run in batch from a CSV file, in parallel when there are many."""

from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.asof import month_index
from analysis.forecast import DEFAULT_METHOD, METHODS, PooledPrior
from analysis.panel import Panel
from dashboard.services.asof import AsOf, as_of_view
from dashboard.services.backtest import store_panel
from dashboard.services.pairs import load_pair
from dashboard.services.scenarios import prior_from_panel, target_result
from data.store import Snapshot

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
