"""The overview in a real Chromium against a real server."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import cut_texts, docs_shot, screenshot

pytestmark = pytest.mark.browser


def test_overview_shows_2023_turnover(server, page):
    page.goto(server + "/")
    page.get_by_text("$562.9M").first.wait_for()
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
    assert "$562.9M" in text  # Kazakhstan's official 2023 turnover
    assert re.search(r"\+28\.3\s?% on 2022", text)
    assert "1.30 Mt" in text and "3.86×" in text and "12.2%" in text
    # The latest evidence: 2024 as a bound, Jan–Sep 2025 with its stated growth.
    assert "above $500M" in text and "$363.6M" in text
    assert re.search(r"\+5\.4\s?% on Jan–Sep 2024", text)
    assert page.locator("[data-testid='stException']").count() == 0
    # The other reading of "five years" is one click away.
    page.get_by_role("button", name=re.compile("Other reading")).click()
    page.get_by_text("2018–2023: 5.66×").first.wait_for()


def test_overview_on_a_narrow_window(server, page):
    page.set_viewport_size({"width": 420, "height": 900})
    page.goto(server + "/")
    page.get_by_text("$562.9M").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)  # let the stacked columns settle before the full-page shot
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "overview-narrow").stat().st_size > 5_000


def test_no_headline_value_label_or_change_is_cut(server, sized):
    # Six cards side by side left about 105 px for a value: "$562.9M" read "$56…".
    page, width = sized
    page.goto(server + "/")
    page.get_by_text("$562.9M").first.wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.get_by_test_id("stMetric").count() >= 6
    assert cut_texts(page) == [], width


def test_the_overview_s_own_path_shows_it_with_the_link_s_parameters(server, page):
    # The default page is served at "/"; "/overview" showed "Page not found".
    page.goto(server + "/overview?partner=UZB")
    page.get_by_role("heading", name="Kazakhstan–Uzbekistan trade").wait_for()
    page.get_by_test_id("stMetric").first.wait_for()
    assert page.get_by_text("Page not found").count() == 0
    assert re.search(r"/\?partner=UZB$", page.url), page.url
    nav = page.get_by_test_id("stSidebarNav")
    assert nav.get_by_role("link").count() == 7  # the alias is not listed
    assert page.locator("[data-testid='stException']").count() == 0
