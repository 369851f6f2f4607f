"""A contradicted figure is not shown as fact, in a real Chromium at 1280×800 and 390×844:
the Overview's rail card is grey with a popover giving the verdict in plain words, one click
from the verdict on Claims; the Rail chart's hover carries the flag."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def green(rgb: str) -> bool:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return g - max(r, b) >= 15  # gray has r ≈ g ≈ b


def test_overview_rail_card_flags_the_contradicted_growth(server, sized):
    page, width = sized
    page.goto(server + "/")
    card = page.get_by_test_id("stMetric").filter(has_text="Rail freight 2023")
    card.wait_for()
    assert "1.30 Mt" in card.inner_text() and "+20.0% on 2022" in card.inner_text()
    delta = card.get_by_test_id("stMetricDelta")
    assert not green(delta.evaluate("e => getComputedStyle(e).color"))
    turnover = page.get_by_test_id("stMetric").filter(has_text="Turnover 2023")
    assert green(
        turnover.get_by_test_id("stMetricDelta").evaluate("e => getComputedStyle(e).color")
    )

    page.get_by_role("button", name="⚠ doubtful figures: 1 contradicted, 1 disputed").click()
    words = page.get_by_text(re.compile("2022's 1.083 Mt is derived here from this figure"))
    words.first.wait_for()
    assert page.get_by_text(re.compile("Contradicted by other sources")).count() >= 1
    link = page.get_by_role("link", name=re.compile(r"On Claims: .*growth \+20\.0%"))
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    screenshot(page, f"flags_overview_{width}")
    link.click()
    page.wait_for_url(re.compile(r"/claims\?.*claim=p046"))
    alert = page.get_by_test_id("stAlertContentError").first
    alert.wait_for(timeout=120_000)
    text = alert.inner_text()
    assert text.startswith("Contradicted by other sources: KAZ–TKM rail freight (tonnes), 2023")
    assert "mebusiness.ae" in text and "press:" not in text
    # and the figure's card is opened below the press table, on screen
    card = page.locator(".st-key-press_detail")
    card.wait_for(timeout=120_000)
    assert "growth +20.0%" in card.inner_text()
    b = card.bounding_box()
    assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width + 1
    assert page.locator("[data-testid='stException']").count() == 0


def test_rail_hover_and_card_carry_the_flag(server, sized):
    page, width = sized
    page.goto(server + "/rail")
    card = page.get_by_test_id("stMetric").filter(has_text="Rail freight 2024")
    card.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert not green(
        card.get_by_test_id("stMetricDelta").evaluate("e => getComputedStyle(e).color")
    )
    hovers = page.evaluate(
        "() => { const t = document.querySelector('.js-plotly-plot').data"
        ".find(t => t.name === 'freight, full year');"
        " return Object.fromEntries(t.x.map((x, i) => [x, t.hovertext[i]])); }"
    )
    assert "⚠ 2023: disputed" in hovers["2023"]
    assert "⚠ 2022: derived from a contradicted figure" in hovers["2022"]
    assert "⚠" not in hovers["2024"]
    # Two popovers: the card's delta and the pace of "Capacity reached" (from 2022).
    assert page.get_by_role("button", name=re.compile("⚠ doubtful figure")).count() == 2
    screenshot(page, f"flags_rail_{width}")
    assert page.locator("[data-testid='stException']").count() == 0
