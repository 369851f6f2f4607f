"""Small hand-made reconciled series for the views' tests (base units)."""

from __future__ import annotations

import pandas as pd

from analysis.reconcile import Reconciled


def best(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "year": y,
                "period_start": f"{y}-01",
                "period_end": f"{y}-12",
                "value": v,
                "comparator": c,
                "kind": kind,
                "method": "growth" if kind == "derived" else "stated",
                "source_ids": (f"src:{y}",),
                "note": note,
            }
            for y, v, c, kind, note in rows
        ]
    )


def rec(rows, unit="USD") -> Reconciled:
    b = best(rows)
    return Reconciled("AAA", "BBB", "s", "total", unit, b, b, pd.DataFrame())


TRADE = rec(
    [
        (2018, 99.548145e6, "=", "reported", ""),
        (2019, 145.920637e6, "=", "reported", ""),
        (2022, 439.84375e6, "=", "derived", "563 / (1 + 28%)"),
        (2023, 563e6, "=", "reported", ""),
        (2024, 500e6, ">", "reported", ""),
    ]
)


FREIGHT = rec(
    [
        (2022, 1.0833333e6, "=", "derived", ""),
        (2023, 1.3e6, "=", "reported", ""),
        (2024, 1.6e6, "=", "reported", ""),
    ],
    "t",
)


CAPACITY = rec(
    [(2025, 6e6, "=", "reported", ""), (2027, 15e6, "=", "reported", ""),
     (2030, 20e6, "=", "reported", "")],
    "t",
)  # fmt: skip
