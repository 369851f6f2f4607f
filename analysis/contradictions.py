"""Pairs of published figures that cannot both be true, or only just can.

Input is an observations frame (data model of ``data.schema``; values in base units: USD, t,
percent, ratio). Every figure becomes a range with the claims checker's tolerance
(:func:`analysis.claims.claim_band`: rounding for ``=``, ±5 % for ``~``, open side for bounds).
Three checks, each within one reporter → partner orientation, one series and one commodity
(transit is never set against rail freight, a product never against all goods; shares are not
compared here):

* ``same_window``: two stated figures for the same flow, window and measure;
* ``derived_vs_stated``: a figure derived here against another figure for its window —
  exports + imports of one source (ranges added), or the level a year earlier implied by a level
  and its growth (level ÷ (1 + growth), range by :func:`analysis.bounds.ratio_interval`):
  1.3 Mt ÷ 1.20 = 1.08 Mt for 2022;
* ``nested_growth``: growth of opposite sign for two windows of one year that start in the same
  month (Jan–Jul 2020 +10 % against Jan–Oct 2020 below a year earlier).

Where official statistics bear on a clash between other sources (a level for the same window,
or two official levels a year apart for a growth rate), the explanation says which side they
support and ``official_supports`` is ``a``, ``b``, ``both`` or ``neither`` (``""`` when no
official figure bears on it, or when one side is itself official): the 2023 growth +22.5 %
against +28 % is settled by Kazakhstan's official $562.95M / $438.69M = +28.3 %.

Severity: ``contradiction`` when the ranges do not overlap (nested windows: when the longer
window's implied base a year earlier would be below the shorter one's — impossible for
non-negative flows); ``tension`` when both can hold only at the edges of their ranges (neither
central value lies in the other's range), or when nested windows need the months between them
to swing hard. Identical figures from several sources are merged (one entry per disagreement,
every ref in the explanation). Mirror estimates are left out: they differ from the reporter's
records by construction (CIF/FOB, timing), which is no contradiction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Literal

import pandas as pd

from analysis import periods
from analysis.bounds import Interval, ratio_interval
from analysis.claims import band_text, claim_band, format_value
from analysis.errors import GrowthUndefined
from analysis.flows import turnover
from analysis.wording import COMPARATOR_WORDS, base_from_growth, rate
from analysis.wording import period as period_label

Severity = Literal["contradiction", "tension"]
_COLUMNS = (
    "reporter",
    "partner",
    "series",
    "flow",
    "period_start",
    "period_end",
    "measure",
    "comparator",
    "unit",
    "source_id",
    "ref",
    "commodity",
)


@dataclass(frozen=True)
class Contradiction:
    """Two figures that clash. Refs are CSV row ids; a derived figure joins its rows with ``+``.

    ``check`` is ``same_window``, ``derived_vs_stated`` or ``nested_growth``; ``period`` is the
    window (``YYYY-MM..YYYY-MM``, both windows for nested growth); ``commodity`` is ``TOTAL``
    (all goods) or the product both figures are about; ``official_supports`` says which side
    official statistics support (``a``, ``b``, ``both``, ``neither``; ``""``: none bear on it).
    """

    a_ref: str
    b_ref: str
    a_source: str
    b_source: str
    series: str
    period: str
    severity: Severity
    explanation: str
    check: str = "same_window"
    commodity: str = "TOTAL"
    official_supports: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready fields."""
        return asdict(self)


@dataclass
class _Figure:
    flow: str
    start: str
    end: str
    measure: str
    comparator: str
    value: float
    unit: str
    interval: Interval
    how: str = ""  # "" for a stated figure, else how it was derived here
    members: list[tuple[str, str]] = field(default_factory=list)  # (ref, source_id)

    @property
    def rows(self) -> set[str]:
        return {p for ref, _ in self.members for p in ref.split("+")}

    @property
    def short(self) -> str:
        return COMPARATOR_WORDS[self.comparator] + format_value(self.value, self.unit)

    def describe(self, categories: Mapping[str, str]) -> str:
        refs = ", ".join(f"{r} {s} ({categories.get(s, 'press')})" for r, s in self.members)
        return f"{self.short}{f' (derived: {self.how})' if self.how else ''} [{refs}]"


def _stated(g: pd.DataFrame) -> list[_Figure]:
    return [
        _Figure(
            r.flow,
            r.period_start,
            r.period_end,
            r.measure,
            r.comparator,
            float(r.value),
            r.unit,
            claim_band(float(r.value), r.comparator, r.measure, r.unit),
            members=[(r.ref, r.source_id)],
        )
        for r in g.itertuples(index=False)
    ]


def _derived(g: pd.DataFrame) -> list[_Figure]:
    """Exports + imports of one source; the level a year earlier from a level and its growth."""
    out: list[_Figure] = []
    exact = g[g["comparator"].isin(["=", "~"])]
    stated = exact[exact["measure"] == "level"]
    levels = {
        (r.source_id, r.flow, r.period_start, r.period_end): r
        for r in stated.itertuples(index=False)
    }
    flow = stated["flow"]
    on = ["source_id", "period_start", "period_end"]
    for r in turnover(stated[flow == "export"], stated[flow == "import"], on).itertuples():
        ie, ii = (
            claim_band(float(v), c, "level", u)
            for v, c, u in (
                (r.value_x, r.comparator_x, r.unit_x),
                (r.value_m, r.comparator_m, r.unit_m),
            )
        )
        how = (
            f"exports {_words(r.comparator_x, r.value_x, r.unit_x)} + "
            f"imports {_words(r.comparator_m, r.value_m, r.unit_m)}"
        )
        out.append(
            _Figure(
                "total",
                r.period_start,
                r.period_end,
                "level",
                r.comparator,
                float(r.value),
                r.unit_x,
                Interval(ie.lo + ii.lo, ie.hi + ii.hi),
                how,
                [(f"{r.ref_x}+{r.ref_m}", r.source_id)],
            )
        )
    for r in exact[exact["measure"] == "growth_pct_yoy"].itertuples(index=False):
        lv = levels.get((r.source_id, r.flow, r.period_start, r.period_end))
        gi = claim_band(float(r.value), r.comparator, r.measure, r.unit)
        if lv is None or 1 + gi.lo / 100 <= 0:
            continue
        li = claim_band(float(lv.value), lv.comparator, "level", lv.unit)
        iv = ratio_interval(li, Interval(1 + gi.lo / 100, 1 + gi.hi / 100))
        comp = "=" if lv.comparator == r.comparator == "=" else "~"
        how = base_from_growth(lv.value, lv.unit, float(r.value))
        if lv.comparator != "=":
            how = COMPARATOR_WORDS[lv.comparator] + how
        start, end = (periods.years_back(m) for m in (r.period_start, r.period_end))
        out.append(
            _Figure(
                r.flow,
                start,
                end,
                "level",
                comp,
                lv.value / (1 + r.value / 100),
                lv.unit,
                iv,
                how,
                [(f"{lv.ref}+{r.ref}", r.source_id)],
            )
        )
    return out


def _words(comparator: str, value: float, unit: str) -> str:
    return COMPARATOR_WORDS[comparator] + format_value(float(value), unit)


def _merge(figs: list[_Figure]) -> list[_Figure]:
    merged: dict[tuple[object, ...], _Figure] = {}
    for f in figs:
        key = (f.flow, f.start, f.end, f.measure, f.comparator, round(f.value, 6), f.how)
        if key in merged:
            merged[key].members.extend(f.members)
        else:
            merged[key] = f
    for f in merged.values():
        f.members.sort()
    return list(merged.values())


def _label_of(series: str, commodity: str) -> str:
    """``trade_value``, or ``trade_value [HS01-24]`` for a product's figures."""
    return series if commodity == "TOTAL" else f"{series} [{commodity}]"


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


def _is_official(f: _Figure, cats: Mapping[str, str]) -> bool:
    return all(cats.get(s, "press") == "official" for _, s in f.members)


def _official_level(
    figs: list[_Figure], flow: str, start: str, end: str, cats: Mapping[str, str]
) -> _Figure | None:
    """An exact official level (stated, or exports + imports of one official source)."""
    for f in figs:
        window = (f.flow, f.start, f.end, f.measure, f.comparator)
        # Stated, or exports + imports: never a level derived from a growth rate.
        summed = not f.how or f.how.startswith("exports ")
        if window == (flow, start, end, "level", "=") and summed and _is_official(f, cats):
            return f
    return None


def _official_side(
    figs: list[_Figure], a: _Figure, b: _Figure, cats: Mapping[str, str]
) -> tuple[str, str]:
    """Which of ``a`` and ``b`` official statistics support, and a sentence saying so;
    ``("", "")`` when no official figure bears on them or one of them is official."""
    if _is_official(a, cats) or _is_official(b, cats):
        return "", ""
    cur = _official_level(figs, a.flow, a.start, a.end, cats)
    if cur is None:
        return "", ""
    ids = ", ".join(dict.fromkeys(s for _, s in cur.members))
    if a.measure == "level":
        value, what = cur.value, cur.short
    elif a.measure == "growth_pct_yoy":
        start, end = (periods.years_back(m) for m in (a.start, a.end))
        prev = _official_level(figs, a.flow, start, end, cats)
        if prev is None or prev.value <= 0:
            return "", ""
        value = (cur.value / prev.value - 1) * 100
        what = f"{rate(value / 100, signed=True)} ({cur.short} / {prev.short})"
    else:
        return "", ""
    hold = (a.interval.contains(value), b.interval.contains(value))
    supports = {(True, False): "a", (False, True): "b", (True, True): "both"}.get(hold, "neither")
    whom = {
        "a": f"the {a.short}",
        "b": f"the {b.short}",
        "both": "both",
        "neither": "neither",
    }[supports]
    return supports, f" Official statistics ({ids}) give {what}: they support {whom}."


def _level_for(figs: list[_Figure], g: _Figure) -> _Figure | None:
    cands = [
        f
        for f in figs
        if f.measure == "level"
        and not f.how
        and f.flow == g.flow
        and (f.start, f.end) == (g.start, g.end)
        and f.comparator in "=~"
    ]
    return min(cands, key=lambda f: f.comparator != "=") if cands else None


def _base(level: _Figure, growth: _Figure) -> Interval:
    factor = Interval(1 + growth.interval.lo / 100, 1 + growth.interval.hi / 100)
    return ratio_interval(level.interval, factor)


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


def _label(f: _Figure, years_back: int = 0) -> str:
    start, end = (periods.years_back(m, years_back) for m in (f.start, f.end))
    return period_label(start, end)


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
