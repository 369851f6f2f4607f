"""Claims and sources in a real Chromium at 1280×800 and 390×844 (issue 18, items 9 and 10):
headline claims as verdict cards whose reasons read in plain words with clickable sources, a
press figure's row opening its verdict below the table, and the sources list led by the
pair's own sources."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser
ID = re.compile(r"\b(?:press|imf-dots|kz-bns):[\w.-]+")


def test_verdict_cards_and_an_opened_press_row(server, sized):
    page, width = sized
    page.goto(server + "/claims?reporter=KAZ&partner=TKM")
    card = page.locator(".st-key-card_h4b")
    card.wait_for()
    wait_idle(page)
    text = card.inner_text()
    assert "contradicted" in text and "growth +20.0%" in text
    assert not ID.search(text), text  # publishers in the reason, not source ids
    links = card.get_by_role("link")
    assert links.count() >= 2
    assert all(
        re.match(r"https?://", links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    )
    box = card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    assert page.locator("[data-testid='stException']").count() == 0

    # A press figure's row opens its verdict below the table.
    grid = page.get_by_test_id("stDataFrame").nth(1)
    grid.scroll_into_view_if_needed()
    assert page.locator(".st-key-press_detail").count() == 0
    gbox = grid.bounding_box()
    assert gbox is not None
    page.mouse.click(gbox["x"] + 12, gbox["y"] + 35 + 17)  # the first row's selection cell
    detail = page.locator(".st-key-press_detail")
    detail.wait_for()
    words = detail.inner_text()
    assert "n001" not in words and not ID.search(words)
    assert detail.get_by_role("link").count() >= 1
    screenshot(page, f"claims_cards_{width}")


def test_sources_table_leads_with_the_pairs_sources(server, sized):
    page, _width = sized
    page.goto(server + "/claims?reporter=KAZ&partner=TKM")
    caption = page.get_by_text(re.compile(r"\d+ sources: the \d+ behind KAZ–TKM's figures first"))
    caption.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_card_tooltip_holds_a_clickable_source(server, sized):
    """Issue 18, item 10: the Overview's 2023 turnover card cites its source as a link."""
    page, width = sized
    page.goto(server + "/")
    card = page.get_by_test_id("stMetric").filter(has_text="Turnover 2023")
    card.wait_for()
    wait_idle(page)
    card.get_by_test_id("stTooltipHoverTarget").first.hover()
    tip = page.get_by_test_id("stTooltipContent").first
    tip.wait_for()
    link = tip.get_by_role("link").first
    link.wait_for()
    assert re.match(r"https?://", link.get_attribute("href") or "")
    assert "Bureau of National Statistics" in tip.inner_text()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0
    screenshot(page, f"card_tooltip_link_{width}")


def test_a_linked_claim_is_the_press_table_s_first_row_selected(server, page):
    # ?claim=ID, as the Overview's and Rail's flags link it: p046 was row 133 of 159.
    page.goto(server + "/claims?claim=p046")
    page.locator(".st-key-press_detail").wait_for()
    grid = page.get_by_test_id("stDataFrame").nth(1)
    grid.scroll_into_view_if_needed()
    selected = grid.locator("tr[role=row][aria-selected=true]")  # the grid's accessible table
    selected.wait_for(state="attached")
    assert selected.count() == 1
    assert selected.get_attribute("aria-rowindex") == "2"  # the first row under the header
    assert "KAZ–TKM rail freight (tonnes), 2023: growth +20.0%" in selected.inner_text()
    page.get_by_text("Opened from the link: press figure p046 (the table's first row)").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
