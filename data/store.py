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
import json
import os
import random
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
from data.merging import Locate, merge
from data.parquet import ROW_GROUP_SIZE, Filter, parquet_bytes, read_filtered, sort_order
from data.provenance import Source, sha256_bytes
from data.removal import Removal, refuse_known_sources, remove_sources
from data.snapshot import Snapshot

MANIFEST = "store.meta.json"
FORMAT_VERSION = 1


EMBEDDED_DIR = Path(__file__).resolve().parent / "embedded"


__all__ = [
    "ROW_GROUP_SIZE",
    "Conflict",
    "Filter",
    "Locate",
    "Removal",
    "Snapshot",
    "Store",
    "StoreError",
    "atomic_write_bytes",
    "merge",
    "parquet_bytes",
    "read_filtered",
    "refuse_known_sources",
    "remove_sources",
    "sort_order",
]


# A writer overtaken this many times in a row gives up (with an error, nothing lost).
COMMIT_ATTEMPTS = 20
# How long an object store's manifest version is trusted before asking again (seconds).
GENERATION_TTL_S = 2.0
_GENERATIONS: dict[str, tuple[float, str | None]] = {}


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
