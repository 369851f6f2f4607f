"""The Claims page's tables: verdicts, contradictions between sources, every source.

Values in the claim's unit, formatted for reading; citations resolved from source ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.wording import amount, difference, label, series_label
from data.provenance import Source

_CATEGORY_ORDER = ("official", "international", "press", "derived")

VERDICT_COLUMNS = ["id", "verdict", "data_value", "difference", "claim", "note", "source"]


def verdict_table(
    verdicts: Sequence[Mapping[str, Any]],
    units: Mapping[str, str],
    citations: Mapping[str, str],
) -> pd.DataFrame:
    """One row per verdict in the order given, values in the claim's unit, formatted.

    ``units`` maps a verdict id to its claim's unit (``USD``, ``t``, ``percent``, ``ratio``).
    """
    rows = []
    for v in verdicts:
        unit = units.get(str(v["id"]), "USD")
        rows.append(
            {
                "id": v["id"],
                "claim": v.get("claim", ""),
                "verdict": str(v["verdict"]).replace("_", " "),
                "data_value": amount(v.get("data_value"), unit),
                "difference": difference(v.get("difference"), unit, label("pp")),
                "note": v.get("note", ""),
                "source": citations.get(str(v.get("source_id", "")), v.get("source_id", "")),
            }
        )
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


CONTRADICTION_COLUMNS = [
    "severity",
    "check",
    "series",
    "period",
    "figure_a",
    "figure_b",
    "explanation",
]


def contradiction_table(
    clashes: Sequence[Mapping[str, Any]], citations: Mapping[str, str]
) -> pd.DataFrame:
    """One row per pair of clashing figures: each side as ``ref — citation``, then why."""
    rows = [
        {
            "severity": label(c["severity"]),
            "check": str(c.get("check", "")).replace("_", " "),
            "series": series_label(str(c["series"])),
            "period": str(c["period"]).replace("..", "–"),
            "figure_a": f"{c['a_ref']} — {citations.get(str(c['a_source']), c['a_source'])}",
            "figure_b": f"{c['b_ref']} — {citations.get(str(c['b_source']), c['b_source'])}",
            "explanation": c["explanation"],
        }
        for c in clashes
    ]
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS)


SOURCE_COLUMNS = [
    "source_id", "category", "publisher", "body", "title", "url", "published", "accessed",
    "licence", "file",
]  # fmt: skip


def sources_table(sources: Iterable[Source]) -> pd.DataFrame:
    """Every source: who published it, the body that issued the figure, dates, licence.

    ``url`` is kept only when it is an http(s) address, so a link column never carries a
    ``javascript:`` or ``data:`` address from a file.
    """
    rows = [
        {
            "source_id": s.source_id,
            "category": s.category,
            "publisher": s.publisher,
            "body": s.publisher_of_figure,
            "title": s.title,
            "url": s.url if re.match(r"https?://", s.url or "", re.I) else None,
            "published": s.published,
            "accessed": s.accessed,
            "licence": s.licence,
            "file": s.file,
        }
        for s in sorted(sources, key=lambda s: (_CATEGORY_ORDER.index(s.category), s.source_id))
    ]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)
