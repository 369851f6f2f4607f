"""The range a stated figure stands for (rounding, "about", bounds, "nearly N times"),
its wording, and whether a figure falls in it."""

from __future__ import annotations

import math

from analysis.bounds import APPROX_TOLERANCE, Interval
from analysis.wording import amount, span

ROUNDING_SLACK = 0.01  #: relative slack added to half a unit of the last stated digit
NEARLY_BAND = (0.875, 1.05)  #: "nearly N times" reads as [0.875 N, 1.05 N]


def format_value(value: float, unit: str, *, share: bool = False) -> str:
    """A claim's number in words (``analysis.wording``): ``$563M``, ``1.30 Mt``,
    ``272,960 t``, ``3.86×``; a percentage is a growth rate, signed (``+28.0%``), unless it is
    a ``share`` (``30.0%``)."""
    return amount(value, unit, signed=unit == "percent" and not share)


def claim_band(value: float, comparator: str, measure: str, unit: str) -> Interval:
    """The range a stated figure allows (policy in the module docstring)."""
    if comparator in "<>":
        return Interval(value, math.inf) if comparator == ">" else Interval(-math.inf, value)
    if comparator == "~":
        if measure == "multiple":
            return Interval(value * NEARLY_BAND[0], value * NEARLY_BAND[1])
        half = APPROX_TOLERANCE * abs(100 + value if measure == "growth_pct_yoy" else value)
        return Interval(value - half, value + half)
    scale = 1e6 if unit in ("USD", "t") else 1.0
    decimals = len(f"{abs(value) / scale:.9f}".rstrip("0").split(".")[1])
    half = 0.5 * 10.0**-decimals * scale + ROUNDING_SLACK * abs(value)
    return Interval(value - half, value + half)


def band_text(band: Interval, unit: str, *, share: bool = False) -> str:
    """A range in words: ``$556.9M–$569.1M``, ``above $100M``, or the point itself; signed
    percentages as :func:`format_value`."""
    return span(band.lo, band.hi, unit, signed=unit == "percent" and not share)
