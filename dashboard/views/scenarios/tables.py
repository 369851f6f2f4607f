"""The scenario's tables: the fan and P(reach) by year, as read and as downloaded, and
the evidence used."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.target import TargetResult
from analysis.wording import period, probability, rate, stated
from dashboard.safety import safe_csv
from dashboard.views.scenarios.quality import ROLE_WORDS


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
    # Columns gathered first and framed once: a column added to a frame costs more than
    # its arithmetic on a table of a dozen rows (this runs on every new scenario).
    columns: dict[str, np.ndarray] = {"year": table["year"].to_numpy(dtype="int64")}
    for col in table.columns:
        if col.endswith(sfx):
            name = col[: -len(sfx)]
            head = HEADERS.get(name, "scenario " + name + " ({u})").format(u=words)
            columns[head] = np.round(table[col].to_numpy(dtype="float64") / divisor, decimals)
    if "p_reach" in table:
        columns["P(reach by then), %"] = np.round(table["p_reach"].to_numpy(dtype="float64") * 100)
    return pd.DataFrame(columns, index=table.index)


def display_columns(readable: pd.DataFrame) -> dict[str, list[str]]:
    """:func:`readable_table`'s cells as text, column by column: thousands separators,
    blank cells (never ``None`` or ``nan``)."""
    columns: dict[str, list[str]] = {}
    for col in readable.columns:
        decimals = 1 if "USD million" in str(col) else 0
        columns[col] = [
            "" if v is None or v != v else f"{v:,.{decimals}f}" if col != "year" else str(v)
            for v in readable[col].tolist()
        ]
    return columns


def display_table(readable: pd.DataFrame) -> pd.DataFrame:
    """:func:`display_columns` as a frame, for the report."""
    return pd.DataFrame(display_columns(readable), index=readable.index, columns=readable.columns)


def display_arrow(readable: pd.DataFrame) -> pa.Table:
    """:func:`display_columns` as the Arrow table the page sends, built directly: a third
    of the time of a frame converted (a new target year builds one on each step)."""
    cells = display_columns(readable)
    return pa.table({col: pa.array(text, pa.large_string()) for col, text in cells.items()})


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


def evidence_table(result: TargetResult, unit: str, citations: Mapping[str, str]) -> pd.DataFrame:
    """The figures after the base year the paths were conditioned on, one row each:
    ``period``, ``figure`` (as stated), ``used as``, ``P(reach) after`` (P(reach by the
    target year) once it and the rows above were applied; "with the row below" where it
    was applied together with the rows that follow, as a growth rate is with its window's
    level) and ``sources`` (citations)."""
    rows = []
    used = result.evidence_used()
    # A row without its own P(reach) whose later rows have one was applied with them.
    joined = [
        e["p_reach_after"] is None and any(x["p_reach_after"] is not None for x in used[i + 1 :])
        for i, e in enumerate(used)
    ]
    for e, with_next in zip(used, joined, strict=True):
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
                "P(reach) after": (
                    "with the row below"
                    if with_next
                    else ""
                    if after is None
                    else probability(after)
                ),
                "sources": "; ".join(citations.get(s, s) for s in e["source_ids"]),
            }
        )
    return pd.DataFrame(rows, columns=["period", "figure", "used as", "P(reach) after", "sources"])


def world_table(result: TargetResult) -> pd.DataFrame:
    """P(reach) by the stretch of the world's history the paths drew, the world's worst
    first: ``world's years``, ``world vs. mean`` (its change over the years to the target,
    at most five, against the mean of every stretch), ``P(reach)`` (by the target year)
    and ``weight`` (the share of the answer its paths hold, after the figures since the
    base year). Short headers: the four columns fit a phone's width."""
    rows = [
        {
            "world's years": f"{s.start}–{s.end}",
            "world vs. mean": rate(math.expm1(s.change), signed=True),
            "P(reach)": probability(s.p_reach),
            "weight": probability(s.weight),
        }
        for s in result.by_world
    ]
    return pd.DataFrame(rows, columns=["world's years", "world vs. mean", "P(reach)", "weight"])
