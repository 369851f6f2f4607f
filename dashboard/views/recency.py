"""The line every page shows under its title: how recent each source is for the pair.

"Latest figure of each source for this pair: IMF DOTS to 2020 · KZ statistics to 2023 ·
press to Jan–Sep 2025". Pure: the pair's observations and sources in, text out; the page
escapes it (source names are data).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from analysis.recency import latest_by_source, recency_line, source_label
from data.provenance import Source

#: What each page's line speaks of, by series.
SERIES_WORDS = {"trade_value": "trade values", "rail_freight": "rail freight"}


def recency_caption(
    frame: pd.DataFrame,
    sources: Mapping[str, Source],
    reporter: str,
    partner: str,
    series: Iterable[str] = ("trade_value",),
) -> str:
    """The recency line of the pair (either side's records) for ``series``."""
    wanted = tuple(series)
    rep, par = frame["reporter"].astype(str), frame["partner"].astype(str)
    pair = ((rep == reporter) & (par == partner)) | ((rep == partner) & (par == reporter))
    rows = frame[pair & frame["series"].astype(str).isin(wanted)]
    labels = {
        sid: source_label(sid, s.category, s.publisher_of_figure or s.publisher)
        for sid, s in sources.items()
    }
    line = recency_line(latest_by_source(rows, labels))
    what = " and ".join(SERIES_WORDS.get(s, s) for s in wanted)
    if not line:
        return f"No {what} for this pair in the stores yet."
    return f"Latest figure of each source for this pair ({what}): {line}"
