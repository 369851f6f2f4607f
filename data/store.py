"""The store: observations in Parquet, sources and checksums in a JSON sidecar.

A store is a directory, or a prefix of an object store (``s3://bucket/prefix``)::

    store.meta.json                      manifest: the commit point (see below)
    observations-<sha256[:16]>.parquet   the data file the manifest names
    .lock                                writers serialise on it (flock; directories only)

Why a manifest that names a content-addressed data file: a reader opens the manifest
and then exactly the file it names, so it sees the old state or the new one, never a
mix of the two. A writer writes the new Parquet file under a new name, then replaces the
manifest; a crash before the manifest is replaced leaves the old manifest pointing at the
old, untouched data file. How the manifest is replaced depends on where the store lives
(:mod:`data.backends`): in a directory, temp file + fsync + rename under an OS file lock
(dropped by the kernel when a process dies, so a crash never leaves a stale lock); in an
object store, a conditional PUT (``If-Match`` the version read), so of two writers that
read the same manifest one commits and the other re-reads, merges again and retries
(:meth:`Store.update`).

The embedded dataset that ships inside the package is a store too (with the data file
``observations.parquet``); it is only ever read at run time.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from data import schema
from data.backends import (
    Backend,
    Conflict,
    LocalBackend,
    StoreError,
    atomic_write_bytes,
    open_backend,
)
from data.provenance import Source, sha256_bytes

MANIFEST = "store.meta.json"
FORMAT_VERSION = 1
# Small enough that one pair's rows span one or two groups in a world-sized file.
ROW_GROUP_SIZE = 16_384
EMBEDDED_DIR = Path(__file__).resolve().parent / "embedded"


__all__ = ["Conflict", "Snapshot", "Store", "StoreError", "atomic_write_bytes"]
# A writer overtaken this many times in a row gives up (with an error, nothing lost).
COMMIT_ATTEMPTS = 20
# How long an object store's manifest version is trusted before asking again (seconds).
GENERATION_TTL_S = 2.0
_GENERATIONS: dict[str, tuple[float, str | None]] = {}


@dataclass
class Snapshot:
    """One consistent state of a store: the observations and the sources they cite."""

    table: pa.Table
    sources: dict[str, Source] = field(default_factory=dict)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The observations as pandas, converted once per snapshot and then shared: treat
        it as read-only (cached snapshots are handed to every session)."""
        return schema.from_arrow(self.table)

    def __len__(self) -> int:
        return self.table.num_rows


def parquet_bytes(table: pa.Table) -> bytes:
    """The table sorted for pair lookups, as Parquet bytes (zstd, statistics).

    Dictionary encoding for the dictionary columns only: values and refs are nearly all
    distinct, so a dictionary of them costs time and space (a world of DOTS writes a
    quarter faster and smaller without). Written one row group at a time from the sort
    order, so the sorted table never exists whole: a world of DOTS is 220 MB in memory,
    and fresh memory costs more than the copying.
    """
    order = sort_order(table)
    coded = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(
        sink, table.schema, compression="zstd", write_statistics=True, use_dictionary=coded
    ) as writer:
        for start in range(0, max(table.num_rows, 1), ROW_GROUP_SIZE):
            rows = table.take(order[start : start + ROW_GROUP_SIZE])
            writer.write_table(rows, row_group_size=ROW_GROUP_SIZE)
    return sink.getvalue().to_pybytes()


def sort_order(table: pa.Table) -> pa.Array:
    """Row positions in the data file's order: :data:`schema.SORT_ORDER`, then source,
    measure and ``ref``, each as text.

    A dictionary column sorts as its text would by each row's rank in its sorted
    dictionary; the ranks pack into one integer, most significant column first, so
    Arrow sorts one number and compares ``ref`` only where two rows tie.
    """
    key = schema.pack(
        [_ranks(table[name]) for name in (*schema.SORT_ORDER, "source_id", "measure")]
    )
    keys = pa.table({"key": key, "ref": table["ref"]})
    return pc.sort_indices(keys, sort_keys=[("key", "ascending"), ("ref", "ascending")])


def _ranks(column: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """Each row's rank among the column's distinct values (nulls last), and their count."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    arr = schema.single_array(column)
    dense = pc.rank(arr.dictionary, sort_keys="ascending", tiebreaker="dense")
    rank = np.append(np.asarray(dense, dtype=np.int64) - 1, len(arr.dictionary))
    indices = arr.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(arr.dictionary))
    return rank[np.asarray(indices)], len(rank)


Filter = tuple[str, str, Any]


def _row_groups(meta: pq.FileMetaData, filters: list[Filter]) -> list[int]:
    """Row groups whose min/max statistics admit every ``in``/``==`` filter.

    The file is sorted by reporter then partner, so a pair's rows sit in a few groups and
    the rest are skipped unread.
    """
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    keep = []
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        ok = True
        for col, op, value in filters:
            if op not in ("in", "==") or col not in names:
                continue
            stats = rg.column(names.index(col)).statistics
            if stats is None or not stats.has_min_max:
                continue
            wanted = value if op == "in" else [value]
            lo, hi = stats.min, stats.max
            if not any(lo <= w <= hi for w in wanted):
                ok = False
                break
        if ok:
            keep.append(g)
    return keep


def _mask(table: pa.Table, filters: list[Filter]) -> pa.ChunkedArray | None:
    mask = None
    for col, op, value in filters:
        column = (
            table[col].cast(pa.string()) if pa.types.is_dictionary(table[col].type) else table[col]
        )
        if op == "in":
            m = pc.is_in(column, value_set=pa.array(list(value)))
        elif op == "==":
            m = pc.equal(column, value)
        else:
            raise ValueError(f"unsupported filter operator {op!r}")
        mask = m if mask is None else pc.and_(mask, m)
    return mask


def _footer(source: Any) -> pq.FileMetaData | None:
    """The Parquet footer of a store's data file, read once per process.

    Data files are content-addressed and never rewritten in place, so (path, size,
    mtime) names one footer for good.
    """
    if not isinstance(source, str | Path):
        return None
    st = os.stat(source)
    return _footer_cached(str(source), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _footer_cached(path: str, size: int, mtime_ns: int) -> pq.FileMetaData:
    return pq.read_metadata(path)


def read_filtered(source: Any, filters: list[Filter] | None) -> pa.Table:
    """A Parquet file's rows matching ``filters`` (a list of (column, op, value), ANDed).

    Row groups are pruned by their statistics first, so a one-pair read of a world-sized
    file touches a few of them.
    """
    pf = pq.ParquetFile(source, metadata=_footer(source))
    if not filters:
        return pf.read()
    groups = _row_groups(pf.metadata, filters)
    if not groups:
        return pf.schema_arrow.empty_table()
    table = pf.read_row_groups(groups)
    mask = _mask(table, filters)
    return table if mask is None else table.filter(mask)


class Store:
    """One dataset in a directory or an object store; reads are lock-free, writes commit
    through the manifest (see the module docstring)."""

    def __init__(self, where: Path | str | Backend, *, data_file: str | None = None) -> None:
        self.backend = where if isinstance(where, Backend) else open_backend(where)
        self._fixed_data_file = data_file
        #: commit attempts of the last :meth:`update` (more than 1: overtaken, retried)
        self.last_attempts = 0

    @property
    def location(self) -> str:
        """The directory or URI, as shown to people."""
        return self.backend.location

    @property
    def is_local(self) -> bool:
        return isinstance(self.backend, LocalBackend)

    @property
    def root(self) -> Path:
        """The directory of a local store."""
        if not isinstance(self.backend, LocalBackend):
            raise StoreError(f"{self.location} is not a local directory")
        return self.backend.root

    # -- reading ---------------------------------------------------------------------
    def exists(self) -> bool:
        return self.backend.version(MANIFEST) is not None

    def version(self) -> str | None:
        """The manifest's version (changes with every write); None for an empty store."""
        return self.backend.version(MANIFEST)

    def manifest(self) -> dict[str, Any]:
        return self._manifest()[0]

    def _manifest(self) -> tuple[dict[str, Any], str | None]:
        where = f"{self.location}/{MANIFEST}"
        try:
            blob = self.backend.get(MANIFEST)
        except OSError as exc:
            raise StoreError(f"{where}: not a readable store manifest ({exc})") from exc
        if blob is None:
            return {}, None
        try:
            raw = json.loads(blob.payload.decode("utf-8"))
        except ValueError as exc:
            raise StoreError(f"{where}: not a readable store manifest ({exc})") from exc
        if raw.get("format_version") != FORMAT_VERSION:
            raise StoreError(f"{where}: unknown format_version {raw.get('format_version')!r}")
        return dict(raw), blob.version

    def read(
        self, filters: list[tuple[str, str, Any]] | None = None, *, verify: bool = False
    ) -> Snapshot:
        """The store's current state (empty when the store has never been written).

        ``filters`` are pyarrow predicates, e.g. ``[("reporter", "in", ["KAZ", "TKM"])]``;
        the file is sorted by pair so such a read touches few row groups.
        ``verify`` re-hashes the data file against the manifest's checksum (object stores
        always do, once per process and file).
        """
        return self._read(filters, verify)[0]

    def read_columns(self, columns: list[str]) -> pa.Table:
        """Only ``columns`` of every row (an empty table for an empty store)."""
        for _attempt in range(5):
            meta = self.manifest()
            if not meta:
                return pa.schema([schema.ARROW_SCHEMA.field(c) for c in columns]).empty_table()
            try:
                src = self.backend.source(meta["data_file"], self._checksum(meta, False))
                return pq.read_table(src, columns=columns)
            except FileNotFoundError:
                continue  # pruned after the manifest was read: read the new state
        raise StoreError(f"{self.location}: the store kept changing while being read")

    def generation(self) -> int:
        """A number that changes whenever the store is written (0 while it is empty).

        Every write gives the manifest a new version (a rename: new inode and mtime; an
        object store: a new ETag). A directory costs one ``stat``; an object store one
        HEAD request at most every :data:`GENERATION_TTL_S` seconds per process, so a
        page rerun does not wait on the network.
        """
        if self.is_local:
            version = self.backend.version(MANIFEST)
        else:
            now = time.monotonic()
            seen = _GENERATIONS.get(self.location)
            if seen is None or now - seen[0] > GENERATION_TTL_S:
                seen = (now, self.backend.version(MANIFEST))
                _GENERATIONS[self.location] = seen
            version = seen[1]
        return 0 if version is None else hash(version) & 0xFFFFFFFFFFFF

    def _checksum(self, meta: dict[str, Any], verify: bool) -> str | None:
        return meta["checksum"] if verify or not self.is_local else None

    def _read(
        self, filters: list[tuple[str, str, Any]] | None, verify: bool
    ) -> tuple[Snapshot, dict[str, Any], str | None]:
        for _attempt in range(5):
            meta, version = self._manifest()
            if not meta:
                return Snapshot(schema.ARROW_SCHEMA.empty_table(), {}), meta, version
            try:
                src = self.backend.source(meta["data_file"], self._checksum(meta, verify))
                table = read_filtered(src, filters)
            except FileNotFoundError:
                continue
            sources = {s["source_id"]: Source.from_dict(s) for s in meta.get("sources", [])}
            table = schema.with_added_columns(table).cast(schema.ARROW_SCHEMA)
            return Snapshot(table, sources), meta, version
        raise StoreError(f"{self.location}: the store kept changing while being read")

    # -- writing ---------------------------------------------------------------------
    def locked(self, timeout: float = 120.0) -> contextlib.AbstractContextManager[None]:
        """The writers' lock of a directory store (object stores have none: use
        :meth:`update`, which retries instead)."""
        if isinstance(self.backend, LocalBackend):
            return self.backend.writing(timeout)
        return contextlib.nullcontext()

    def update(
        self,
        change: Callable[[Snapshot], Snapshot],
        *,
        note: str = "",
        dry_run: bool = False,
    ) -> Snapshot:
        """Read the store, apply ``change`` and commit the result, as one step.

        ``change`` gets the current snapshot and returns the new one (the same object:
        nothing to write), or raises (say a :class:`schema.ValidationError`): then
        nothing is written. When another writer
        commits in between (object stores: the conditional PUT fails), the current state
        is read again and ``change`` applied to it again, so no update is lost; after
        :data:`COMMIT_ATTEMPTS` such rounds it gives up with :class:`StoreError`.
        ``dry_run`` returns the new snapshot without writing.
        """
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            self.last_attempts = attempt
            with self.backend.writing():
                current, meta, version = self._read(None, False)
                new = change(current)
                if dry_run or new is current:  # the same state: nothing to write
                    return new
                try:
                    self._commit(new.table, new.sources.values(), note, meta, version)
                    return new
                except Conflict:
                    pass
            # Overtaken: back off a little (randomised, so two writers do not collide
            # again in step) and merge into what the other writer committed.
            time.sleep(random.uniform(0, min(2.0, 0.05 * 2**attempt)))
        raise StoreError(
            f"{self.location}: {COMMIT_ATTEMPTS} attempts to commit, each overtaken by "
            "another writer; nothing was written"
        )

    def write(self, table: pa.Table, sources: Iterable[Source], *, note: str = "") -> dict:
        """Replace the store's content. Call inside :meth:`locked` when others may write
        to a directory; on an object store, prefer :meth:`update`."""
        meta, version = self._manifest()
        try:
            return self._commit(table, sources, note, meta, version)
        except Conflict as exc:
            raise StoreError(f"{self.location}: another writer committed first") from exc

    def _commit(
        self,
        table: pa.Table,
        sources: Iterable[Source],
        note: str,
        old: dict[str, Any],
        expected: str | None,
    ) -> dict:
        """Write the data file, then the manifest if it is still at ``expected``."""
        table = table.cast(schema.ARROW_SCHEMA)
        used = set(pc.unique(table["source_id"]).cast(pa.string()).to_pylist())
        srcs = sorted((s for s in sources if s.source_id in used), key=lambda s: s.source_id)
        missing = used - {s.source_id for s in srcs}
        if missing:
            raise StoreError(f"observations cite unknown sources: {sorted(missing)}")
        payload = parquet_bytes(table)
        checksum = sha256_bytes(payload)
        data_file = self._fixed_data_file or f"observations-{checksum[7:23]}.parquet"
        previous = old.get("data_file")
        meta = {
            "format_version": FORMAT_VERSION,
            "data_file": data_file,
            "row_count": table.num_rows,
            "checksum": checksum,
            "columns": list(schema.COLUMNS),
            "key": list(schema.KEY),
            "sources": [s.to_dict() for s in srcs],
            "note": note,
        }
        if self._fixed_data_file is None:
            meta["written_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        created = self.backend.put(data_file, payload)
        manifest = (json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
        try:
            self.backend.commit(MANIFEST, manifest, expected)
        except Conflict:
            # Our data file is named by no manifest: remove it unless it was there before
            # us (same content) or is the winner's own.
            if created and data_file != previous and data_file != self.manifest().get("data_file"):
                self.backend.delete(data_file)
            raise
        self._prune(keep={data_file, previous} - {None})
        return meta

    def _prune(self, keep: set[str | None]) -> None:
        """Drop data files that neither the current nor the previous manifest names.

        The previous one is kept for readers that read the old manifest a moment ago; on
        an object store, so is any file younger than the backend's grace period (another
        writer's, uploaded and not yet committed).
        """
        grace = self.backend.prune_grace_s
        for name, age in self.backend.names("observations-"):
            if name.endswith(".parquet") and name not in keep and age >= grace:
                self.backend.delete(name)
        self.backend.cleanup()


#: Where observation ``i`` of a merge came from, for data-model column ``column``:
#: (file, row, the file's column) as a person would look them up.
Locate = Callable[[int, str | None], tuple[str | None, int | None, str | None]]


def merge(
    current: Snapshot,
    new: pa.Table,
    new_sources: Iterable[Source],
    *,
    file: str | None = None,
    locate: Locate | None = None,
) -> Snapshot:
    """``current`` plus ``new``, validated once; raises :class:`schema.ValidationError`.

    The one place observations are validated (the importers only check their layout):
    ``new`` is an Arrow table with the observations' columns (text dictionary-encoded: its
    dictionaries are checked, not its millions of rows). Then the one duplicate check: a
    figure whose key (``schema.KEY``) repeats an earlier row of the import is refused
    naming both rows, and one already stored is refused too, so importing the same file
    twice is an error, not a silent duplicate. ``locate`` maps a position in ``new`` and a
    data-model column to the file, row and column to name (by default ``file``, the
    position + 1 and the column itself).
    """

    def where(i: int | None, column: str | None) -> tuple[str | None, int | None, str | None]:
        if i is None:
            return file, None, column
        return locate(i, column) if locate is not None else (file, i + 1, column)

    sources = dict(current.sources)
    for s in new_sources:
        prior = sources.get(s.source_id)
        if prior is not None and prior.same_publication(s):
            sources[s.source_id] = prior.also_quoted_in(s)
            continue
        if prior is not None and prior.checksum and s.checksum and prior.checksum != s.checksum:
            raise schema.ValidationError(
                f"source id {s.source_id!r} is already stored for a different file "
                f"({prior.file or 'unknown file'})",
                file=s.file or file,
            )
        sources[s.source_id] = s
    issues = schema.find_issues(new, set(sources), keys=False)
    if issues:
        first = issues[0]
        f, row, column = where(first.row, first.column)
        more = f" ({issues.total - 1} more problem(s) found)" if issues.total > 1 else ""
        if first.row is not None:
            ref = str(schema.value_at(new, "ref", first.row))
            more = f" [{ref}]{more}" if ref else more
        # Every problem, located as the first is, so a person fixes the file in one pass.
        problems = [schema.Problem(*where(i.row, i.column), i.value, i.message) for i in issues]
        raise schema.ValidationError(
            first.message + more,
            file=f,
            row=row,
            column=column,
            value=first.value,
            problems=sorted(problems, key=_problem_order),
            total=issues.total,
        )
    added = new.cast(schema.ARROW_SCHEMA)
    _refuse_repeats(current.table, added, where)
    if not len(current):
        return Snapshot(added, sources)
    table = pa.concat_tables([current.table, added], promote_options="permissive")
    return Snapshot(table.cast(schema.ARROW_SCHEMA), sources)


def _problem_order(p: schema.Problem) -> tuple[str, int, str]:
    """Problems as the file reads: by file, then row (whole-file problems first)."""
    return (p.file or "", -1 if p.row is None else p.row, p.column or "")


def _refuse_repeats(
    stored: pa.Table,
    added: pa.Table,
    where: Callable[[int | None, str | None], tuple[str | None, int | None, str | None]],
) -> None:
    """The one duplicate check: the first row of ``added`` whose key is stored already, or
    repeats an earlier row of ``added``, is an error naming its value column."""
    first = _first_of_key(stored, added)
    repeats = first != np.arange(stored.num_rows, stored.num_rows + added.num_rows)
    if not repeats.any():
        return
    i = int(np.flatnonzero(repeats)[0])
    f, row, column = where(i, "value")
    if first[i] < stored.num_rows:
        in_store = int(np.count_nonzero(repeats & (first < stored.num_rows)))
        raise schema.ValidationError(
            "this figure is already in the store (source "
            f"{schema.value_at(added, 'source_id', i)!r}); "
            f"{in_store} row(s) of this import are stored already",
            file=f,
            row=row,
            column=column,
        )
    f0, row0, _ = where(int(first[i]) - stored.num_rows, "value")
    at = f"row {row0}" if f0 == f else f"{f0}, row {row0}"
    raise schema.ValidationError(
        f"repeats the figure of {at} (same series, reporter, partner, flow, commodity, "
        "period, measure and source)",
        file=f,
        row=row,
        column=column,
    )


def _first_of_key(stored: pa.Table, added: pa.Table) -> np.ndarray:
    """Per row of ``added``: the position (stored rows first, then added) of the first row
    with its key; its own position when the key is new."""
    keys = list(schema.KEY)
    ids = schema.key_ids(pa.concat_tables([stored.select(keys), added.select(keys)]))
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    n = len(ids)
    starts = np.r_[True, ordered[1:] != ordered[:-1]] if n else np.zeros(0, dtype=bool)
    head = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))] if n else order
    first = np.empty(n, dtype=np.int64)
    first[order] = head
    return first[stored.num_rows :]


def embedded_store() -> Store:
    return Store(EMBEDDED_DIR, data_file="observations.parquet")


def user_store(path: Path | str | None = None) -> Store:
    """The user store: ``path``, else ``$TRADEDASH_STORE``, else a per-user data dir.

    A location with a scheme (``s3://bucket/prefix``, ``gs://…``) is an object store; an
    unknown scheme raises :class:`StoreError` rather than naming a local folder.
    """
    if path is None:
        path = os.environ.get("TRADEDASH_STORE") or None
    if path is None:
        import platformdirs

        path = platformdirs.user_data_dir("tradedash", appauthor=False)
    return Store(path)


def read_all(store_dir: Path | str | None = None, filters: list | None = None) -> Snapshot:
    """The embedded dataset and the user store, read together."""
    parts = [embedded_store().read(filters), user_store(store_dir).read(filters)]
    sources: dict[str, Source] = {}
    for p in parts:
        sources.update(p.sources)
    table = pa.concat_tables([p.table for p in parts], promote_options="permissive")
    return Snapshot(table.cast(schema.ARROW_SCHEMA), sources)


def pair_filter(a: str, b: str) -> list[tuple[str, str, Any]]:
    """Rows where the pair is reporter and partner, either way round."""
    return [("reporter", "in", [a, b]), ("partner", "in", [a, b])]


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
