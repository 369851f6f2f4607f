"""Months and windows of months: the arithmetic of the data model's ``YYYY-MM`` periods.

A month is a plain int, its ordinal: months since January 1970, the same number as
``pd.Period(text, "M").ordinal``. Arithmetic is integer arithmetic (a year earlier is
``m - 12``, a window holds ``end - start + 1`` months), and text is parsed here and
nowhere else. A :class:`Window` is two months, both inclusive: ``2024-01``..``2024-03``
is Q1 2024; a calendar year is January to December of one year.

Column functions (:func:`months`, :func:`years` …) take a column of ``YYYY-MM`` text
(plain or categorical) and parse each distinct value once, so a world-sized frame costs
one pass over its codes.

Policy: a text that is not ``YYYY-MM`` with a month 01–12 raises ``ValueError``, naming
it; nothing is guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_TEXT = re.compile(r"(\d{4})-(\d{2})")
#: Months of the first quarter of each quarter: January, April, July, October.
QUARTER_STARTS = (1, 4, 7, 10)


@functools.lru_cache(maxsize=8192)
def month(text: str) -> int:
    """``"2024-03"`` → its ordinal (650). Raises ``ValueError`` for anything else."""
    found = _TEXT.fullmatch(str(text))
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"not a month in YYYY-MM form: {text!r}")
    return of(int(found.group(1)), int(found.group(2)))


def of(year: int, month_of_year: int) -> int:
    """The ordinal of ``month_of_year`` (1–12) of ``year``."""
    return (int(year) - 1970) * 12 + int(month_of_year) - 1


def text(m: int) -> str:
    """The ordinal as ``YYYY-MM``."""
    return f"{year(m):04d}-{month_of_year(m):02d}"


def year(m: int) -> int:
    return 1970 + int(m) // 12


def month_of_year(m: int) -> int:
    """1 for January … 12 for December."""
    return int(m) % 12 + 1


def period(m: int) -> pd.Period:
    """The month as a ``pd.Period`` (for plotting and pandas' own period tools)."""
    return pd.Period(year=year(m), month=month_of_year(m), freq="M")


@dataclass(frozen=True, order=True)
class Window:
    """Months ``start`` to ``end``, both inclusive, as ordinals."""

    start: int
    end: int

    @classmethod
    def of_year(cls, y: int) -> Window:
        return cls(of(y, 1), of(y, 12))

    @property
    def months(self) -> int:
        return self.end - self.start + 1

    @property
    def first_year(self) -> int:
        return year(self.start)

    @property
    def last_year(self) -> int:
        return year(self.end)

    @property
    def within_year(self) -> bool:
        return self.first_year == self.last_year

    @property
    def whole_years(self) -> bool:
        """Starts in January and ends in December (one year or several)."""
        return month_of_year(self.start) == 1 and month_of_year(self.end) == 12

    @property
    def is_year(self) -> bool:
        """One calendar year."""
        return self.whole_years and self.within_year

    @property
    def quarter(self) -> int | None:
        """1–4 for a calendar quarter, else ``None``."""
        first = month_of_year(self.start)
        if self.months == 3 and first in QUARTER_STARTS:
            return (first + 2) // 3
        return None

    def years_back(self, n: int = 1) -> Window:
        """The same months ``n`` years earlier."""
        return Window(self.start - 12 * n, self.end - 12 * n)

    @property
    def start_text(self) -> str:
        return text(self.start)

    @property
    def end_text(self) -> str:
        return text(self.end)


@functools.lru_cache(maxsize=8192)
def window(start: str, end: str) -> Window:
    """The window of two ``YYYY-MM`` texts; ``ValueError`` when it ends before it starts."""
    w = Window(month(start), month(end))
    if w.end < w.start:
        raise ValueError(f"window ends before it starts: {start}..{end}")
    return w


def year_window(y: int) -> tuple[str, str]:
    """``2023`` → ``("2023-01", "2023-12")``."""
    return text(of(y, 1)), text(of(y, 12))


def year_of(start: str) -> int:
    """The year of a ``YYYY-MM`` text."""
    return year(month(start))


def year_of_date(text: str) -> int:
    """The year of a date text: ``"2022-05-14"``, ``"2022-05"`` or ``"2022"`` → 2022;
    ``ValueError`` for anything else."""
    found = re.match(r"(\d{4})(?:-\d{2}){0,2}(?:[T ].*)?$", str(text).strip())
    if found is None:
        raise ValueError(f"not a date: {text!r}")
    return int(found.group(1))


def years_back(m: str, n: int = 1) -> str:
    """``"2024-03"`` → ``"2023-03"`` (``n`` years earlier)."""
    return text(month(m) - 12 * n)


def next_month(m: str) -> str:
    """``"2020-07"`` → ``"2020-08"``; ``"2020-12"`` → ``"2021-01"``."""
    return text(month(m) + 1)


def is_year(start: str, end: str) -> bool:
    """One calendar year, January to December."""
    return window(start, end).is_year


# -- columns of YYYY-MM text ---------------------------------------------------------------


def months(column: pd.Series | pd.Index | np.ndarray | list[str]) -> np.ndarray:
    """The ordinal of each value (int64), each distinct text parsed once."""
    values = column if isinstance(column, pd.Series) else pd.Series(column, dtype=object)
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values, sort=False)
    if (codes < 0).any():
        raise ValueError("a month is missing (YYYY-MM expected)")
    parsed = np.fromiter((month(str(u)) for u in uniques), dtype=np.int64, count=len(uniques))
    return parsed[codes] if len(codes) else np.empty(0, dtype=np.int64)


def years(column: pd.Series | pd.Index | np.ndarray | list[str]) -> np.ndarray:
    """The year of each value (int64)."""
    return 1970 + months(column) // 12


def months_of_year(column: pd.Series | pd.Index | np.ndarray | list[str]) -> np.ndarray:
    """The month of the year of each value, 1–12 (int64)."""
    return months(column) % 12 + 1


def full_years(starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """Per row: the window is one calendar year (bool)."""
    s, e = months(starts), months(ends)
    return (s // 12 == e // 12) & (s % 12 == 0) & (e % 12 == 11)


def same_year(starts: pd.Series, ends: pd.Series) -> np.ndarray:
    """Per row: the window lies within one year (bool)."""
    return months(starts) // 12 == months(ends) // 12
