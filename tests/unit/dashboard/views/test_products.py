"""The stated product figures' table: one row per figure, its outlets named once."""

from __future__ import annotations

import pandas as pd

from dashboard.views.products import FIGURE_TABLE_COLUMNS, figures_table
from data.provenance import Source


def _src(sid: str, publisher: str, published: str) -> Source:
    return Source(sid, "press", publisher, title=f"article {sid}", url=f"https://{sid}.example/",
                  published=published)  # fmt: skip


SOURCES = {
    s.source_id: s
    for s in (
        _src("late", "Late Outlet", "2025-11-25"),
        _src("early", "Early Outlet", "2025-11-02"),
        _src("other", "Other Outlet", "2025-12-01"),
    )
}


def _figures(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"product": p, "flow": "export", "measure": m, "series": "trade_value",
             "period": "Jan–Sep 2025", "figure": f, "source_id": sid, "note": note}
            for p, m, f, sid, note in rows
        ]
    )  # fmt: skip


def test_a_figure_stated_by_several_outlets_is_one_row_citing_the_first_to_publish():
    table = figures_table(
        _figures(
            [
                ("wheat", "growth", "+50.0%", "late", "as the ministry said"),
                ("wheat", "growth", "+50.0%", "early", ""),
                ("wheat", "growth", "+50.0%", "other", "as the ministry said"),
                ("wheat", "growth", "about +50.0%", "other", ""),  # stated otherwise: its own
                ("wheat", "level", "$70M", "late", "rounded"),
                ("flour", "growth", "+50.0%", "late", ""),  # another product: its own
            ]
        ),
        SOURCES,
    )
    assert list(table.columns) == FIGURE_TABLE_COLUMNS
    assert list(zip(table["product"], table["measure"], table["figure"], strict=True)) == [
        ("wheat", "growth (value)", "+50.0%"),
        ("wheat", "growth (value)", "about +50.0%"),
        ("wheat", "level (value)", "$70M"),
        ("flour", "growth (value)", "+50.0%"),
    ]
    three = table.iloc[0]
    assert three["source"] == SOURCES["early"].citation()
    assert three["url"] == "https://early.example/"
    assert three["also stated by"] == "Late Outlet, Other Outlet"
    assert three["source_ids"] == ("early", "late", "other")
    assert three["note"] == "as the ministry said"  # each distinct remark once
    one = table.iloc[2]
    assert (one["also stated by"], one["source_ids"], one["note"]) == ("", ("late",), "rounded")
    assert table.iloc[0]["flow"] == "exports"


def test_a_source_the_stores_do_not_describe_is_named_by_its_id_and_sorts_last():
    table = figures_table(
        _figures(
            [
                ("wheat", "growth", "+50.0%", "unknown", ""),
                ("wheat", "growth", "+50.0%", "late", ""),
            ]
        ),
        SOURCES,
    )
    assert len(table) == 1
    assert table.iloc[0]["source_ids"] == ("late", "unknown")
    assert table.iloc[0]["also stated by"] == "unknown"


def test_no_figures_give_an_empty_table_with_its_columns():
    table = figures_table(pd.DataFrame(), SOURCES)
    assert table.empty and list(table.columns) == FIGURE_TABLE_COLUMNS
