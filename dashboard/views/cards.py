"""Headline cards, computed from reconciled series: the Overview's and the Rail page's.

A :class:`Card` holds display strings (units included) and the ids of the sources behind
it; the page turns ids into citations and escapes every string that came from data.
Functions return ``None`` when a pair lacks the data a card needs, so any pair renders.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis import periods, wording
from analysis.errors import GrowthUndefined, MissingYears
from analysis.growth import window_growth, windows_for
from analysis.history import year_runs
from analysis.reconcile import Reconciled
from analysis.scenarios import required_growth
from analysis.wording import amount, period, rate, stated


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


def exact_points(r: Reconciled) -> pd.DataFrame:
    """The exact and approximate annual points (no bounds), indexed by year."""
    return r.best[r.best["comparator"].isin(["=", "~"])].set_index("year", drop=False)


def union_ids(*groups: object) -> tuple[str, ...]:
    out: list[str] = []
    for g in groups:
        out.extend(s for s in g if s not in out)  # type: ignore[attr-defined]
    return tuple(out)


def headline_year(r: Reconciled) -> int | None:
    """The last year with an exact value, else an approximate one (bounds are not a
    headline): see ``Reconciled.last_exact_year``."""
    return r.last_exact_year()


def level_card(r: Reconciled, year: int, label: str) -> Card | None:
    """A year's level with its growth on the previous year, saying when that is derived."""
    e = exact_points(r)
    if year not in e.index:
        return None
    cur = e.loc[year]
    caption, delta, ids = "", None, union_ids(cur["source_ids"])
    if year - 1 in e.index:
        prev = e.loc[year - 1]
        delta = f"{rate(float(cur['value']) / float(prev['value']) - 1, signed=True)} on {year - 1}"
        caption = f"{year - 1}: {amount(float(prev['value']), r.unit)}"
        if prev["method"] == "growth" or prev["kind"] == "derived":
            caption += f", derived ({prev['note']})"
        ids = union_ids(ids, prev["source_ids"])
    for later in r.best[r.best["year"] > year].itertuples(index=False):
        text = f"{later.year}: {stated(later.value, r.unit, later.comparator)}"
        if later.year - 1 in e.index and later.comparator in ("=", "~"):
            growth = later.value / float(e.loc[later.year - 1, "value"]) - 1
            text += f" ({rate(growth, signed=True)})"
        caption = f"{caption}; {text}" if caption else text
        ids = union_ids(ids, later.source_ids)
    return Card(f"{label} {year}", amount(float(cur["value"]), r.unit), delta, caption, ids)


def flow_years(flows: Mapping[str, Reconciled]) -> dict[str, list[int]]:
    """Each flow's years with an exact or approximate yearly value (for :func:`flows_held`)."""
    return {word: [int(y) for y in r.values().dropna().index] for word, r in flows.items()}


def flows_held(flows: Mapping[str, Iterable[int]]) -> str:
    """Why a pair has no yearly turnover though it has figures: ``flows`` maps a flow in
    words (``exports``) to its years with a yearly value: "turnover is a year's exports
    plus its imports from one source's records of one side, and the stores hold exports
    for 2018 and no imports" (:func:`held_words`; ``analysis.flows.turnover``)."""
    both = all(year_runs(years) for years in flows.values())
    return (
        "turnover is a year's exports plus its imports from one source's records of one "
        f"side, and the stores hold {held_words(flows)}"
        + (", never both from one source and side in one year" if both else "")
    )


def held_words(flows: Mapping[str, Iterable[int]]) -> str:
    """What the stores hold of each flow (words → years with a yearly value), the flows
    held first: "exports for 2018 and no imports"."""
    runs = {word: year_runs(years) for word, years in flows.items()}
    return " and ".join(
        [f"{w} for {r}" for w, r in runs.items() if r]
        + [f"no {w}" for w, r in runs.items() if not r]
    )


def flow_cards(flows: Mapping[str, Reconciled]) -> list[Card]:
    """Each one-way flow's latest level (:func:`level_card`), for a pair with no turnover."""
    out = []
    for word, r in flows.items():
        year = headline_year(r)
        card = level_card(r, year, word.capitalize()) if year is not None else None
        if card is not None:
            out.append(card)
    return out


def bound_card(r: Reconciled, label: str) -> Card | None:
    """The latest year after the headline year whose best figure is a bound ("more than
    $500M"): shown as stated, never as a level growth is measured from."""
    base = headline_year(r)
    later = r.best[r.best["year"] > (base if base is not None else -1)]
    bounds = later[later["comparator"].isin([">", "<"])]
    if bounds.empty:
        return None
    row = bounds.sort_values("year").iloc[-1]
    ids = tuple(row["source_ids"])
    caption = (
        f"a bound, as {len(ids)} source{'s' if len(ids) != 1 else ''} state it: "
        "not a level to measure growth from"
    )
    value = stated(float(row["value"]), r.unit, str(row["comparator"]))
    return Card(f"{label} {int(row['year'])}", value, None, caption, ids, delta_neutral=True)


def latest_part_year(r: Reconciled) -> int | None:
    """The year of the last part-year figure of the series, ``None`` without any."""
    if r.part_year.empty:
        return None
    return int(periods.years(r.part_year["period_end"]).max())


def stated_growth(
    obs: pd.DataFrame, r: Reconciled, start: str, end: str
) -> tuple[float, tuple[str, ...]] | None:
    """The year-on-year growth (percent) the sources state for the window ``start..end`` of
    ``r``'s series and flow (all goods, the reporter's side), with the sources stating it;
    the value most sources give where they differ. ``None`` where none is stated."""
    if obs.empty:
        return None
    hit = obs[
        (obs["series"].astype(str) == r.series)
        & (obs["reporter"].astype(str) == r.reporter)
        & (obs["partner"].astype(str) == r.partner)
        & (obs["flow"].astype(str) == r.flow)
        & (obs["commodity"].astype(str) == r.commodity)
        & (obs["measure"].astype(str) == "growth_pct_yoy")
        & obs["comparator"].astype(str).isin(["=", "~"])
        & (obs["period_start"].astype(str) == start)
        & (obs["period_end"].astype(str) == end)
    ]
    if hit.empty:
        return None
    by_value = hit.groupby("value")["source_id"].agg(lambda s: tuple(dict.fromkeys(map(str, s))))
    value = max(by_value.index, key=lambda v: (len(by_value[v]), -v))
    return float(value), by_value[value]


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
    e = exact_points(r)
    ids = union_ids(
        *(e.loc[y, "source_ids"] for g in found for y in (g.window.start_year, end_year))
    )

    def line(g) -> str:  # type: ignore[no-untyped-def]
        w = g.window
        return f"{w.years}: {amount(g.multiple, 'ratio')}"

    def detail(g) -> str:  # type: ignore[no-untyped-def]
        return f"{line(g)} ({g.window.counts}; {rate(g.cagr)} a year)"

    more = None
    if rest:
        more = "\n".join(detail(g) for g in rest)
        more += (
            f"\n\n'The past {n_years} years' read as {n_years} calendar years gives "
            f"{line(first)}; read as {n_years} year-on-year steps it gives the line above."
        )
    return Card(
        f"{n_years}-year multiple",
        amount(first.multiple, "ratio"),
        first.window.years,
        detail(first),
        ids,
        more,
        delta_neutral=True,
    )


def part_year_card(
    r: Reconciled,
    nowcasts: pd.DataFrame,
    year: int,
    label: str = "",
    obs: pd.DataFrame | None = None,
) -> Card | None:
    """The shortest exact part-year figure of ``year``, other statements of the same window,
    its share of the previous full year, the typical share and the full-year nowcast.

    With the observations ``obs``, a growth on the same months a year earlier that the
    sources state is the card's delta (the nowcast then leads the caption)."""
    if nowcasts.empty:
        return None
    exact = nowcasts[nowcasts["comparator"].isin(["=", "~"])].sort_values("months")
    if exact.empty:
        return None
    row = exact.iloc[0]
    window = period(row["period_start"], row["period_end"])
    same = nowcasts[
        (nowcasts["period_start"] == row["period_start"])
        & (nowcasts["period_end"] == row["period_end"])
        & ~nowcasts["comparator"].isin(["=", "~"])
    ]
    parts = [
        f"also stated as {stated(float(v), r.unit, c)}"
        for c, v in zip(same["comparator"], same["part_value"], strict=True)
    ]
    e = exact_points(r)
    if year - 1 in e.index:
        prev = float(e.loc[year - 1, "value"])
        parts.append(
            f"{rate(float(row['part_value']) / prev)} of {year - 1}'s {amount(prev, r.unit)}"
        )
    how = (
        wording.label("flat_share")
        if row["method"] == "flat"
        else f"{row['method']}, from {int(row['n_years'])} earlier years"
    )
    months = period(row["period_start"], row["period_end"], with_year=False)
    parts.append(f"a typical {months} holds {rate(float(row['share']))} of a year ({how})")
    delta = f"estimate {amount(float(row['nowcast']), r.unit)}"
    full = f"{wording.label('nowcast')} {amount(float(row['nowcast']), r.unit)}"
    if math.isfinite(float(row["high"])):
        full += f" (range {amount(float(row['low']), r.unit)}–{amount(float(row['high']), r.unit)})"
    caption = "; ".join(parts) + f". {full[0].upper()}{full[1:]}"
    ids = union_ids(row["source_ids"], *same["source_ids"])
    growth = (
        stated_growth(obs, r, row["period_start"], row["period_end"]) if obs is not None else None
    )
    if growth is not None:
        before = periods.years_back(row["period_start"]), periods.years_back(row["period_end"])
        delta = f"{amount(growth[0], 'percent', signed=True)} on {period(*before)}"
        rest = "; ".join(parts)
        caption = f"{year} {full}. {rest[0].upper()}{rest[1:]}"
        ids = union_ids(ids, growth[1])
    title = f"{label} {window}".strip()
    return Card(title, amount(float(row["part_value"]), r.unit), delta, caption, ids, None,
                delta_neutral=growth is None)  # fmt: skip


def target_card(
    r: Reconciled,
    target: float,
    target_year: int,
    target_ids: tuple[str, ...] = (),
    year_basis: str = "",
) -> Card | None:
    """The gap from the last full year to ``target`` and the constant growth that closes it;
    ``year_basis`` says where ``target_year`` comes from ("default; sources say …")."""
    year = headline_year(r)
    if year is None or target_year <= year:
        return None
    base = float(exact_points(r).loc[year, "value"])
    try:
        needed = required_growth(base, target, year, target_year)
    except GrowthUndefined:
        return None
    return Card(
        f"Gap to {amount(target, r.unit)}",
        amount(max(target - base, 0.0), r.unit),
        f"{rate(needed)}/yr to {target_year}",
        f"from {year}'s {amount(base, r.unit)} to {amount(target, r.unit)} by {target_year}"
        + (f" ({target_year}: {year_basis})" if year_basis else ""),
        union_ids(exact_points(r).loc[year, "source_ids"], target_ids),
        delta_neutral=True,
    )
