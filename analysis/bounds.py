"""Bounded figures ("> 500", "~ 1.5 Mt") and the interval arithmetic that carries them.

A :class:`Bounded` is what a source states: a comparator and a number. An :class:`Interval`
is the closed range ``[lo, hi]`` a figure can take (``lo`` may be ``-inf``, ``hi`` ``+inf``).
Strict and non-strict bounds are not told apart: "> 500" becomes ``[500, inf]``, because the
edge changes no figure anyone reads. Growth and ratio helpers treat their inputs as levels
(USD, tonnes), which cannot be negative: a lower bound below zero is read as zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.errors import GrowthUndefined

#: Relative half-width given to an approximate figure ("~ 100" is read as 95..105).
APPROX_TOLERANCE = 0.05

COMPARATORS = ("=", ">", "<", "~")


@dataclass(frozen=True)
class Interval:
    """A closed range ``[lo, hi]`` of a figure in its base unit; ``lo <= hi``, no NaN."""

    lo: float
    hi: float

    def __post_init__(self) -> None:
        if math.isnan(self.lo) or math.isnan(self.hi):
            raise ValueError(f"interval bound is NaN: [{self.lo}, {self.hi}]")
        if self.lo > self.hi:
            raise ValueError(f"interval lower bound {self.lo} is above upper bound {self.hi}")

    def contains(self, x: float) -> bool:
        """True when ``lo <= x <= hi``."""
        return self.lo <= x <= self.hi

    @property
    def is_point(self) -> bool:
        """True for a single exact value."""
        return self.lo == self.hi


@dataclass(frozen=True)
class Bounded:
    """A stated figure with its bounds, in base units.

    ``lower`` / ``upper`` may be ``None`` (unbounded), read as ``-inf`` / ``+inf``.
    ``comparator`` is ``=`` (exact), ``>`` (above), ``<`` (below) or ``~`` (approximately,
    ±:data:`APPROX_TOLERANCE` relative when built by :meth:`from_comparator`). ``value`` is the
    number as stated ("> 500" has value 500), or ``None`` when only bounds are known.
    NaN anywhere raises ``ValueError``.
    """

    lower: float | None
    upper: float | None
    comparator: str = "="
    value: float | None = None

    def __post_init__(self) -> None:
        if self.comparator not in COMPARATORS:
            raise ValueError(f"comparator {self.comparator!r} is not one of {COMPARATORS}")
        for name in ("lower", "upper", "value"):
            x = getattr(self, name)
            if x is not None and math.isnan(x):
                raise ValueError(f"Bounded.{name} is NaN")
        _ = self.interval  # raises when lower > upper

    @classmethod
    def from_comparator(
        cls, comparator: str, value: float, tolerance: float = APPROX_TOLERANCE
    ) -> Bounded:
        """Bounds for a stated ``comparator value``; ``tolerance`` is relative, for ``~``."""
        if math.isnan(value):
            raise ValueError("stated value is NaN")
        if comparator == "=":
            return cls(value, value, "=", value)
        if comparator == ">":
            return cls(value, None, ">", value)
        if comparator == "<":
            return cls(None, value, "<", value)
        if comparator == "~":
            if tolerance < 0:
                raise ValueError(f"tolerance must not be negative, got {tolerance}")
            half = abs(value) * tolerance
            return cls(value - half, value + half, "~", value)
        raise ValueError(f"comparator {comparator!r} is not one of {COMPARATORS}")

    @property
    def interval(self) -> Interval:
        """The range as an :class:`Interval` (``None`` bounds become infinities)."""
        lo = -math.inf if self.lower is None else float(self.lower)
        hi = math.inf if self.upper is None else float(self.upper)
        return Interval(lo, hi)


def as_interval(x: Bounded | Interval | float) -> Interval:
    """Any figure as an :class:`Interval`; a plain number is a point. NaN raises."""
    if isinstance(x, Interval):
        return x
    if isinstance(x, Bounded):
        return x.interval
    return Interval(float(x), float(x))


def level_interval(x: Bounded | Interval | float) -> Interval:
    """A level's range, negative part cut off (levels cannot be below zero).

    Raises ``ValueError`` when the whole range is negative.
    """
    iv = as_interval(x)
    if iv.hi < 0:
        raise ValueError(f"a level cannot be negative, got [{iv.lo}, {iv.hi}]")
    return Interval(max(iv.lo, 0.0), iv.hi)


def ratio_interval(num: Bounded | Interval | float, den: Bounded | Interval | float) -> Interval:
    """Range of ``num / den`` for two non-negative levels (a multiple, a share).

    Zero or negative denominator throughout → :class:`GrowthUndefined`. A denominator whose
    lower bound is zero (e.g. "< 100") leaves the ratio unbounded above (``hi = inf``).
    An infinite numerator bound gives an infinite ratio bound; an infinite denominator upper
    bound gives a ratio lower bound of 0.
    """
    n, d = level_interval(num), level_interval(den)
    if d.hi <= 0:
        raise GrowthUndefined("the base (denominator) is zero")
    if math.isinf(n.lo):
        raise ValueError("numerator lower bound is infinite")
    lo = 0.0 if math.isinf(d.hi) else n.lo / d.hi
    hi = math.inf if d.lo <= 0 or math.isinf(n.hi) else n.hi / d.lo
    return Interval(lo, hi)


def multiple_interval(
    start: Bounded | Interval | float, end: Bounded | Interval | float
) -> Interval:
    """Range of ``end / start`` (× multiple) for bounded levels; see :func:`ratio_interval`."""
    return ratio_interval(end, start)


def cagr_interval(
    start: Bounded | Interval | float, end: Bounded | Interval | float, intervals: float
) -> Interval:
    """Range of the compound yearly growth (fraction, 0.1 = +10%) from ``start`` to ``end``.

    ``intervals`` is the number of years between them (> 0, else ``ValueError``). Each end of
    the range uses the extreme pair of levels: ``lo`` from (lowest end, highest start), ``hi``
    from (highest end, lowest start). Example: 563 (2023) to "> 500" (2024), 1 interval, gives
    ``[-0.112, +inf]``. Zero or negative start throughout → :class:`GrowthUndefined`; a start
    that may be zero leaves ``hi = inf``; an end that may be zero gives ``lo = -1``.
    """
    if not intervals > 0:
        raise ValueError(f"intervals must be > 0, got {intervals}")
    m = multiple_interval(start, end)
    return Interval(m.lo ** (1.0 / intervals) - 1.0, m.hi ** (1.0 / intervals) - 1.0)


def growth_interval(
    previous: Bounded | Interval | float, current: Bounded | Interval | float
) -> Interval:
    """Range of one-period growth (fraction) from ``previous`` to ``current``."""
    return cagr_interval(previous, current, 1)
