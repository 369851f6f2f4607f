"""The Target scenarios page's view: where the controls start, the scenario table, and
the figure, table and CSV of one evaluated scenario. Base units (USD, tonnes), years.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from analysis import periods
from analysis.forecast import PooledPrior
from analysis.reconcile import Reconciled
from analysis.target import Paths, TargetResult, default_base_year, default_history
from analysis.units import unit_of
from analysis.wording import amount, period, probability, stated
from dashboard.figures.scenarios import target_figure
from dashboard.safety import safe_csv
from dashboard.services.asof import AsOf
from dashboard.services.scenarios import target_result
from dashboard.views.cards import exact_points

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


def unit_suffix(unit: str) -> str:
    """Column-name suffix for a unit: ``USD`` → ``usd``, tonnes → ``t``."""
    return "t" if unit == "t" else unit.lower()


def scenario_table(result: TargetResult, unit: str) -> pd.DataFrame:
    """One row per year from the history window's start to the target year.

    Columns (values in base units, ``_usd`` or ``_t``): ``year``, ``actual``, one column
    per projected scenario (``historical``, ``required``, user scenarios), the fan's
    ``p10``/``p50``/``p90`` and ``p_reach`` (share of simulated paths at or above the
    target by that year). Empty cells where a column does not apply (no projection
    before the base year, no actual value after it).
    """
    sfx = unit_suffix(unit)
    start = min(result.history_window[0], result.base_year)
    years = np.arange(start, result.target_year + 1)
    # Built from arrays, not with pivot/reindex: this runs on every scenario rerun, where
    # pandas' general machinery cost ten times the arithmetic.
    columns: dict[str, np.ndarray] = {"year": years}
    hist = result.history
    actual = _at_years(hist.index.to_numpy(), hist.to_numpy(dtype="float64"), years)
    actual[years > result.base_year] = np.nan
    columns[f"actual_{sfx}"] = actual
    proj = result.projections
    names = proj["scenario"].to_numpy()
    p_years, p_values = proj["year"].to_numpy(), proj["value"].to_numpy(dtype="float64")
    present = list(dict.fromkeys(names))
    order = [n for n in ("required", "historical") if n in present]
    order += [n for n in sorted(present) if n not in ("required", "historical")]
    for name in order:
        at = names == name
        columns[f"{name}_{sfx}"] = _at_years(p_years[at], p_values[at], years)
    fan = result.fan
    for col in ("p10", "p50", "p90"):
        columns[f"{col}_{sfx}"] = _at_years(fan["year"].to_numpy(), fan[col].to_numpy(), years)
    prob = result.prob_reach
    columns["p_reach"] = _at_years(prob["year"].to_numpy(), prob["prob"].to_numpy(), years)
    return pd.DataFrame(columns)


#: How each kind of scenario-table column reads as a header (``{u}``: the unit's words).
HEADERS = {
    "actual": "actual ({u})",
    "required": "required path ({u})",
    "historical": "at the historical pace ({u})",
    "p10": "fan P10 ({u})",
    "p50": "fan median ({u})",
    "p90": "fan P90 ({u})",
}
#: The unit a table shows values in: (words, divisor, decimals).
TABLE_UNITS = {"USD": ("USD million", 1e6, 1), "t": ("tonnes", 1.0, 0)}


def readable_table(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    """:func:`scenario_table` as people read it: values in USD million to one decimal (or
    whole tonnes), P(reach) in whole percent, headers in words (``actual (USD million)``,
    ``scenario base (USD million)``); missing cells stay NaN (blank in a CSV)."""
    words, divisor, decimals = TABLE_UNITS.get(unit, (unit, 1.0, 2))
    sfx = "_" + unit_suffix(unit)
    out = pd.DataFrame({"year": table["year"].astype("int64")})
    for col in table.columns:
        if col.endswith(sfx):
            name = col[: -len(sfx)]
            head = HEADERS.get(name, "scenario " + name + " ({u})").format(u=words)
            out[head] = (table[col] / divisor).round(decimals)
    if "p_reach" in table:
        out["P(reach by then), %"] = (table["p_reach"] * 100).round(0)
    return out


def display_table(readable: pd.DataFrame) -> pd.DataFrame:
    """:func:`readable_table` as text for the page and the report: thousands separators,
    blank cells (never ``None`` or ``nan``)."""

    out = pd.DataFrame(index=readable.index)
    for col in readable.columns:
        decimals = 1 if "USD million" in str(col) else 0
        out[col] = [
            "" if v is None or v != v else f"{v:,.{decimals}f}" if col != "year" else str(v)
            for v in readable[col].tolist()
        ]
    return out


def scenario_csv(
    readable: pd.DataFrame, parameters: Mapping[str, object], sources: Sequence[str]
) -> bytes:
    """The scenario table's CSV: ``#`` lines first with every parameter (``# target_usd:
    1000000000``) and each source of the history used (``# source: …``), then the table
    (blank cells where a column does not apply). ``pandas.read_csv(comment="#")`` reads it."""
    head = ["# tradedash scenario"]
    head += [f"# {k}: {v}" for k, v in parameters.items()]
    head += [f"# source: {s}" for s in sources]
    lines = "\n".join(h.replace("\n", " ").replace("\r", " ") for h in head) + "\n"
    return lines.encode("utf-8") + safe_csv(readable)


def _at_years(index: np.ndarray, values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """``values`` (one per year of ``index``) at ``years``, NaN where a year has none."""
    out = np.full(len(years), np.nan)
    index = np.asarray(index, dtype="int64")
    inside = (index >= years[0]) & (index <= years[-1]) if len(years) else index < 0
    out[index[inside] - years[0]] = np.asarray(values, dtype="float64")[inside]
    return out


class ScenarioView(NamedTuple):
    """What the scenario page shows for one set of parameters, built once and shared."""

    result: TargetResult
    figure: go.Figure
    table: pd.DataFrame
    arrow: pa.Table  # the readable table as Streamlit sends it: converted once, not per rerun
    csv: bytes  # the readable table; the page's download adds the parameters (scenario_csv)
    sources: list[str]  # citations of the history the evaluation used
    citations: Mapping[str, str]  # source_id → citation, for the figures after the base
    source_ids: tuple[str, ...] = ()  # ids of the history used (the page's footer)


#: Methods whose paths draw on the stores' pooled prior.
POOLED_METHODS = ("pooled", "random_walk")


def prior_for(
    method: str, as_of: str, prior_of: Callable[[str], PooledPrior | None]
) -> PooledPrior | None:
    """The pooled prior as of ``as_of`` for a method that draws on it, else ``None``
    (``prior_of`` is only called when needed: a fit reads every store)."""
    return prior_of(as_of) if method in POOLED_METHODS else None


def published_dates(sources: Mapping[str, Any]) -> dict[str, str]:
    """source_id → its publication date, from a snapshot's sources."""
    return {k: s.published for k, s in sources.items()}


def evaluated_view(
    asked: ScenarioAsk,
    view: AsOf,
    simulated: Paths,
    prior_of: Callable[[str], PooledPrior | None],
    citations: Mapping[str, str],
) -> ScenarioView:
    """The page's scenario, evaluated: ``evaluate_target`` on the pair's series as known
    at ``view.as_of``, conditioned on the figures after the base year, drawn from
    ``simulated`` when its paths reach the target year, with the pooled prior as of
    ``view.as_of`` (``prior_of``) for the methods that use it; then its figure, table and
    CSV. ``ValueError`` with the reason for parameters the series cannot support."""
    a = asked
    res = target_result(
        view.reconciled, a.target, a.target_year, base_year=a.base_year, history=a.history,
        paths=a.paths, seed=a.seed, method=a.method, scenarios=a.scenarios,
        prior=prior_for(a.method, view.as_of, prior_of), view=view,
        simulated=simulated if simulated.years[-1] >= a.target_year else None,
    )  # fmt: skip
    return scenario_view(view.reconciled, res, unit_of(a.series), citations)


class ScenarioAsk(NamedTuple):
    """What the page asks of a scenario (its controls), hashable for the cache."""

    reporter: str
    partner: str
    series: str
    target: float
    target_year: int
    base_year: int | None
    history: tuple[int, int] | None
    paths: int
    seed: int
    method: str
    scenarios: tuple[tuple[str, float], ...] = ()
    as_of: str | None = None


def scenario_view(
    r: Reconciled, res: TargetResult, unit: str, citations: Mapping[str, str]
) -> ScenarioView:
    """The figure, table, CSV and history's sources of an evaluated scenario."""
    table = scenario_table(res, unit)
    years = r.best["year"].to_numpy(dtype="int64")
    used = (years >= min(res.history_window[0], res.base_year)) & (years <= res.base_year)
    ids = r.best["source_ids"].to_numpy(dtype=object)[used]
    used_ids = tuple(dict.fromkeys(s for row in ids for s in row))
    sources = list(dict.fromkeys(citations.get(s, s) for s in used_ids))
    readable = readable_table(table, unit)
    return ScenarioView(
        res,
        target_figure(res, unit),
        table,
        pa.Table.from_pandas(display_table(readable), preserve_index=False),
        safe_csv(readable),
        sources,
        citations,
        used_ids,
    )


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
    citations: Mapping[str, str] | None = None,
    published: Mapping[str, str] | None = None,
) -> ScenarioDefaults:
    """:func:`scenario_defaults` from the pair's own data: the target the pair has stated
    (its ``trade_target`` figures in ``observations``), else a round figure above its
    base-year level (:func:`round_above`); never another pair's target. A stated target's
    default year names its basis: what the sources (``published``: source_id → date) say
    of its timing (:func:`target_timing`)."""
    stated_usd, ids = stated_target(observations)
    d = scenario_defaults(values, series, stated_usd, capacity, base_year)
    if series == "rail_freight":
        return rail_defaults(d, values, observations, citations)
    if ids:
        cites = "; ".join((citations or {}).get(s, s) for s in ids)
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
    return replace(
        d,
        target=int(target),
        target_basis=f"no target stated for this pair: a round figure above "
        f"{d.base_year}'s {amount(level, 'USD')}",
        target_year_basis="default: no target stated for this pair",
    )


def rail_defaults(
    d: ScenarioDefaults,
    values: pd.Series,
    observations: pd.DataFrame,
    citations: Mapping[str, str] | None = None,
) -> ScenarioDefaults:
    """Rail freight's target: a freight target the pair states (after the base year), else
    a round figure above the base year's freight. Never a capacity target: the line's
    roadmap levels are capacity to be built, not freight to carry."""
    from dashboard.views.rail import stated_freight_targets

    stated = stated_freight_targets(observations)
    stated = stated[stated["year"] > d.base_year]
    if len(stated):
        row = stated.iloc[0]
        cites = "; ".join((citations or {}).get(s, s) for s in row["source_ids"])
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


def evidence_table(result: TargetResult, unit: str, citations: Mapping[str, str]) -> pd.DataFrame:
    """The figures after the base year the paths were conditioned on, one row each:
    ``period``, ``figure`` (as stated), ``used as``, ``P(reach) after`` (P(reach by the
    target year) once it and the rows above were applied) and ``sources`` (citations)."""
    rows = []
    for e in result.evidence_used():
        figure = (
            stated(e["value"], unit, e["comparator"])
            if e["measure"] == "level"
            else f"{stated(e['value'], 'percent', e['comparator'], signed=True)} on a year earlier"
        )
        after = e["p_reach_after"]
        rows.append(
            {
                "period": period(e["period_start"], e["period_end"]),
                "figure": figure,
                "used as": ROLE_WORDS.get(e["role"], e["role"]),
                "P(reach) after": "" if after is None else probability(after),
                "sources": "; ".join(citations.get(s, s) for s in e["source_ids"]),
            }
        )
    return pd.DataFrame(rows, columns=["period", "figure", "used as", "P(reach) after", "sources"])


ROLE_WORDS = {
    "pin": "pins the year",
    "bound": "bound: no path on the wrong side",
    "part_level": "part of the year, through its share",
    "part_growth": "growth on the same months a year earlier",
    "part_bound": "bound on part of the year",
}


def fan_quality(
    summary: Mapping[str, Any], method: str, ratio: float
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """From the shipped backtest summary: the method's coverage by horizon (``horizon``,
    ``P10–P90``, ``P5–P95``, target 80 % and 90 %) and the reach entry of the backtest
    ratio nearest to ``ratio`` (target ÷ base); empty and ``None`` when the summary lacks
    the method."""
    m = summary.get("methods", {}).get(method)
    if not m:
        return pd.DataFrame(columns=["horizon", "P10–P90", "P5–P95"]), None
    cov = pd.DataFrame(
        {
            "horizon": [f"{c['horizon']} yr" for c in m["coverage"]],
            "P10–P90": [probability(c["coverage_p10_p90"]) for c in m["coverage"]],
            "P5–P95": [probability(c["coverage_p05_p95"]) for c in m["coverage"]],
        }
    )
    reach = min(m["reach"], key=lambda e: abs(math.log(e["ratio"]) - math.log(max(ratio, 1e-9))))
    return cov, reach


class FanQuality(NamedTuple):
    """What "How good is this fan?" shows for a method (see :func:`fan_quality`)."""

    coverage: pd.DataFrame
    reach: dict[str, Any] | None
    figure: go.Figure | None


def fan_quality_view(summary: Mapping[str, Any], method: str, ratio: float) -> FanQuality:
    """:func:`fan_quality` with the reliability diagram built."""
    from dashboard.figures.scenarios import reliability_figure

    cov, reach = fan_quality(summary, method, ratio)
    return FanQuality(cov, reach, None if reach is None else reliability_figure(reach, method))
