"""What official statistics say about a clash between other sources: the level for the
same window, or two official levels a year apart for a growth rate."""

from __future__ import annotations

from collections.abc import Mapping

from analysis import periods
from analysis.bounds import Interval, ratio_interval
from analysis.contradictions.figures import _Figure
from analysis.wording import rate


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
