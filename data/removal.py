"""Sources a store must refuse, and taking sources out of a store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from data import schema
from data.provenance import Source
from data.snapshot import Snapshot

if TYPE_CHECKING:  # data.store re-exports this module's names
    from data.store import Store


def refuse_known_sources(sources: Iterable[Source], other: Store, *, name: str) -> None:
    """Refuse sources that ``other`` (a store read together with the target, the embedded
    dataset) already holds: the same source id, or a file with the same checksum. Read
    together, the two stores would otherwise count each of those figures twice."""
    listed = other.manifest().get("sources", [])
    held = {s.source_id: s for s in (Source.from_dict(d) for d in listed)}
    files = {c: s for s in held.values() for c in s.checksum.split("; ") if c}
    for s in sources:
        same = next((files[c] for c in s.checksum.split("; ") if c in files), None) or held.get(
            s.source_id
        )
        if same is not None:
            what = "source id" if same.source_id == s.source_id else "file (same checksum)"
            raise schema.ValidationError(
                f"this {what} is already in the {name} store (source {same.source_id!r}): "
                "imported again, its figures would be counted twice",
                file=s.file or None,
            )


@dataclass(frozen=True)
class Removal:
    """What removing sources takes out of a store: per source, the rows removed."""

    before: Snapshot
    after: Snapshot
    removed: dict[str, int]


def remove_sources(store: Store, source_ids: Iterable[str], *, dry_run: bool = False) -> Removal:
    """Take every observation citing ``source_ids`` (and those sources) out of ``store``,
    in one atomic commit (:meth:`Store.update`). An id the store does not hold raises
    ``LookupError`` naming the ids it holds; nothing is written then, nor on ``dry_run``."""
    wanted = list(dict.fromkeys(source_ids))
    seen: dict[str, Any] = {}

    def change(current: Snapshot) -> Snapshot:
        unknown = [s for s in wanted if s not in current.sources]
        if unknown:
            held = ", ".join(sorted(current.sources)) or "none: the store is empty"
            raise LookupError(
                f"{store.location}: no source {', '.join(map(repr, unknown))} in this store; "
                f"the sources it holds: {held}"
            )
        ids = current.table["source_id"].cast(pa.string())
        drop = pc.is_in(ids, value_set=pa.array(wanted, pa.string()))
        counts = pc.value_counts(pc.filter(ids, drop)).to_pylist()
        seen["before"] = current
        seen["removed"] = {s: 0 for s in wanted} | {c["values"]: c["counts"] for c in counts}
        kept = current.table.filter(pc.invert(drop))
        sources = {k: v for k, v in current.sources.items() if k not in wanted}
        return Snapshot(kept, sources)

    after = store.update(change, note="remove " + ", ".join(wanted), dry_run=dry_run)
    return Removal(seen["before"], after, seen["removed"])
