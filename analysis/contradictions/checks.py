"""The three checks (same window, derived against stated, nested growth) and
:func:`contradictions`, which runs them over a store's observations."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import pandas as pd

from analysis import periods
from analysis.bounds import Interval
from analysis.claims import band_text, format_value
from analysis.contradictions.figures import (
    _COLUMNS,
    Contradiction,
    Severity,
    _derived,
    _Figure,
    _label,
    _label_of,
    _merge,
    _stated,
)
from analysis.contradictions.official import _base, _level_for, _official_side
from analysis.errors import GrowthUndefined
from analysis.wording import period as period_label
from analysis.wording import rate


def _pairwise(
    figs: list[_Figure], series: str, cats: Mapping[str, str], commodity: str = "TOTAL"
) -> list[Contradiction]:
    out = []
    for a, b in combinations(figs, 2):
        same = (a.flow, a.start, a.end, a.measure) == (b.flow, b.start, b.end, b.measure)
        if not same or a.rows & b.rows:
            continue
        ia, ib = a.interval, b.interval
        if ia.hi < ib.lo or ib.hi < ia.lo:
            severity: Severity = "contradiction"
            why = "do not overlap: both cannot be true."
        elif not ia.contains(b.value) and not ib.contains(a.value):
            severity = "tension"
            meet = Interval(max(ia.lo, ib.lo), min(ia.hi, ib.hi))
            why = (
                f"overlap only at {band_text(meet, a.unit)}: both hold only if the true figure "
                "lies there, at the edge of each range."
            )
        else:
            continue
        what = "" if a.measure == "level" else f" {a.measure}"
        text = (
            f"{period_label(a.start, a.end)} {_label_of(series, commodity)} ({a.flow}){what}: "
            f"{a.describe(cats)} "
            f"against {b.describe(cats)}. Their ranges, {band_text(ia, a.unit)} and "
            f"{band_text(ib, b.unit)}, {why}"
        )
        check = "derived_vs_stated" if a.how or b.how else "same_window"
        supports, said = _official_side(figs, a, b, cats)
        text += said
        out.append(
            Contradiction(
                a.members[0][0],
                b.members[0][0],
                a.members[0][1],
                b.members[0][1],
                series,
                f"{a.start}..{a.end}",
                severity,
                text,
                check,
                commodity,
                supports,
            )
        )
    return out


def _nested(
    figs: list[_Figure], series: str, cats: Mapping[str, str], commodity: str = "TOTAL"
) -> list[Contradiction]:
    growth = [
        f
        for f in figs
        if f.measure == "growth_pct_yoy"
        and not f.how
        and periods.window(f.start, f.end).within_year
    ]
    out = []
    for s, lng in combinations(sorted(growth, key=lambda f: f.end), 2):
        if (s.flow, s.start) != (lng.flow, lng.start) or s.end == lng.end:
            continue
        si, li = s.interval, lng.interval
        if not ((si.lo > 0 and li.hi <= 0) or (si.hi < 0 and li.lo >= 0)):
            continue
        ps, pl = period_label(s.start, s.end), period_label(lng.start, lng.end)
        nxt = periods.next_month(s.end)
        between = period_label(nxt, lng.end)
        text = (
            ("" if commodity == "TOTAL" else f"{_label_of(series, commodity)}: ")
            + f"{ps} growth {s.short} [{', '.join(r for r, _ in s.members)}] and {pl} growth "
            f"{lng.short} [{', '.join(r for r, _ in lng.members)}] point in opposite "
            f"directions, though {ps} lies inside {pl}."
        )
        severity: Severity = "tension"
        ls, ll = _level_for(figs, s), _level_for(figs, lng)
        if ls is None or ll is None:
            text += f" Both hold only if {between} swung hard enough; no levels say how hard."
        else:
            try:
                bs, bl = _base(ls, s), _base(ll, lng)
            except GrowthUndefined:
                continue
            if bl.hi < bs.lo or ll.interval.hi < ls.interval.lo:
                severity = "contradiction"
            text += _swing_text(s, lng, ls, ll, between, severity, cats)
        out.append(
            Contradiction(
                s.members[0][0],
                lng.members[0][0],
                s.members[0][1],
                lng.members[0][1],
                series,
                f"{s.start}..{s.end} / {lng.start}..{lng.end}",
                severity,
                text,
                "nested_growth",
                commodity,
            )
        )
    return out


def _swing_text(
    s: _Figure,
    lng: _Figure,
    ls: _Figure,
    ll: _Figure,
    between: str,
    severity: Severity,
    cats: Mapping[str, str],
) -> str:
    """The months between the windows, now and a year earlier, in words (central values)."""
    unit = ls.unit
    base_s = ls.value / (1 + s.value / 100)
    base_l = ll.value / (1 + lng.value / 100)
    side = {"<": "above ", ">": "below "}.get(lng.comparator, "about ")
    now, before = ll.value - ls.value, base_l - base_s
    g = f"(1 {'+' if s.value >= 0 else '−'} {abs(s.value):g}%)"
    text = (
        f" Levels: {_label(s)} {ls.describe(cats)}; {_label(lng)} {ll.describe(cats)}. That "
        f"leaves {format_value(now, unit)} for {between}. A year earlier {_label(s, 1)} was "
        f"about {format_value(base_s, unit)} ({ls.short} / {g}) and {_label(lng, 1)} "
        f"{side}{format_value(base_l, unit)}, leaving {side}{format_value(before, unit)} for the "
        "same months."
    )
    if severity == "contradiction":
        return text + " The longer window's base cannot be below the shorter one's."
    if before <= 0:
        return text + " Only the edges of the ranges reconcile the two: a tension."
    change = now / before - 1
    bound = {"above ": "at most ", "below ": "at least "}.get(side, "about ")
    return text + (
        f" Both hold only if {between} changed by {bound}{rate(change, signed=True)} against "
        "a year earlier: possible, so a tension, not a contradiction."
    )


def contradictions(obs: pd.DataFrame, categories: Mapping[str, str]) -> list[Contradiction]:
    """Every clash among the figures in ``obs`` (see module docstring), sorted by series, period.

    Only orientations (reporter, partner, series, commodity) with at least two sources are
    compared, so a
    world-sized frame of one-source statistics costs one groupby. ``categories`` (source →
    ``official``/``international``/``press``) labels the sources in the explanations.
    """
    keep = obs["measure"].astype(str).isin(["level", "growth_pct_yoy", "multiple"])
    if "commodity" not in obs.columns:
        obs = obs.assign(commodity="TOTAL")
    df = obs.loc[keep & (obs["kind"].astype(str) != "mirror"), [*_COLUMNS, "value"]]
    key = ["reporter", "partner", "series", "commodity"]
    n = df.groupby(key, observed=True)["source_id"].nunique()
    wanted = n[n >= 2].index
    df = df[pd.MultiIndex.from_frame(df[key]).isin(wanted)]
    df = df.astype({c: str for c in _COLUMNS})
    out: list[Contradiction] = []
    for (_rep, _par, series, commodity), g in df.groupby(key, sort=True):
        figs = _merge(_stated(g) + _derived(g))
        figs.sort(key=lambda f: (bool(f.how), f.start, f.value))
        s, c = str(series), str(commodity)
        out += _pairwise(figs, s, categories, c) + _nested(figs, s, categories, c)
    return sorted(out, key=lambda c: (c.series, c.commodity, c.period, c.check))
