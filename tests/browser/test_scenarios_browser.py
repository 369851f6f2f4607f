"""Target scenarios in a real Chromium: the URL sets the view, a control updates the number
and the URL, and the downloads hold the right rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.browser.conftest import docs_shot, screenshot

pytestmark = pytest.mark.browser


def required_growth(page) -> str:
    card = page.get_by_test_id("stMetric").filter(has_text="Required growth")
    card.first.wait_for()
    return card.first.get_by_test_id("stMetricValue").inner_text().strip()


def wait_for_growth(page, value: str) -> None:
    page.get_by_test_id("stMetric").filter(has_text="Required growth").filter(
        has_text=value
    ).first.wait_for()


def test_link_reproduces_the_view_and_a_control_updates_it(server, page):
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    assert required_growth(page) == "12.2%"
    page.locator(".js-plotly-plot").first.wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "scenarios").stat().st_size > 10_000
    docs_shot(page, "scenarios")

    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    wait_for_growth(page, "8.6%")
    assert required_growth(page) == "8.6%"
    page.wait_for_url(re.compile(r"target_year=2030"))

    with page.expect_download() as info:
        page.get_by_role("button", name="Scenario table (CSV)").click()
    download = info.value
    assert download.suggested_filename == "scenario.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    years = [int(r["year"]) for r in rows]
    assert years == list(range(2019, 2031))  # one row per year, history start to target
    by = {int(r["year"]): r for r in rows}
    assert float(by[2023]["actual_usd"]) == 563e6
    assert float(by[2023]["required_usd"]) == 563e6
    assert float(by[2030]["required_usd"]) == pytest.approx(1e9)
    assert float(by[2019]["actual_usd"]) == pytest.approx(145_920_637)
    assert 0 <= float(by[2030]["p_reach"]) <= 1

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Report")).click()
    html = Path(info.value.path()).read_text("utf-8")
    assert "Required growth" in html and "8.6%" in html and "target_year" in html
    assert len(html) > 1_000_000  # plotly.js inlined: the report works offline


def test_url_restores_rail_series(server, page):
    page.goto(server + "/scenarios?series=rail_freight")
    wait_for_growth(page, "5.7%")  # to 2 Mt by 2028: no freight target is stated
    assert page.locator("[data-testid='stException']").count() == 0
