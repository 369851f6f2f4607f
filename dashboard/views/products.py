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
    "product", "figure", "period", "flow", "measure", "source", "also stated by", "url",
    "note", "source_ids",
]  # fmt: skip
#: What makes two rows one figure: the same product, flow, measure, window and figure as
#: stated ("about +70.0%" and "+70.0%" stay two).
SAME_FIGURE = ["product", "flow", "measure", "period", "figure"]


def figures_table(figures: pd.DataFrame, sources: Mapping[str, Source]) -> pd.DataFrame:
    """One row per stated figure: product, the figure as stated, window, flow, what is
    measured, its source's citation and address (``url``), the publisher's remark.

    A figure several outlets state is one row: ``source`` is the first to publish it (by
    publication date, then id), ``also stated by`` names the others' publishers, ``note``
    keeps each distinct remark, and ``source_ids`` holds every source, first one first.
    Rows keep the order of ``figures`` (a product's newest window first)."""
    if figures.empty:
        return pd.DataFrame(columns=FIGURE_TABLE_COLUMNS)
    rows = pd.DataFrame(
        {
            "product": figures["product"],
            "flow": figures["flow"].map(lambda f: FLOW_WORDS.get(f, f)),
            "measure": [
                f"{m} ({'tonnes' if s == 'trade_quantity' else 'value'})"
                for m, s in zip(figures["measure"], figures["series"], strict=True)
            ],
            "period": figures["period"],
            "figure": figures["figure"],
            "note": figures["note"].fillna("").astype(str),
            "source_id": figures["source_id"].astype(str),
        }
    )

    def first_published(sid: str) -> tuple[str, str]:
        s = sources.get(sid)
        return (s.published if s and s.published else "9999", sid)

    out = []
    for _, group in rows.groupby(SAME_FIGURE, sort=False):
        ids = sorted(dict.fromkeys(group["source_id"]), key=first_published)
        first = sources.get(ids[0])
        others = [sources[i].publisher if i in sources else i for i in ids[1:]]
        out.append(
            {
                **group.iloc[0][SAME_FIGURE].to_dict(),
                "source": first.citation() if first else ids[0],
                "also stated by": ", ".join(dict.fromkeys(others)),
                "url": first.url if first else "",
                "note": "; ".join(dict.fromkeys(n for n in group["note"] if n)),
                "source_ids": tuple(ids),
            }
        )
    return pd.DataFrame(out, columns=FIGURE_TABLE_COLUMNS)


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
