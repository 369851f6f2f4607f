"""Target scenarios in a real Chromium: the URL sets the view, a control updates the number
and the URL, and the downloads hold the right rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    CHART_FRAME,
    SCENARIO_CARDS_JS,
    component_frame,
    docs_shot,
    scenario_card,
    screenshot,
)

pytestmark = pytest.mark.browser


def required_growth(page) -> str:
    card = scenario_card(page, "Required growth")
    card.wait_for()
    return card.get_by_test_id("scenarioCardValue").inner_text().strip()


def wait_for_growth(page, value: str) -> None:
    page.frame_locator(CHART_FRAME).first.get_by_test_id("scenarioCard").filter(
        has_text="Required growth"
    ).filter(has_text=value).first.wait_for()


def step_to_2029(page) -> None:
    """One → on the target-year slider (2028 → 2029), until the URL says 2029."""
    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url(re.compile(r"target_year=2029"))


def test_link_reproduces_the_view_and_a_control_updates_it(server, page):
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    assert required_growth(page) == "12.2%"
    component_frame(page)  # the scenario chart, drawn in place by plotly_react
    assert page.locator("[data-testid='stException']").count() == 0
    assert screenshot(page, "scenarios").stat().st_size > 10_000
    docs_shot(page, "scenarios")

    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    # one step at a time: each key lands on a finished run (the fragment reruns per step)
    slider.press("ArrowRight")
    page.wait_for_url(re.compile(r"target_year=2029"))
    slider.press("ArrowRight")
    wait_for_growth(page, "8.6%")
    assert required_growth(page) == "8.6%"

    with page.expect_download() as info:
        page.get_by_role("button", name="Scenario table (CSV)").click()
    download = info.value
    assert download.suggested_filename == "scenario.csv"
    text = Path(download.path()).read_text("utf-8")
    # The parameters and the sources first, as # lines; then the table in USD million.
    head = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert "# target_year: 2030" in head and any(ln.startswith("# source: ") for ln in head)
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body)))
    years = [int(r["year"]) for r in rows]
    assert years == list(range(2019, 2031))  # one row per year, history start to target
    by = {int(r["year"]): r for r in rows}
    assert by[2023]["actual (USD million)"] == "562.9"  # the official 2023 turnover
    assert by[2023]["required path (USD million)"] == "562.9"
    assert float(by[2030]["required path (USD million)"]) == pytest.approx(1000.0)
    assert by[2019]["actual (USD million)"] == "145.9"
    assert by[2030]["actual (USD million)"] == ""  # blank, not None
    assert 0 <= float(by[2030]["P(reach by then), %"]) <= 100

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Report")).click()
    html = Path(info.value.path()).read_text("utf-8")
    assert "Required growth" in html and "8.6%" in html and "target_year" in html
    assert len(html) > 1_000_000  # plotly.js inlined: the report works offline


def test_url_restores_rail_series(server, page):
    page.goto(server + "/scenarios?series=rail_freight")
    wait_for_growth(page, "5.7%")  # to 2 Mt by 2028: no freight target is stated
    assert page.locator("[data-testid='stException']").count() == 0


CHART_STATE = """(tag) => {
    const gd = document.querySelector('.js-plotly-plot');
    return {tagged: gd.__tag === tag, sig: JSON.stringify(gd.data.map(t => [t.x, t.y])),
            traces: gd.data.length, range: gd._fullLayout.yaxis.range};
}"""


def test_a_slider_step_updates_the_chart_in_place(server, page):
    """The chart element stays; Plotly.react gives it the new data; a zoom survives."""
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    frame = component_frame(page)
    page.locator(CHART_FRAME).first.evaluate("f => { f.__tag = 'before'; }")
    frame.evaluate("() => { document.querySelector('.js-plotly-plot').__tag = 'before'; }")
    # A y zoom by mouse, as an analyst would: a vertical drag on the plot.
    plot = frame.locator(".nsewdrag").first.bounding_box()  # in the page's coordinates
    x, y = plot["x"] + plot["width"] / 2, plot["y"]
    page.mouse.move(x, y + plot["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(x + 1, y + plot["height"] * 0.7, steps=5)
    page.mouse.move(x + 2, y + plot["height"] * 0.9, steps=5)
    page.mouse.up()
    before = frame.evaluate(CHART_STATE, "before")
    assert before["tagged"] and before["traces"] >= 9
    assert before["range"][1] < 2000, before["range"]  # zoomed in from the figure's 0–2,500

    step_to_2029(page)
    page.wait_for_function(
        f"() => {SCENARIO_CARDS_JS}.some(m => "
        "m.innerText.includes('Required growth') && !m.innerText.includes('12.2%'))"
    )
    frame.wait_for_function(
        "(old) => JSON.stringify(document.querySelector('.js-plotly-plot').data"
        ".map(t => [t.x, t.y])) !== old",
        arg=before["sig"],
    )
    after = frame.evaluate(CHART_STATE, "before")
    assert after["tagged"], "the chart element was replaced, not updated"
    assert after["sig"] != before["sig"]
    assert after["range"] == pytest.approx(before["range"])  # uirevision: the zoom is kept
    assert page.locator(CHART_FRAME).first.evaluate("f => f.__tag") == "before"  # same iframe


def test_the_chart_hovers_themes_fits_and_downloads_png(server, page):
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    frame = component_frame(page)
    box = page.locator(CHART_FRAME).first.bounding_box()
    row = page.get_by_test_id("stCaptionContainer").filter(has_text="by 2028").first
    # the container's width, as the caption's above it
    assert abs(box["width"] - row.bounding_box()["width"]) <= 2
    assert box["height"] >= 400
    # The app theme's text colour (the page's own, computed) is the chart's font colour.
    font = frame.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.font.color")
    text = page.evaluate(
        "() => getComputedStyle(document.querySelector('[data-testid=stMain]')).color"
    )
    rgb = tuple(int(font.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    assert text.replace(" ", "") == "rgb({},{},{})".format(*rgb)

    # Every axis label inside the chart: none cut at its left or bottom edge.
    frame.wait_for_function(
        "() => document.querySelectorAll('.ytick text, .xtick text').length >= 4"
    )  # fmt: skip
    edges = frame.evaluate(
        """() => [...document.querySelectorAll('.ytick text, .xtick text, .g-ytitle text')]
            .map(t => t.getBoundingClientRect()).map(r => [r.left, r.bottom])"""
    )
    inner = frame.evaluate("() => [innerWidth, innerHeight]")
    assert edges and all(left >= 0 and bottom <= inner[1] for left, bottom in edges), edges

    plot = frame.locator(".nsewdrag").first.bounding_box()
    # Over the plot, row by row, until a point's hover label shows.
    spots = [(fx / 20, fy / 10) for fy in range(9, 0, -1) for fx in range(1, 20)]
    for fx, fy in spots:
        page.mouse.move(plot["x"] + plot["width"] * fx, plot["y"] + plot["height"] * fy)
        if frame.locator(".hoverlayer .hovertext").count():
            break
    assert frame.locator(".hoverlayer .hovertext").count() >= 1

    with page.expect_download() as info:
        frame.locator("[data-title='Download plot as a PNG']").first.click()
    assert info.value.suggested_filename.endswith(".png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_old_rail_link_reads_target_usd_as_tonnes(server, page):
    """A bookmark from before target_t: its target_usd on series=rail_freight is tonnes.
    The box shows it, the URL moves it to target_t, and the page says so."""
    page.goto(server + "/scenarios?series=rail_freight&target_usd=3000000&target_year=2028")
    page.get_by_text("read as tonnes").first.wait_for()
    page.wait_for_url(re.compile(r"target_t=3000000"))
    assert "target_usd" not in page.url
    box = page.get_by_test_id("stTextInput").filter(has_text="Target (t)").locator("input")
    # The box can be drawn empty for a moment before its value arrives: waited for.
    expect(box).to_have_value("3000000")
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_url_follows_every_slider_step(server, page):
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    for year in (2029, 2030):
        slider.press("ArrowRight")
        page.wait_for_url(re.compile(rf"target_year={year}"), timeout=15_000)
    wait_for_growth(page, "8.6%")
    # The run that drew 8.6% has sent all it writes: the URL still says what the view shows.
    assert "target_year=2030" in page.url, page.url
