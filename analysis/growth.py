"""Growth of annual series: year-on-year, multiples, CAGR, stated windows, deflation.

Conventions for every function here:

* An *annual series* is a ``pd.Series`` of floats indexed by int year, values in base units
  (USD, tonnes). NaN means missing.
* Growth is a fraction: ``0.28`` is +28 %. A multiple is a plain ratio (``3.86`` is 3.86×).
* Growth from a zero or negative start is undefined: scalar functions raise
  :class:`GrowthUndefined`; :func:`yoy` marks the row ``defined=False`` with a reason.
  No function returns a bare NaN in place of an undefined growth.
* Bounded inputs ("> 500") are handled in :mod:`analysis.bounds` (re-exported here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from analysis import wording
from analysis.bounds import (
    APPROX_TOLERANCE,
    Bounded,
    Interval,
    cagr_interval,
    growth_interval,
    multiple_interval,
    ratio_interval,
)
from analysis.errors import GrowthUndefined, MissingYears

__all__ = [
    "APPROX_TOLERANCE",
    "Bounded",
    "GrowthUndefined",
    "Interval",
    "MissingYears",
    "Window",
    "WindowGrowth",
    "annual_series",
    "cagr",
    "cagr_interval",
    "deflate",
    "growth_interval",
    "multiple",
    "multiple_interval",
    "ratio_interval",
    "window_growth",
    "windows_for",
    "yoy",
]

Convention = Literal["calendar_years", "intervals", "explicit"]


def annual_series(series: pd.Series) -> pd.Series:
    """``series`` checked and normalised: int year index, unique, sorted, float64 values.

    Raises ``ValueError`` for a non-integer or repeated year. NaN values are kept (missing).
    """
    index = series.index
    if (
        index.dtype == "int64"
        and index.name == "year"
        and series.dtype == "float64"
        and index.is_monotonic_increasing
        and index.is_unique
    ):  # already normal (as every series this returns): a shallow, copy-on-write copy
        return series.copy(deep=False)
    if len(index) and not pd.api.types.is_integer_dtype(index):
        raise ValueError(f"an annual series is indexed by int year, got {index.dtype}")
    if index.has_duplicates:
        dup = sorted({int(y) for y in index[index.duplicated()]})
        raise ValueError(f"year(s) repeated in annual series: {dup}")
    out = pd.Series(
        pd.to_numeric(series, errors="raise").to_numpy(dtype="float64"),
        index=pd.Index(index.astype("int64"), name="year"),
        name=series.name,
    )
    return out.sort_index()


def yoy(series: pd.Series) -> pd.DataFrame:
    """Year-on-year growth of an annual series, one row per year that has a previous year.

    Returns a frame indexed by ``year`` with columns ``growth`` (fraction, float),
    ``defined`` (bool) and ``reason`` (str, ``""`` when defined). Policy:

    * a year whose own value or previous-year value is missing (absent or NaN) is absent;
    * previous value zero or negative → ``defined=False``, ``growth`` NaN, and the reason
      says which; consumers must read ``defined``, never the NaN;
    * a zero current value after a positive one is growth -1.0 (-100 %).
    """
    s = annual_series(series)
    prev = s.reindex(s.index - 1).to_numpy()
    cur = s.to_numpy()
    keep = ~np.isnan(cur) & ~np.isnan(prev)
    cur, prev, years = cur[keep], prev[keep], s.index[keep]
    defined = prev > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        growth = np.where(defined, cur / prev - 1.0, np.nan)
    reason = np.where(
        defined,
        "",
        np.where(prev == 0, "previous value is zero", "previous value is negative"),
    )
    return pd.DataFrame(
        {"growth": growth, "defined": defined, "reason": reason.astype(object)},
        index=pd.Index(years, name="year"),
    )


def _check_level_pair(start_value: float, end_value: float) -> tuple[float, float]:
    start, end = float(start_value), float(end_value)
    if math.isnan(start) or math.isnan(end):
        raise ValueError(f"missing value: start={start_value}, end={end_value}")
    if start == 0:
        raise GrowthUndefined("start value is zero")
    if start < 0:
        raise GrowthUndefined(f"start value is negative ({start_value})")
    if end < 0:
        raise GrowthUndefined(f"end value is negative ({end_value}); levels cannot be")
    return start, end


def multiple(start_value: float, end_value: float) -> float:
    """``end / start`` as a ratio (3.86 = 3.86×), both levels in the same unit.

    Zero or negative start, or negative end → :class:`GrowthUndefined`; NaN → ``ValueError``.
    Infinite inputs are passed through IEEE arithmetic. For bounded inputs use
    :func:`multiple_interval`.
    """
    start, end = _check_level_pair(start_value, end_value)
    return end / start


def cagr(start_value: float, end_value: float, intervals: float) -> float:
    """Compound yearly growth (fraction) from ``start`` to ``end`` over ``intervals`` years.

    ``(end / start) ** (1 / intervals) - 1``. ``intervals`` must be > 0 (``ValueError``);
    it may be fractional. Zero or negative start, or negative end → :class:`GrowthUndefined`;
    an end of zero gives -1.0; NaN → ``ValueError``. Bounded inputs: :func:`cagr_interval`.
    """
    if not intervals > 0:
        raise ValueError(f"intervals must be > 0, got {intervals}")
    return multiple(start_value, end_value) ** (1.0 / intervals) - 1.0


@dataclass(frozen=True)
class Window:
    """A span of years, ``start_year`` (base) to ``end_year``, with how it was read.

    ``convention`` is ``calendar_years`` (N calendar years, N-1 intervals), ``intervals``
    (N intervals, N+1 calendar years) or ``explicit`` (given directly). ``end_year`` must be
    after ``start_year`` (``ValueError``): a window of zero intervals has no growth.
    """

    start_year: int
    end_year: int
    convention: Convention = "explicit"

    def __post_init__(self) -> None:
        if self.end_year <= self.start_year:
            raise ValueError(f"window end {self.end_year} is not after start {self.start_year}")

    @property
    def intervals(self) -> int:
        """Number of year-to-year steps (``end - start``)."""
        return self.end_year - self.start_year

    @property
    def calendar_years(self) -> int:
        """Number of calendar years touched (``end - start + 1``)."""
        return self.intervals + 1

    @property
    def years(self) -> str:
        """The window in words: ``2019–2023`` (:func:`analysis.wording.years`)."""
        return wording.years(self.start_year, self.end_year)

    @property
    def counts(self) -> str:
        """``5 calendar years, 4 intervals``: the convention's count first."""
        cal = f"{self.calendar_years} calendar years"
        n = self.intervals
        steps = f"{n} interval" + ("" if n == 1 else "s")
        return f"{steps}, {cal}" if self.convention == "intervals" else f"{cal}, {steps}"

    @property
    def label(self) -> str:
        """E.g. ``2019–2023 (5 calendar years, 4 intervals)``; the convention's count first."""
        return f"{self.years} ({self.counts})"


def windows_for(n_years: int, said_in: int, *, end_year: int | None = None) -> list[Window]:
    """Both readings of "over the past ``n_years`` years", said in year ``said_in``.

    The window ends at ``end_year`` (default ``said_in - 1``, the last complete year).
    ``calendar_years``: base ``end - n + 1`` (said in 2024, N=5: 2019→2023, 4 intervals).
    ``intervals``: base ``end - n`` (2018→2023, 5 intervals). The calendar reading is left out
    when it has no interval (N=1). ``n_years < 1`` → ``ValueError``.
    """
    if n_years < 1:
        raise ValueError(f"n_years must be >= 1, got {n_years}")
    end = said_in - 1 if end_year is None else end_year
    out = []
    if n_years >= 2:
        out.append(Window(end - n_years + 1, end, "calendar_years"))
    out.append(Window(end - n_years, end, "intervals"))
    return out


@dataclass(frozen=True)
class WindowGrowth:
    """Growth over a :class:`Window`: levels in base units, ``multiple`` ×, ``cagr`` fraction."""

    window: Window
    start_value: float
    end_value: float
    multiple: float
    cagr: float

    @property
    def label(self) -> str:
        """The window's label."""
        return self.window.label


def window_growth(series: pd.Series, window: Window) -> WindowGrowth:
    """Multiple and CAGR of an annual series between the window's end years.

    Only the two end years are read. Either missing (absent or NaN) → :class:`MissingYears`;
    zero or negative start → :class:`GrowthUndefined`. Example: 145.9e6 (2019) to 563e6
    (2023) is 3.86× and 40.2 % a year over 4 intervals.
    """
    s = annual_series(series)
    ends = (window.start_year, window.end_year)
    missing = [y for y in ends if y not in s.index or math.isnan(s.loc[y])]
    if missing:
        raise MissingYears(missing, "series")
    start, end = float(s.loc[window.start_year]), float(s.loc[window.end_year])
    return WindowGrowth(
        window=window,
        start_value=start,
        end_value=end,
        multiple=multiple(start, end),
        cagr=cagr(start, end, window.intervals),
    )


def deflate(nominal: pd.Series, deflator: pd.Series, base_year: int) -> pd.Series:
    """Constant-price view: ``value × deflator[base_year] / deflator[year]``, same units.

    ``deflator`` is an annual index (any base, e.g. 2015 = 100). Every year of ``nominal``
    and ``base_year`` must have a deflator value, else :class:`MissingYears` names them; a
    zero or negative deflator → ``ValueError`` naming the years. NaN in ``nominal`` stays NaN
    (a missing level stays missing); negative nominal values (balances) are scaled as any other.
    """
    nom = annual_series(nominal)
    defl = annual_series(deflator)
    needed = pd.Index(sorted({*nom.index.tolist(), base_year}), dtype="int64")
    d = defl.reindex(needed)
    missing = needed[d.isna().to_numpy()]
    if len(missing):
        raise MissingYears(missing.tolist(), "deflator")
    bad = needed[(d <= 0).to_numpy()]
    if len(bad):
        raise ValueError(f"deflator is zero or negative in year(s) {bad.tolist()}")
    factor = d.loc[base_year] / d.reindex(nom.index)
    return (nom * factor).rename(nom.name)
