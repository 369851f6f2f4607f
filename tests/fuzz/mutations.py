"""Hypothesis strategies that turn a seed file into a mutated one.

Three layers, stacked: table edits (a cell, a header, a row), byte edits (truncation,
flips, encodings, a huge line), and whole-file replacements (empty, another file type,
a gzip bomb). Each case records the edits it went through, so a failure reads as a
recipe.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from dataclasses import dataclass, field

import pyarrow as pa
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from data import schema
from tests.fuzz import seeds
from tests.fuzz.seeds import Seed

VALUES = (
    "nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "--", "-", "",
    " ", "-5", "-0.0", "0", "1,234", "1,234.5", "1.2.3", "0x1F", "1_000", "١٢٣", "null",
    "N/A", "n/a", "TRUE", "=1+1", '"', '"unclosed', "\x00", "é", "\ufeff1", "12 e",
    "99999999999999999999999999", "-1e308", "1e308", "2023", "KAZ", "x" * 300,
)  # fmt: skip
PERIODS = (
    "2023-13", "2023-00", "0000-01", "99999-01", "202313", "202300", "0000", "99999",
    "2023-M13", "2023-M00", "2023-Q5", "2023-Q0", "0", "-2023", "2023", "202303", "2023-03",
    "2023-3", "1899", "2101", "9999-12", "2023-12-01", "2023/03", "", "0001-01", "2024-01",
)  # fmt: skip
COUNTRIES = (
    "Atlantis", "XXX", "ZZZ", "kaz", "KAZ", "TKM", "", "0", "W00", "G001", "WLD", "EUN", "_X",
    "World", "Côte d'Ivoire", "C\xf4te", "Turkmenistan", "AGG_EU", "A", "123",
    "KAZ: Kazakhstan", "Kazakhstan, Rep. of", "Nowhere, Rep. of", "ROM", "UNS",
)  # fmt: skip
FLOWS = (
    "X", "M", "RX", "RM", "1", "2", "3", "4", "5", "export", "import", "total", "Export",
    "Gross Imp.", "re_export", "EXPORT", "", "XG_FOB_USD", "MG_CIF_USD", "TBG_USD", "x",
)  # fmt: skip
UNITS = (
    "USD_million", "USD", "kg", "t", "", "furlongs", "percent", "ratio", "6", "Millions",
    "-3", "99", "abc", "USD: US dollar", "EUR",
)  # fmt: skip
_SCHEMA_CODES = (
    schema.SERIES, schema.MEASURES, schema.COMPARATORS, schema.VALUATIONS, schema.KINDS,
)  # fmt: skip
ENUMS = (
    *(v for allowed in _SCHEMA_CODES for v in allowed),
    "A", "Q", "M", "true", "false", "maybe", "official", "press", "gossip", "C00", "TOTAL",
)  # fmt: skip
INVALID_UTF8 = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82")
HUGE = 5 * 1024 * 1024
NAME_STEMS = ("fuzz", "x" * 200, "Ünïcödé", "my file (1)", ".hidden", "_", "DOTS_2023", "a.b.c")


@dataclass
class Case:
    """One fuzzed file: its name and bytes, the edits behind it, and a patched gzip cap."""

    fmt: str
    name: str
    payload: bytes
    ops: list[str] = field(default_factory=list)
    cap: int | None = None
    # A valid file in another dress (quoting, BOM, gzip, fewer rows): it must import.
    valid: bool = False

    def __repr__(self) -> str:
        return f"Case({self.fmt}, {self.name!r}, {len(self.payload)} bytes, ops={self.ops})"


def pool_for(column: str) -> tuple[str, ...]:
    """Values worth trying in a column, judged from its name."""
    c = column.lower()
    if any(k in c for k in ("value", "wgt", "qty", "weight")):
        return VALUES
    if any(k in c for k in ("period", "year", "time", "published")):
        return PERIODS
    if any(k in c for k in ("iso", "country", "reporter", "partner", "desc", "name")):
        return COUNTRIES
    if any(k in c for k in ("flow", "indicator")):
        return FLOWS
    if any(k in c for k in ("unit", "scale", "mult")):
        return UNITS
    return ENUMS + VALUES


# -- table edits ---------------------------------------------------------------------------


@st.composite
def cell_value(draw: st.DrawFn, column: str) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=12))
    return draw(st.sampled_from(pool_for(column)))


@st.composite
def edit_grid(draw: st.DrawFn, grid: list[list[str]], ops: list[str]) -> list[list[str]]:
    """One to four edits to a parsed delimited file (header first)."""
    grid = [list(r) for r in grid] or [[""]]
    for _ in range(draw(st.integers(1, 4))):
        header, rows = grid[0], grid[1:]
        kind = draw(
            st.sampled_from(
                ("cell", "cell", "cell", "cell", "drop_column", "drop_header_name", "dup_header",
                 "extra_column", "drop_header_line", "repeat_row", "header_as_row", "delete_row",
                 "header_only", "case_header")
            )
        )  # fmt: skip
        width = max(len(header), 1)
        if kind == "cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, width - 1))
            name = header[c] if c < len(header) else ""
            value = draw(cell_value(name))
            row = rows[r]
            row.extend([""] * (c + 1 - len(row)))
            row[c] = value
            ops.append(f"cell[{r + 2},{name}]={value[:40]!r}")
        elif kind == "drop_column" and header:
            c = draw(st.integers(0, len(header) - 1))
            ops.append(f"drop_column {header[c]!r}")
            grid = [[v for i, v in enumerate(row) if i != c] for row in grid]
        elif kind == "drop_header_name" and header:
            c = draw(st.integers(0, len(header) - 1))
            ops.append(f"drop_header_name {header[c]!r}")
            del grid[0][c]
        elif kind == "dup_header" and len(header) > 1:
            a, b = draw(st.lists(st.integers(0, len(header) - 1), min_size=2, max_size=2))
            ops.append(f"dup_header {header[a]!r}->{header[b]!r}")
            grid[0][a] = header[b]
        elif kind == "extra_column":
            name = draw(st.sampled_from(("extra", "source_id", "Value", *header[:3], "")))
            ops.append(f"extra_column {name!r}")
            grid[0].append(name)
            for row in grid[1:]:
                row.append(draw(cell_value(name)))
        elif kind == "drop_header_line":
            ops.append("drop_header_line")
            grid = grid[1:] or [[""]]
        elif kind == "repeat_row" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            ops.append(f"repeat_row {r + 2}")
            grid.insert(draw(st.integers(1, len(grid))), list(rows[r]))
        elif kind == "header_as_row":
            ops.append("header_as_row")
            grid.insert(draw(st.integers(1, len(grid))), list(header))
        elif kind == "delete_row" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            ops.append(f"delete_row {r + 2}")
            del grid[r + 1]
        elif kind == "header_only":
            ops.append("header_only")
            grid = grid[:1]
        elif kind == "case_header" and header:
            ops.append("case_header")
            grid[0] = [h.upper() if draw(st.booleans()) else h.lower() for h in header]
    return grid


@st.composite
def write_grid(draw: st.DrawFn, grid: list[list[str]], delimiter: str) -> bytes:
    buf = io.StringIO()
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))
    terminator = draw(st.sampled_from(("\n", "\r\n")))
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerows(grid)
    return buf.getvalue().encode("utf-8")


# -- byte edits ----------------------------------------------------------------------------


def _at(draw: st.DrawFn, payload: bytes) -> int:
    return draw(st.integers(0, len(payload)))


def _line_starts(payload: bytes) -> list[int]:
    return [0] + [m.end() for m in re.finditer(rb"\n", payload)]


@st.composite
def edit_bytes(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to three byte-level edits."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ("truncate", "flip", "insert", "delete", "invalid_utf8", "encoding", "bom",
                 "cr_only", "nul", "huge_line", "huge_cell")
            )
        )  # fmt: skip
        if kind == "truncate":
            i = _at(draw, payload)
            ops.append(f"truncate@{i}")
            payload = payload[:i]
        elif kind == "flip" and payload:
            out = bytearray(payload)
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(out) - 1))
                out[i] ^= draw(st.integers(1, 255))
            ops.append("flip")
            payload = bytes(out)
        elif kind == "insert":
            i, blob = _at(draw, payload), draw(st.binary(min_size=1, max_size=16))
            ops.append(f"insert@{i} {blob!r}")
            payload = payload[:i] + blob + payload[i:]
        elif kind == "delete" and payload:
            i = draw(st.integers(0, len(payload) - 1))
            n = draw(st.integers(1, 64))
            ops.append(f"delete@{i}+{n}")
            payload = payload[:i] + payload[i + n :]
        elif kind == "invalid_utf8":
            i, blob = _at(draw, payload), draw(st.sampled_from(INVALID_UTF8))
            ops.append(f"invalid_utf8@{i} {blob!r}")
            payload = payload[:i] + blob + payload[i:]
        elif kind == "encoding":
            payload = draw(reencode(payload, ops))
        elif kind == "bom":
            ops.append("bom")
            payload = b"\xef\xbb\xbf" + payload
        elif kind == "cr_only":
            ops.append("cr_only")
            payload = payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        elif kind == "nul":
            i = _at(draw, payload)
            ops.append(f"nul@{i}")
            payload = payload[:i] + b"\x00" * draw(st.integers(1, 4)) + payload[i:]
        elif kind == "huge_line":
            i = draw(st.sampled_from(_line_starts(payload)))
            line = draw(st.sampled_from((b"A", b",", b"\t", b"1", b'"')))
            ops.append(f"huge_line@{i} {line!r}")
            payload = payload[:i] + line * HUGE + b"\n" + payload[i:]
        elif kind == "huge_cell":
            # A 5 MB value inside the last row's first field, so the row still parses.
            i = payload.rfind(b"\n", 0, max(len(payload.rstrip()), 0)) + 1
            ops.append(f"huge_cell@{i}")
            payload = payload[:i] + b"9" * HUGE + payload[i:]
    return payload


@st.composite
def reencode(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    text = payload.decode("utf-8", errors="replace")
    if draw(st.booleans()):
        # Give the encodings something to disagree on.
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(("é", "Côte", "ü€", "Ж", "✓"))) + text[i:]
    enc = draw(st.sampled_from(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
                                "cp1251", "mixed")))  # fmt: skip
    ops.append(f"encoding {enc}")
    if enc == "mixed":
        i = draw(st.integers(0, len(text)))
        return text[:i].encode("utf-8") + text[i:].encode("latin-1", errors="replace")
    return text.encode(enc, errors="replace")


# -- whole-file replacements ---------------------------------------------------------------


@st.composite
def replacement(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """Another kind of file altogether, under this format's name."""
    kind = draw(
        st.sampled_from(
            ("empty", "xlsx", "random", "png", "zip_text", "zip_seed", "pdf", "par1_junk",
             "other_parquet", "long_parquet", "gzip_random", "gzip_xlsx", "xlsx_truncated")
        )
    )  # fmt: skip
    ops.append(f"replace {kind}")
    if kind == "empty":
        return draw(
            st.sampled_from(
                (b"", b"\n", b"   \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\x00" * 10,
                 b"\t\t\n", b",,,\n,,,\n", b"\r")
            )
        )  # fmt: skip
    if kind == "xlsx":
        return seeds.dots_workbook()
    if kind == "random":
        return draw(st.binary(min_size=1, max_size=2048))
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n" + draw(st.binary(max_size=256))
    if kind == "zip_text":
        return seeds.zip_members({"readme.txt": b"not a workbook"})
    if kind == "zip_seed":
        return seeds.zip_members({"data.csv": payload})
    if kind == "pdf":
        return b"%PDF-1.7\n" + draw(st.binary(max_size=256))
    if kind == "par1_junk":
        return b"PAR1" + draw(st.binary(max_size=256)) + b"PAR1"
    if kind == "other_parquet":
        return seeds.parquet_bytes(pa.table({"a": [1, 2], "b": ["x", "y"]}))
    if kind == "long_parquet":
        return seeds.long_parquet()
    if kind == "gzip_random":
        return gzip.compress(draw(st.binary(max_size=512)))
    if kind == "gzip_xlsx":
        return gzip.compress(seeds.dots_workbook())
    wb = seeds.dots_workbook()
    return wb[: draw(st.integers(0, len(wb) - 1))]


def gzip_bomb(head: bytes, inflated: int) -> bytes:
    """``head`` then blank lines up to ``inflated`` bytes, as concatenated gzip members.

    One 1 MiB member of newlines is compressed once and repeated (gzip readers inflate
    concatenated members as one stream), so a 512 MB bomb costs milliseconds to build.
    Blank lines keep the content a valid file of its format right up to the cap, so only
    the cap can refuse it.
    """
    chunk = 1 << 20
    left = max(inflated - len(head), 0)
    whole, rest = divmod(left, chunk)
    parts = [gzip.compress(head, mtime=0)]
    parts += [gzip.compress(b"\n" * chunk, mtime=0)] * whole
    if rest:
        parts.append(gzip.compress(b"\n" * rest, mtime=0))
    return b"".join(parts)


# -- per-format case strategies ------------------------------------------------------------


@st.composite
def file_name(draw: st.DrawFn, seed_name: str) -> str:
    """Mostly ``fuzz_<seed>``; sometimes an awkward stem with the seed's suffixes."""
    suffix = seed_name[seed_name.index(".") :] if "." in seed_name else ""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(NAME_STEMS)) + suffix
    return "fuzz_" + seed_name


@st.composite
def text_case(draw: st.DrawFn, fmt: str, label: str | None = None) -> Case:
    """A mutated delimited file of ``fmt`` (gzipped when its seed was), tallied as ``label``."""
    layer = draw(
        st.sampled_from(("benign", "grid", "grid", "grid+bytes", "bytes", "replace", "bomb"))
    )
    pool = seeds.text_seeds(fmt)
    seed: Seed = draw(st.sampled_from([s for s in pool if s.good] if layer == "benign" else pool))
    ops: list[str] = [f"seed {seed.name}"]
    payload = seed.payload
    cap = None
    if layer == "benign":
        payload = draw(benign(seed, ops))
    if layer.startswith("grid"):
        grid = draw(edit_grid(seeds.grid_of(seed), ops))
        payload = draw(write_grid(grid, seed.delimiter))
    if layer.endswith("bytes"):
        payload = draw(edit_bytes(payload, ops))
    gzipped = seed.gzipped or draw(st.integers(0, 9)) == 0
    if layer == "replace":
        payload = draw(replacement(payload, ops))
        gzipped = False
    elif layer == "bomb":
        # The real cap is 512 MB; a small patched cap exercises the same branch cheaply.
        cap = draw(st.sampled_from((4096, 65_536)))
        over = draw(st.booleans())
        payload = gzip_bomb(payload, cap + 1 if over else max(cap - 1, len(payload)))
        ops.append(f"bomb cap={cap} {'over' if over else 'under'}")
        gzipped = False
    elif gzipped:
        payload = gzip.compress(payload, mtime=0)
        ops.append("gzip")
        if draw(st.integers(0, 3)) == 0:
            payload = draw(edit_bytes(payload, ops))
            layer += "+bytes"
    name = draw(file_name(seed.name))
    if gzipped and not name.endswith(".gz"):
        name += ".gz"
    return Case(label or fmt, name, payload, ops, cap, valid=layer == "benign")


@st.composite
def benign(draw: st.DrawFn, seed: Seed, ops: list[str]) -> bytes:
    """Edits a valid file survives: a row fewer, quoting, CRLF, a BOM, a blank line."""
    grid = seeds.grid_of(seed)
    if len(grid) > 2 and draw(st.booleans()):
        r = draw(st.integers(1, len(grid) - 1))
        ops.append(f"delete_row {r + 1}")
        del grid[r]
    payload = draw(write_grid(grid, seed.delimiter))
    if draw(st.booleans()):
        i = draw(st.sampled_from(_line_starts(payload)[1:] or [len(payload)]))
        ops.append(f"blank_line@{i}")
        payload = payload[:i] + b"\n" + payload[i:]
    if draw(st.booleans()):
        ops.append("bom")
        payload = b"\xef\xbb\xbf" + payload
    return payload


DOTS_NAMES = (
    "Turkmenistan", "World", "Euro Area", "Australia", "China, P.R.: Mainland",
    "Kazakhstan, Rep. of", "Atlantis", "", None, "Côte d'Ivoire", "Not Specified",
)  # fmt: skip
DOTS_YEARS = (
    "2018", "2019", 2020.0, "13", 0, 99999, "abc", None, 1899, 2101, "2020.5", True, "inf",
    "1e400", "nan", "-inf", float("inf"), "2018",
)  # fmt: skip
SHEET_NAMES = ("Exports, FOB", "Imports, CIF")


@st.composite
def dots_cell(draw: st.DrawFn) -> object:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.floats(allow_nan=True, allow_infinity=True))
    if kind == 1:
        return draw(st.integers(-(10**20), 10**20))
    if kind == 2:
        return draw(st.sampled_from((*VALUES, "1,234.5 e", "0.14 e", " e", "e", None)))
    return draw(st.none() | st.text(max_size=8))


def _clean(value: object) -> object:
    """openpyxl refuses control characters in strings; drop them."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


BNS_NAMES = (
    "Туркменистан", "Всего", "Страны СНГ", "  Страны вне ЕС", "Китай", "Turkmenistan",
    "Атлантида", "", None, "Кот-Д'Ивуар",
)  # fmt: skip
BNS_UNITS = ("тыс. долларов США", "thousand US dollars", "млн. долларов США", "рублей", "", "é")


@st.composite
def bns_case(draw: st.DrawFn) -> Case:
    """A BNS-like table (Russian labels, thousand USD) with edited cells, names, unit, header
    and year label, maybe byte-mangled."""
    from tests.unit.data.importers.bns_fixtures import HEADER, ROWS

    ops: list[str] = []
    rows = {s: [list(r) for r in data] for s, data in ROWS.items()}
    for _ in range(draw(st.integers(0, 4))):
        sheet = draw(st.sampled_from(sorted(rows)))
        data = rows[sheet]
        kind = draw(st.sampled_from(("cell", "cell", "name", "add_row", "del_row")))
        r = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "cell" and data:
            c = draw(st.integers(1, 3))
            data[r][c] = draw(dots_cell())
            ops.append(f"{sheet} cell[{r + 6},{c}]={data[r][c]!r}")
        elif kind == "name" and data:
            data[r][0] = draw(st.sampled_from(BNS_NAMES))
            ops.append(f"{sheet} name[{r + 6}]={data[r][0]!r}")
        elif kind == "add_row":
            data.append([draw(st.sampled_from(BNS_NAMES)), *(draw(dots_cell()) for _ in "abc")])
            ops.append(f"{sheet} add_row")
        elif kind == "del_row" and data:
            del data[r]
            ops.append(f"{sheet} del_row {r + 6}")
    kwargs: dict[str, object] = {}
    for _ in range(draw(st.integers(0, 2))):
        what = draw(st.sampled_from(("unit", "header", "year_label")))
        if what == "unit":
            kwargs["unit"] = draw(st.sampled_from(BNS_UNITS))
        elif what == "header":
            kwargs["header"] = draw(st.permutations(HEADER))
        else:
            kwargs["year_label"] = draw(st.sampled_from(("год", "2022 год", "{sheet}", "")))
        ops.append(f"{what}={kwargs[what]!r}")
    clean = {s: [tuple(_clean(v) for v in row) for row in data] for s, data in rows.items()}
    kwargs = {k: [_clean(v) for v in x] if isinstance(x, list) else _clean(x)
              for k, x in kwargs.items()}  # fmt: skip
    payload = seeds.bns_bytes(clean, **kwargs)  # type: ignore[arg-type]
    layer = draw(st.sampled_from(("cells", "cells", "member_bytes", "bytes", "replace")))
    if layer == "member_bytes":
        payload = draw(edit_member(payload, ops))
    elif layer == "bytes":
        payload = draw(edit_bytes(payload, ops))
    elif layer == "replace":
        payload = draw(replacement(payload, ops))
    valid = layer == "cells" and not ops
    return Case("kz_bns", draw(file_name("bns_fuzz.xlsx")), payload, ops, valid=valid)


@st.composite
def dots_case(draw: st.DrawFn) -> Case:
    """A DOTS-like workbook with edited cells, sheets and headers, maybe byte-mangled."""
    ops: list[str] = []
    rows = [list(r) for r in seeds.DOTS_ROWS]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("cell", "cell", "name", "add_row", "del_row", "dup_row")))
        r = draw(st.integers(0, max(len(rows) - 1, 0)))
        if kind == "cell" and rows:
            c = draw(st.integers(1, 3))
            rows[r][c] = draw(dots_cell())
            ops.append(f"cell[{r + 8},{c}]={rows[r][c]!r}")
        elif kind == "name" and rows:
            rows[r][0] = draw(st.sampled_from(DOTS_NAMES))
            ops.append(f"name[{r + 8}]={rows[r][0]!r}")
        elif kind == "add_row":
            rows.append([draw(st.sampled_from(DOTS_NAMES)), *(draw(dots_cell()) for _ in "abc")])
            ops.append("add_row")
        elif kind == "del_row" and rows:
            del rows[r]
            ops.append(f"del_row {r + 8}")
        elif kind == "dup_row" and rows:
            twin = list(rows[r])
            if draw(st.booleans()):
                twin[1] = draw(dots_cell())
            rows.append(twin)
            ops.append(f"dup_row {r + 8}")
    sheets = {s: [[_clean(v) for v in row] for row in rows] for s in SHEET_NAMES}
    kwargs: dict[str, object] = {}
    for _ in range(draw(st.integers(0, 2))):
        what = draw(st.sampled_from(("unit", "reporter", "years", "drop_sheet", "extra_sheet")))
        if what == "unit":
            kwargs["unit"] = draw(st.sampled_from(("US Dollars, Thousands", "", "USD", "é")))
        elif what == "reporter":
            kwargs["reporter"] = draw(st.sampled_from(("", "Atlantis", "World", "Turkmenistan")))
        elif what == "years":
            kwargs["years"] = draw(st.lists(st.sampled_from(DOTS_YEARS), min_size=0, max_size=4))
        elif what == "drop_sheet":
            sheets.pop(draw(st.sampled_from(SHEET_NAMES)), None)
        else:
            sheets["Notes"] = [["see the IMF website"]]
        ops.append(f"{what}={kwargs.get(what, '')!r}")
    if not sheets:
        sheets["Notes"] = [["a workbook needs one sheet"]]
    kwargs = {k: [_clean(v) for v in x] if isinstance(x, list) else _clean(x)
              for k, x in kwargs.items()}  # fmt: skip
    payload = seeds.xlsx_bytes(sheets, **kwargs)  # type: ignore[arg-type]
    layer = draw(st.sampled_from(("cells", "cells", "member_bytes", "bytes", "replace")))
    if layer == "member_bytes":
        payload = draw(edit_member(payload, ops))
    elif layer == "bytes":
        payload = draw(edit_bytes(payload, ops))
    elif layer == "replace":
        payload = draw(replacement(payload, ops))
    valid = layer == "cells" and not ops
    name = draw(file_name("DOTS_fuzz.xlsx"))
    if draw(st.integers(0, 9)) == 0:
        name = name.rsplit(".", 1)[0] + ".csv"
        ops.append("named .csv")
    return Case("imf_dots", name, payload, ops, valid=valid)


@st.composite
def edit_member(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """Byte edits inside one member of the xlsx zip, re-zipped so the zip itself is sound."""
    with zipfile.ZipFile(io.BytesIO(payload)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    name = draw(st.sampled_from(sorted(members)))
    ops.append(f"member {name}")
    members[name] = draw(edit_bytes(members[name], ops))
    return seeds.zip_members(members)


@st.composite
def parquet_case(draw: st.DrawFn) -> Case:
    """A long-format table written as Parquet: edited cells and headers, odd column types."""
    ops: list[str] = ["seed national_stats.parquet"]
    seed = next(s for s in seeds.text_seeds("long") if s.name == "national_stats.csv")
    layer = draw(st.sampled_from(("benign", "table", "table", "table+bytes", "bytes", "replace")))
    if layer == "benign":
        payload = draw(table_bytes(seeds.grid_of(seed), ops, retype=False))
    elif layer == "bytes":
        payload = draw(edit_bytes(seeds.long_parquet(), ops))
    elif layer == "replace":
        payload = draw(replacement(seeds.long_parquet(), ops))
    else:
        grid = draw(edit_grid(seeds.grid_of(seed), ops))
        payload = draw(table_bytes(grid, ops))
        if layer == "table+bytes":
            payload = draw(edit_bytes(payload, ops))
    if draw(st.integers(0, 9)) == 0:
        payload = gzip.compress(payload, mtime=0)
        ops.append("gzip")
    name = draw(file_name("national_stats.parquet"))
    return Case("long_parquet", name, payload, ops, valid=layer == "benign")


def _typed(values: list[str], kind: str) -> pa.Array:
    def num(v: str) -> float | None:
        try:
            return float(v)
        except ValueError:
            return None

    if kind == "float":
        return pa.array([num(v) for v in values], type=pa.float64())
    if kind == "int":
        return pa.array(
            [int(f) if (f := num(v)) is not None and abs(f) < 2**62 else None for v in values],
            type=pa.int64(),
        )
    if kind == "binary":
        return pa.array([v.encode("utf-8") + b"\xff" for v in values], type=pa.binary())
    if kind == "list":
        return pa.array([[v, v] for v in values], type=pa.list_(pa.string()))
    if kind == "dictionary":
        return pa.array(values).dictionary_encode()
    if kind == "null":
        return pa.nulls(len(values), type=pa.string())
    if kind == "date":
        return pa.array([None if i % 2 else 19_000 + i for i in range(len(values))], pa.date32())
    if kind == "timestamp":
        return pa.array([2**62 + i for i in range(len(values))], pa.timestamp("ns"))
    return pa.array(values, type=pa.string())


@st.composite
def table_bytes(
    draw: st.DrawFn, grid: list[list[str]], ops: list[str], retype: bool = True
) -> bytes:
    header = grid[0] if grid else []
    rows = [(r + [""] * len(header))[: len(header)] for r in grid[1:]]
    arrays = []
    for i, h in enumerate(header):
        values = [r[i] for r in rows]
        kind = "float" if h == "value" else "string"
        if retype and draw(st.integers(0, 7)) == 0:
            kind = draw(
                st.sampled_from(
                    ("float", "int", "binary", "list", "dictionary", "null", "date", "timestamp")
                )
            )
            ops.append(f"type {h!r}={kind}")
        arrays.append(_typed(values, kind))
    # Table.from_arrays keeps duplicate names, as a Parquet file may.
    table = pa.Table.from_arrays(arrays, names=header)
    compression = draw(st.sampled_from(("zstd", "snappy", "gzip", "none")))
    return seeds.parquet_bytes(table, compression, draw(st.sampled_from((None, 1))))


# -- documents: JSON and XML ------------------------------------------------------------


@st.composite
def document_case(draw: st.DrawFn, fmt: str) -> Case:
    """A mutated JSON or XML document of ``fmt``: edits to its values and structure,
    then (maybe) to its bytes; or another file altogether, or a gzip bomb."""
    layer = draw(
        st.sampled_from(("benign", "tree", "tree", "tree+bytes", "bytes", "replace", "bomb"))
    )
    pool = seeds.text_seeds(fmt)
    seed: Seed = draw(st.sampled_from([s for s in pool if s.good] if layer == "benign" else pool))
    ops: list[str] = [f"seed {seed.name}"]
    payload = seed.payload
    cap = None
    is_json = payload.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if layer == "benign":
        payload = draw(benign_json(payload, ops) if is_json else benign_xml(payload, ops))
    if layer.startswith("tree"):
        payload = draw(edit_json(payload, ops) if is_json else edit_xml(payload, ops))
    if layer.endswith("bytes"):
        payload = draw(edit_bytes(payload, ops))
    gzipped = False
    if layer == "replace":
        payload = draw(replacement(payload, ops))
    elif layer == "bomb":
        cap = draw(st.sampled_from((4096, 65_536)))
        over = draw(st.booleans())
        payload = gzip_bomb(payload, cap + 1 if over else max(cap - 1, len(payload)))
        ops.append(f"bomb cap={cap} {'over' if over else 'under'}")
    elif draw(st.integers(0, 9)) == 0:
        payload, gzipped = gzip.compress(payload, mtime=0), True
        ops.append("gzip")
    name = draw(file_name(seed.name)) + (".gz" if gzipped else "")
    return Case(fmt, name, payload, ops, cap, valid=layer == "benign")


def _json_leaves(node: object, path: tuple = ()) -> list[tuple]:
    """Paths to every value inside a parsed JSON document (containers included)."""
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _json_leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _json_leaves(v, (*path, i))
    return out


def _get(node: object, path: tuple) -> object:
    for step in path:
        node = node[step]  # type: ignore[index]
    return node


JSON_ODDITIES = (None, True, False, [], {}, 0, -1, 1e308, 10**30, "", " ", [1, 2], {"a": 1})


@st.composite
def edit_json(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to four edits to the parsed document: a value, a key, a record; re-serialised
    with one value per line, so a row number stays within the file's lines."""
    import json

    try:
        doc = json.loads(payload.decode("utf-8-sig"))
    except ValueError:  # a truncated seed: its bytes are edited instead
        return draw(edit_bytes(payload, ops))
    for _ in range(draw(st.integers(1, 4))):
        paths = _json_leaves(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        key = path[-1]
        name = str(key if isinstance(key, str) else path[-2] if len(path) > 1 else "")
        kind = draw(st.sampled_from(("value", "value", "value", "oddity", "delete", "repeat",
                                     "empty_list")))  # fmt: skip
        if kind == "value":
            new = draw(cell_value(name.lstrip("@")))
            parent[key] = new  # type: ignore[index]
            ops.append(f"set {path}={new[:40]!r}")
        elif kind == "oddity":
            new = draw(st.sampled_from(JSON_ODDITIES))
            parent[key] = new  # type: ignore[index]
            ops.append(f"set {path}={new!r}")
        elif kind == "delete":
            del parent[key]  # type: ignore[arg-type]
            ops.append(f"delete {path}")
        elif kind == "repeat" and isinstance(parent, list):
            parent.insert(int(key), json.loads(json.dumps(parent[int(key)])))
            ops.append(f"repeat {path}")
        elif kind == "empty_list":
            lists = [p for p in paths if isinstance(_get(doc, p), list)]
            if lists:
                target = draw(st.sampled_from(lists))
                _get(doc, target).clear()  # type: ignore[attr-defined]
                ops.append(f"empty {target}")
    return json.dumps(doc, indent=1, ensure_ascii=draw(st.booleans())).encode()


@st.composite
def benign_json(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """The same document re-indented, with keys reordered, maybe a BOM."""
    import json

    doc = json.loads(payload.decode("utf-8-sig"))
    indent = draw(st.sampled_from((1, 2, 4, "\t")))
    ops.append(f"reindent {indent!r}")
    out = json.dumps(doc, indent=indent, sort_keys=draw(st.booleans())).encode()
    if draw(st.booleans()):
        ops.append("bom")
        out = b"\xef\xbb\xbf" + out
    return out


_ATTR = re.compile(rb'(\b[A-Za-z_][\w:.-]*)="([^"]*)"')
_ELEMENT = re.compile(rb"<(Obs|Series|Group)\b[^>]*/>|<(Series|Group)\b.*?</\2>", re.S)


@st.composite
def edit_xml(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to four edits: an attribute's value, an attribute or element removed or
    repeated, a tag renamed."""
    for _ in range(draw(st.integers(1, 4))):
        attrs = list(_ATTR.finditer(payload))
        elements = list(_ELEMENT.finditer(payload))
        kind = draw(st.sampled_from(("attr", "attr", "attr", "drop_attr", "drop_element",
                                     "repeat_element", "rename")))  # fmt: skip
        if kind in ("attr", "drop_attr") and attrs:
            m = draw(st.sampled_from(attrs))
            name = m.group(1).decode()
            if kind == "attr":
                value = draw(cell_value(name)).replace("&", "&amp;").replace("<", "&lt;")
                new = m.group(1) + b'="' + value.replace('"', "&quot;").encode() + b'"'
                ops.append(f"attr {name}={value[:40]!r}")
            else:
                new = b""
                ops.append(f"drop_attr {name}")
            payload = payload[: m.start()] + new + payload[m.end() :]
        elif kind in ("drop_element", "repeat_element") and elements:
            m = draw(st.sampled_from(elements))
            piece = m.group(0)
            ops.append(f"{kind} {piece[:30]!r}")
            new = b"" if kind == "drop_element" else piece + b"\n" + piece
            payload = payload[: m.start()] + new + payload[m.end() :]
        elif kind == "rename":
            old = draw(st.sampled_from((b"<Obs ", b"<Series ", b"<message:DataSet ")))
            ops.append(f"rename {old!r}")
            payload = payload.replace(old, b"<Thing ", 1)
    return payload


@st.composite
def benign_xml(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """The same message with a comment, blank lines between elements, maybe a BOM."""
    if draw(st.booleans()):
        ops.append("comment")
        payload = payload.replace(b"<message:DataSet", b"<!-- fuzz -->\n<message:DataSet", 1)
    if draw(st.booleans()):
        ops.append("blank_lines")
        payload = payload.replace(b"/>\n", b"/>\n\n")
    if draw(st.booleans()):
        ops.append("bom")
        payload = b"\xef\xbb\xbf" + payload
    return payload
