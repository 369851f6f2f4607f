"""The property every fuzzed file must satisfy, checked through the public import path.

``import_paths(store, [path])`` (and ``load(path)``) either succeed, and the store then
validates and reads back, or raise :class:`data.schema.ValidationError` naming the file
(with a plausible row and column) and leave the store byte-identical. Anything else,
a traceback of another type included, is a failure.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import re
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pyarrow.parquet as pq

from data import importers, schema
from data.importers import textio
from data.store import Store
from tests.conftest import tree_digest
from tests.fuzz import seeds, tally
from tests.fuzz.mutations import Case

EXCEL_LETTERS = re.compile(r"^[A-Z]{1,3}$")
# Never inflate more than this to judge a row number: the cap tests go past it on purpose.
INSPECT_LIMIT = 16 * 1024 * 1024


@dataclass
class Arena:
    """A base store already holding a valid import, and a working copy of it."""

    base: Path
    work: Path
    inbox: Path
    digest: dict[str, str]
    rows: int
    dirty: bool = True

    @classmethod
    def build(cls, root: Path, base_file: Path) -> Arena:
        base = root / "base"
        importers.import_paths(Store(base), [base_file])
        inbox = root / "inbox"
        inbox.mkdir()
        return cls(base, root / "work", inbox, tree_digest(base), len(Store(base).read()))

    def store(self) -> Store:
        if self.dirty:
            shutil.rmtree(self.work, ignore_errors=True)
            shutil.copytree(self.base, self.work)
            self.dirty = False
        return Store(self.work)


def run(case: Case, arena: Arena, named: importers.Named | None = None) -> str:
    """Check one case; return ``"ok"`` or ``"rejected"``, raise AssertionError otherwise.

    ``named`` is what a person names at import for a wide table (stat.uz).
    """
    tally.case(case.fmt)
    try:
        result = _check(case, arena, named)
    except BaseException as exc:
        tally.failure(case.fmt, exc)
        raise
    tally.outcome(case.fmt, result)
    return result


def _check(case: Case, arena: Arena, named: importers.Named | None) -> str:
    for old in arena.inbox.iterdir():
        old.unlink()
    path = arena.inbox / case.name
    path.write_bytes(case.payload)
    store = arena.store()
    with _cap(case.cap):
        try:
            importers.load(path, named)
            load_error = None
        except schema.ValidationError as exc:
            load_error = exc
        try:
            snap, parsed = importers.import_paths(store, [path], named=named)
        except schema.ValidationError as exc:
            assert not case.valid, f"a valid file was refused: {exc}"
            _check_error(exc, case, path)
            assert tree_digest(arena.work) == arena.digest, "a rejected import changed the store"
            return "rejected"
    arena.dirty = True
    assert load_error is None, f"load refused what import_paths took: {load_error}"
    back = Store(arena.work).read(verify=True)
    assert schema.find_issues(back.table) == []
    assert schema.find_issues(back.table, set(back.sources)) == []
    assert len(back) == len(snap) == arena.rows + sum(len(p.frame) for p in parsed)
    return "imported"


@contextlib.contextmanager
def _cap(cap: int | None) -> Iterator[None]:
    if cap is None:
        yield
        return
    with mock.patch.object(textio, "MAX_DECOMPRESSED", cap):
        yield


def _check_error(exc: schema.ValidationError, case: Case, path: Path) -> None:
    assert exc.file and path.name in exc.file, f"error does not name the file: {exc!r}"
    content = _content(case.payload)
    if exc.row is not None:
        assert 1 <= exc.row <= _row_bound(content), f"implausible row {exc.row}: {exc}"
    if exc.column is not None:
        # Every error, a repeated figure's included, names a column the file has.
        assert _plausible_column(exc.column, content), f"implausible column: {exc}"


def _content(payload: bytes) -> bytes:
    """The file as the importers see it: gzip inflated (up to a bound)."""
    if payload[:2] != textio.GZIP_MAGIC:
        return payload
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(payload)) as gz:
            return gz.read(INSPECT_LIMIT)
    except (OSError, EOFError, zlib.error):
        return payload


def _row_bound(content: bytes) -> int:
    """The last row number an error may name: lines + 1, Parquet rows, or sheet rows."""
    if content[:4] == b"PAR1":
        try:
            return max(pq.read_metadata(pa.BufferReader(content)).num_rows, 1)
        except (OSError, pa.ArrowException):
            return 1
    if content[:4] == b"PK\x03\x04":
        # A DOTS layout error may name its fixed header rows (4, 5, 7) on a short sheet.
        return max(_sheet_rows(content) + 1, 8)
    # Lines (a last line without a newline counts too), plus one for the row after them.
    return content.count(b"\n") + content.count(b"\r") + 2


def _sheet_rows(content: bytes) -> int:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return max(
            (len(wb.get_sheet_by_name(s).to_python(skip_empty_area=False)) for s in wb.sheet_names),
            default=0,
        )
    except Exception:  # any unreadable workbook: no rows at all
        return 0


def _plausible_column(column: str, content: bytes) -> bool:
    if content[:4] == b"PK\x03\x04" and EXCEL_LETTERS.match(column):
        return True
    key = column.strip().lower()
    return key in seeds.KNOWN_COLUMNS or key in _header_names(content)


def _header_names(content: bytes) -> set[str]:
    """Names in the first lines (or the Parquet schema), split leniently."""
    if content[:4] == b"PAR1":
        try:
            return {n.strip().lower() for n in pq.read_schema(pa.BufferReader(content)).names}
        except (OSError, pa.ArrowException):
            return set()
    try:
        text = content[:INSPECT_LIMIT].decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content[:INSPECT_LIMIT].decode("latin-1")
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "<"):
        # A JSON document's keys, an XML document's attribute names.
        found = re.findall(r'"([^"]{1,80})"\s*:|\b([\w.-]+)="', text)
        return {name.lower() for pair in found for name in pair if name}
    head = [line for line in re.split(r"\r\n|\r|\n", text, maxsplit=20) if line.strip()][:3]
    names: set[str] = set()
    for line in head:
        names.update(f.strip().strip('"').strip().lower() for f in re.split(r"[,\t]", line))
        for delimiter in ",\t":
            with contextlib.suppress(csv.Error):
                for rec in csv.reader(io.StringIO(line), delimiter=delimiter):
                    names.update(f.strip().lower() for f in rec)
    return names
