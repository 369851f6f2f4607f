"""How recent each source is for a pair: "IMF DOTS to 2020 · KZ statistics to 2023 · press
to Jan–Sep 2025".

Observations in (the data model of ``data.schema``), with a label for each ``source_id``;
out, one ``(label, latest period)`` per label, oldest first. Sources sharing a label
(every press article is "press", every DOTS workbook "IMF DOTS") are one line.

Policy:

* stated targets (``trade_target`` and the ``target`` measure) are left out: a 2030 target
  is not data to 2030;
* a label's latest period is its window that ends last; of windows ending in the same
  month the longest reads (``Jan–Sep 2025``, not ``Sep 2025``);
* a source without a label, or a frame without rows, gives nothing (no line is invented).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis import periods
from analysis.wording import period

#: Short names of the stores' sources by the prefix of their ``source_id`` (before ``:``).
PREFIX_LABELS = {
    "imf-dots": "IMF DOTS",
    "imf-imts": "IMF IMTS",
    "kz-bns": "KZ statistics",
    "comtrade": "UN Comtrade",
    "comtrade_api": "UN Comtrade",
    "wits": "WITS",
    "stat-uz": "Uzbekistan statistics",
}


def source_label(source_id: str, category: str, publisher: str = "") -> str:
    """A source's short name in the recency line: ``press`` for any press article, the
    store's name for a known prefix, else its publisher (else its id)."""
    if category == "press":
        return "press"
    prefix = source_id.split(":", 1)[0]
    return PREFIX_LABELS.get(prefix) or publisher or source_id


def latest_by_source(obs: pd.DataFrame, labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(label, latest period)`` for each label among ``obs``' sources, the oldest first
    (ties by label); the period in the project's words (``2020``, ``Jan–Sep 2025``)."""
    if obs.empty:
        return []
    keep = (obs["series"].astype(str) != "trade_target") & (obs["measure"].astype(str) != "target")
    rows = obs.loc[keep, ["source_id", "period_start", "period_end"]]
    if rows.empty:
        return []
    label = rows["source_id"].astype(str).map(labels)
    frame = pd.DataFrame(
        {
            "label": label.to_numpy(),
            "start": periods.months(rows["period_start"]),
            "end": periods.months(rows["period_end"]),
        }
    ).dropna(subset=["label"])
    if frame.empty:
        return []
    # Latest end first, then the longest window ending then (earliest start).
    frame = frame.sort_values(["label", "end", "start"], ascending=[True, False, True])
    last = frame.drop_duplicates("label").sort_values(["end", "label"])
    return [
        (str(r.label), period(periods.text(int(r.start)), periods.text(int(r.end))))
        for r in last.itertuples(index=False)
    ]


def recency_line(latest: list[tuple[str, str]]) -> str:
    """``IMF DOTS to 2020 · press to Jan–Sep 2025``; ``""`` when there is nothing."""
    return " · ".join(f"{label} to {when}" for label, when in latest)
