"""Importers: one module per file format, each with ``read`` (I/O) and ``tidy`` (pure).

:func:`load` detects a file's format from its content (not its name) and returns a
:class:`~data.importers.base.Parsed` result (one Arrow table; the contract every format
keeps is in ``data.importers.base``); a file from which no observation is taken is
refused there, naming why. :func:`import_paths` validates a batch of files once, against
a store, and commits them in one atomic write, or writes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import signal
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from data import schema
from data.importers import (
    bns,
    comtrade,
    comtrade_api,
    dots,
    imts,
    long,
    press,
    sdmx,
    stat_uz,
    wits,
)
from data.importers.base import Parsed
from data.importers.textio import GZIP_MAGIC
from data.provenance import Source
from data.store import Locate, Snapshot, Store, merge, refuse_known_sources

LOADERS: dict[str, Callable[[Path], Parsed]] = {
    press.FORMAT: press.load,
    dots.FORMAT: dots.load,
    bns.FORMAT: bns.load,
    comtrade.FORMAT: comtrade.load,
    comtrade_api.FORMAT: comtrade_api.load,
    sdmx.FORMAT: sdmx.load,
    stat_uz.FORMAT: stat_uz.load,
    imts.FORMAT: imts.load,
    wits.FORMAT: wits.load,
    long.FORMAT: long.load,
}
# Text formats, tried in order on the first line: the most specific headers first. The
# header sets do not overlap, so the order only matters for a file that mixes them.
TEXT_SNIFFERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    # JSON and XML first: a document, not a header line.
    (comtrade_api.FORMAT, comtrade_api.sniff),
    (sdmx.FORMAT, sdmx.sniff),
    (press.FORMAT, press.sniff),
    (long.FORMAT, long.sniff),
    (imts.FORMAT, imts.sniff),
    (wits.FORMAT, wits.sniff),
    (comtrade.FORMAT, comtrade.sniff),
    (stat_uz.FORMAT, stat_uz.sniff),
)
HEAD_BYTES = 65_536


def detect(path: Path) -> str:
    """The format name of ``path``, judged from its first bytes, never from its name.

    Order: gzip (``1f 8b``: the decompressed head is judged instead), Parquet (``PAR1``
    with the long format's columns), xlsx (a zip: a BNS table when a sheet has its header
    row, else IMF DOTS), Excel 97 (``d0 cf 11 e0``: a BNS table), then text
    (:data:`TEXT_SNIFFERS`: JSON and XML documents, then comma- or tab-separated headers).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise schema.ValidationError(
            f"cannot read the file ({exc.strerror})", file=str(path)
        ) from None
    if not head:
        raise schema.ValidationError("the file is empty", file=path.name)
    inflated = head[:2] == GZIP_MAGIC
    if inflated:
        # Only the head is inflated (bounded by max_length), so a bomb costs nothing here.
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, HEAD_BYTES)
        except zlib.error as exc:
            raise schema.ValidationError(
                f"not a readable gzip file ({exc})", file=path.name
            ) from None
        if not head.strip():
            raise schema.ValidationError("the file is empty", file=path.name)
    if head[:4] == long.PARQUET_MAGIC:
        # A gzipped Parquet file cannot show its schema without inflating all of it: the
        # long importer checks its columns instead.
        if inflated or long.sniff_parquet(path):
            return long.FORMAT
    elif head[:4] == b"PK\x03\x04":
        if not inflated:
            return bns.FORMAT if bns.sniff_xlsx(path) else dots.FORMAT
    elif head[:8] == bns.OLE2_MAGIC:
        if not inflated:
            return bns.FORMAT  # Excel 97 (BIFF8): the Bureau's own download
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        for name, sniff in TEXT_SNIFFERS:
            if sniff(text):
                return name
    raise schema.ValidationError(
        "unrecognised file format (supported: " + ", ".join(LOADERS) + ")", file=path.name
    )


@dataclass(frozen=True)
class Named:
    """What a person names at import for a table that does not state it itself.

    Only the formats in :data:`NEEDS_NAMES` (wide tables such as stat.uz's) take them; a
    file that states its own reporter and flow is refused rather than overridden.
    """

    reporter: str | None = None
    flow: str | None = None

    def __bool__(self) -> bool:
        return bool(self.reporter or self.flow)


NEEDS_NAMES: dict[str, Callable[..., Parsed]] = {stat_uz.FORMAT: stat_uz.load}


def load(path: Path, named: Named | None = None) -> Parsed:
    """One file's observations, its format detected; refused when nothing is taken."""
    fmt = detect(path)
    if fmt in NEEDS_NAMES:
        named = named or Named()
        return refuse_if_empty(NEEDS_NAMES[fmt](path, reporter=named.reporter, flow=named.flow))
    if named:
        raise schema.ValidationError(
            f"--reporter and --flow name what a wide table leaves out; this {fmt} file "
            "states its own reporter and flow",
            file=path.name,
        )
    return refuse_if_empty(LOADERS[fmt](path))


def refuse_if_empty(parsed: Parsed) -> Parsed:
    """``parsed`` when it holds an observation; else an error naming the file and why:
    the rows it left out (its warnings), or no data rows at all (a header-only file)."""
    if len(parsed.observations):
        return parsed
    prefix = f"{parsed.file}: "
    reasons = [w.removeprefix(prefix) for w in parsed.warnings]
    if reasons:
        raise schema.ValidationError(
            "nothing to import: every row was left out (" + "; ".join(reasons) + ")",
            file=parsed.file,
        )
    raise schema.ValidationError(
        "nothing to import: the file has no data rows (a header only?)", file=parsed.file
    )


# Below this much input a pool costs more than it saves (a world of DOTS is 33 MB).
PARALLEL_MIN_BYTES = 4 * 1024 * 1024


def load_all(paths: list[Path], named: Named | None = None) -> Iterator[Parsed]:
    """Every file's result, in order; the first file (in order) that fails raises.

    A batch of at least :data:`PARALLEL_MIN_BYTES` on a machine with several cores is
    loaded by one forked process per core (at most ``$TRADEDASH_IMPORT_PROCESSES``):
    reading and tidying are pure and per file, and a result pickles in milliseconds (a
    workbook's is an Arrow table). Forked, not spawned: a spawned worker would spend a
    second importing pandas and the caller's main module before its first file.
    """
    one = functools.partial(load, named=named)
    workers = _workers(paths)
    if workers < 2:
        yield from map(one, paths)
        return
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        yield from pool.map(one, paths)
    finally:
        pool.shutdown(cancel_futures=True)


def _end_with_parent(parent: int) -> None:
    """A worker ends when its parent does (say killed mid-import) instead of waiting for
    work forever: Linux's PR_SET_PDEATHSIG, then a check for a parent already gone."""
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _workers(paths: list[Path]) -> int:
    if len(paths) < 2 or not sys.platform.startswith("linux"):
        return 1  # fork: cheap, and safe to rely on only on Linux
    cores = len(os.sched_getaffinity(0))
    cap = os.environ.get("TRADEDASH_IMPORT_PROCESSES", "").strip()
    if cap.isdigit():
        cores = min(cores, int(cap))
    size = 0
    for path in paths:
        with contextlib.suppress(OSError):  # a missing file fails in load(), in order
            size += path.stat().st_size
    return min(cores, len(paths)) if size >= PARALLEL_MIN_BYTES else 1


def import_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    progress: Callable[[Parsed], None] | None = None,
    dry_run: bool = False,
    named: Named | None = None,
    beside: Store | None = None,
) -> tuple[Snapshot, list[Parsed]]:
    """Parse every file, then validate all against the store and commit once.

    ``beside`` is a store read together with ``store`` (the embedded dataset): a source it
    already holds, by id or by file checksum, is refused. Any error raises
    :class:`schema.ValidationError` naming file, row and column, and leaves the store as it
    was.
    """
    parsed: list[Parsed] = []
    for p in load_all([Path(path) for path in paths], named):
        parsed.append(p)
        if progress:
            progress(p)
    new, sources = combine(parsed)
    if beside is not None:
        refuse_known_sources(sources, beside, name="embedded")
    # Merged into the store's current state at commit time: a writer overtaken by
    # another merges again into what the other committed (see Store.update). No file
    # given: the current state comes back as it is, and nothing is written.
    snap = store.update(
        lambda current: (
            merge(current, new, sources, locate=locator(parsed)) if len(new) else current
        ),
        note="import " + ", ".join(p.file for p in parsed[:5]),
        dry_run=dry_run,
    )
    return snap, parsed


def combine(parsed: list[Parsed]) -> tuple[pa.Table, list[Source]]:
    """All parsed observations as one table in the store's schema, and all their sources."""
    sources = [s for p in parsed for s in p.sources]
    return schema.concat([p.observations for p in parsed]), sources


def locator(parsed: list[Parsed]) -> Locate:
    """Position in the combined table and data-model column → the file, its row and its
    column, for the store's merge to name."""
    offsets = np.cumsum([0] + [len(p.observations) for p in parsed])

    def locate(i: int, column: str | None) -> tuple[str | None, int | None, str | None]:
        k = int(np.searchsorted(offsets, i, side="right")) - 1
        row, named = parsed[k].where(i - int(offsets[k]), column)
        return parsed[k].file, row, named

    return locate


def validate(parsed: list[Parsed]) -> Snapshot:
    """The files' observations validated on their own, as an import into an empty store
    would validate them (for a check that writes nothing, such as the claims of a file)."""
    new, sources = combine(parsed)
    empty = Snapshot(schema.empty_table(), {})
    return merge(empty, new, sources, locate=locator(parsed))
