"""How recent each source is: the latest window per label, oldest first, in the project's
words; targets are not data."""

from __future__ import annotations

import pandas as pd

from analysis.recency import latest_by_source, recency_line, source_label


def obs(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["series", "measure", "source_id", "period_start", "period_end"]
    )


LABELS = {
    "imf-dots:dots_103": "IMF DOTS",
    "imf-dots:dots_7": "IMF DOTS",
    "kz-bns:table": "KZ statistics",
    "press:a": "press",
    "press:b": "press",
}


def test_latest_window_per_label_oldest_first():
    frame = obs(
        ("trade_value", "level", "imf-dots:dots_103", "2019-01", "2019-12"),
        ("trade_value", "level", "imf-dots:dots_7", "2020-01", "2020-12"),
        ("trade_value", "level", "kz-bns:table", "2023-01", "2023-12"),
        ("trade_value", "level", "press:a", "2024-01", "2024-12"),
        ("trade_value", "level", "press:b", "2025-09", "2025-09"),
        ("trade_value", "level", "press:a", "2025-01", "2025-09"),
        ("trade_value", "growth_pct_yoy", "press:b", "2025-01", "2025-09"),
    )
    got = latest_by_source(frame, LABELS)
    assert got == [
        ("IMF DOTS", "2020"),
        ("KZ statistics", "2023"),
        ("press", "Jan–Sep 2025"),  # the longest window ending last, not Sep 2025
    ]
    assert recency_line(got) == "IMF DOTS to 2020 · KZ statistics to 2023 · press to Jan–Sep 2025"


def test_targets_and_unlabelled_sources_are_left_out():
    frame = obs(
        ("trade_value", "level", "press:a", "2023-01", "2023-12"),
        ("trade_target", "target", "press:a", "2028-01", "2028-12"),
        ("rail_freight", "target", "press:b", "2030-01", "2030-12"),
        ("trade_value", "level", "unknown:x", "2026-01", "2026-12"),
    )
    assert latest_by_source(frame, LABELS) == [("press", "2023")]


def test_nothing_in_nothing_out():
    assert latest_by_source(obs(), LABELS) == []
    only_targets = obs(("trade_target", "target", "press:a", "2028-01", "2028-12"))
    assert latest_by_source(only_targets, LABELS) == []
    assert recency_line([]) == ""


def test_source_labels():
    assert source_label("press:kazinform-2024", "press", "Kazinform") == "press"
    assert source_label("imf-dots:dots_103", "international") == "IMF DOTS"
    assert source_label("kz-bns:foreign-trade", "official") == "KZ statistics"
    assert source_label("long:mine-abc", "official", "My ministry") == "My ministry"
    assert source_label("long:mine-abc", "official") == "long:mine-abc"
