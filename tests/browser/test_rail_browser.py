"""Rail freight in a real Chromium: numbers, both charts, transit apart, link to scenarios."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import docs_shot, screenshot

pytestmark = pytest.mark.browser


def test_rail_page(server, page):
    page.goto(server + "/rail")
    metrics = page.get_by_test_id("stMetric")
    metrics.first.wait_for()
    page.locator(".js-plotly-plot").nth(1).wait_for()
    text = " ".join(metrics.all_inner_texts())
    assert "1.60 Mt" in text and "26.7%" in text and "1.80 Mt" in text and "2031" in text
    assert page.get_by_text("Third-country transit").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "rail").stat().st_size > 10_000
    docs_shot(page, "rail")

    page.get_by_role("link", name="Scenarios for 15 Mt by 2027").click()
    page.wait_for_url(re.compile(r"/scenarios\?"))
    page.get_by_test_id("stMetric").filter(has_text="110.9%").first.wait_for()
    assert "series=rail_freight" in page.url
