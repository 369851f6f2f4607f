"""The Trade page in a real Chromium: the KAZ–TKM chart, the CSV download, the URL state."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.browser.conftest import docs_shot, screenshot, wait_idle

pytestmark = pytest.mark.browser


def test_trade_chart_and_csv_download(server, page, tmp_path):
    page.goto(server + "/trade")
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_text("$562.9M").first.wait_for()  # 2023: BNS exports + imports
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # Every flow is in the legend of the chart.
    legend = (
        page.locator(".js-plotly-plot")
        .first.locator(".legendtext")
        .evaluate_all("els => els.map(e => e.textContent)")
    )
    assert {"Turnover", "Exports", "Imports"} <= set(legend)
    docs_shot(page, "trade")
    assert screenshot(page, "trade").stat().st_size > 10_000

    with page.expect_download() as d:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / d.value.suggested_filename
    d.value.save_as(path)
    assert path.name == "tradedash_KAZ_TKM_all.csv"
    rows = pd.read_csv(path)
    turnover = rows[(rows["flow"] == "turnover") & (rows["period"].astype(str) == "2023")]
    assert turnover["value_usd"].round().tolist() == [562949016]  # official, not the press $563M
    assert set(rows["flow"]) == {"turnover", "exports", "imports", "balance"}
    assert (rows["reporter"] == "KAZ").all() and (rows["partner"] == "TKM").all()


def test_trade_url_state(server, page):
    page.goto(server + "/trade?flow=exports&log=true")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_idle(page)
    legend = (
        page.locator(".js-plotly-plot")
        .first.locator(".legendtext")
        .evaluate_all("els => els.map(e => e.textContent)")
    )
    assert "Exports" in legend and "Turnover" not in legend
    assert page.locator(".js-plotly-plot .ylog, .js-plotly-plot .yaxislayer-above").count() > 0
    assert "flow=exports" in page.url


def test_a_link_value_the_page_cannot_use_is_said_above_it(server, page):
    page.goto(server + "/trade?flow=sideways")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_idle(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="flow=sideways could not be used")
    assert alert.count() == 1
    assert "the page shows flow=all" in alert.inner_text()
    # Above the page: before its title, where it is read first.
    title = page.get_by_role("heading").first
    assert alert.bounding_box()["y"] < title.bounding_box()["y"]
    assert "flow=sideways" not in page.url
