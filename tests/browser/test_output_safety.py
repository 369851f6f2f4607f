"""Names, titles, notes and URLs are data: in a real Chromium nothing from a file runs,
loads, or links, and the text shows as typed. Every page is visited with hostile sources in
the store (trade and rail freight for KAZ–UZB)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from data.importers import import_paths
from data.store import Store
from tests.browser.conftest import CHART_FRAME, ROOT, component_frame, start_server

pytestmark = pytest.mark.browser
HOSTILE = ROOT / "tests" / "fixtures" / "press" / "script_injection.csv"
# the hostile publisher as the only source of KAZ–UZB rail freight and of 2021's turnover,
# so the Overview and Rail charts must cite it
SOLE_SOURCE = ROOT / "tests" / "fixtures" / "press" / "script_injection_sole_source.csv"
PAIR = "reporter=KAZ&partner=UZB"
TAG = re.compile(r"<[^<>]*>")  # what plotly renders as markup
CITED = "&lt;script&gt;window.__xss=1&lt;/script&gt;"  # the hostile publisher, as text


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("hostile")
    import_paths(Store(store), [HOSTILE, SOLE_SOURCE])
    proc, base = start_server(store)
    yield base
    proc.terminate()
    proc.wait(timeout=15)


def visit(page, url: str, selector: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.locator(selector).first.wait_for(timeout=90_000)
    page.wait_for_timeout(1500)  # let any injected handler fire
    assert page.evaluate("() => window.__xss === undefined"), "script from data ran"
    assert not [u for u in requests if ":9/" in u], "data made the browser load a URL"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0


def chart_texts(page) -> list[str]:
    """Every hover text, point label and trace name plotly was given on the page."""
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>"
        " (gd.data || []).flatMap(t => [].concat(t.hovertext || [], t.text || [], t.name || [])))"
    )
    return [str(t) for t in texts]


def assert_chart_text_is_inert(texts: list[str]) -> None:
    markup = [t for t in texts if TAG.search(t.replace("<br>", ""))]
    assert markup == [], "text from data reached plotly as markup"


def test_overview_page_is_inert(hostile_server, page):
    visit(page, f"{hostile_server}/?{PAIR}", ".js-plotly-plot")
    texts = chart_texts(page)
    assert_chart_text_is_inert(texts)
    assert CITED in " ".join(texts)


def test_scenarios_page_is_inert(hostile_server, page):
    # the scenario chart is drawn in place, inside its component's frame
    visit(page, f"{hostile_server}/scenarios?{PAIR}", CHART_FRAME)
    texts = chart_texts(page) + chart_texts(component_frame(page))
    assert texts  # the fan and its lines were read
    assert_chart_text_is_inert(texts)


def test_products_page_is_inert(hostile_server, page):
    visit(page, f"{hostile_server}/products?{PAIR}", "h1")
    assert_chart_text_is_inert(chart_texts(page))


def test_rail_page_chart_and_cards_are_inert(hostile_server, page):
    visit(page, f"{hostile_server}/rail?{PAIR}", ".js-plotly-plot")
    texts = chart_texts(page)
    assert_chart_text_is_inert(texts)
    assert CITED in " ".join(texts)


def test_claims_and_sources_page_is_inert(hostile_server, page):
    # the verdicts, contradictions and sources tables all carry the hostile strings
    visit(page, hostile_server + "/claims", "[data-testid='stDataFrame']:visible")
    assert page.locator("[data-testid='stException']").count() == 0


def test_data_page_listing_is_inert(hostile_server, page):
    visit(page, hostile_server + "/data", "[data-testid='stDataFrame']:visible")


def test_trade_page_hover_and_table_are_inert(hostile_server, page):
    visit(page, hostile_server + "/trade?reporter=KAZ&partner=UZB&flow=turnover", ".js-plotly-plot")
    # every hover text of the chart is escaped before plotly sees it
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>"
        " (gd.data || []).flatMap(t => [].concat(t.hovertext || [], t.text || [])))"
    )
    joined = " ".join(str(t) for t in texts)
    assert "window.__xss=1" in joined  # the hostile publisher is cited…
    assert "<script>" not in joined and "&lt;script&gt;" in joined  # …as text
    # and hovering the points shows it literally, running nothing
    shown = ""
    chart = page.locator(".js-plotly-plot").first
    for point in reversed(chart.locator(".scatterlayer .point").all()):
        point.hover(force=True)
        page.wait_for_timeout(300)
        shown = chart.locator(".hoverlayer").text_content() or ""
        if "window.__xss=1" in shown:
            break
    assert "<script>window.__xss=1</script>" in shown
    assert page.evaluate("() => window.__xss === undefined")
