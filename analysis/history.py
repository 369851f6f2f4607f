"""A scenario's default base year and growth history, and the years a series holds.

Pure: annual series in, years out; a series that cannot give them raises ``ValueError``
naming the years it has.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.growth import annual_series

DEFAULT_HISTORY_INTERVALS = 4


def default_base_year(values: pd.Series) -> int:
    """The latest year with a value whose year before has one too, so that a growth
    history ends at it (a later year after a gap is then a figure after the base year,
    which the forecast conditions on); the latest year where no two years follow each
    other (its history cannot be set: :func:`default_history` says so)."""
    s = annual_series(values).dropna()
    if s.empty:
        raise ValueError("the series has no annual values to start from")
    years = set(s.index.tolist())
    follow = [y for y in years if y - 1 in years]
    return int(max(follow)) if follow else int(s.index.max())


def year_runs(years: Iterable[int]) -> str:
    """Years in runs: ``1995–2003, 2005, 2022–2023`` (empty for none)."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def held_years(values: pd.Series) -> str:
    """Which years of a series have a value, in runs: ``the series has yearly values for
    1995–2003, 2005, 2022–2023`` (or ``the series has no yearly value``)."""
    listed = year_runs(int(y) for y in annual_series(values).dropna().index)
    return (
        f"the series has yearly values for {listed}" if listed else "the series has no yearly value"
    )


def default_history(values: pd.Series, base_year: int) -> tuple[int, int]:
    """Four intervals up to ``base_year``, cut to the consecutive years present."""
    s = annual_series(values).dropna()
    start = base_year
    while start - 1 in s.index and base_year - (start - 1) <= DEFAULT_HISTORY_INTERVALS:
        start -= 1
    if start == base_year:
        raise ValueError(
            f"no value for {base_year - 1}: a growth history up to {base_year} needs it "
            f"({held_years(s)})"
        )
    return start, base_year
