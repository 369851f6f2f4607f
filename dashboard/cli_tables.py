"""The command line's ``--format table``: each command's rows in words, as the pages word
them (``analysis.wording``). ``--format csv`` and ``json`` keep the numbers as they are.

A command without an entry here prints its rows unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.wording import amount, difference, period, probability, rate, stated

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


def _claims(payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.drop(columns=["unit"])
    units = rows["unit"].tolist()
    out["data_value"] = [amount(v, u) for v, u in zip(rows["data_value"], units, strict=True)]
    out["difference"] = [difference(v, u) for v, u in zip(rows["difference"], units, strict=True)]
    return out


READABLE: dict[str, Readable] = {
    "series": _series,
    "scenario": _scenario,
    "nowcast": _nowcast,
    "mirror": _mirror,
    "claims": _claims,
}


def readable(command: str, payload: Any, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of ``command`` as people read them; unchanged for other commands."""
    if command not in READABLE or rows.empty:
        return rows
    return READABLE[command](payload, rows)
