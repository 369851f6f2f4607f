"""Validating observations against the data model: every issue found, vectorised."""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

from analysis.units import MEASURE_UNITS, SERIES_UNITS
from data.schema.columns import (
    COLUMNS,
    COMPARATORS,
    FLOWS,
    KEY,
    KINDS,
    MEASURES,
    SERIES,
    SHARE_OF,
    UNITS,
    VALUATIONS,
)
from data.schema.keys import (
    _cell,
    _factor,
    _month_numbers,
    _numbers,
    _row_ids,
    key_text,
    repeated,
    value_at,
)
from data.schema.problems import MAX_PROBLEMS, Issue, Issues

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


_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")
# Which unit a measure or a series' amounts carry: the one rule of ``analysis.units``.
_MEASURE_UNITS = {m: (u,) for m, u in MEASURE_UNITS.items()}
_SERIES_UNITS = {s: (u,) for s, u in SERIES_UNITS.items()}


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
