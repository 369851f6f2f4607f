"""The Data page's upload rules: size and row limits (from the environment), the name an
upload is saved under, and import errors worded as the command line words them. Pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from data.provenance import slug

DEFAULT_UPLOAD_LIMIT_MB = 50.0
UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".gz", ".xlsx", ".parquet", ".json", ".xml")
WIDE_TABLE_HINT = (
    "This is a wide table of partners by year (stat.uz): it states neither its reporter nor "
    "its direction. Name both before anything is checked (stat.uz's dataset 1176 is "
    "imports, 1105 exports)."
)


def upload_limit_mb(environ: Mapping[str, str]) -> float:
    """``TRADEDASH_UPLOAD_LIMIT_MB`` (a positive number), else the default of 50 MB."""
    raw = environ.get("TRADEDASH_UPLOAD_LIMIT_MB", "").strip()
    try:
        limit = float(raw) if raw else DEFAULT_UPLOAD_LIMIT_MB
    except ValueError:
        return DEFAULT_UPLOAD_LIMIT_MB
    return limit if limit > 0 and math.isfinite(limit) else DEFAULT_UPLOAD_LIMIT_MB


def upload_too_big(size_bytes: int, limit_mb: float) -> str | None:
    """A message when the upload exceeds the limit, else ``None``."""
    if size_bytes <= limit_mb * 1024 * 1024:
        return None
    return (
        f"The file is {size_bytes / 1024 / 1024:.1f} MB; uploads are limited to "
        f"{limit_mb:g} MB (TRADEDASH_UPLOAD_LIMIT_MB). Import larger files with the command "
        "line: tradedash import FILE."
    )


DEFAULT_UPLOAD_MAX_ROWS = 1_000_000


def upload_max_rows(environ: Mapping[str, str]) -> int:
    """``TRADEDASH_UPLOAD_MAX_ROWS`` (a positive whole number), else 1,000,000."""
    raw = environ.get("TRADEDASH_UPLOAD_MAX_ROWS", "").strip()
    try:
        limit = int(raw) if raw else DEFAULT_UPLOAD_MAX_ROWS
    except ValueError:
        return DEFAULT_UPLOAD_MAX_ROWS
    return limit if limit > 0 else DEFAULT_UPLOAD_MAX_ROWS


def upload_too_many_rows(payload: bytes | memoryview, max_rows: int) -> str | None:
    """A message when a text upload has more lines than ``max_rows``, else ``None``.

    Counted on the raw bytes before any parsing, so an oversized file costs one pass.
    Binary uploads (xlsx, Parquet, gzip) are bounded by the size limit and the importers'
    decompression cap instead.
    """
    head = bytes(payload[:4])
    if head[:2] == b"\x1f\x8b" or head in (b"PK\x03\x04", b"PAR1"):
        return None
    lines = bytes(payload).count(b"\n")
    if lines <= max_rows + 1:  # the header line is not a row
        return None
    return (
        f"The file has {lines - 1:,} rows; uploads are limited to {max_rows:,} rows "
        "(TRADEDASH_UPLOAD_MAX_ROWS). Import larger files with the command line."
    )


def upload_suffix(name: str) -> str:
    """A known suffix of the uploaded name (``.csv.gz`` → ``.gz``) or ``""``.

    Only used to give the temporary file a familiar ending: the format is always detected
    from the content.
    """
    lower = name.lower()
    return next((s for s in UPLOAD_SUFFIXES if lower.endswith(s)), "")


def upload_filename(name: str) -> str:
    """The name an upload is saved under in its private temporary directory.

    A slug of the uploaded name (no directory part, no path characters), so the source it
    becomes is the same as ``tradedash import`` of that file gives, and importing the same
    file twice is refused as a repeat rather than stored as a second source.
    """
    suffix = upload_suffix(name)
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base[: len(base) - len(suffix)] if suffix else base
    named = any(ch.isalnum() for ch in stem)
    return f"{slug(stem, 60) if named else 'upload'}{suffix}"


def error_text(exc: Exception, display_name: str) -> str:
    """A validation error as the CLI words it, naming the uploaded file, row and column."""
    row, column = getattr(exc, "row", None), getattr(exc, "column", None)
    reason = getattr(exc, "reason", None) or str(exc)
    where = [display_name]
    if row is not None:
        where.append(f"row {row}")
    if column:
        where.append(f"column {column!r}")
    return f"{', '.join(where)}: {reason}"
