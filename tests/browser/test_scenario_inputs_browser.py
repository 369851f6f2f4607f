"""Issue 18, items 3 and 5 on /scenarios in a real Chromium, at 1280×800 and 390×844: a
target typed as ``1e9``, ``1 bn``, ``1,000,000,000`` or ``1000M`` is read as a billion (the
box, the URL and the caption with its thousands), ``abc`` is refused on screen with no answer
computed; a pair's defaults come from its own data, and a base year that moves with the pair
is stated."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import (
    CHART_FRAME,
    SCENARIO_CARDS_JS,
    cut_texts,
    scenario_card,
    screenshot,
)
from tests.browser.test_pairs_browser import query, wait_idle

pytestmark = pytest.mark.browser


def required_growth(page) -> str:
    card = scenario_card(page, "Required growth")
    card.wait_for()
    return card.get_by_test_id("scenarioCardValue").inner_text()


def growth_reads(page, expected: str, timeout: float = 15_000) -> str:
    """Required growth once it reads ``expected``, or what it reads after ``timeout`` ms
    (a rerun may still be drawing the cards when the page looks idle)."""
    script = f"""want => {SCENARIO_CARDS_JS}.some(
        m => m.innerText.includes('Required growth') &&
             m.querySelector('[data-testid="scenarioCardValue"]')?.innerText === want)"""
    with contextlib.suppress(PlaywrightTimeoutError):  # the caller's assertion shows it
        page.wait_for_function(script, arg=expected, timeout=timeout)
    return required_growth(page)


def wait_query(page, text: str) -> None:
    """Until the address bar's query holds ``text`` (Streamlit rewrites it in place)."""
    page.wait_for_function(f"() => location.search.includes({text!r})")


def type_target(page, typed: str) -> None:
    box = page.get_by_test_id("stMain").get_by_role("textbox", name="Target (USD)")
    box.fill(typed)
    box.press("Enter")
    wait_idle(page)


def test_a_billion_however_typed_and_abc_refused(server, sized):
    page, width = sized
    page.goto(f"{server}/scenarios?reporter=KAZ&partner=TKM&target_usd=1000000000")
    billion = required_growth(page)
    wait_idle(page)
    page.goto(f"{server}/scenarios?reporter=KAZ&partner=TKM&target_usd=2000000000")
    assert required_growth(page) != billion  # the test can tell a billion from two
    wait_idle(page)
    for typed in ("1e9", "1 bn", "1,000,000,000", "1000M"):
        type_target(page, "2000000000")
        wait_query(page, "target_usd=2000000000")
        type_target(page, typed)
        box = page.get_by_test_id("stMain").get_by_role("textbox", name="Target (USD)")
        page.wait_for_function("e => e.value === '1000000000'", arg=box.element_handle())
        assert growth_reads(page, billion) == billion, typed
        # the URL holds the number, or nothing where a billion is the pair's default
        assert query(page).get("target_usd", "1000000000") == "1000000000"
        caption = page.get_by_text(re.compile(r"1,000,000,000 USD")).first
        assert caption.is_visible(), typed
    type_target(page, "abc")
    error = page.get_by_test_id("stAlert").filter(has_text="not a number")
    error.wait_for()
    assert error.is_visible()
    b = error.bounding_box()
    assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width
    # no answer from a guessed figure
    assert page.evaluate(f"() => {SCENARIO_CARDS_JS}.length") == 0
    screenshot(page, f"scenario_target_refused_{width}")


def _partner_with_another_base_year() -> tuple[str, int, int]:
    """A KAZ partner whose latest exact turnover year differs from KAZ–TKM's: (code, TKM's
    year, its year), China's where it qualifies."""
    from dashboard import services
    from dashboard.views.pairs import partners_of

    def last_year(partner: str) -> int | None:
        pair = services.load_pair("KAZ", partner)
        return services.reconciled(pair, "KAZ", partner, "trade_value", "total").last_exact_year()

    tkm = last_year("TKM")
    assert tkm is not None
    codes = [c for c in partners_of(services.trade_pairs(), "KAZ") if not c.startswith("AGG")]
    for code in sorted(codes, key=lambda c: c != "CHN"):
        year = last_year(code)
        if year is not None and year != tkm:
            return code, tkm, year
    raise AssertionError("no KAZ partner with another base year")


def test_a_moved_base_year_is_stated(server, sized):
    page, width = sized
    code, before, after = _partner_with_another_base_year()
    page.goto(f"{server}/scenarios?reporter=KAZ&partner=TKM")
    required_growth(page)
    wait_idle(page)
    box = page.get_by_test_id("stMain").get_by_role("combobox", name="Partner")
    box.click()
    box.fill(code)
    page.get_by_role("option", name=re.compile(rf"\({code}\)$")).first.click()
    wait_query(page, f"partner={code}")
    wait_idle(page)
    said = page.get_by_test_id("stAlert").filter(
        has_text=f"Base year changed from {before} to {after}"
    )
    said.wait_for()
    assert said.is_visible()
    b = said.bounding_box()
    assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= width
    # its own defaults: not KAZ–TKM's stated $1B
    assert query(page).get("target_usd") != "1000000000"
    screenshot(page, f"scenario_base_year_moved_{width}")


def test_no_card_value_label_or_change_is_cut(server, sized):
    # "−1.9 percentage points, figures since 2023" was cut to "−1.9 percentage poi…".
    page, width = sized
    page.goto(f"{server}/scenarios?reporter=KAZ&partner=TKM")
    required_growth(page)
    wait_idle(page)
    deltas = page.frame_locator(CHART_FRAME).first.get_by_test_id("scenarioCardDelta")
    deltas = [d.strip() for d in deltas.all_inner_texts()]
    # what the figures since give the pace's year, and what they did to P(reach)
    assert len(deltas) == 2 and deltas[0].startswith("P(by 2025): ") and "points" in deltas[1]
    assert cut_texts(page) == [], width
