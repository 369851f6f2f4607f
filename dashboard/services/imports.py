"""Importing files into the user store, removing sources, and rebuilding the embedded store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.services.pairs import Progress
from data.store import user_store


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
