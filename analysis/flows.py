"""Flows built from other flows: the trade balance from exports and imports.

Input frames are reconciled annual series (``Reconciled.best`` of ``analysis.reconcile``:
``year, value, comparator, kind, side, category, source_ids``), values in base units
(USD). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

_CATEGORY_ORDER = ("official", "international", "press", "derived")
BALANCE_COLUMNS = [
    "year", "value", "comparator", "kind", "side", "category", "source_ids", "exports",
    "imports",
]  # fmt: skip


def worst_category(cats: Iterable[str]) -> str:
    """The weakest of the categories given (official < international < press < derived)."""
    ranked = [c for c in _CATEGORY_ORDER if c in set(cats)]
    return ranked[-1] if ranked else "derived"


def trade_balance(exports: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """Exports − imports for each year where both are exact or approximate figures.

    Bounds are left out (a difference of bounds bounds nothing). The balance is ``derived``,
    or ``mirror``/``estimated`` when an input is; its sources are both inputs' sources.
    A negative value is a deficit, kept as it is.
    """
    exact = ("=", "~")
    ex = exports[exports["comparator"].isin(exact)].set_index("year")
    im = imports[imports["comparator"].isin(exact)].set_index("year")
    rows = []
    for year in sorted(set(ex.index) & set(im.index)):
        e, i = ex.loc[year], im.loc[year]
        kinds = {e["kind"], i["kind"]}
        kind = "mirror" if "mirror" in kinds else "estimated" if "estimated" in kinds else "derived"
        rows.append(
            {
                "year": int(year),
                "value": float(e["value"]) - float(i["value"]),
                "comparator": "=" if {e["comparator"], i["comparator"]} == {"="} else "~",
                "kind": kind,
                "side": e["side"] if e["side"] == i["side"] else "mixed",
                "category": worst_category([e["category"], i["category"]]),
                "source_ids": tuple(dict.fromkeys([*e["source_ids"], *i["source_ids"]])),
                "exports": float(e["value"]),
                "imports": float(i["value"]),
            }
        )
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)
