"""Headline cards from small hand-made series."""

from __future__ import annotations

import pandas as pd

from analysis.nowcasts import NOWCAST_COLUMNS
from dashboard.views import cards
from tests.unit.dashboard.views.hand_made import TRADE, rec


def test_level_card_says_when_the_previous_year_is_derived():
    card = cards.level_card(TRADE, 2023, "Turnover")
    assert (card.label, card.value, card.delta) == ("Turnover 2023", "$563M", "+28.0% on 2022")
    assert card.caption == "2022: $439.8M, derived (563 / (1 + 28%)); 2024: above $500M"
    assert card.sources == ("src:2023", "src:2022", "src:2024")
    assert cards.level_card(TRADE, 2020, "Turnover") is None


def test_multiple_card_names_both_windows():
    card = cards.multiple_card(TRADE, 2023)
    assert (card.value, card.delta) == ("3.86×", "2019–2023")
    assert card.caption.startswith("2019–2023: 3.86× (5 calendar years, 4 intervals;")
    assert card.more_label == "Other reading"
    assert card.more.startswith("2018–2023: 5.66× (5 intervals, 6 calendar years;")


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
    assert card.delta == "estimate $420M"
    assert card.caption.endswith("Full-year estimate $420M (range $280M–$840M)")
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


def test_bound_card_shows_the_latest_bound_as_stated():
    card = cards.bound_card(TRADE, "Turnover")
    assert (card.label, card.value, card.delta) == ("Turnover 2024", "above $500M", None)
    assert card.sources == ("src:2024",)
    assert "not a level to measure growth from" in card.caption
    assert cards.bound_card(rec([(2023, 563e6, "=", "reported", "")]), "Turnover") is None


def growth_rows(*rows):
    return pd.DataFrame(
        [
            {"series": "s", "reporter": "AAA", "partner": "BBB", "flow": f, "commodity": "TOTAL",
             "measure": "growth_pct_yoy", "comparator": c, "period_start": "2025-01",
             "period_end": e, "value": v, "source_id": sid}
            for f, e, c, v, sid in rows
        ]
    )  # fmt: skip


def test_stated_growth_of_a_window_most_sources_first():
    obs = growth_rows(
        ("total", "2025-09", "=", 5.4, "p:1"),
        ("total", "2025-09", "=", 5.4, "p:2"),
        ("total", "2025-09", "=", 9.9, "p:3"),
        ("export", "2025-09", "=", 6.8, "p:1"),  # another flow
        ("total", "2025-06", "=", 7.0, "p:4"),  # another window
        ("total", "2025-09", ">", 1.0, "p:5"),  # a bound is not a growth rate
    )
    assert cards.stated_growth(obs, TRADE, "2025-01", "2025-09") == (5.4, ("p:1", "p:2"))
    assert cards.stated_growth(obs, TRADE, "2025-01", "2025-03") is None
    assert cards.stated_growth(obs.iloc[0:0], TRADE, "2025-01", "2025-09") is None


def test_part_year_card_leads_with_the_stated_growth():
    nc = pd.DataFrame(
        [["2025-01", "2025-09", 9, 363.6e6, "=", 0.75, 0.375, 1.0, "flat", 0, 484.8e6,
          363.6e6, 969.6e6, ("a",)]],
        columns=NOWCAST_COLUMNS,
    )  # fmt: skip
    obs = growth_rows(("total", "2025-09", "=", 5.4, "g"))
    card = cards.part_year_card(TRADE, nc, 2025, obs=obs)
    assert (card.label, card.value) == ("Jan–Sep 2025", "$363.6M")
    assert card.delta == "+5.4% on Jan–Sep 2024" and not card.delta_neutral
    assert card.caption.startswith("2025 full-year estimate $484.8M (range $363.6M–$969.6M).")
    assert card.sources == ("a", "g")


def test_flow_cards_show_each_flow_held_and_flows_held_says_why_no_turnover():
    from dataclasses import replace

    from dashboard.views.cards import flow_cards, flows_held
    from tests.unit.dashboard.views.hand_made import rec

    exports = rec([(2019, 400.0, "=", "reported", ""), (2020, 24.0, "=", "reported", "")])
    none = replace(exports, best=exports.best.iloc[0:0])
    cards = flow_cards({"exports": exports, "imports": none})
    assert [(c.label, c.value, c.delta) for c in cards] == [
        ("Exports 2020", "$24", "−94.0% on 2019")
    ]
    assert flows_held({"exports": [2019, 2020], "imports": []}) == (
        "turnover is a year's exports plus its imports from one source's records of one side, "
        "and the stores hold exports for 2019–2020 and no imports"
    )
    assert flows_held({"exports": [2019], "imports": [2019, 2021]}).endswith(
        "exports for 2019 and imports for 2019, 2021, never both from one source and side "
        "in one year"
    )
