"""Flows built from other flows: turnover and the trade balance from exports and imports.

:func:`turnover` is the one rule for exports + imports, used by reconciliation, the
contradiction checks and the monthly and quarterly views; :func:`trade_balance` takes
reconciled annual series (``Reconciled.best`` of ``analysis.reconcile``). Values in base
units (USD). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

_CATEGORY_ORDER = ("official", "international", "press", "derived")
BALANCE_COLUMNS = [
    "year", "value", "comparator", "kind", "side", "category", "source_ids", "exports",
    "imports",
]  # fmt: skip


def turnover(exports: pd.DataFrame, imports: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Exports + imports of the rows that match on ``on`` (one source and window, say).

    Both frames carry ``value`` and ``comparator``, and may carry ``kind`` (any other columns
    come back with the suffixes ``_x`` for exports and ``_m`` for imports). Bounds are left
    out: a sum with a bound is a bound of the sum only when both point the same way, and
    no source states turnover so. The sum is exact (``=``) when both are, else approximate
    (``~``); its kind is ``mirror`` when either input is built from the other side's
    records, else ``derived`` (also when no kind is given). Adds ``value``,
    ``comparator`` and ``kind``; an empty frame when nothing matches.
    """
    exact = ["=", "~"]
    x = exports[exports["comparator"].isin(exact)]
    m = imports[imports["comparator"].isin(exact)]
    both = x.merge(m, on=on, suffixes=("_x", "_m"))
    no = np.zeros(len(both), dtype=bool)
    kinds = {s: both[f"kind{s}"].to_numpy(dtype=object) == "mirror" if "kind_x" in both else no
             for s in ("_x", "_m")}  # fmt: skip
    value, approx, mirror = turnover_arrays(
        both["value_x"].to_numpy(dtype=float),
        both["value_m"].to_numpy(dtype=float),
        both["comparator_x"].to_numpy(dtype=object) != "=",
        both["comparator_m"].to_numpy(dtype=object) != "=",
        kinds["_x"],
        kinds["_m"],
    )
    return both.assign(
        value=value,
        comparator=np.where(approx, "~", "="),
        kind=np.where(mirror, "mirror", "derived"),
    )


def turnover_arrays(
    exports: np.ndarray,
    imports: np.ndarray,
    approx_x: np.ndarray,
    approx_m: np.ndarray,
    mirror_x: np.ndarray,
    mirror_m: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rule of :func:`turnover` on aligned arrays (exact figures only, matched
    already): the value is exports + imports, approximate when either is, a mirror
    figure when either is. Returns ``(value, approx, mirror)``."""
    value = np.asarray(exports, dtype=float) + np.asarray(imports, dtype=float)
    approx = np.asarray(approx_x, dtype=bool) | np.asarray(approx_m, dtype=bool)
    mirror = np.asarray(mirror_x, dtype=bool) | np.asarray(mirror_m, dtype=bool)
    return value, approx, mirror


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
