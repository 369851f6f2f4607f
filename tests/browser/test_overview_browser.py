"""The overview in a real Chromium against a real server."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import docs_shot, screenshot

pytestmark = pytest.mark.browser


def test_overview_shows_2023_turnover(server, page):
    page.goto(server + "/")
    page.get_by_text("$563M").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    # The app scrolls inside its own container: a "full-page" shot is the 1280×800 viewport.
    assert screenshot(page, "overview").stat().st_size > 10_000
    docs_shot(page, "overview")


def test_overview_headline_cards(server, page):
    page.goto(server + "/")
    metrics = page.get_by_test_id("stMetric")
    metrics.first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    text = " ".join(metrics.all_inner_texts())
    assert "$563M" in text
    assert re.search(r"\+28\.0\s?% on 2022", text)
    assert "1.30 Mt" in text and "3.86×" in text and "$105M" in text and "12.2%" in text
    assert page.locator("[data-testid='stException']").count() == 0
    # The other reading of "five years" is one click away.
    page.get_by_role("button", name=re.compile("Other reading")).click()
    page.get_by_text("2018→2023: 5.66×").first.wait_for()


def test_overview_on_a_narrow_window(server, page):
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(server + "/")
    page.get_by_text("$563M").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)  # let the stacked columns settle before the full-page shot
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "overview-narrow").stat().st_size > 5_000
