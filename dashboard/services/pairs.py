"""The stores and pairs every use case starts from: load a pair, list stores and pairs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis import focus
from data.store import Snapshot, pair_filter, read_all, user_store

Progress = Callable[[int, int, str], None]
#: The pair the headline claims are about.
HEADLINE_PAIR = {"reporter": [focus.REPORTER], "partner": [focus.PARTNER]}


def load_pair(reporter: str, partner: str, store_dir: str | None = None) -> Snapshot:
    """Both stores' rows for the pair (either way round)."""
    return read_all(store_dir, filters=pair_filter(reporter, partner))


def categories(snap: Snapshot) -> dict[str, str]:
    return {k: s.category for k, s in snap.sources.items()}


def citations(snap: Snapshot) -> dict[str, str]:
    """``source_id → citation()`` for every source of a snapshot."""
    return {k: s.citation() for k, s in snap.sources.items()}


def publishers(snap: Snapshot) -> dict[str, str]:
    """``source_id → publisher`` for every source of a snapshot."""
    return {k: s.publisher for k, s in snap.sources.items()}


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


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (tuples of source ids as lists)."""
    return [
        {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()}
        for row in frame.to_dict(orient="records")
    ]
