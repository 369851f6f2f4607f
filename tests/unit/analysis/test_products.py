"""What is traded: stated product figures apart from HS detail; a year's top products with
shares and value per tonne; nothing summed across sources, nothing guessed."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.products import (
    FIGURE_COLUMNS,
    TOP_COLUMNS,
    detail_years,
    product_figures,
    product_name,
    top_products,
)

CATEGORIES = {"ct:a": "international", "ct:b": "international", "press:x": "press"}


def row(series, flow, commodity, value, unit, *, start="2023-01", end="2023-12",
        measure="level", comparator="=", source="ct:a", reporter="KAZ", partner="TKM",
        share_of=""):  # fmt: skip
    return {
        "series": series, "reporter": reporter, "partner": partner, "flow": flow,
        "commodity": commodity, "period_start": start, "period_end": end, "measure": measure,
        "share_of": share_of, "comparator": comparator, "value": value, "unit": unit,
        "source_id": source, "note": "",
    }  # fmt: skip


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


DETAIL = frame(
    row("trade_value", "export", "TOTAL", 400e6, "USD"),
    row("trade_value", "export", "1001", 90e6, "USD"),
    row("trade_quantity", "export", "1001", 360_000.0, "t"),
    row("trade_value", "export", "2710", 120e6, "USD"),
    row("trade_value", "export", "1101", 30e6, "USD"),
    row("trade_quantity", "export", "1101", 0.0, "t"),  # a zero weight gives no price
    row("trade_value", "export", "1001", 55e6, "USD", source="ct:b"),  # another source
    row("trade_value", "export", "1001", 60e6, "USD", start="2022-01", end="2022-12"),
    row("trade_value", "export", "1001", 20e6, "USD", start="2024-01", end="2024-03"),
    # the partner's records: its imports from the reporter are the reporter's exports
    row("trade_value", "import", "8703", 45e6, "USD", reporter="TKM", partner="KAZ"),
    row(
        "trade_value",
        "export",
        "1001",
        70e6,
        "USD",
        start="2025-01",
        end="2025-09",
        source="press:x",
    ),
    row(
        "trade_value",
        "export",
        "HS01-24",
        30.0,
        "percent",
        start="2025-01",
        end="2025-09",
        measure="share_pct",
        comparator=">",
        source="press:x",
        share_of="pair_flow",
    ),
)


def test_top_products_largest_first_with_shares_and_value_per_tonne():
    top = top_products(DETAIL, CATEGORIES, "KAZ", "TKM", 2023, "export")
    assert list(top.columns) == TOP_COLUMNS
    assert list(top["commodity"]) == ["2710", "1001", "8703", "1101"]
    assert list(top["value_usd"]) == [120e6, 90e6, 45e6, 30e6]  # ct:a's wheat, not + ct:b's
    by = top.set_index("commodity")
    assert by.loc["1001", "usd_per_t"] == pytest.approx(250.0)
    assert math.isnan(by.loc["1101", "usd_per_t"])  # zero weight
    assert math.isnan(by.loc["2710", "weight_t"])
    assert by.loc["2710", "share_pct"] == pytest.approx(30.0)  # of ct:a's $400M total
    assert by.loc["1001", "source_ids"] == ("ct:a",)


def test_top_n_and_years():
    assert len(top_products(DETAIL, CATEGORIES, "KAZ", "TKM", 2023, "export", n=2)) == 2
    assert detail_years(DETAIL, CATEGORIES, "KAZ", "TKM") == [2023, 2022]  # Q1 2024 is no year
    assert top_products(DETAIL, CATEGORIES, "KAZ", "TKM", 2021).empty
    assert top_products(DETAIL, CATEGORIES, "KAZ", "TKM", 2023, "import").empty
    with pytest.raises(ValueError, match="n must be at least 1"):
        top_products(DETAIL, CATEGORIES, "KAZ", "TKM", 2023, n=0)


def test_share_of_the_listed_products_without_a_total():
    obs = frame(row("trade_value", "export", "1001", 75e6, "USD"),
                row("trade_value", "export", "1101", 25e6, "USD"))  # fmt: skip
    top = top_products(obs, CATEGORIES, "KAZ", "TKM", 2023)
    assert list(top["share_pct"]) == [75.0, 25.0]


def test_stated_figures_keep_the_press_and_leave_the_detail():
    figs = product_figures(DETAIL, CATEGORIES, "KAZ", "TKM")
    assert list(figs.columns) == FIGURE_COLUMNS
    assert set(figs["source_id"]) == {"press:x"}
    agri = figs[figs["commodity"] == "HS01-24"].iloc[0]
    assert (agri["figure"], agri["period"]) == ("above 30.0%", "Jan–Sep 2025")
    assert agri["measure"] == "share of the pair's trade in that direction"
    wheat = figs[figs["commodity"] == "1001"].iloc[0]
    assert (wheat["product"], wheat["figure"]) == ("wheat", "$70M")


def test_nothing_in_nothing_out():
    empty = DETAIL.iloc[0:0]
    assert product_figures(empty, CATEGORIES, "KAZ", "TKM").empty
    assert detail_years(empty, CATEGORIES, "KAZ", "TKM") == []
    assert top_products(empty, CATEGORIES, "KAZ", "TKM", 2023).empty
    totals_only = DETAIL[DETAIL["commodity"] == "TOTAL"]
    assert product_figures(totals_only, CATEGORIES, "KAZ", "TKM").empty


def test_product_names():
    assert product_name("HS01-24") == "agri-food (HS 01–24)"
    assert product_name("1001+1101") == "wheat and flour"
    assert product_name("2710") == "HS 2710"
