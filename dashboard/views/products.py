"""The "What is traded" page's tables: the stated product figures with their sources, and
a year's top products with their value per tonne.

Pure, no Streamlit. Values stay in base units in the numeric columns (``value``,
``value_usd`` in US dollars, ``weight_t`` in tonnes); the worded columns are for reading.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.wording import amount
from data.provenance import Source

FLOW_WORDS = {"export": "exports", "import": "imports", "total": "turnover"}
#: The figure second: a phone shows a table's first columns (the measure's long words
#: pushed it off a 390 px screen).
FIGURE_TABLE_COLUMNS = [
    "product", "figure", "period", "flow", "measure", "source", "url", "note", "source_id",
]  # fmt: skip


def figures_table(figures: pd.DataFrame, sources: Mapping[str, Source]) -> pd.DataFrame:
    """One row per stated figure: product, the figure as stated, window, flow, what is
    measured, the source's citation and address (``url``), the publisher's remark."""
    if figures.empty:
        return pd.DataFrame(columns=FIGURE_TABLE_COLUMNS)

    def cite(sid: str) -> str:
        s = sources.get(sid)
        return s.citation() if s else sid

    def link(sid: str) -> str:
        s = sources.get(sid)
        return s.url if s else ""

    return pd.DataFrame(
        {
            "product": figures["product"],
            "flow": figures["flow"].map(lambda f: FLOW_WORDS.get(f, f)),
            "measure": [
                f"{m} ({'tonnes' if s == 'trade_quantity' else 'value'})"
                for m, s in zip(figures["measure"], figures["series"], strict=True)
            ],
            "period": figures["period"],
            "figure": figures["figure"],
            "source": figures["source_id"].map(cite),
            "url": figures["source_id"].map(link),
            "note": figures["note"],
            "source_id": figures["source_id"],
        }
    )[FIGURE_TABLE_COLUMNS]


def top_table(top: pd.DataFrame) -> pd.DataFrame:
    """The top products worded: value, share, tonnes and value per tonne (blank where no
    net weight is stated)."""
    out = top[["commodity", "product"]].copy()
    out["value"] = [amount(v, "USD") for v in top["value_usd"]]
    out["share"] = [amount(v, "percent") for v in top["share_pct"]]
    out["net weight"] = [amount(v, "t") for v in top["weight_t"]]
    out["value per tonne"] = [
        "" if pd.isna(v) else f"{amount(v, 'USD')}/t" for v in top["usd_per_t"]
    ]
    out["source_ids"] = [";".join(ids) for ids in top["source_ids"]]
    out["value_usd"] = top["value_usd"]
    return out
