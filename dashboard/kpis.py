"""Headline cards and the rail summary, computed from reconciled series. Pure, no Streamlit.

A :class:`Card` holds display strings (units included) and the ids of the sources behind
it; the page turns ids into citations and escapes every string that came from data.
Functions return ``None`` when a pair lacks the data a card needs, so any pair renders.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from analysis.capacity import CapacityTarget, capacity_reached, target_requirements, utilisation
from analysis.errors import GrowthUndefined, MissingYears
from analysis.growth import window_growth, windows_for, yoy
from analysis.reconcile import Reconciled
from analysis.scenarios import required_growth
from analysis.target import default_base_year, default_history
from dashboard.charts import money
from dashboard.charts_scenarios import period_label, short_money

DEFAULT_TARGET_USD = 1e9
DEFAULT_TARGET_YEAR = 2028


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None
    caption: str = ""
    sources: tuple[str, ...] = ()
    more: str | None = None
    more_label: str = "Other reading"
    delta_neutral: bool = False


def pct(rate: float, signed: bool = False) -> str:
    """``0.28`` → ``28.0%`` (``+28.0%`` when signed)."""
    return f"{rate * 100:+.1f}%" if signed else f"{rate * 100:.1f}%"


def _exact(r: Reconciled) -> pd.DataFrame:
    return r.best[r.best["comparator"].isin(["=", "~"])].set_index("year", drop=False)


def _ids(*groups: object) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        out.extend(s for s in g if s not in out)  # type: ignore[attr-defined]
    return tuple(out)


def headline_year(r: Reconciled) -> int | None:
    """The last year with an exact or approximate value (bounds are not a headline)."""
    e = _exact(r)
    return int(e["year"].max()) if len(e) else None


def level_card(r: Reconciled, year: int, label: str) -> Card | None:
    """A year's level with its growth on the previous year, saying when that is derived."""
    e = _exact(r)
    if year not in e.index:
        return None
    cur = e.loc[year]
    caption, delta, ids = "", None, _ids(cur["source_ids"])
    if year - 1 in e.index:
        prev = e.loc[year - 1]
        delta = f"{pct(float(cur['value']) / float(prev['value']) - 1, signed=True)} on {year - 1}"
        caption = f"{year - 1}: {money(float(prev['value']), r.unit)}"
        if prev["method"] == "growth" or prev["kind"] == "derived":
            caption += f", derived ({prev['note']})"
        ids = _ids(ids, prev["source_ids"])
    for later in r.best[r.best["year"] > year].itertuples(index=False):
        text = f"{later.year}: {stated_word(later.comparator)}{money(later.value, r.unit)}"
        if later.year - 1 in e.index and later.comparator in ("=", "~"):
            text += f" ({pct(later.value / float(e.loc[later.year - 1, 'value']) - 1, True)})"
        caption = f"{caption}; {text}" if caption else text
        ids = _ids(ids, later.source_ids)
    return Card(f"{label} {year}", money(float(cur["value"]), r.unit), delta, caption, ids)


def stated_word(comparator: str) -> str:
    return {">": "over ", "<": "under ", "~": "about "}.get(comparator, "")


def multiple_card(r: Reconciled, end_year: int, n_years: int = 5) -> Card | None:
    """ "Over the past five years": the calendar-year window first, the other one step away."""
    values = r.values()
    found = []
    for w in windows_for(n_years, end_year + 1, end_year=end_year):
        try:
            found.append(window_growth(values, w))
        except (MissingYears, GrowthUndefined):
            continue
    if not found:
        return None
    first, rest = found[0], found[1:]
    e = _exact(r)
    ids = _ids(*(e.loc[y, "source_ids"] for g in found for y in (g.window.start_year, end_year)))

    def line(g) -> str:  # type: ignore[no-untyped-def]
        w = g.window
        return f"{w.start_year}→{w.end_year}: {g.multiple:.2f}×"

    def detail(g) -> str:  # type: ignore[no-untyped-def]
        counts = g.window.label.split("(", 1)[1].rstrip(")")
        return f"{line(g)} ({counts}; {pct(g.cagr)} a year)"

    more = None
    if rest:
        more = "\n".join(detail(g) for g in rest)
        more += (
            f"\n\n'The past {n_years} years' read as {n_years} calendar years gives "
            f"{line(first)}; read as {n_years} year-on-year steps it gives the line above."
        )
    return Card(
        f"{n_years}-year multiple",
        f"{first.multiple:.2f}×",
        f"{first.window.start_year}→{first.window.end_year}",
        detail(first),
        ids,
        more,
        delta_neutral=True,
    )


def part_year_card(
    r: Reconciled, nowcasts: pd.DataFrame, year: int, label: str = ""
) -> Card | None:
    """The shortest exact part-year figure of ``year``, other statements of the same window,
    its share of the previous full year, the typical share and the full-year nowcast."""
    if nowcasts.empty:
        return None
    exact = nowcasts[nowcasts["comparator"].isin(["=", "~"])].sort_values("months")
    if exact.empty:
        return None
    row = exact.iloc[0]
    period = period_label(row["period_start"], row["period_end"])
    same = nowcasts[
        (nowcasts["period_start"] == row["period_start"])
        & (nowcasts["period_end"] == row["period_end"])
        & ~nowcasts["comparator"].isin(["=", "~"])
    ]
    parts = [
        f"also stated as {stated_word(c)}{money(float(v), r.unit)}"
        for c, v in zip(same["comparator"], same["part_value"], strict=True)
    ]
    e = _exact(r)
    if year - 1 in e.index:
        prev = float(e.loc[year - 1, "value"])
        parts.append(
            f"{pct(float(row['part_value']) / prev)} of {year - 1}'s {money(prev, r.unit)}"
        )
    how = (
        "flat share, months ÷ 12: no earlier figures for this window"
        if row["method"] == "flat"
        else f"{row['method']}, from {int(row['n_years'])} earlier years"
    )
    parts.append(
        f"a typical {period.split(' ')[0]} holds {pct(float(row['share']))} of a year ({how})"
    )
    delta = f"nowcast {money(float(row['nowcast']), r.unit)}"
    full = f"full-year nowcast {money(float(row['nowcast']), r.unit)}"
    if math.isfinite(float(row["high"])):
        full += f" (range {money(float(row['low']), r.unit)}–{money(float(row['high']), r.unit)})"
    caption = "; ".join(parts) + f". {full[0].upper()}{full[1:]}"
    ids = _ids(row["source_ids"], *same["source_ids"])
    title = f"{label} {period}".strip()
    return Card(title, money(float(row["part_value"]), r.unit), delta, caption, ids, None,
                delta_neutral=True)  # fmt: skip


def target_card(
    r: Reconciled, target: float, target_year: int, target_ids: tuple[str, ...] = ()
) -> Card | None:
    """The gap from the last full year to ``target`` and the constant growth that closes it."""
    year = headline_year(r)
    if year is None or target_year <= year:
        return None
    base = float(_exact(r).loc[year, "value"])
    try:
        rate = required_growth(base, target, year, target_year)
    except GrowthUndefined:
        return None
    return Card(
        f"Gap to {short_money(target, r.unit)}",
        money(max(target - base, 0.0), r.unit),
        f"{pct(rate)}/yr to {target_year}",
        f"from {year}'s {money(base, r.unit)} to {short_money(target, r.unit)} by {target_year}",
        _ids(_exact(r).loc[year, "source_ids"], target_ids),
        delta_neutral=True,
    )


def stated_target(
    frame: pd.DataFrame, series: str = "trade_target"
) -> tuple[float, tuple[str, ...]]:
    """The most recently stated exact target level of ``series`` in an observations frame,
    with its sources; :data:`DEFAULT_TARGET_USD` and no source when none is stated."""
    t = frame[
        (frame["series"] == series) & (frame["measure"] == "target") & (frame["comparator"] == "=")
    ]
    if t.empty:
        return DEFAULT_TARGET_USD, ()
    latest = t.sort_values("period_start").iloc[-1]
    same = t[t["value"] == latest["value"]]
    return float(latest["value"]), tuple(dict.fromkeys(same["source_id"].astype(str)))


@dataclass
class RailSummary:
    """Rail freight against capacity. Tonnes; rates are fractions."""

    year: int
    freight_t: float
    yoy: pd.DataFrame
    capacity_t: float | None = None
    capacity_year: int | None = None
    utilisation: float | None = None
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    pace_window: tuple[int, int] | None = None
    pace: float | None = None
    reached: dict[str, int | None] = field(default_factory=dict)
    nowcast: pd.Series | None = None
    nowcast_utilisation: float | None = None
    sources: tuple[str, ...] = ()


def rail_summary(
    freight: Reconciled, capacity: Reconciled, nowcasts: pd.DataFrame
) -> RailSummary | None:
    """Utilisation of the stated line capacity, growth needed for each capacity target, the
    year each is reached at the historical pace (CAGR over the default history window: the
    last run of consecutive years, up to four intervals) and the next year's nowcast."""
    year = headline_year(freight)
    if year is None:
        return None
    values = freight.values()
    e = _exact(freight)
    s = RailSummary(
        year, float(e.loc[year, "value"]), yoy(values), sources=_ids(e.loc[year, "source_ids"])
    )
    cap = _exact(capacity).sort_index()
    if cap.empty:
        return s
    s.capacity_t, s.capacity_year = float(cap.iloc[0]["value"]), int(cap.iloc[0]["year"])
    s.utilisation = utilisation(s.freight_t, s.capacity_t)
    later = [
        CapacityTarget(float(v), int(y))
        for y, v in zip(cap["year"][1:], cap["value"][1:], strict=True)
        if y > year
    ]
    s.targets = target_requirements(s.freight_t, year, later) if later else pd.DataFrame()
    try:
        s.pace_window = default_history(values, year)
    except ValueError:
        s.pace_window = None
    if s.pace_window is not None:
        for label, level in [
            (f"capacity {s.capacity_year}", s.capacity_t),
            *[(f"target {t.year}", t.value_t) for t in later],
        ]:
            reach = capacity_reached(values, level, pace_start_year=s.pace_window[0])
            s.pace, s.reached[label] = reach.pace, reach.year
    exact_nc = nowcasts[nowcasts["comparator"].isin(["=", "~"])] if len(nowcasts) else nowcasts
    if len(exact_nc):
        s.nowcast = exact_nc.sort_values("months").iloc[-1]
        s.nowcast_utilisation = utilisation(float(s.nowcast["nowcast"]), s.capacity_t)
    s.sources = _ids(s.sources, *cap["source_ids"])
    return s


#: The scenario page's URL parameters (each bound to one control), as the README lists them.
SCENARIO_PARAMS = (
    "target_usd", "target_year", "base_year", "history_start", "history_end", "low_pct",
    "base_pct", "high_pct", "paths", "seed", "method", "series", "reporter", "partner",
)  # fmt: skip


@dataclass(frozen=True)
class ScenarioDefaults:
    """Where the scenario controls start for a series (base units, years)."""

    target: int
    target_year: int
    base_year: int
    history_start: int
    history_end: int


def scenario_defaults(
    values: pd.Series, series: str, stated_usd: float, capacity: Reconciled | None = None
) -> ScenarioDefaults:
    """Defaults: trade to ``stated_usd`` by :data:`DEFAULT_TARGET_YEAR`; rail freight to the
    first capacity target after the base year (capacity levels after the first, which is the
    line as built; else twice the base, five years on).
    Base year and history window as ``analysis.target`` picks them; fixed fallbacks for a
    series too short to have them (the page then explains what is missing)."""
    try:
        base = default_base_year(values)
        h0, h1 = default_history(values, base)
    except ValueError:
        base, h0, h1 = 2023, 2019, 2023
    if series != "rail_freight":
        return ScenarioDefaults(int(stated_usd), DEFAULT_TARGET_YEAR, base, h0, h1)
    # The first capacity level is the line as built; the later ones are targets.
    later = _exact(capacity).sort_index().iloc[1:] if capacity is not None else pd.DataFrame()
    later = later[later["year"] > base] if len(later) else later
    if len(later) and base in values.index:
        return ScenarioDefaults(
            int(later.iloc[0]["value"]), int(later.iloc[0]["year"]), base, h0, h1
        )
    level = float(values.get(base, 1e6))
    return ScenarioDefaults(int(2 * level), base + 5, base, h0, h1)


def capacity_table(s: RailSummary) -> pd.DataFrame:
    """The capacity targets as display strings: year, level, multiple of freight, growth
    needed from the last full year, year reached at the historical pace."""
    t = s.targets
    if t.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "by": t["year"].astype(str),
            "capacity": [money(v, "t") for v in t["target_t"]],
            "× freight": [f"{m:.1f}×" for m in t["multiple"]],
            f"growth needed from {s.year}": [pct(g) for g in t["required_growth"]],
            "reached at the historical pace": [
                str(s.reached.get(f"target {y}") or "never") for y in t["year"]
            ],
        }
    )


def stated_table(frame: pd.DataFrame, citations: dict[str, str]) -> pd.DataFrame:
    """Observation rows as text: period, measure, stated value with unit, note, source."""
    starts, ends = frame["period_start"].astype(str), frame["period_end"].astype(str)
    return pd.DataFrame(
        {
            "period": [
                a[:4] if (a[:4] == b[:4] and a[5:] == "01" and b[5:] == "12") else f"{a}–{b}"
                for a, b in zip(starts, ends, strict=True)
            ],
            "measure": frame["measure"].astype(str).tolist(),
            "stated": [
                f"{stated_word(c)}{money(float(v), str(u))}"
                for c, v, u in zip(frame["comparator"], frame["value"], frame["unit"], strict=True)
            ],
            "note": frame["note"].astype(str).tolist(),
            "source": [citations.get(s, s) for s in frame["source_id"].astype(str)],
        }
    )
