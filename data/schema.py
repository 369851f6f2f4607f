"""The tradedash data model: one table of observations, one list of sources.

An *observation* is one number that one source states about the trade (or the rail
freight, or a target) between a reporter and a partner over a window of months.

| column              | type    | meaning |
|---------------------|---------|---------|
| series              | str     | what is measured: ``trade_value`` (goods, USD), ``trade_quantity`` (tonnes of one product traded between the pair), ``rail_freight`` (tonnes moved by rail between the pair), ``rail_capacity`` (line capacity, tonnes a year), ``transit_rail_instc_east`` (third-country transit on the North–South corridor's eastern branch) and ``transit_rail_via_kaz_to_tkm`` (third-country rail cargo through Kazakhstan to Turkmenistan): transit is never mixed with rail_freight, nor one transit series with the other; ``trade_target`` (a stated political target) |
| reporter, partner   | str     | ISO 3166 alpha-3, or a documented code for aggregates and historical economies (see ``data.countries``) |
| partner_aggregate   | bool    | the partner is a group (World, a region) rather than one economy |
| flow                | str     | ``export`` (reporter → partner), ``import`` (partner → reporter), ``total`` (turnover = exports + imports), ``re_export``, ``re_import`` (kept apart, never added to the others) |
| commodity           | str     | ``TOTAL`` for all goods, else an HS code (``1001`` wheat) or a group of them (``1001+1101`` wheat and flour, ``HS01-24`` HS chapters 01–24, agri-food); a product's figures are never added into ``TOTAL`` |
| period_start        | str     | first month of the window, ``YYYY-MM`` |
| period_end          | str     | last month of the window, inclusive, ``YYYY-MM``; a calendar year is ``YYYY-01``..``YYYY-12`` |
| measure             | str     | ``level``, ``growth_pct_yoy`` (against the same window a year earlier), ``multiple`` (end level ÷ start level over the window), ``change_abs`` (against the same window a year earlier), ``target``, ``share_pct`` (a percentage of the whole that ``share_of`` names) |
| share_of            | str     | only for ``share_pct`` (``""`` otherwise): ``pair_flow`` (share of the pair's flow in that direction, all goods: agri-food is over 30 % of Kazakh exports to Turkmenistan), ``partner_product_exports`` (share of the partner's exports of that product that go to the reporter), ``other`` (the note says of what) |
| comparator          | str     | ``=`` exact, ``>`` above, ``<`` below, ``~`` approximately |
| value               | float64 | in base units: USD (not millions), tonnes (not millions), percent, ratio |
| unit                | str     | ``USD``, ``t``, ``percent``, ``ratio`` |
| valuation           | str     | ``fob``, ``cif`` or ``unknown`` |
| kind                | str     | ``reported`` (as published), ``estimated`` (the publisher's own estimate), ``mirror`` (built from the other side's records), ``derived`` (computed here; the note says how) |
| source_id           | str     | key into the sources list |
| ref                 | str     | where in the source the number stands (row id, sheet and cell) |
| note                | str     | scope remarks in plain words ("" when none) |

The unique key is :data:`KEY`: the same figure (what, who, when, which measure) from the
same source can be stored only once.

A *source* (see ``data.provenance.Source``) says who published a figure, where and when,
under which licence, and the checksum of the raw file where there is one.

Validation is an explicit pyarrow schema plus row checks in :func:`find_issues`, run once,
by the store's ``merge``, on the Arrow table every importer returns: pyarrow gives the
types and a zero-copy path to Parquet; the row checks look at each column's distinct values
and map them back, and every failure is located by the importer's file, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.units import MEASURE_UNITS, SERIES_UNITS

SERIES = (
    "trade_value",
    "trade_quantity",
    "rail_freight",
    "rail_capacity",
    "transit_rail_instc_east",
    "transit_rail_via_kaz_to_tkm",
    "trade_target",
)
#: Third-country cargo: never mixed with ``rail_freight`` nor with each other.
TRANSIT_SERIES = ("transit_rail_instc_east", "transit_rail_via_kaz_to_tkm")
FLOWS = ("export", "import", "total", "re_export", "re_import")
MEASURES = ("level", "growth_pct_yoy", "multiple", "change_abs", "target", "share_pct")
#: What a ``share_pct`` is a share of; ``""`` on every other measure.
SHARE_OF = ("pair_flow", "partner_product_exports", "other")
TOTAL = "TOTAL"
COMPARATORS = ("=", ">", "<", "~")
UNITS = ("USD", "t", "percent", "ratio")
VALUATIONS = ("fob", "cif", "unknown")
KINDS = ("reported", "estimated", "mirror", "derived")

COLUMNS = (
    "series",
    "reporter",
    "partner",
    "partner_aggregate",
    "flow",
    "commodity",
    "period_start",
    "period_end",
    "measure",
    "share_of",
    "comparator",
    "value",
    "unit",
    "valuation",
    "kind",
    "source_id",
    "ref",
    "note",
)
#: Columns a store written before they existed lacks, with the value its rows take.
ADDED_COLUMNS = {"share_of": ""}

KEY = (
    "series",
    "reporter",
    "partner",
    "flow",
    "commodity",
    "period_start",
    "period_end",
    "measure",
    "share_of",
    "source_id",
)

# Sorting by the pair first keeps one pair's rows in few row groups, so a pair lookup
# reads a sliver of a world-sized file.
SORT_ORDER = ("reporter", "partner", "series", "flow", "commodity", "period_start", "period_end")

_DICT = pa.dictionary(pa.int32(), pa.string())

ARROW_SCHEMA = pa.schema(
    [
        pa.field("series", _DICT, nullable=False),
        pa.field("reporter", _DICT, nullable=False),
        pa.field("partner", _DICT, nullable=False),
        pa.field("partner_aggregate", pa.bool_(), nullable=False),
        pa.field("flow", _DICT, nullable=False),
        pa.field("commodity", _DICT, nullable=False),
        pa.field("period_start", _DICT, nullable=False),
        pa.field("period_end", _DICT, nullable=False),
        pa.field("measure", _DICT, nullable=False),
        pa.field("share_of", _DICT, nullable=False),
        pa.field("comparator", _DICT, nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", _DICT, nullable=False),
        pa.field("valuation", _DICT, nullable=False),
        pa.field("kind", _DICT, nullable=False),
        pa.field("source_id", _DICT, nullable=False),
        pa.field("ref", pa.string(), nullable=False),
        pa.field("note", _DICT, nullable=False),
    ]
)

_ALLOWED = {
    "series": SERIES,
    "flow": FLOWS,
    "measure": MEASURES,
    "share_of": ("", *SHARE_OF),
    "comparator": COMPARATORS,
    "unit": UNITS,
    "valuation": VALUATIONS,
    "kind": KINDS,
}
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")
# Which unit a measure or a series' amounts carry: the one rule of ``analysis.units``.
_MEASURE_UNITS = {m: (u,) for m, u in MEASURE_UNITS.items()}
_SERIES_UNITS = {s: (u,) for s, u in SERIES_UNITS.items()}


#: How many problems a rejected file lists at most; ``total`` counts past it.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    """One problem of a rejected file, located as :class:`ValidationError` locates its first:
    the fields of the error CSV (file, row, column, value, problem)."""

    file: str | None
    row: int | None
    column: str | None
    value: str
    problem: str


class ValidationError(ValueError):
    """Bad input, with the file, row and column it was found in.

    ``row`` counts as a person reading the file would: the first data row after a
    header is row 2 in a CSV; importers pass the number that finds the line.

    The message is the first problem's; ``problems`` lists every problem found (at most
    :data:`MAX_PROBLEMS`, the first among them) and ``total`` counts them all.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str = "",
        problems: list[Problem] | None = None,
        total: int | None = None,
    ) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, message
        self.problems = problems or [Problem(file, row, column, value, message)]
        self.total = max(total or 0, len(self.problems))
        where = []
        if file:
            where.append(file)
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True)
class Issue:
    """One problem found by :func:`find_issues`, before it is raised."""

    row: int | None
    column: str | None
    message: str
    value: str = ""


class Issues(list[Issue]):
    """:func:`find_issues`'s answer: at most :data:`MAX_PROBLEMS` problems, and ``total``
    counting every one."""

    total: int = 0


def empty_table() -> pa.Table:
    """An observations table with no rows, in :data:`ARROW_SCHEMA`."""
    return ARROW_SCHEMA.empty_table()


def from_arrow(table: pa.Table) -> pd.DataFrame:
    """Arrow table to pandas; dictionary columns become categoricals (cheap, shared)."""
    return table.to_pandas()


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """An observations frame as a table in the stored schema (columns in schema order).

    Text columns are factorised first, so a column of millions of repeated codes costs
    one pass and a small dictionary, not millions of Python strings. A missing cell
    (``None``, NaN) stays missing (a null), so validation can name it; a value that is not
    a number becomes NaN, which validation refuses.
    """
    arrays = []
    for field in ARROW_SCHEMA:
        col = frame[field.name]
        if pa.types.is_dictionary(field.type):
            codes, uniques = pd.factorize(col)
            dictionary = pa.array([str(u) for u in uniques], type=pa.string())
            indices = pa.array(codes.astype("int32"), mask=codes < 0)
            arrays.append(pa.DictionaryArray.from_arrays(indices, dictionary))
        elif field.name == "ref":
            text = col.where(col.notna(), "").astype(str)
            arrays.append(pa.array(text.to_numpy(dtype=object), type=pa.string()))
        elif field.type == pa.bool_():
            flags = col.where(col.notna(), False).to_numpy(dtype=bool)
            arrays.append(pa.array(flags, type=pa.bool_()))
        else:
            numbers = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64")
            arrays.append(pa.array(numbers, type=field.type))
    return pa.Table.from_arrays(arrays, schema=ARROW_SCHEMA)


def with_added_columns(table: pa.Table) -> pa.Table:
    """A table read from a store written before a column of :data:`ADDED_COLUMNS` existed,
    with that column holding its default on every row (a dictionary of one value)."""
    for name, default in ADDED_COLUMNS.items():
        if name in table.column_names:
            continue
        field = ARROW_SCHEMA.field(name)
        column = pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(table.num_rows, dtype=np.int32)), pa.array([default], pa.string())
        )
        table = table.add_column(ARROW_SCHEMA.get_field_index(name), field, column)
    return table


def concat(tables: list[pa.Table]) -> pa.Table:
    """Tables with the observations' columns as one table in :data:`ARROW_SCHEMA`.

    Their text columns may be dictionary-encoded with any index width, or plain: each
    column of the result is built once, its dictionaries unified, in one allocation.
    """
    if not tables:
        return empty_table()
    columns = [
        pa.chunked_array(
            [c.cast(f.type) for t in tables for c in t.column(f.name).chunks], f.type
        ).combine_chunks()
        for f in ARROW_SCHEMA
    ]
    return pa.Table.from_arrays(columns, schema=ARROW_SCHEMA)


def _factor(data: pa.Table, col: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes per row, distinct values as text); missing values get code -1.

    A dictionary column gives its codes for free: only the dictionary (a few hundred
    values) is looked at, never the millions of rows.
    """
    column = data.column(col)
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    arr = single_array(column)
    remap, uniques = pd.factorize(arr.dictionary.to_numpy(zero_copy_only=False))
    uniques = np.asarray([str(u) for u in uniques], dtype=object)
    if arr.null_count == 0 and np.array_equal(remap, np.arange(len(remap))):
        return arr.indices.to_numpy(), uniques
    # The dictionary repeats a value or holds a null, or a row is null: renumbered.
    index = pc.fill_null(arr.indices, -1).to_numpy()
    return np.where(index >= 0, np.append(remap, -1)[index], -1), uniques


def _month_numbers(values: np.ndarray) -> np.ndarray:
    """Running month number per distinct ``YYYY-MM`` text, -1 where malformed."""
    out = np.full(len(values), -1, dtype=np.int64)
    for i, v in enumerate(values):
        m = _MONTH.match(v)
        if m and int(m.group(1)) > 0:
            out[i] = int(m.group(1)) * 12 + int(m.group(2)) - 1
    return out


def single_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """The column as one array: its only chunk as it is (``combine_chunks`` would copy)."""
    if isinstance(column, pa.Array):
        return column
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def value_at(data: pa.Table, col: str, i: int) -> object:
    """Row ``i``'s value in ``col``, as pandas would give it (for messages)."""
    return data.column(col).slice(i, 1).to_pandas().iloc[0]


def _numbers(data: pa.Table, col: str) -> np.ndarray:
    """The column as float64, missing or unreadable values as NaN (zero-copy when it can)."""
    column = data.column(col)
    if column.type != pa.float64():
        return pd.to_numeric(column.to_pandas(), errors="coerce").to_numpy(dtype="float64")
    arr = single_array(column)
    return np.asarray(pc.fill_null(arr, np.nan) if arr.null_count else arr)


def key_ids(data: pa.Table) -> np.ndarray:
    """One integer per row, equal for two rows exactly when their keys (:data:`KEY`) are."""
    return _row_ids([_factor(data, k) for k in KEY])


def repeated(ids: np.ndarray) -> np.ndarray:
    """Per row: does an earlier row have the same id? (``duplicated(keep="first")``)

    By a stable sort, which runs through ids that arrive in long ordered runs (one
    workbook after another) many times faster than hashing millions of them.
    """
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    out = np.zeros(len(ids), dtype=bool)
    out[order[1:][ordered[1:] == ordered[:-1]]] = True
    return out


def _row_ids(factors: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """One integer per row, equal for two rows exactly when all their codes are.

    ``factors`` holds, per column, (codes per row with -1 for missing, distinct values):
    comparing one integer column is far cheaper than comparing nine.
    """
    # -1 (missing) is a value of its own: shifted to 0.
    return pack([(codes.astype(np.int64) + 1, len(uniques) + 1) for codes, uniques in factors])


def pack(columns: list[tuple[np.ndarray, int]]) -> np.ndarray:
    """Per row, one int64 that orders and compares as the row's codes do, column by column.

    ``columns`` holds, most significant first, (codes per row in ``0 .. size - 1``, size).
    Mixed-radix packing, renumbered (order kept) whenever the next column could overflow.
    """
    n = len(columns[0][0]) if columns else 0
    ids = np.zeros(n, dtype=np.int64)
    span = 1
    for codes, size in columns:
        if span * size >= 2**62:
            _, ids = np.unique(ids, return_inverse=True)
            span = int(ids.max(initial=0)) + 1
        ids *= size
        ids += codes
        span *= size
    return ids


def find_issues(
    data: pa.Table, known_sources: set[str] | None = None, *, keys: bool = True
) -> Issues:
    """Every problem in ``data``, row numbers 0-based positions into ``data``.

    ``data`` is an Arrow table with the columns of :data:`COLUMNS`.
    Checks: all columns present; no missing values; codes in their allowed sets;
    months well formed (year 1 or later, month 01 to 12) and ``period_start <=
    period_end``; finite values; levels, targets and capacities not negative (trade
    values excepted, see below); shares from 0 to 100 and naming what they are a share of
    (``share_of``, given on shares only); unit consistent with measure and series; the unique
    key not repeated (unless ``keys`` is false: the store's merge checks keys itself,
    against what is stored too); the source known (when ``known_sources`` is given). Each
    column is checked on its distinct values and mapped back, so millions of rows cost
    little.
    """
    issues = Issues()
    names = list(data.column_names)
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        issues.extend(Issue(None, c, "required column is missing") for c in missing)
        issues.total = len(issues)
        return issues
    n = len(data)
    if n == 0:
        return issues

    def flag(mask: np.ndarray, column: str, message: str) -> None:
        rows = np.flatnonzero(mask)
        issues.total += len(rows)
        for i in rows[: max(0, MAX_PROBLEMS - len(issues))]:
            value = value_at(data, column, i)
            issues.append(Issue(int(i), column, message.format(value=value), _cell(value)))

    codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # ``ref`` and ``note`` may be empty and are not checked: never factorised.
    for col in COLUMNS:
        if col in ("value", "partner_aggregate", "note", "ref"):
            continue
        c, u = codes[col] = _factor(data, col)
        if (c < 0).any():
            flag(c < 0, col, "value is missing")

    def bad_rows(col: str, bad_unique: np.ndarray) -> np.ndarray:
        if not bad_unique.any():
            return np.broadcast_to(False, n)  # no row to look at, nothing allocated
        c, _u = codes[col]
        return (c >= 0) & np.append(bad_unique, False)[c]

    def is_value(col: str, value: str) -> np.ndarray:
        c, u = codes[col]
        hit = np.flatnonzero(u == value)
        return c == hit[0] if len(hit) else np.zeros(n, dtype=bool)

    for col, allowed in _ALLOWED.items():
        bad = bad_rows(col, ~np.isin(codes[col][1], allowed))
        if bad.any():
            flag(bad, col, "{value!r} is not one of " + ", ".join(a or "''" for a in allowed))
    for col in ("reporter", "partner"):
        ok = np.array([bool(_CODE.match(v)) for v in codes[col][1]], dtype=bool)
        bad = bad_rows(col, ~ok)
        if bad.any():
            flag(bad, col, "{value!r} is not a country code (ISO alpha-3 or a documented code)")
    month = {}
    for col in ("period_start", "period_end"):
        c, u = codes[col]
        numbers = _month_numbers(u)
        month[col] = np.append(numbers, -1).astype(np.int32)[c]  # code -1 (missing) → -1
        bad = bad_rows(col, numbers < 0)
        if bad.any():
            flag(bad, col, "{value!r} is not a month (YYYY-MM, year 1 or later, month 01 to 12)")
    both = (month["period_start"] >= 0) & (month["period_end"] >= 0)
    backwards = both & (month["period_start"] > month["period_end"])
    if backwards.any():
        flag(backwards, "period_end", "{value!r} is before period_start")
    value = _numbers(data, "value")
    nonfinite = ~np.isfinite(value)
    if nonfinite.any():
        flag(nonfinite, "value", "{value!r} is not a finite number")
    # Trade statistics carry the odd negative level (corrections, returned goods) and
    # publish it; tonnes, capacities, targets and multiples cannot be negative.
    must_be_positive = is_value("measure", "target") | is_value("measure", "multiple")
    must_be_positive |= is_value("measure", "level") & ~is_value("series", "trade_value")
    negative = np.isfinite(value) & (value < 0) & must_be_positive
    if negative.any():
        flag(negative, "value", "{value!r}: a level, target or multiple cannot be negative")
    out_of_range = (
        np.isfinite(value) & ((value < 0) | (value > 100)) & is_value("measure", "share_pct")
    )
    if out_of_range.any():
        flag(out_of_range, "value", "{value!r}: a share is a percentage from 0 to 100")
    for m, units in _MEASURE_UNITS.items():
        bad = is_value("measure", m) & ~np.isin(codes["unit"][1], units)[codes["unit"][0]]
        if bad.any():
            flag(bad, "unit", f"{{value!r}} does not fit measure {m} (expected {units[0]})")
    share = is_value("measure", "share_pct")
    unnamed = share & is_value("share_of", "")
    if unnamed.any():
        flag(unnamed, "share_of", "a share_pct figure must say what it is a share of")
    stray = ~share & ~is_value("share_of", "") & (codes["share_of"][0] >= 0)
    if stray.any():
        flag(stray, "share_of", "{value!r} is given, but the measure is not share_pct")
    amount = is_value("measure", "level") | is_value("measure", "target")
    amount |= is_value("measure", "change_abs")
    for s_name, units in _SERIES_UNITS.items():
        bad = is_value("series", s_name) & amount
        bad &= ~np.isin(codes["unit"][1], units)[codes["unit"][0]]
        if bad.any():
            flag(bad, "unit", f"{{value!r}} does not fit series {s_name} (expected {units[0]})")
    if known_sources is not None:
        unknown = bad_rows("source_id", ~np.isin(codes["source_id"][1], list(known_sources)))
        if unknown.any():
            flag(unknown, "source_id", "{value!r} is not in the sources list")
    if not keys:
        return issues
    dup = np.flatnonzero(repeated(_row_ids([codes[k] for k in KEY])))
    issues.total += len(dup)
    for i in dup[: max(0, MAX_PROBLEMS - len(issues))]:
        issues.append(
            Issue(
                int(i),
                "value",
                f"repeats an earlier figure ({key_text(data, i)})",
                _cell(value_at(data, "value", i)),
            )
        )
    return issues


def _cell(value: object) -> str:
    """A cell as the error CSV shows it ("" for a missing one)."""
    return "" if value is None else str(value)


def key_text(data: pa.Table, i: int) -> str:
    """Row ``i``'s key in words: what makes a figure the same figure."""
    parts = {k: str(value_at(data, k, i)) for k in KEY}
    return ", ".join(f"{k} {v}" for k, v in parts.items() if v)
