"""Each pair's scenario defaults: its stated target and the words of its timing, else a
round figure above its level; rail's freight target."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from analysis import periods
from analysis.history import default_base_year, default_history
from analysis.reconcile import Reconciled
from analysis.wording import amount
from dashboard.views.cards import exact_points, flow_years, flows_held, held_words

DEFAULT_TARGET_USD = 1e9


DEFAULT_TARGET_YEAR = 2028


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


#: How a stated target's timing reads in the sources' notes ("within five years", "in the
#: near future"): the words quoted when the default target year names its basis.
TIMING = re.compile(
    r"\b(within (?:the next )?[\w-]+ years?|in the (?:near|coming|medium|foreseeable|next few) "
    r"(?:future|years|term)|by (?:the end of )?20\d\d)\b",
    re.IGNORECASE,
)


def target_timing(
    frame: pd.DataFrame,
    published: Mapping[str, str],
    value: float,
    series: str = "trade_target",
) -> str:
    """When the sources that state ``value`` as the target say it is to be reached, in
    their words with the year each was first said: ``sources say 'within five years'
    (2022) and 'in the near future' (2024)``; ``""`` when no note gives a time. Read from
    the stated targets' notes and their sources' publication dates, earliest first."""
    t = frame[
        (frame["series"] == series)
        & (frame["measure"] == "target")
        & (frame["value"].astype(float) == float(value))
    ]
    said: dict[str, str] = {}
    notes = t["note"] if "note" in t else pd.Series("", index=t.index)
    for note, sid, start in zip(notes, t["source_id"], t["period_start"], strict=True):
        year = str(periods.year_of_date(published.get(str(sid), "") or start))
        for phrase in TIMING.findall(str(note or "")):
            key = phrase.lower()
            said[key] = min(said.get(key, year), year)
    if not said:
        return ""
    parts = [f"'{p}' ({y})" for p, y in sorted(said.items(), key=lambda kv: (kv[1], kv[0]))]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"sources say {listed}"


def year_basis(timing: str) -> str:
    """The default target year's basis: ``default; sources say …`` or ``default: no
    source gives a year``."""
    return f"default; {timing}" if timing else "default: no source gives a year"


@dataclass(frozen=True)
class ScenarioDefaults:
    """Where the scenario controls start for a series (base units, years)."""

    target: int
    target_year: int
    base_year: int
    history_start: int
    history_end: int
    #: Where the target comes from, in words ("stated by …", "a round figure above …").
    target_basis: str = ""
    #: Where the target year comes from, in words ("default; sources say …").
    target_year_basis: str = ""


def scenario_defaults(
    values: pd.Series,
    series: str,
    stated_usd: float,
    capacity: Reconciled | None = None,
    base_year: int | None = None,
) -> ScenarioDefaults:
    """Defaults: trade to ``stated_usd`` by :data:`DEFAULT_TARGET_YEAR`; rail freight to the
    first capacity target after the base year (capacity levels after the first, which is the
    line as built; else twice the base, five years on).
    Base year and history window as ``analysis.target`` picks them; fixed fallbacks for a
    series too short to have them (the page then explains what is missing)."""
    try:
        base = default_base_year(values) if base_year is None else base_year
    except ValueError:
        base = 2023
    try:
        h0, h1 = default_history(values, base)
    except ValueError:  # a lone year: the base stays the pair's own
        h0, h1 = base - 4, base
    if series != "rail_freight":
        return ScenarioDefaults(int(stated_usd), DEFAULT_TARGET_YEAR, base, h0, h1)
    # The first capacity level is the line as built; the later ones are targets.
    later = exact_points(capacity).sort_index().iloc[1:] if capacity is not None else pd.DataFrame()
    later = later[later["year"] > base] if len(later) else later
    if len(later) and base in values.index:
        return ScenarioDefaults(
            int(later.iloc[0]["value"]), int(later.iloc[0]["year"]), base, h0, h1
        )
    level = float(values.get(base, 1e6))
    return ScenarioDefaults(int(2 * level), base + 5, base, h0, h1)


#: Leading digits of a round target: 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten.
ROUND_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def round_above(level: float, margin: float = 0.1) -> float:
    """The smallest round figure (:data:`ROUND_STEPS`) at least ``margin`` above ``level``:
    $563M → $800M, $30.1B → $40B. A level of zero or less (or missing) has none: ``nan``."""
    if not level > 0:
        return math.nan
    floor = level * (1 + margin)
    power = 10.0 ** math.floor(math.log10(floor))
    rounds = (float(round(step * power)) for step in (*ROUND_STEPS, 10.0))
    return next(r for r in rounds if r >= floor)


def defaults_for(
    values: pd.Series,
    series: str,
    observations: pd.DataFrame,
    capacity: Reconciled | None,
    base_year: int | None = None,
    names: Mapping[str, str] | None = None,
    published: Mapping[str, str] | None = None,
    flow: str = "total",
) -> ScenarioDefaults:
    """:func:`scenario_defaults` from the pair's own data: the target the pair has stated
    (its ``trade_target`` figures in ``observations``), else a round figure above its
    base-year level (:func:`round_above`); never another pair's target. A stated target's
    basis names its sources by ``names`` (source_id → publisher: the full citations of the
    KAZ–TKM target's eight sources filled the controls), its default year what the sources
    (``published``: source_id → date) say of its timing (:func:`target_timing`). A stated
    target is a turnover's: a one-way ``flow`` (``export``, ``import``) starts from a round
    figure above its own level."""
    one_way = series == "trade_value" and flow not in ("total", "")
    stated_usd, ids = stated_target(observations)
    aside = ""
    if one_way and ids:  # a stated target is a turnover's, not one flow's: said, not used
        aside = f" ({amount(stated_usd, 'USD')}, the pair's stated target, is turnover)"
        ids = ()
    d = scenario_defaults(values, series, stated_usd, capacity, base_year)
    if series == "rail_freight":
        return rail_defaults(d, values, observations, names)
    if ids:
        cites = named(ids, names)
        timing = target_timing(observations, published or {}, stated_usd)
        return replace(
            d,
            target_basis=f"the target the pair's sources state ({cites})",
            target_year_basis=year_basis(timing),
        )
    level = float(values.get(d.base_year, math.nan))
    target = round_above(level)
    if math.isnan(target):
        return d
    what = f"{flow}s alone" if one_way else "this pair"
    return replace(
        d,
        target=int(target),
        target_basis=f"no target stated for {what}{aside}: a round figure above "
        f"{d.base_year}'s {amount(level, 'USD')}",
        target_year_basis=f"default: no target stated for {what}",
    )


def named(ids: Iterable[str], names: Mapping[str, str] | None) -> str:
    """Sources by name, each name once, in order: ``Akorda, Kazinform``."""
    return ", ".join(dict.fromkeys((names or {}).get(s, s) for s in ids))


def rail_defaults(
    d: ScenarioDefaults,
    values: pd.Series,
    observations: pd.DataFrame,
    names: Mapping[str, str] | None = None,
) -> ScenarioDefaults:
    """Rail freight's target: a freight target the pair states (after the base year), else
    a round figure above the base year's freight. Never a capacity target: the line's
    roadmap levels are capacity to be built, not freight to carry."""
    from dashboard.views.rail import stated_freight_targets

    stated = stated_freight_targets(observations)
    stated = stated[stated["year"] > d.base_year]
    if len(stated):
        row = stated.iloc[0]
        cites = named(row["source_ids"], names)
        basis = f"the freight target the pair's sources state ({cites})"
        return replace(
            d,
            target=int(row["target_t"]),
            target_year=int(row["year"]),
            target_basis=basis,
            target_year_basis="the year the freight target is stated for",
        )
    level = float(values.get(d.base_year, math.nan))
    target = round_above(level)
    if math.isnan(target):
        return d
    year = DEFAULT_TARGET_YEAR if d.base_year < DEFAULT_TARGET_YEAR else d.base_year + 5
    return replace(
        d,
        target=int(target),
        target_year=year,
        target_basis=f"no freight target stated for this pair: a round figure above "
        f"{d.base_year}'s {amount(level, 't')} (the line's capacity targets are capacity to "
        "be built, not freight)",
        target_year_basis="default: no freight target stated for this pair",
    )


def no_yearly_series(pair: str, series_words: str, flows: Mapping[str, Iterable[int]]) -> str:
    """Why a scenario of ``pair`` has nothing to start from, with what the stores do hold:
    ``flows`` maps a one-way flow in words (``exports``) to its years with a yearly value
    (:func:`dashboard.views.cards.flows_held`); rail freight has no flows (none given)."""
    said = f"{pair} has no yearly {series_words} to start a scenario from"
    return f"{said}: {flows_held(flows)}." if flows else said + "."


def why_no_series(
    total: Reconciled, flows: Mapping[str, Reconciled], pair: str, series_words: str
) -> str | None:
    """:func:`no_yearly_series` where ``total`` (the scenario's series) has no yearly
    value, else ``None``; ``flows`` (one-way flows in words → their series) are named for a
    trade turnover only."""
    if len(total.values().dropna()):
        return None
    held = flow_years(flows) if total.series == "trade_value" else {}
    if total.flow in ("export", "import"):  # one flow asked: what the stores hold of each
        said = held_words(held)
        return (
            f"{pair} has no yearly {series_words} to start a scenario from: the stores hold {said}."
        )
    return no_yearly_series(pair, series_words, held)
