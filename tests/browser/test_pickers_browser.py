"""Names, not just codes (issue 18, item 11), in a real Chromium: typing "China" in the
partner picker finds "China (CHN)", and the URL keeps the code; the same control on Trade
and on Target scenarios."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot, wait_idle
from tests.browser.test_pairs_browser import query

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "size"),
    [("/trade", (1280, 800)), ("/trade", (390, 844)), ("/scenarios", (1280, 800))],
    ids=["trade-1280", "trade-390", "scenarios-1280"],
)
def test_typing_a_name_finds_its_code_and_the_url_keeps_the_code(server, browser, path, size):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{server}{path}?reporter=KAZ&partner=TKM")
        page.get_by_role("combobox", name="Partner").wait_for()
        wait_idle(page)
        box = page.get_by_role("combobox", name="Partner")
        picker = page.get_by_test_id("stSelectbox").filter(has=box)
        shown = picker.evaluate(
            "e => e.innerText + ' ' + [...e.querySelectorAll('input')]"
            ".map(i => i.value + ' ' + i.placeholder).join(' ')"
        )
        assert "Turkmenistan (TKM)" in shown, shown
        box.click()
        box.fill("China")
        options = page.get_by_role("option")
        options.first.wait_for()
        names = options.all_inner_texts()
        assert names[0] == "China (CHN)", names  # the best match first (the search is fuzzy)
        page.get_by_role("option", name="China (CHN)", exact=True).click()
        page.wait_for_url(re.compile(r"partner=CHN"))
        wait_idle(page)
        q = query(page)
        assert q["partner"] == "CHN" and q["reporter"] == "KAZ"  # codes, not labels
        assert page.locator("[data-testid='stException']").count() == 0
        screenshot(page, f"picker{path.replace('/', '_')}_{size[0]}")
    finally:
        ctx.close()
