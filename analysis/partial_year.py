"""Part-year figures: same-window year-on-year, the share a window holds, full-year nowcasts.

Values are levels in base units (USD, tonnes); months are 1..12; periods are ``YYYY-MM``.
A *window* is a run of months within one year, ``(start_month, end_month)`` inclusive:
``(1, 3)`` is Q1, ``(1, 7)`` is Jan–Jul.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from analysis import periods
from analysis.bounds import Bounded, Interval, level_interval
from analysis.errors import GrowthUndefined

ShareMethod = Literal["monthly", "part_year", "flat"]

#: Relative half-band around a share seen in only one year.
ONE_YEAR_BAND = 0.25
#: Relative half-band around the flat share months/12 when no year can be used.
FLAT_BAND = 0.50
#: Smallest relative half-band with two or more years (identical shares are luck, not law).
MIN_BAND = 0.02
# Student t 0.90 quantiles (two-sided 80 % interval) for 1..30 degrees of freedom; beyond 30
# the df=30 value is kept, a touch wider than the normal 1.282.
_T90 = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372,
        1.363, 1.356, 1.350, 1.345, 1.341, 1.337, 1.333, 1.330, 1.328, 1.325,
        1.323, 1.321, 1.319, 1.318, 1.316, 1.315, 1.314, 1.313, 1.311, 1.310)  # fmt: skip


def ytd_compare(current_value: float, previous_value: float) -> float:
    """Growth (fraction) of a window against the same window a year earlier.

    Zero or negative ``previous_value`` → :class:`GrowthUndefined`; NaN → ``ValueError``.
    """
    cur, prev = float(current_value), float(previous_value)
    if math.isnan(cur) or math.isnan(prev):
        raise ValueError(f"missing value: current={current_value}, previous={previous_value}")
    if prev <= 0:
        raise GrowthUndefined(f"previous-year window value is {'zero' if prev == 0 else prev}")
    return cur / prev - 1.0


def same_window_yoy(frame: pd.DataFrame) -> pd.DataFrame:
    """Pair each part-year window with the same months a year earlier and give the growth.

    ``frame`` has columns ``period_start``, ``period_end`` (``YYYY-MM``) and ``value``; other
    columns are ignored. A window repeated in ``frame`` → ``ValueError`` (which one to pair is
    ambiguous). Windows without a previous-year twin, or with a NaN on either side, are absent.
    Output columns: ``period_start``, ``period_end``, ``value``, ``previous_value``, ``growth``
    (fraction), ``defined`` (False when the previous value is zero or negative; growth NaN)
    and ``reason``; sorted by ``period_end`` then ``period_start``.
    """
    missing = {"period_start", "period_end", "value"} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks column(s) {sorted(missing)}")
    start, end = periods.months(frame["period_start"]), periods.months(frame["period_end"])
    if (end < start).any():
        raise ValueError("period_end before period_start in some row")
    df = pd.DataFrame(
        {
            "period_start": frame["period_start"].astype(str).to_numpy(),
            "period_end": frame["period_end"].astype(str).to_numpy(),
            "s": start,
            "e": end,
            "value": pd.to_numeric(frame["value"]).to_numpy(dtype="float64"),
        }
    )
    dup = df.duplicated(["s", "e"])
    if dup.any():
        first = df.loc[dup].iloc[0]
        raise ValueError(f"window {first.period_start}..{first.period_end} appears twice")
    df = df.dropna(subset=["value"])
    prev = df[["s", "e", "value"]].rename(columns={"value": "previous_value"})
    prev = prev.assign(s=prev["s"] + 12, e=prev["e"] + 12)
    out = df.merge(prev, on=["s", "e"], how="inner").sort_values(["e", "s"])
    defined = (out["previous_value"] > 0).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = out["value"].to_numpy() / out["previous_value"].to_numpy()
    reason = np.where(defined, "", "previous-year window value is zero or negative")
    out = out.assign(growth=np.where(defined, ratio - 1.0, np.nan), defined=defined, reason=reason)
    cols = ["period_start", "period_end", "value", "previous_value", "growth", "defined"]
    return out[[*cols, "reason"]].reset_index(drop=True)


@dataclass(frozen=True)
class ShareHistory:
    """What past years say about a window's share of the year, all values in base units.

    ``annual``: full-year totals, ``pd.Series`` by int year. ``part_year``: optional frame
    (``year``, ``start_month``, ``end_month``, ``value``) of stated part-year figures.
    ``monthly``: optional frame (``year``, ``month``, ``value``) from which any window sums.
    """

    annual: pd.Series
    part_year: pd.DataFrame | None = None
    monthly: pd.DataFrame | None = None


@dataclass(frozen=True)
class ShareEstimate:
    """Share (0 < share <= 1) of the annual total that a window usually holds.

    ``low <= share <= high`` is an honest band (see :func:`window_share`); ``years`` are the
    years used; ``skipped`` lists ``(year, reason)`` for years seen but not usable.
    """

    share: float
    low: float
    high: float
    n_years: int
    method: ShareMethod
    years: tuple[int, ...]
    window_months: tuple[int, int]
    skipped: tuple[tuple[int, str], ...] = field(default=())


def _window_values(window: tuple[int, int], history: ShareHistory) -> dict[ShareMethod, pd.Series]:
    a, b = window
    out: dict[ShareMethod, pd.Series] = {}
    if history.monthly is not None and len(history.monthly):
        m = history.monthly
        if m.duplicated(["year", "month"]).any():
            raise ValueError("monthly history repeats a (year, month)")
        m = m[(m["month"] >= a) & (m["month"] <= b)].dropna(subset=["value"])
        g = m.groupby("year")["value"]
        sums = g.sum()[g.count() == b - a + 1]  # only years with every month of the window
        out["monthly"] = sums
    if history.part_year is not None and len(history.part_year):
        p = history.part_year
        p = p[(p["start_month"] == a) & (p["end_month"] == b)].dropna(subset=["value"])
        if p["year"].duplicated().any():
            raise ValueError(f"part-year history repeats window {a}-{b} in a year")
        out["part_year"] = p.set_index("year")["value"]
    return out


def _shares(
    values: pd.Series, annual: pd.Series, exclude: set[int]
) -> tuple[dict[int, float], list[tuple[int, str]]]:
    shares: dict[int, float] = {}
    skipped: list[tuple[int, str]] = []
    for year, v in values.items():
        y = int(year)  # type: ignore[call-overload]
        total = annual.get(y, math.nan)
        if y in exclude:
            continue
        if math.isnan(total):
            skipped.append((y, "no full-year total"))
        elif total <= 0 or v <= 0 or v / total == 0:
            skipped.append((y, "window or full-year value is zero, negative or negligible"))
        elif v >= total:
            skipped.append((y, f"window value {v} is not below the full-year total {total}"))
        else:
            shares[y] = float(v / total)
    return shares, skipped


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _clip_band(point: float, lo: float, hi: float) -> tuple[float, float]:
    # Floor at a thousandth of the share: keeps low > 0 (a finite nowcast high) and <= share.
    return max(lo, point * 1e-3), min(hi, 1.0)


def window_share(
    window_months: tuple[int, int], history: ShareHistory, *, exclude_years: Iterable[int] = ()
) -> ShareEstimate:
    """Estimate the share of the annual total that the window ``(start, end month)`` holds.

    Sources: ``monthly`` sums (years with every month of the window) and stated
    ``part_year`` figures for exactly this window, each divided by the year's annual total.
    The source with more usable years wins (a tie goes to ``monthly``). Years in
    ``exclude_years``, years without an annual total, years with a zero/negative value and
    years whose window is not below the total are skipped (listed in ``skipped``).

    * >= 2 years: ``share`` is the mean; the band is the 80 % prediction interval for a new
      year on the logit scale (Student t, n-1 df), widened to cover every observed share and
      to at least ±:data:`MIN_BAND` relative.
    * 1 year: that share, band ±:data:`ONE_YEAR_BAND` relative.
    * none: method ``flat``, share ``months / 12``, band ±:data:`FLAT_BAND` relative.

    Bands are clipped to [share / 1000, 1]. A full-year window (1, 12) has share exactly 1.
    Bad months (outside 1..12, start after end) → ``ValueError``.
    """
    a, b = window_months
    if not (1 <= a <= b <= 12):
        raise ValueError(f"window months must satisfy 1 <= start <= end <= 12, got {a}, {b}")
    flat = (b - a + 1) / 12
    if flat == 1.0:
        return ShareEstimate(1.0, 1.0, 1.0, 0, "flat", (), (a, b))
    annual = history.annual.astype("float64")
    exclude = {int(y) for y in exclude_years}
    best: tuple[ShareMethod, dict[int, float], list[tuple[int, str]]] = ("flat", {}, [])
    seen: list[tuple[int, str]] = []  # every skipped year, reported when no source is usable
    for method, values in _window_values((a, b), history).items():
        shares, skipped = _shares(values, annual, exclude)
        seen += skipped
        if len(shares) > len(best[1]):
            best = (method, shares, skipped)
    method, shares, skipped = best
    years = tuple(sorted(shares))
    s = np.array([shares[y] for y in years])
    if len(s) == 0:
        lo, hi = flat * (1 - FLAT_BAND), flat * (1 + FLAT_BAND)
        lo, hi = _clip_band(flat, lo, hi)
        return ShareEstimate(flat, lo, hi, 0, "flat", (), (a, b), tuple(sorted(set(seen))))
    if len(s) == 1:
        point = float(s[0])
        lo, hi = point * (1 - ONE_YEAR_BAND), point * (1 + ONE_YEAR_BAND)
    else:
        point = float(s.mean())
        logit = np.log(s / (1 - s))
        half = _T90[min(len(s) - 1, len(_T90)) - 1] * logit.std(ddof=1) * math.sqrt(1 + 1 / len(s))
        centre = float(logit.mean())
        lo = min(_expit(centre - half), float(s.min()), point * (1 - MIN_BAND))
        hi = max(_expit(centre + half), float(s.max()), point * (1 + MIN_BAND))
    return ShareEstimate(
        point, *_clip_band(point, lo, hi), len(s), method, years, (a, b), tuple(skipped)
    )


@dataclass(frozen=True)
class Nowcast:
    """A full-year estimate from a part-year figure, base units; ``low <= value <= high``."""

    value: float
    low: float
    high: float
    part: Interval
    share: float
    share_low: float
    share_high: float
    method: ShareMethod
    n_years: int


def _point(part: float | Bounded) -> float:
    if not isinstance(part, Bounded):
        return float(part)
    if part.value is not None:
        return float(part.value)
    iv = part.interval
    finite = [x for x in (iv.lo, iv.hi) if math.isfinite(x)]
    if not finite:
        raise ValueError("a bounded part-year value needs a stated value or a finite bound")
    return sum(finite) / len(finite)


def nowcast(part_value: float | Bounded, share: ShareEstimate) -> Nowcast:
    """Full-year level = part-year level / share, with a band from the share band.

    ``low = part_low / share.high``, ``high = part_high / share.low``; a bounded part
    (``Bounded.from_comparator('>', 100)``) widens the band (``high`` may be inf). The
    estimate and its ``low`` are never below the part-year value itself. Negative or NaN
    part → ``ValueError``; a zero part gives zero. Example: Q1 = 105e6 with the flat share
    0.25 is 420e6.
    """
    iv = level_interval(part_value)
    point = _point(part_value)
    if math.isnan(point) or point < 0:
        raise ValueError(f"part-year value must be a non-negative number, got {point}")
    if not iv.contains(point):
        raise ValueError(f"stated part-year value {point} lies outside its bounds {iv}")
    if not (0 < share.low <= share.share <= share.high <= 1):
        raise ValueError(f"share estimate out of order or range: {share}")
    value = max(point / share.share, point)
    low = max(iv.lo / share.high, iv.lo)
    high = iv.hi / share.low
    return Nowcast(
        value, low, high, iv, share.share, share.low, share.high, share.method, share.n_years
    )
