"""Fetching from a source's API, and asking it for its newest period."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.services.pairs import Progress, load_pair
from data.store import user_store


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
