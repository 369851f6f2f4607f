"""Reading raw files for the importers: size caps, gzip, encodings, strict CSV.

I/O (:func:`read_payload`) is kept apart from parsing (everything else here is pure), so
an importer's ``tidy`` can be fed bytes in a test.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import math
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.provenance import sha256_bytes

# A gzip bomb expands a few kilobytes into gigabytes: reading stops one byte past the cap.
MAX_DECOMPRESSED = 512 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


def read_payload(path: Path, limit: int | None = None) -> tuple[bytes, str]:
    """A file's content (gzip transparently decompressed) and the on-disk checksum.

    The checksum (``sha256:<hex>``) is of the bytes as stored, compressed or not, so it
    identifies the file that was downloaded. Content over ``limit`` bytes (default
    :data:`MAX_DECOMPRESSED`) is refused, before and after decompression.
    """
    cap = MAX_DECOMPRESSED if limit is None else limit
    try:
        stored = path.read_bytes()
    except OSError as exc:
        raise schema.ValidationError(
            f"cannot read the file ({exc.strerror})", file=path.name
        ) from None
    checksum = sha256_bytes(stored)
    if stored[:2] != GZIP_MAGIC:
        if len(stored) > cap:
            raise schema.ValidationError(f"file size exceeds {cap:,} bytes", file=path.name)
        return stored, checksum
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(stored)) as gz:
            payload = gz.read(cap + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise schema.ValidationError(
            f"not a readable gzip file, truncated or corrupt ({exc})", file=path.name
        ) from None
    if len(payload) > cap:
        raise schema.ValidationError(f"decompressed size exceeds {cap:,} bytes", file=path.name)
    return payload, checksum


def decode_text(name: str, payload: bytes) -> str:
    """UTF-8 (with or without BOM), else ISO-8859-1, which decodes any byte."""
    if not payload.strip():
        raise schema.ValidationError("the file is empty", file=name)
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        return payload.decode("latin-1")


@dataclass
class Records:
    """A delimited file as strings: ``frame`` columns as written, ``row_of`` file lines."""

    frame: pd.DataFrame
    row_of: np.ndarray

    def column(self, wanted: str) -> str | None:
        """The header as written that matches ``wanted`` case-insensitively, or None."""
        key = wanted.strip().lower()
        return next((c for c in self.frame.columns if c.strip().lower() == key), None)

    def need(self, name: str, *wanted: str) -> str:
        """The first of ``wanted`` present; a missing one is an error naming the file."""
        for w in wanted:
            found = self.column(w)
            if found is not None:
                return found
        raise schema.ValidationError("required column is missing", file=name, column=wanted[0])


def read_records(
    name: str, text: str, delimiter: str = ",", columns: Collection[str] | None = None
) -> Records:
    """Parse delimited text strictly, keeping the file line where every record starts.

    Blank lines are skipped (numbering still counts them); a record with fewer fields than
    the header (a truncated file) or stray extra fields is an error naming its line.
    ``columns`` (lower-case names) keeps only those columns: a bulk file has dozens the
    importer never reads. Text without any quote character (bulk TSV files) takes a fast
    path through pandas' C parser; quoted text goes through the csv module, which knows
    where a quoted field spans lines.
    """
    # The fast path needs lines that are records: no quotes, NULs or bare carriage returns.
    if '"' not in text and "\x00" not in text and text.count("\r") == text.count("\r\n"):
        header, data, lines = _split_plain(name, text, delimiter)
        keep = _keep(name, header, lines, columns)
        frame = pd.read_csv(
            io.StringIO(data),
            sep=delimiter,
            header=None,
            usecols=keep,
            names=list(range(len(header or []))),
            dtype=str,
            na_filter=False,
            quoting=csv.QUOTE_NONE,
            lineterminator="\n",
            engine="c",
        )
        if len(frame) == len(lines):
            frame.columns = [(header or [])[i] for i in keep]
            return Records(frame, np.asarray(lines, dtype=np.int64))
    header, rows, lines = _split_quoted(name, text, delimiter)
    keep = _keep(name, header, lines, columns)
    cells = list(zip(*rows, strict=True))
    frame = pd.DataFrame({(header or [])[i]: np.asarray(cells[i], dtype=object) for i in keep})
    return Records(frame.astype(str), np.asarray(lines, dtype=np.int64))


def _keep(
    name: str, header: list[str] | None, lines: list[int], columns: Collection[str] | None
) -> list[int]:
    """Positions of the columns to keep, after checking the header and that rows exist."""
    if header is None:
        raise schema.ValidationError("the file is empty", file=name)
    seen = [h.lower() for h in header]
    for i, h in enumerate(seen):
        if h and h in seen[:i]:
            raise schema.ValidationError("column appears twice", file=name, column=header[i])
    if not lines:
        raise schema.ValidationError("the file has a header but no data rows", file=name, row=2)
    return [i for i, h in enumerate(seen) if columns is None or h in columns]


def _split_plain(name: str, text: str, delimiter: str) -> tuple[list[str] | None, str, list[int]]:
    """Lines of unquoted text: checked for field counts, joined again for the C parser."""
    header: list[str] | None = None
    data: list[str] = []
    lines: list[int] = []
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.replace(delimiter, "").strip():  # a blank line, or only delimiters
            continue
        if header is None:
            header = [h.strip() for h in line.split(delimiter)]
            continue
        if line.count(delimiter) + 1 != len(header):
            fields = line.split(delimiter)
            _field_count_error(name, fields, header, n)
            line = delimiter.join(fields)
        data.append(line)
        lines.append(n)
    return header, "\n".join(data), lines


def _split_quoted(
    name: str, text: str, delimiter: str
) -> tuple[list[str] | None, list[list[str]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                rec = next(reader)
            except StopIteration:
                break
            if not "".join(rec).strip():  # a blank line, or only delimiters
                continue
            if header is None:
                header = [h.strip() for h in rec]
                continue
            if len(rec) != len(header):
                _field_count_error(name, rec, header, start)
            rows.append(rec)
            lines.append(start)
    except csv.Error as exc:
        raise schema.ValidationError(
            f"not readable as delimited text ({exc}); truncated?", file=name, row=reader.line_num
        ) from None
    return header, rows, lines


def _field_count_error(name: str, rec: list[str], header: list[str], line: int) -> None:
    if len(rec) < len(header):
        raise schema.ValidationError(
            f"{len(rec)} field(s) where the header has {len(header)}; the row is cut short "
            "(truncated file?)",
            file=name,
            row=line,
            column=header[len(rec)],
        )
    if not any(f.strip() for f in rec[len(header) :]):
        del rec[len(header) :]
        return
    raise schema.ValidationError(
        f"{len(rec)} fields where the header has {len(header)}", file=name, row=line
    )


def fail_at(
    mask: np.ndarray,
    message: str,
    *,
    file: str,
    row_of: np.ndarray,
    column: str | None,
    values: pd.Series | None = None,
) -> None:
    """Raise for the True rows of ``mask``, the first one's message leading and every one
    (up to ``schema.MAX_PROBLEMS``) listed; ``{value}`` in ``message`` is the row's cell."""
    if mask.any():
        hits = np.flatnonzero(mask)

        def cell(i: int) -> object:
            return values.iloc[i] if values is not None else ""

        problems = [
            schema.Problem(
                file, int(row_of[i]), column, str(cell(i)), message.format(value=cell(i))
            )
            for i in hits[: schema.MAX_PROBLEMS]
        ]
        raise schema.ValidationError.listing(problems, total=len(hits))


def numbers(
    values: pd.Series,
    *,
    file: str,
    column: str,
    row_of: np.ndarray,
    blank_ok: bool = False,
    thousands: bool = False,
) -> np.ndarray:
    """Text to float64; blank is NaN when ``blank_ok``, anything else unparsable an error."""
    text = values.astype(str).str.strip()
    if thousands:
        grouped = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?").to_numpy(dtype=bool)
        text = text.where(~grouped, text.str.replace(",", "", regex=False))
    blank = text.eq("").to_numpy(dtype=bool)
    if not blank_ok:
        fail_at(blank, "value is missing", file=file, row_of=row_of, column=column)
    out = pd.to_numeric(text.where(~blank, "0"), errors="coerce").to_numpy(dtype="float64")
    fail_at(
        ~np.isfinite(out) & ~blank,
        "{value!r} is not a number",
        file=file,
        row_of=row_of,
        column=column,
        values=values,
    )
    return np.where(blank, np.nan, out)


def scaled(values: np.ndarray, text: pd.Series, factor: np.ndarray | float) -> np.ndarray:
    """``values * factor`` for a power-of-ten ``factor``, rounded once, from the text.

    ``2019551.635133`` millions is 2019551635133 dollars exactly: shifting the decimal
    text gives the float nearest the true product, where a float multiplication can land
    one unit in the last place away. ``values`` are the parsed numbers (NaN for blanks),
    ``text`` the cells they came from.
    """
    factors = np.broadcast_to(np.asarray(factor, dtype="float64"), values.shape)
    out = values * factors
    for i in np.flatnonzero(np.isfinite(values) & (factors != 1.0)):
        power = round(math.log10(factors[i]))
        # A form Decimal does not read (pandas did) keeps the product.
        with contextlib.suppress(InvalidOperation, ValueError):
            out[i] = float(Decimal(str(text.iloc[i]).strip().replace(",", "")).scaleb(power))
    return out
