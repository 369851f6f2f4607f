"""kpis: headline cards and the rail summary from small hand-made series."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.nowcasts import NOWCAST_COLUMNS
from analysis.reconcile import Reconciled
from dashboard import kpis


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


def test_level_card_says_when_the_previous_year_is_derived():
    card = kpis.level_card(TRADE, 2023, "Turnover")
    assert (card.label, card.value, card.delta) == ("Turnover 2023", "$563M", "+28.0% on 2022")
    assert card.caption == "2022: $439.8M, derived (563 / (1 + 28%)); 2024: over $500M"
    assert card.sources == ("src:2023", "src:2022", "src:2024")
    assert kpis.level_card(TRADE, 2020, "Turnover") is None


def test_multiple_card_names_both_windows():
    card = kpis.multiple_card(TRADE, 2023)
    assert (card.value, card.delta) == ("3.86×", "2019→2023")
    assert card.caption.startswith("2019→2023: 3.86× (5 calendar years, 4 intervals;")
    assert card.more_label == "Other reading"
    assert card.more.startswith("2018→2023: 5.66× (5 intervals, 6 calendar years;")


def test_part_year_card_with_bound_and_nowcast():
    nc = pd.DataFrame(
        [
            ["2024-01", "2024-03", 3, 105e6, "=", 0.25, 0.125, 0.375, "flat", 0, 420e6, 280e6,
             840e6, ("a",)],
            ["2024-01", "2024-03", 3, 100e6, ">", 0.25, 0.125, 0.375, "flat", 0, 400e6, 266e6,
             float("inf"), ("b",)],
        ],
        columns=NOWCAST_COLUMNS,
    )  # fmt: skip
    card = kpis.part_year_card(TRADE, nc, 2024, "Turnover")
    assert (card.label, card.value) == ("Turnover Q1 2024", "$105M")
    assert card.delta == "nowcast $420M"
    assert card.caption.endswith("Full-year nowcast $420M (range $280M–$840M)")
    assert "also stated as over $100M" in card.caption
    assert "18.7% of 2023's $563M" in card.caption
    assert "a typical Q1 holds 25.0% of a year" in card.caption
    assert card.sources == ("a", "b")
    assert kpis.part_year_card(TRADE, nc.iloc[0:0], 2024) is None


def test_target_card():
    card = kpis.target_card(TRADE, 1e9, 2028, ("t",))
    assert (card.label, card.value, card.delta) == (
        "Gap to $1B",
        "$437M",
        "12.2%/yr to 2028",
    )
    assert card.sources == ("src:2023", "t")
    assert kpis.target_card(TRADE, 1e9, 2023) is None


def test_stated_target_picks_the_latest_exact():
    frame = pd.DataFrame(
        {
            "series": ["trade_target"] * 3,
            "measure": ["target"] * 3,
            "comparator": ["=", "=", "~"],
            "value": [1e9, 1e9, 2e9],
            "period_start": ["2021-01", "2024-01", "2025-01"],
            "source_id": ["x", "y", "z"],
        }
    )
    assert kpis.stated_target(frame) == (1e9, ("x", "y"))
    assert kpis.stated_target(frame.iloc[0:0]) == (kpis.DEFAULT_TARGET_USD, ())


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


def test_rail_summary():
    nc = pd.DataFrame(
        [["2025-01", "2025-10", 10, 1.5e6, "=", 10 / 12, 5 / 12, 1.0, "flat", 0, 1.8e6, 1.5e6,
          3.6e6, ("v",)]],
        columns=NOWCAST_COLUMNS,
    )  # fmt: skip
    s = kpis.rail_summary(FREIGHT, CAPACITY, nc)
    assert (s.year, s.freight_t, s.capacity_t, s.capacity_year) == (2024, 1.6e6, 6e6, 2025)
    assert s.utilisation == pytest.approx(1.6 / 6)
    assert s.pace_window == (2022, 2024) and s.pace == pytest.approx(0.2153, abs=1e-4)
    assert s.reached == {"capacity 2025": 2031, "target 2027": 2036, "target 2030": 2037}
    assert s.targets["required_growth"].round(4).tolist() == [1.1086, 0.5234]
    assert s.nowcast_utilisation == pytest.approx(0.3)
    table = kpis.capacity_table(s)
    assert table["growth needed from 2024"].tolist() == ["110.9%", "52.3%"]
    assert table["reached at the historical pace"].tolist() == ["2036", "2037"]


def test_scenario_defaults():
    trade = kpis.scenario_defaults(TRADE.values(), "trade_value", 1e9)
    assert trade == kpis.ScenarioDefaults(1_000_000_000, 2028, 2023, 2022, 2023)
    rail = kpis.scenario_defaults(FREIGHT.values(), "rail_freight", 1e9, CAPACITY)
    assert rail == kpis.ScenarioDefaults(15_000_000, 2027, 2024, 2022, 2024)
    empty = kpis.scenario_defaults(pd.Series(dtype=float), "trade_value", 1e9)
    assert empty.base_year == 2023
