"""Headline cards from small hand-made series."""

from __future__ import annotations

import pandas as pd

from analysis.nowcasts import NOWCAST_COLUMNS
from dashboard.views import cards
from tests.unit.dashboard.views.hand_made import TRADE


def test_level_card_says_when_the_previous_year_is_derived():
    card = cards.level_card(TRADE, 2023, "Turnover")
    assert (card.label, card.value, card.delta) == ("Turnover 2023", "$563M", "+28.0% on 2022")
    assert card.caption == "2022: $439.8M, derived (563 / (1 + 28%)); 2024: above $500M"
    assert card.sources == ("src:2023", "src:2022", "src:2024")
    assert cards.level_card(TRADE, 2020, "Turnover") is None


def test_multiple_card_names_both_windows():
    card = cards.multiple_card(TRADE, 2023)
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
    card = cards.part_year_card(TRADE, nc, 2024, "Turnover")
    assert (card.label, card.value) == ("Turnover Q1 2024", "$105M")
    assert card.delta == "nowcast $420M"
    assert card.caption.endswith("Full-year nowcast $420M (range $280M–$840M)")
    assert "also stated as above $100M" in card.caption
    assert "18.7% of 2023's $563M" in card.caption
    assert "a typical Q1 holds 25.0% of a year" in card.caption
    assert card.sources == ("a", "b")
    assert cards.part_year_card(TRADE, nc.iloc[0:0], 2024) is None


def test_target_card():
    card = cards.target_card(TRADE, 1e9, 2028, ("t",))
    assert (card.label, card.value, card.delta) == (
        "Gap to $1B",
        "$437M",
        "12.2%/yr to 2028",
    )
    assert card.sources == ("src:2023", "t")
    assert cards.target_card(TRADE, 1e9, 2023) is None
