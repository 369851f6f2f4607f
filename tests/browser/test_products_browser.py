"""What is traded in a real Chromium: the stated product figures, the recency line, and the
hint to import HS detail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_products_page(server, page):
    page.goto(server + "/products?reporter=KAZ&partner=TKM")
    page.get_by_role("heading", name="What is traded").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.get_by_text("press to Jan–Sep 2025").first.wait_for()
    page.get_by_text("No HS detail for this pair").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "products").stat().st_size > 10_000
