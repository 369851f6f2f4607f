"""The store: observations in Parquet, sources and checksums in a JSON sidecar.

A store is a directory::

    store.meta.json                      manifest: the commit point (see below)
    observations-<sha256[:16]>.parquet   the data file the manifest names
    .lock                                writers serialise on it (flock)

Why a manifest that names a content-addressed data file: a reader opens the manifest
and then exactly the file it names, so it sees the old state or the new one, never a
mix of the two. A writer writes the new Parquet file under a new name (temp file in the
same directory, fsync, rename), then replaces the manifest the same way. A crash before
the manifest's rename leaves the old manifest pointing at the old, untouched data file.
Writers hold an OS file lock, which the kernel drops when a process dies, so a crash
never leaves a stale lock behind.

The embedded dataset that ships inside the package is a store too (with the data file
``observations.parquet``); it is only ever read at run time.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock

from data import schema
from data.provenance import Source, sha256_bytes

MANIFEST = "store.meta.json"
FORMAT_VERSION = 1
# Small enough that one pair's rows span one or two groups in a world-sized file.
ROW_GROUP_SIZE = 16_384
EMBEDDED_DIR = Path(__file__).resolve().parent / "embedded"
T = TypeVar("T")


class StoreError(RuntimeError):
    """The store on disk cannot be read as a tradedash store."""


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


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers see the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
    """A directory holding one dataset; reads are lock-free, writes are serialised."""

    def __init__(self, root: Path | str, *, data_file: str | None = None) -> None:
        self.root = Path(root)
        self._fixed_data_file = data_file

    # -- reading ---------------------------------------------------------------------
    def exists(self) -> bool:
        return (self.root / MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        path = self.root / MANIFEST
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: not a readable store manifest ({exc})") from exc
        if raw.get("format_version") != FORMAT_VERSION:
            raise StoreError(f"{path}: unknown format_version {raw.get('format_version')!r}")
        return dict(raw)

    def read(
        self, filters: list[tuple[str, str, Any]] | None = None, *, verify: bool = False
    ) -> Snapshot:
        """The store's current state (empty when the store has never been written).

        ``filters`` are pyarrow predicates, e.g. ``[("reporter", "in", ["KAZ", "TKM"])]``;
        the file is sorted by pair so such a read touches few row groups.
        ``verify`` re-hashes the data file against the manifest's checksum.
        """

        def read(path: Path, meta: dict[str, Any]) -> Snapshot:
            if verify:
                payload = path.read_bytes()
                if sha256_bytes(payload) != meta["checksum"]:
                    raise StoreError(f"{path}: checksum does not match {MANIFEST}")
                table = read_filtered(pa.BufferReader(payload), filters)
            else:
                table = read_filtered(path, filters)
            sources = {s["source_id"]: Source.from_dict(s) for s in meta.get("sources", [])}
            return Snapshot(schema.with_added_columns(table).cast(schema.ARROW_SCHEMA), sources)

        return self._current(read) or Snapshot(schema.ARROW_SCHEMA.empty_table(), {})

    def read_columns(self, columns: list[str]) -> pa.Table:
        """Only ``columns`` of every row (an empty table when the store is empty)."""
        empty = pa.schema([schema.ARROW_SCHEMA.field(c) for c in columns]).empty_table()
        found = self._current(lambda path, _meta: pq.read_table(path, columns=columns))
        return empty if found is None else found

    def generation(self) -> int:
        """A number that changes whenever the store is written (one ``stat``, 0 when empty).

        Every write replaces the manifest by a rename, so its inode and modification time
        change.
        """
        try:
            st_ = os.stat(self.root / MANIFEST)
        except FileNotFoundError:
            return 0
        return hash((st_.st_ino, st_.st_mtime_ns, st_.st_size)) & 0xFFFFFFFFFFFF

    def _current(self, read: Callable[[Path, dict[str, Any]], T]) -> T | None:
        """``read(data_file, manifest)`` on the current state; ``None`` for an empty store.

        A writer may replace the manifest and prune the file just named between our two
        reads: then the new state is read.
        """
        for _attempt in range(5):
            meta = self.manifest()
            if not meta:
                return None
            try:
                return read(self.root / meta["data_file"], meta)
            except FileNotFoundError:
                continue
        raise StoreError(f"{self.root}: the store kept changing while being read")

    # -- writing ---------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self, timeout: float = 120.0) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / ".lock"), timeout=timeout):
            yield

    def write(self, table: pa.Table, sources: Iterable[Source], *, note: str = "") -> dict:
        """Replace the store's content. Call inside :meth:`locked` when others may write."""
        table = table.cast(schema.ARROW_SCHEMA)
        used = set(pc.unique(table["source_id"]).cast(pa.string()).to_pylist())
        srcs = sorted((s for s in sources if s.source_id in used), key=lambda s: s.source_id)
        missing = used - {s.source_id for s in srcs}
        if missing:
            raise StoreError(f"observations cite unknown sources: {sorted(missing)}")
        payload = parquet_bytes(table)
        checksum = sha256_bytes(payload)
        data_file = self._fixed_data_file or f"observations-{checksum[7:23]}.parquet"
        old = self.manifest().get("data_file")
        atomic_write_bytes(self.root / data_file, payload)
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
        atomic_write_bytes(
            self.root / MANIFEST,
            (json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode(),
        )
        self._prune(keep={data_file, old} - {None})
        return meta

    def _prune(self, keep: set[str | None]) -> None:
        """Drop data files that neither the current nor the previous manifest names.

        The previous one is kept for readers that read the old manifest a moment ago.
        """
        for p in self.root.glob("observations-*.parquet"):
            if p.name not in keep:
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
        for p in self.root.glob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def merge(
    current: Snapshot,
    new: pd.DataFrame | pa.Table,
    new_sources: Iterable[Source],
    *,
    file: str | None = None,
    row_of: list[int] | None = None,
    locate: Callable[[int], tuple[str, int]] | None = None,
) -> Snapshot:
    """``current`` plus ``new``, validated; raises :class:`schema.ValidationError`.

    ``new`` is a frame, or an Arrow table with the observations' columns (text
    dictionary-encoded: its dictionaries are checked, not its millions of rows). A figure
    whose key is already stored is refused (naming the row in ``file``), so importing the
    same file twice is an error, not a silent duplicate. ``locate`` maps a position in
    ``new`` to (file, row) when ``new`` gathers several files.
    """

    def where(i: int) -> tuple[str | None, int]:
        if locate is not None:
            return locate(i)
        return file, int(row_of[i]) if row_of is not None else i + 1

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
    issues = schema.find_issues(new, set(sources))
    if issues:
        first = issues[0]
        f, row = where(first.row) if first.row is not None else (file, None)
        more = f" ({len(issues) - 1} more problem(s) found)" if len(issues) > 1 else ""
        if first.row is not None:
            ref = str(schema.value_at(new, "ref", first.row))
            more = f" [{ref}]{more}" if ref else more
        raise schema.ValidationError(first.message + more, file=f, row=row, column=first.column)
    added = new.cast(schema.ARROW_SCHEMA) if isinstance(new, pa.Table) else schema.to_arrow(new)
    if len(current):
        clash = _stored_already(current.table, added)
        if clash.any():
            i = int(clash.nonzero()[0][0])
            f, row = where(i)
            raise schema.ValidationError(
                "this figure is already in the store (source "
                f"{schema.value_at(added, 'source_id', i)!r}); "
                f"{int(clash.sum())} row(s) of this import are stored already",
                file=f,
                row=row,
                column="source_id",
            )
    if not len(current):
        return Snapshot(added, sources)
    table = pa.concat_tables([current.table, added], promote_options="permissive")
    return Snapshot(table.cast(schema.ARROW_SCHEMA), sources)


def _stored_already(stored: pa.Table, added: pa.Table) -> np.ndarray:
    """Per row of ``added``: is its key already among ``stored``'s (or earlier rows')?"""
    keys = list(schema.KEY)
    ids = schema.key_ids(pa.concat_tables([stored.select(keys), added.select(keys)]))
    return schema.repeated(ids)[stored.num_rows :]


def embedded_store() -> Store:
    return Store(EMBEDDED_DIR, data_file="observations.parquet")


def user_store(path: Path | str | None = None) -> Store:
    """The user store: ``path``, else ``$TRADEDASH_STORE``, else a per-user data dir."""
    if path is None:
        path = os.environ.get("TRADEDASH_STORE") or None
    if path is None:
        import platformdirs

        path = platformdirs.user_data_dir("tradedash", appauthor=False)
    return Store(Path(path))


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
