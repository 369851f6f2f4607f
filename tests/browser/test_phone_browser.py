"""Issue 18, items 16, 19–22 in a real Chromium at 1280×800 and 390×844: gaps in a series
are gaps, no legend over an axis title, hovers on screen, the scenario controls above the
results, no clipped control or link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHART_FRAME, docs_shot, scenario_card, screenshot, wait_idle

pytestmark = pytest.mark.browser


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b is not None
    return {
        "left": b["x"],
        "right": b["x"] + b["width"],
        "top": b["y"],
        "bottom": b["y"] + b["height"],
    }


def test_gaps_are_gaps_and_no_legend_over_an_axis_title(server, sized):
    """UZB–TKM has IMF figures to 2003 and from 2016: no line across 2004–2015."""
    page, width = sized
    page.goto(server + "/trade?reporter=UZB&partner=TKM")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    wait_idle(page)
    traces = chart.evaluate("el => el.data.map(t => ({name: t.name, x: t.x, y: t.y}))")
    turnover = next(t for t in traces if t["name"] == "Turnover")
    points = dict(zip(turnover["x"], turnover["y"], strict=True))
    assert points[2003] is not None and points[2016] is not None
    assert points[2004] is None  # the break: plotly draws no segment through it
    assert not [y for y in range(2005, 2016) if y in points]
    # The legend and the axis titles do not overlap ("Exyearts" on a phone).
    legend = box(chart.locator(".legend"))
    for title in chart.locator(".xtitle, .ytitle").all():
        t = box(title)
        apart = (
            t["right"] <= legend["left"] or t["left"] >= legend["right"]
            or t["bottom"] <= legend["top"] or t["top"] >= legend["bottom"]
        )  # fmt: skip
        assert apart, (title.text_content(), t, legend)
    screenshot(page, f"trade_gaps_{width}")


def test_trade_hover_fits_on_screen(server, sized):
    page, width = sized
    page.goto(server + "/trade")
    chart = page.locator(".js-plotly-plot").first
    chart.wait_for()
    wait_idle(page)
    # Plotly's own hover call, as a pointer over the point makes it (Fx.hover positions the
    # box the same way); the turnover line's first, middle and last drawn points.
    chart.locator(".nsewdrag").first.scroll_into_view_if_needed()  # hovers need it on screen
    drawn = chart.evaluate("gd => gd.data[0].y.flatMap((y, i) => Number.isFinite(y) ? [i] : [])")
    assert len(drawn) > 5
    seen = 0
    for k in (drawn[0], drawn[len(drawn) // 2], drawn[-1]):
        chart.evaluate(f"gd => window.Plotly.Fx.hover(gd, [{{curveNumber: 0, pointNumber: {k}}}])")
        label = chart.locator(".hoverlayer .hovertext").first
        label.wait_for()
        h = box(label)
        assert h["left"] >= 0 and h["right"] <= width, (k, h)
        assert h["right"] - h["left"] < 390  # narrower than a phone (was 574 px)
        assert "Sources" in (label.text_content() or "")
        seen += 1
        chart.evaluate("gd => window.Plotly.Fx.unhover(gd)")
    assert seen == 3


def test_scenario_controls_above_the_results(server, sized):
    page, width = sized
    page.goto(server + "/scenarios")
    first_card = scenario_card(page, "Required growth")
    first_card.wait_for()
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    target = main.get_by_role("textbox", name="Target (USD)")
    assert target.is_visible()
    assert box(target)["top"] < box(first_card)["top"]
    target.fill("2 bn")
    target.press("Enter")
    page.get_by_text("Target: 2,000,000,000 USD").wait_for()
    wait_idle(page)
    # The results are not covered: the first card is visible, no sidebar was opened.
    card = first_card
    card.scroll_into_view_if_needed()
    assert card.is_visible()
    sidebar = page.get_by_test_id("stSidebar")
    if width < 640:
        assert sidebar.get_attribute("aria-expanded") != "true"
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, f"scenarios_controls_{width}")


def test_no_clipped_flow_control_or_link(server, sized):
    page, width = sized
    page.goto(server + "/trade")
    group = page.get_by_test_id("stButtonGroup").first
    group.wait_for()
    wait_idle(page)
    g = box(group)
    for button in group.locator("button").all():
        assert box(button)["right"] <= min(g["right"], width) + 0.5, button.text_content()
    page.goto(server + "/")
    link = page.get_by_test_id("stPageLink-NavLink").first
    link.wait_for()
    wait_idle(page)
    label = link.locator("p").first
    clipped = label.evaluate("el => el.scrollWidth > el.clientWidth")
    assert not clipped, label.text_content()


def test_card_tooltip_fits_and_links_the_rest(server, sized):
    """The Gap card cites nine sources: three shown, the rest one link away, on screen."""
    page, width = sized
    page.goto(server + "/")
    card = page.get_by_test_id("stMetric").filter(has_text="Gap to $1B").first
    card.wait_for()
    wait_idle(page)
    card.scroll_into_view_if_needed()
    card.get_by_test_id("stTooltipIcon").first.hover()
    tip = page.get_by_test_id("stTooltipContent").first
    tip.wait_for()
    t = box(tip)
    assert t["left"] >= 0 and t["right"] <= width, t
    link = tip.get_by_role("link", name="more on Claims and sources")
    assert link.count() == 1
    lk = box(link)  # the link to the rest is on screen, not cut off with the tooltip
    assert lk["left"] >= 0 and lk["right"] <= width
    assert lk["top"] >= 0 and lk["bottom"] <= page.viewport_size["height"]


PHONE_PAGES = {"overview": "/", "trade": "/trade", "scenarios": "/scenarios", "rail": "/rail"}


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_pages_on_a_phone(server, browser, name):
    """Each page renders at 390×844 without an exception and nothing wider than the screen;
    with TRADEDASH_UPDATE_SCREENSHOTS=1 its README screenshot (``<page>_390.png``)."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(server + PHONE_PAGES[name])
        if name == "scenarios":  # its cards are drawn with its chart, in the chart's frame
            scenario_card(page, "Required growth").wait_for()
        else:
            page.get_by_test_id("stMetric").first.wait_for()
        wait_idle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, wide
        docs_shot(page, f"{name}_390")
    finally:
        ctx.close()


def test_scenario_cards_stack_on_a_phone_and_their_help_fits(server, sized):
    """The scenario's cards are drawn with its chart (issue 17): four a row on a laptop,
    one a row on a phone, as st.metric's columns were; each one's help opens on hover or
    focus, on screen."""
    page, width = sized
    page.goto(server + "/scenarios")
    scenario_card(page, "Required growth").wait_for()
    wait_idle(page)
    cards = page.frame_locator(CHART_FRAME).first.get_by_test_id("scenarioCard")
    tops = [box(cards.nth(i))["top"] for i in range(cards.count())]
    assert len(tops) == 4
    assert len(set(tops)) == (4 if width < 640 else 1), tops
    for i in range(4):
        card = cards.nth(i)
        card.scroll_into_view_if_needed()
        card.locator(".help").hover()
        tip = card.get_by_test_id("scenarioCardHelp")
        expect(tip).to_be_visible()
        t = box(tip)
        assert t["left"] >= 0 and t["right"] <= width, (i, t)
    assert "simulated paths" in tip.inner_text()  # P(reach)'s, the last


def test_what_the_world_does_to_p_reach_fits_and_opens(server, sized):
    page, width = sized
    page.goto(server + "/scenarios")
    main = page.get_by_test_id("stMain")
    said = main.get_by_text("turns on the world's next years", exact=False)
    said.wait_for()
    said.scroll_into_view_if_needed()
    assert said.is_visible()
    assert box(said)["right"] <= width + 1  # wrapped inside the page, not cut
    expander = main.get_by_text("P(reach) by the world's five years")
    expander.click()
    table = main.get_by_test_id("stDataFrame").filter(has=page.get_by_text("world vs. mean"))
    expect(table).to_be_visible()
    assert box(table)["right"] <= width + 1
    screenshot(page, f"scenarios_world_{width}")
