"""Rail capacity against freight: utilisation, growth needed for targets, when a line fills.

Freight and capacity are in tonnes a year; rates are yearly fractions. A capacity target
(a roadmap's line capacity) is capacity to be built, compared with the capacity stated
today; it is never a freight target. Freight meets capacity only as utilisation and as the
year freight would fill a line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.errors import MissingYears
from analysis.growth import annual_series, cagr
from analysis.scenarios import required_growth, year_reached


def utilisation(freight_t: float, capacity_t: float) -> float:
    """Freight as a fraction of capacity (0.27 = 27 %); above 1 means over capacity.

    Zero/negative capacity → ``ValueError`` (no meaning); negative freight or NaN anywhere
    → ``ValueError``.
    """
    f, c = float(freight_t), float(capacity_t)
    if math.isnan(f) or math.isnan(c):
        raise ValueError(f"missing value: freight={freight_t}, capacity={capacity_t}")
    if c <= 0:
        raise ValueError(f"capacity must be > 0 t, got {capacity_t}")
    if f < 0:
        raise ValueError(f"freight cannot be negative, got {freight_t}")
    return f / c


@dataclass(frozen=True)
class CapacityTarget:
    """A stated level (tonnes a year) to be reached by ``year``."""

    value_t: float
    year: int


def target_requirements(
    base_t: float, base_year: int, targets: Sequence[CapacityTarget]
) -> pd.DataFrame:
    """Constant yearly growth needed from ``base_t`` in ``base_year`` to each target.

    Columns: ``year``, ``target_t``, ``multiple`` (target / base), ``required_growth``
    (fraction). Policies follow ``scenarios.required_growth``: target year not after the base
    year → ``ValueError``; zero/negative base → ``GrowthUndefined``; a target already met
    gives a rate <= 0.
    """
    rows = []
    for t in targets:
        rate = required_growth(base_t, t.value_t, base_year, t.year)  # raises on a bad base
        rows.append(
            {
                "year": t.year,
                "target_t": float(t.value_t),
                "multiple": float(t.value_t) / float(base_t),
                "required_growth": rate,
            }
        )
    return pd.DataFrame(rows, columns=["year", "target_t", "multiple", "required_growth"])


def capacity_plan(
    capacity_t: float,
    capacity_year: int,
    targets: Sequence[CapacityTarget],
    freight_t: float | None = None,
) -> pd.DataFrame:
    """Each capacity target against the capacity stated for ``capacity_year``.

    Columns: ``year``, ``target_t``, ``multiple`` (target capacity / today's capacity),
    ``capacity_growth`` (the constant yearly growth of capacity that reaches the target,
    a fraction), ``utilisation`` (``freight_t`` as a fraction of the target capacity: how
    full the new line would be at today's freight; NaN without ``freight_t``). Policies of
    :func:`target_requirements` and :func:`utilisation`: a target not after
    ``capacity_year`` → ``ValueError``; capacity <= 0 → ``GrowthUndefined``.
    """
    out = target_requirements(capacity_t, capacity_year, targets).rename(
        columns={"required_growth": "capacity_growth"}
    )
    out["utilisation"] = [
        math.nan if freight_t is None else utilisation(freight_t, t) for t in out["target_t"]
    ]
    return out


@dataclass(frozen=True)
class CapacityReach:
    """When freight at its historical pace meets a capacity.

    ``year`` is ``None`` when the pace is zero or negative (never, at that pace).
    ``pace`` is the CAGR (fraction) between ``pace_start_year`` and ``base_year``.
    """

    year: int | None
    pace: float
    base_year: int
    base_t: float
    pace_start_year: int
    capacity_t: float


def capacity_reached(
    freight_t: pd.Series, capacity_t: float, *, pace_start_year: int | None = None
) -> CapacityReach:
    """First year freight reaches ``capacity_t`` if it keeps growing at its historical CAGR.

    The base is the last year of ``freight_t`` (an annual series, tonnes); the pace is the
    CAGR from ``pace_start_year`` (default the first year) to the base. Fewer than two years
    with values → ``ValueError``; no value at ``pace_start_year`` → :class:`MissingYears`;
    zero/negative start → ``GrowthUndefined``; capacity <= 0 → ``ValueError``.
    Already at or over capacity → the base year.
    """
    s = annual_series(freight_t).dropna()
    if float(capacity_t) <= 0 or math.isnan(float(capacity_t)):
        raise ValueError(f"capacity must be > 0 t, got {capacity_t}")
    if len(s) < 2:
        raise ValueError(f"freight series needs two years with values, has {len(s)}")
    base_year = int(s.index.max())
    start_year = int(s.index.min()) if pace_start_year is None else pace_start_year
    if start_year not in s.index:
        raise MissingYears([start_year], "freight series")
    if start_year >= base_year:
        raise ValueError(f"pace start {start_year} is not before the last year {base_year}")
    base = float(s.loc[base_year])
    pace = cagr(float(s.loc[start_year]), base, base_year - start_year)
    year = year_reached(base, capacity_t, base_year, pace)
    return CapacityReach(year, pace, base_year, base, start_year, float(capacity_t))
