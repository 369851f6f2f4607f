"""Rail freight in a real Chromium: numbers, the chart, transit apart, link to scenarios."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import docs_shot, screenshot

pytestmark = pytest.mark.browser


def test_rail_page(server, page):
    page.goto(server + "/rail")
    metrics = page.get_by_test_id("stMetric")
    metrics.first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()  # freight; growth is a small table
    text = " ".join(metrics.all_inner_texts())
    assert "1.60 Mt" in text and "26.7%" in text and "1.80 Mt" in text and "2031" in text
    assert page.get_by_text("Third-country transit").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "rail").stat().st_size > 10_000
    docs_shot(page, "rail")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_capacity_to_build_apart_from_freight(server, browser, size):
    """Capacity targets against today's capacity, freight against capacity; no freight
    scenario for a capacity target (none is a freight target)."""
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(server + "/rail")
        page.get_by_role("heading", name="Capacity to be built").wait_for()
        page.get_by_test_id("stMetric").first.wait_for()
        table = page.get_by_test_id("stDataFrame").first
        table.wait_for()
        page.get_by_text(re.compile("Roadmap targets for the line's capacity, not for freight"))\
            .wait_for()  # fmt: skip
        page.get_by_role("heading", name="Freight to carry").wait_for()
        assert page.get_by_text("No freight target is stated for this pair").count() == 1
        assert page.get_by_role("link", name=re.compile(r"^Scenarios for")).count() == 0
        body = page.locator("body").inner_text()
        assert "110.9%" not in body
        # The grid's accessible cells (the columns in view): capacity against capacity.
        table.locator("td").filter(has_text="58.1%").first.wait_for(state="attached")
        cells = table.locator("td").all_inner_texts()
        assert cells[:4] == ["2027", "15 Mt", "2.50×", "58.1%"]
        assert "27.2%" in cells
        heads = table.locator("th").all_inner_texts()
        assert "capacity growth needed from 2025" in heads
        assert not [h for h in heads if "freight" in h and "growth" in h]
        shot = screenshot(page, f"rail_capacity_{size[0]}")
        assert shot.stat().st_size > 10_000
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        ctx.close()
