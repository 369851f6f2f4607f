"""Downloads and text safety: CSV without formula injection, a self-contained HTML report,
Markdown escaping for data strings. Pure functions, no Streamlit.

Names, titles and notes are *data* (typed by whoever wrote a press-figures file), so every
string that reaches Markdown, HTML or a spreadsheet goes through one of these helpers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.target import TargetResult
from dashboard.safety import md_escape, neutralise_cell, safe_csv

__all__ = ["md_escape", "neutralise_cell", "safe_csv"]


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


def _at_years(index: np.ndarray, values: np.ndarray, years: np.ndarray) -> np.ndarray:
    """``values`` (one per year of ``index``) at ``years``, NaN where a year has none."""
    out = np.full(len(years), np.nan)
    index = np.asarray(index, dtype="int64")
    inside = (index >= years[0]) & (index <= years[-1]) if len(years) else index < 0
    out[index[inside] - years[0]] = np.asarray(values, dtype="float64")[inside]
    return out


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "\n".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in pairs
    )


def scenario_html(
    title: str,
    fig: go.Figure,
    parameters: Mapping[str, object],
    numbers: Mapping[str, str],
    sources: Iterable[str],
    notes: Iterable[str] = (),
    table: pd.DataFrame | None = None,
) -> str:
    """A self-contained HTML page: the chart (plotly.js inlined, works offline), the
    parameters, the numbers, the scenario table, notes and sources. All text is escaped;
    plotly's JSON encoder escapes ``<`` inside the embedded figure."""
    chart = fig.to_html(full_html=False, include_plotlyjs=True, config={"responsive": True})
    params = _rows((k, str(v)) for k, v in parameters.items())
    nums = _rows(numbers.items())
    note_items = "\n".join(f"<li>{html.escape(n)}</li>" for n in notes)
    source_items = "\n".join(f"<li>{html.escape(s)}</li>" for s in sources)
    table_html = ""
    if table is not None:
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
        body = "\n".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
            for row in table.itertuples(index=False)
        )
        table_html = f"<h2>Scenario table</h2>\n<table><tr>{head}</tr>\n{body}</table>"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 1rem auto;
       padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; }}
</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p>Generated by tradedash, {html.escape(stamp)}.</p>
{chart}
<h2>Numbers</h2>
<table>{nums}</table>
<h2>Parameters</h2>
<table>{params}</table>
{table_html}
<h2>Notes</h2>
<ul>{note_items}</ul>
<h2>Sources</h2>
<ul>{source_items}</ul>
</body></html>
"""


def _cell(v: object) -> str:
    if isinstance(v, float):
        return "" if v != v else f"{v:,.4g}" if abs(v) < 10 else f"{v:,.0f}"
    return str(v)
