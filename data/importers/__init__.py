"""Importers: one module per file format, each with ``read`` (I/O) and ``tidy`` (pure).

:func:`load` detects a file's format from its content (not its name) and returns a
:class:`~data.importers.base.Parsed` result; :func:`import_paths` validates a batch of
files against a store and commits them in one atomic write, or writes nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.importers import comtrade, dots, imts, long, press, wits
from data.importers.base import Parsed
from data.importers.textio import GZIP_MAGIC
from data.provenance import Source
from data.store import Snapshot, Store, merge

LOADERS: dict[str, Callable[[Path], Parsed]] = {
    press.FORMAT: press.load,
    dots.FORMAT: dots.load,
    comtrade.FORMAT: comtrade.load,
    imts.FORMAT: imts.load,
    wits.FORMAT: wits.load,
    long.FORMAT: long.load,
}
# Text formats, tried in order on the first line: the most specific headers first. The
# header sets do not overlap, so the order only matters for a file that mixes them.
TEXT_SNIFFERS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    (press.FORMAT, press.sniff),
    (long.FORMAT, long.sniff),
    (imts.FORMAT, imts.sniff),
    (wits.FORMAT, wits.sniff),
    (comtrade.FORMAT, comtrade.sniff),
)
HEAD_BYTES = 65_536


def detect(path: Path) -> str:
    """The format name of ``path``, judged from its first bytes, never from its name.

    Order: gzip (``1f 8b``: the decompressed head is judged instead), Parquet (``PAR1``
    with the long format's columns), xlsx (a zip: IMF DOTS), then text headers
    (:data:`TEXT_SNIFFERS`; comma- or tab-separated).
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
            return dots.FORMAT
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
        for name, sniff in TEXT_SNIFFERS:
            if sniff(text):
                return name
    raise schema.ValidationError(
        "unrecognised file format (supported: " + ", ".join(LOADERS) + ")", file=path.name
    )


def load(path: Path) -> Parsed:
    return LOADERS[detect(path)](path)


def import_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    progress: Callable[[Parsed], None] | None = None,
    dry_run: bool = False,
) -> tuple[Snapshot, list[Parsed]]:
    """Parse every file, then validate all against the store and commit once.

    Any error raises :class:`schema.ValidationError` naming file, row and column, and
    leaves the store as it was.
    """
    parsed: list[Parsed] = []
    for path in paths:
        p = load(Path(path))
        parsed.append(p)
        if progress:
            progress(p)
    frame, sources = combine(parsed)
    offsets = np.cumsum([0] + [len(p.frame) for p in parsed])

    def locate(i: int) -> tuple[str, int]:
        k = int(np.searchsorted(offsets, i, side="right")) - 1
        return parsed[k].file, int(parsed[k].row_of[i - offsets[k]])

    with store.locked():
        snap = merge(store.read(), frame, sources, locate=locate)
        if not dry_run:
            store.write(
                snap.table,
                snap.sources.values(),
                note="import " + ", ".join(p.file for p in parsed[:5]),
            )
    return snap, parsed


def combine(parsed: list[Parsed]) -> tuple[pd.DataFrame, list[Source]]:
    """All parsed frames as one, and all their sources."""
    if not parsed:
        return schema.empty_frame(), []
    frame = pd.concat([p.frame for p in parsed], ignore_index=True)
    return frame, [s for p in parsed for s in p.sources]
