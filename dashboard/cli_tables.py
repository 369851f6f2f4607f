"""The command line's ``--format table``: each command's rows in words, as the pages word
them (``analysis.wording``). ``--format csv`` and ``json`` keep the numbers as they are.

A command without an entry here prints its rows unchanged.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.wording import amount, difference, period, probability, rate, stated
from analysis.world_stretches import Stretch, world_words

Readable = Callable[[Any, pd.DataFrame], pd.DataFrame]


def _periods(rows: pd.DataFrame) -> list[str]:
    return [period(a, b) for a, b in zip(rows["period_start"], rows["period_end"], strict=True)]


def _series(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    figures = zip(rows["value"], rows["unit"], rows["comparator"], strict=True)
    return pd.DataFrame(
        {
            "period": _periods(rows),
            "value": [stated(v, u, c) for v, u, c in figures],
            "kind": rows["kind"],
            "category": rows["category"],
            "source_ids": rows["source_ids"],
        }
    )


def _scenario(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    unit = payload["unit"]
    out = rows.copy()
    for col in (c for c in rows.columns if re.fullmatch(r"p\d\d", str(c))):  # p05 … p95
        out[col] = [amount(v, unit) for v in rows[col]]
    out["p_reach"] = [probability(p) for p in rows["p_reach"]]
    return out


def _nowcast(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    unit = payload["unit"]
    parts = zip(rows["part_value"], rows["comparator"], strict=True)
    out = pd.DataFrame({"period": _periods(rows), "months": rows["months"]})
    out["part_value"] = [stated(v, unit, c) for v, c in parts]
    for col in ("share", "share_low", "share_high"):
        out[col] = [rate(v) for v in rows[col]]
    out["method"], out["n_years"] = rows["method"], rows["n_years"]
    for col in ("nowcast", "low", "high"):
        out[col] = [amount(v, unit) for v in rows[col]]
    out["source_ids"] = rows["source_ids"]
    return out


def _mirror(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.drop(columns=["gap_defined"])
    for col in ("export_fob", "import_cif", "import_fob_adjusted"):
        out[col] = [amount(v, payload["unit"]) for v in rows[col]]
    gaps = zip(rows["gap_pct"], rows["gap_defined"], strict=True)
    out["gap_pct"] = [amount(g, "percent", signed=True) if ok else "" for g, ok in gaps]
    return out


#: How the claims table names each unit (the unit of ``data_value`` and ``difference``).
UNIT_WORDS = {"USD": "US dollars", "t": "tonnes", "percent": "percent", "ratio": "multiple"}


def _claims(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    units = rows["unit"].tolist()
    out = rows.drop(columns=["unit", "note"])
    out["data_value"] = [amount(v, u) for v, u in zip(rows["data_value"], units, strict=True)]
    out["difference"] = [difference(v, u) for v, u in zip(rows["difference"], units, strict=True)]
    out["unit"] = [UNIT_WORDS.get(u, u) for u in units]
    out["note"] = rows["note"]
    return out


READABLE: dict[str, Readable] = {
    "series": _series,
    "scenario": _scenario,
    "nowcast": _nowcast,
    "mirror": _mirror,
    "claims": _claims,
}


def _scenario_headline(payload: Any) -> list[str]:
    unit, p = payload["unit"], payload
    reached = p.get("year_reached_at_historical")
    pace = f"{rate(p['historical_cagr'])} a year over {p['history_window'].replace(':', '–')}"
    lines = [
        f"Required growth:  {rate(p['required_cagr'])} a year, from {p['base_year']}'s "
        f"{amount(p['base_value'], unit)} to {amount(p['target_value'], unit)} by "
        f"{p['target_year']}",
        f"Historical pace:  {pace}",
        f"Year reached:     {reached if reached else 'never'} at that pace",
        f"P(reach by {p['target_year']}): {probability(p['p_reach_by_target_year'])}",
        f"Method:           {p['method']}, {p['paths']:,} paths, seed {p['seed']}, "
        f"as of {p.get('as_of') or 'the latest'}",
        f"Window:           {p['history_window'].replace(':', '–')} (growth history)",
    ]
    stretches = [Stretch.from_dict(r) for r in p.get("p_reach_by_world", [])]
    if world := world_words(stretches, p["target_year"], p["base_year"]):
        lines.append(f"By the world:     {world}")
    return lines + [f"Note: {n}" for n in p.get("notes", [])]


#: Lines printed above a command's table.
HEADLINES: dict[str, Callable[[Any], list[str]]] = {"scenario": _scenario_headline}
#: Columns printed under each row, wrapped at the terminal's width, instead of in the table.
WRAPPED = {"claims": ("note",)}


def render(command: str, payload: Any, rows: pd.DataFrame, width: int = 100) -> str:
    """``--format table``: the command's headline lines, then its rows as people read them,
    long text (``WRAPPED``) under each row, wrapped at ``width`` characters."""
    head = HEADLINES[command](payload) if command in HEADLINES and payload else []
    head = [w for line in head for w in textwrap.wrap(line, width, subsequent_indent="  ")]
    if rows.empty:
        return "\n".join([*head, "(no rows)"])
    table = readable(command, payload, rows)
    long = [c for c in WRAPPED.get(command, ()) if c in table.columns]
    if not long:
        return "\n".join([*head, *([""] if head else []), table.to_string(index=False)])
    short = table.drop(columns=long).to_string(index=False).splitlines()
    out = [*head, *([""] if head else []), short[0]]
    for line, row in zip(short[1:], table[long].itertuples(index=False), strict=True):
        out.append(line)
        for text in row:
            out += textwrap.wrap(
                str(text), width, initial_indent="    ", subsequent_indent="    ",
                break_on_hyphens=False,
            )  # fmt: skip
    return "\n".join(out)


def readable(command: str, payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of ``command`` as people read them; unchanged for other commands."""
    if command not in READABLE or rows.empty:
        return rows
    return READABLE[command](payload, rows)
