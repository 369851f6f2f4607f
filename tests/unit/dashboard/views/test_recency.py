"""The recency line of a pair: either side's records, the page's series, a plain sentence
when there is nothing."""

from __future__ import annotations

import pandas as pd

from dashboard.views.recency import recency_caption
from data.provenance import Source

SOURCES = {
    "imf-dots:dots_1": Source("imf-dots:dots_1", "international", "International Monetary Fund"),
    "press:a": Source("press:a", "press", "Kazinform"),
}


def obs(reporter, partner, series, source, start, end):
    return {"reporter": reporter, "partner": partner, "series": series, "measure": "level",
            "source_id": source, "period_start": start, "period_end": end}  # fmt: skip


FRAME = pd.DataFrame(
    [
        obs("TKM", "KAZ", "trade_value", "imf-dots:dots_1", "2020-01", "2020-12"),  # partner side
        obs("KAZ", "TKM", "trade_value", "press:a", "2025-01", "2025-09"),
        obs("KAZ", "TKM", "rail_freight", "press:a", "2024-01", "2024-12"),
        obs("KAZ", "UZB", "trade_value", "press:a", "2026-01", "2026-03"),  # another pair
    ]
)


def test_both_sides_of_the_pair_for_the_page_series():
    line = recency_caption(FRAME, SOURCES, "KAZ", "TKM")
    assert line == (
        "Latest figure of each source for this pair (trade values): "
        "IMF DOTS to 2020 · press to Jan–Sep 2025"
    )
    rail = recency_caption(FRAME, SOURCES, "KAZ", "TKM", ("rail_freight",))
    assert rail.endswith("(rail freight): press to 2024")


def test_a_pair_without_figures_says_so():
    assert recency_caption(FRAME, SOURCES, "KAZ", "XXX") == (
        "No trade values for this pair in the stores yet."
    )
