"""Mutations of workbooks: DOTS and BNS sheets built cell by cell, members of the zip edited."""

from __future__ import annotations

import io
import zipfile

from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.fuzz import seeds
from tests.fuzz.mutations.pools import VALUES, Case
from tests.fuzz.mutations.text import edit_bytes, file_name, replacement

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
