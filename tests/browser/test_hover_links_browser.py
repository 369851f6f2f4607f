"""Issue 18, item 10 in a real Chromium at 1280×800 and 390×844: the Overview's and the
Rail chart's hovers carry each source's address as text (as Trade's does), and stay on
screen."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_phone_browser import box, wait_idle

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/rail"])
def test_chart_hover_carries_source_addresses(server, sized, path):
    page, width = sized
    page.goto(server + path)
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    wait_idle(page)
    chart.locator(".nsewdrag").first.scroll_into_view_if_needed()  # hovers need it on screen
    drawn = chart.evaluate("gd => gd.data[0].y.flatMap((y, i) => Number.isFinite(y) ? [i] : [])")
    assert drawn
    k = drawn[-1]  # the latest year: official and press sources, with web addresses
    chart.evaluate(f"gd => window.Plotly.Fx.hover(gd, [{{curveNumber: 0, pointNumber: {k}}}])")
    label = chart.locator(".hoverlayer .hovertext").first
    label.wait_for()
    text = label.text_content() or ""
    # a web address (host and path, scheme dropped) beneath a citation
    assert re.search(r"↗ [a-z0-9-]+(\.[a-z0-9-]+)+/", text), text
    h = box(label)
    assert h["left"] >= 0 and h["right"] <= width, h
    assert h["bottom"] - h["top"] < 844, h
