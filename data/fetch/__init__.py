"""``tradedash fetch``: bring a pair's figures from a public API into the store.

A run plans its requests (:mod:`data.fetch.sources`: chunks under each API's limits),
then for each chunk takes the cached response when it is fresh, or sends the request
(:mod:`data.fetch.http`: retries, ``Retry-After``, backoff). Each response is read by the
importer its *content* calls for (``data.importers.load``, as ``tradedash import`` does),
and kept on disk as a raw file whose checksum, URL (never the key) and retrieval time go
into its source's record. All chunks are then validated together against the store and
committed in one write, or none is: a run that fails halfway leaves the store as it was,
and the responses it already has are in the cache, so the next run sends only the rest.

Cache: ``--cache DIR``, else ``$TRADEDASH_CACHE``, else the per-user cache directory, one
folder per source. A response is fresh for a day when its years include last year or
this one (figures still being revised), for 30 days otherwise; ``--refresh`` sends every
request again. A chunk whose response has not changed since it was stored (same
checksum) writes nothing; one that changed replaces the rows of its earlier version (a
revision, not a second figure). A chunk with no records (``data: []``, an SDMX message
without observations, HTTP 404 from a data endpoint) adds nothing and is not an error;
a run in which every chunk is empty is refused: nothing was taken.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pyarrow as pa
import pyarrow.compute as pc
import requests

from data import schema
from data.fetch import http
from data.fetch.sources import KEY_ENV, SOURCES, Chunk, Query, plan
from data.importers import combine, load, locator
from data.importers.base import Parsed
from data.provenance import sha256_bytes
from data.store import Snapshot, Store, atomic_write_bytes, merge

__all__ = ["SOURCES", "FetchResult", "Query", "default_cache_dir", "fetch"]
FRESH_RECENT = timedelta(days=1)
FRESH_OLD = timedelta(days=30)
Progress = Callable[[int, int, str], None]


@dataclass
class ChunkResult:
    """What became of one chunk: ``fetched``, ``cached``, ``unchanged`` or ``empty``."""

    name: str
    status: str
    url: str
    observations: int = 0
    checksum: str = ""
    retrieved: str = ""
    raw_file: str = ""
    attempts: int = 0


@dataclass
class FetchResult:
    chunks: list[ChunkResult]
    parsed: list[Parsed]
    snapshot: Snapshot
    written: bool


def default_cache_dir() -> Path:
    env = os.environ.get("TRADEDASH_CACHE", "").strip()
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tradedash")) / "fetch"


def full_url(chunk: Chunk) -> str:
    """The request's URL with its parameters: what provenance records (no key in it)."""
    return chunk.url + ("?" + urlencode(chunk.params, safe="[]:+,;") if chunk.params else "")


def fetch(
    source: str,
    query: Query,
    store: Store,
    *,
    cache_dir: Path | None = None,
    base_url: str | None = None,
    refresh: bool = False,
    dry_run: bool = False,
    policy: http.Policy = http.DEFAULT_POLICY,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    now: datetime | None = None,
) -> FetchResult:
    """Fetch ``query`` from ``source`` into ``store`` (see the module's docstring)."""
    key = os.environ.get(KEY_ENV, "").strip() if source == "comtrade" else ""
    chunks = plan(source, query, base_url=base_url, key=key)
    folder = (cache_dir or default_cache_dir()) / source
    folder.mkdir(parents=True, exist_ok=True)
    moment = now or datetime.now(UTC)
    own_session = session is None
    session = session or requests.Session()
    results: list[ChunkResult] = []
    parsed: list[Parsed] = []
    try:
        for i, chunk in enumerate(chunks):
            result, p = _one(chunk, folder, session, policy, refresh=refresh, now=moment)
            results.append(result)
            if p is not None:
                parsed.append(p)
            if progress:
                progress(i + 1, len(chunks), chunk.name)
    finally:
        if own_session:
            session.close()
    if not parsed:
        raise schema.ValidationError(
            f"{source} returned no records for {query.reporter}–{query.partner} "
            f"{query.years[0]}–{query.years[1]}: nothing to import"
        )
    got = [r for r in results if r.status != "empty"]
    statuses = [r.status for r in got]
    fresh: list[Parsed] = []

    def change(current: Snapshot) -> Snapshot:
        # Run again on the new state when another writer commits first (Store.update).
        fresh.clear()
        for p, r, status in zip(parsed, got, statuses, strict=True):
            old = current.sources.get(p.sources[0].source_id)
            same = old is not None and old.checksum == p.sources[0].checksum
            r.status = "unchanged" if same else status
            if not same:
                fresh.append(p)
        if not fresh:
            return current  # nothing new: nothing is written
        replaced = {p.sources[0].source_id for p in fresh} & set(current.sources)
        base = _without(current, replaced)
        new, sources = combine(fresh)
        return merge(base, new, sources, locate=locator(fresh))

    snap = store.update(
        change, note=f"fetch {source} {query.reporter}-{query.partner}", dry_run=dry_run
    )
    return FetchResult(results, fresh, snap, written=bool(fresh) and not dry_run)


def _without(snap: Snapshot, source_ids: set[str]) -> Snapshot:
    """The snapshot less every row (and the record) of ``source_ids``: their revision
    replaces them."""
    if not source_ids or not len(snap):
        return snap
    keep = pc.invert(pc.is_in(pc.cast(snap.table["source_id"], pa.string()),
                              value_set=pa.array(sorted(source_ids))))  # fmt: skip
    table = snap.table.filter(keep)
    sources = {k: v for k, v in snap.sources.items() if k not in source_ids}
    return Snapshot(table, sources)


def _fresh(meta: dict, chunk: Chunk, now: datetime) -> bool:
    try:
        retrieved = datetime.fromisoformat(meta["retrieved"])
    except (KeyError, ValueError):
        return False
    recent = chunk.years[1] >= now.year - 1
    return now - retrieved < (FRESH_RECENT if recent else FRESH_OLD)


def _one(
    chunk: Chunk,
    folder: Path,
    session: requests.Session,
    policy: http.Policy,
    *,
    refresh: bool,
    now: datetime,
) -> tuple[ChunkResult, Parsed | None]:
    url = full_url(chunk)
    meta_path = folder / f"{chunk.name}.meta.json"
    meta: dict = {}
    if meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    if not refresh and meta.get("url") == url and _fresh(meta, chunk, now):
        body = b""
        raw = folder / str(meta.get("raw_file", ""))
        if meta.get("status") == "empty":
            return ChunkResult(chunk.name, "empty", url, retrieved=meta["retrieved"]), None
        if raw.is_file() and sha256_bytes(body := raw.read_bytes()) == meta.get("checksum"):
            p = _parse(chunk, body, url, meta["retrieved"], raw.name)
            return ChunkResult(chunk.name, "cached", url, len(p.observations),
                               meta["checksum"], meta["retrieved"], raw.name), p  # fmt: skip
    response = http.get(
        session, chunk.url, chunk.params, chunk.headers, chunk.secret_headers, policy=policy
    )
    retrieved = response.retrieved.isoformat(timespec="seconds")
    checksum = sha256_bytes(response.body)
    if response.status == 404 or _empty(response.body):
        _write_meta(meta_path, url=url, retrieved=retrieved, status="empty", checksum=checksum)
        return ChunkResult(chunk.name, "empty", url, 0, checksum, retrieved,
                           attempts=response.attempts), None  # fmt: skip
    raw_name = f"{chunk.name}-{checksum.split(':')[1][:12]}{chunk.suffix}"
    p = _parse(chunk, response.body, url, retrieved, raw_name)  # refused bodies stop here
    atomic_write_bytes(folder / raw_name, response.body)
    _write_meta(meta_path, url=url, retrieved=retrieved, status="ok", checksum=checksum,
                raw_file=raw_name)  # fmt: skip
    return ChunkResult(chunk.name, "fetched", url, len(p.observations), checksum, retrieved,
                       raw_name, response.attempts), p  # fmt: skip


def _write_meta(path: Path, **fields: str) -> None:
    atomic_write_bytes(path, json.dumps(fields, indent=1, sort_keys=True).encode() + b"\n")


def _empty(body: bytes) -> bool:
    """A response with no records: Comtrade's ``data: []``, SDMX with no observation."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        return b"<Obs" not in body and b":Obs" not in body
    if text[:1] != b"{":
        return False
    try:
        doc = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False  # the importer says what is wrong with it
    if not isinstance(doc, dict):
        return False
    if "data" in doc and isinstance(doc["data"], list):
        return not doc["data"] and not doc.get("error")
    sets = doc.get("dataSets") or (doc.get("data") or {}).get("dataSets")
    if isinstance(sets, list):
        return not any((s or {}).get("series") or (s or {}).get("observations") for s in sets)
    return False


def _parse(chunk: Chunk, body: bytes, url: str, retrieved: str, raw_name: str) -> Parsed:
    """The response through the importer its content calls for, under the chunk's name
    (so its source id is the chunk's, the same every run), with the request's provenance."""
    with tempfile.TemporaryDirectory(prefix="tradedash-fetch-") as tmp:
        path = Path(tmp) / f"{chunk.name}{chunk.suffix}"
        path.write_bytes(body)
        try:
            p = load(path)
        except schema.ValidationError as exc:
            raise http.FetchError(f"{url}: {exc}") from None
    p.sources = [
        dataclasses.replace(
            s,
            url=url,
            accessed=retrieved,
            file=raw_name,
            title=f"{s.title} (fetched from the API)",
        )
        for s in p.sources
    ]
    return p
