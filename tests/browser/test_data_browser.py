"""The Data page in a real Chromium: upload, validation report, import, errors; and the
Claims and sources page's screenshot.

The upload test runs its own server on a fresh user store, so importing here never changes
what the other browser tests see.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, docs_shot, screenshot, start_server, wait_idle

pytestmark = pytest.mark.browser
PRESS = ROOT / "tests" / "fixtures" / "press"


def metric(page, label: str):
    return page.locator("[data-testid='stMetric']").filter(has_text=label).first


@pytest.fixture(scope="module")
def fresh_server(tmp_path_factory) -> Iterator[str]:
    proc: subprocess.Popen
    proc, base = start_server(Path(tmp_path_factory.mktemp("data_store")))
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_upload_validate_confirm_and_listing_grows(fresh_server, page):
    page.goto(fresh_server + "/data")
    user = metric(page, "User store")
    user.wait_for()
    assert "0 observations" in user.inner_text()

    page.set_input_files("input[type=file]", str(PRESS / "valid.csv"))
    page.get_by_text("Validation report").wait_for()
    wait_idle(page)
    assert "4" in metric(page, "Observations").inner_text()
    assert "2023–2024" in metric(page, "Years").inner_text()
    # Nothing is written before the confirmation.
    assert "0 observations" in metric(page, "User store").inner_text()
    docs_shot(page, "data")
    screenshot(page, "data_report")

    page.get_by_role("button", name="Import into the user store").click()
    page.get_by_text(re.compile(r"Imported 4 observations from valid\.csv")).wait_for()
    wait_idle(page)
    assert "4 observations" in metric(page, "User store").inner_text()
    assert page.get_by_text("Validation report").count() == 0  # the uploader was reset
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "data_imported")

    # The same file again is the same source: refused as a repeat, nothing written.
    page.set_input_files("input[type=file]", str(PRESS / "valid.csv"))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    assert "already in the store" in error.inner_text()
    assert "4 observations" in metric(page, "User store").inner_text()


def test_upload_error_names_row_and_column(fresh_server, page):
    page.goto(fresh_server + "/data")
    metric(page, "User store").wait_for()
    page.set_input_files("input[type=file]", str(PRESS / "month_13.csv"))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for()
    text = error.inner_text()
    assert "month_13.csv" in text and "row 2" in text and "period_end" in text
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Validation report").count() == 0
    screenshot(page, "data_error")


def test_claims_page_renders(server, page):
    page.goto(server + "/claims")
    page.get_by_text("Headline claims: Kazakhstan–Turkmenistan", exact=True).wait_for()
    page.get_by_text("Contradictions between sources").wait_for(timeout=120_000)
    page.get_by_text(re.compile(r"\d+ sources: the \d+ behind KAZ–TKM")).wait_for()
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # headline claims' technical details, press figures, their technical details (with
    # source ids), contradictions, sources
    page.locator("[data-testid='stDataFrame']").nth(4).wait_for(state="attached")
    assert page.locator("[data-testid='stDataFrame']").count() == 5
    docs_shot(page, "claims")
    assert screenshot(page, "claims").stat().st_size > 10_000


def test_wide_table_asks_for_reporter_and_direction(fresh_server, page):
    """A stat.uz table names neither: no report until both are named, then the import."""
    wide = ROOT / "tests" / "fixtures" / "stat_uz" / "wide_m49_three_languages.csv"
    page.goto(fresh_server + "/data")
    metric(page, "User store").wait_for()
    before = metric(page, "User store").inner_text()
    page.set_input_files("input[type=file]", str(wide))
    page.get_by_text("states neither its reporter nor its direction").wait_for()
    wait_idle(page)
    assert page.get_by_text("Validation report").count() == 0
    # The pickers' control (issue 18, item 11): typing the name finds the code.
    box = page.get_by_role("combobox", name="Reporter of this table")
    box.click()
    box.fill("Uzbekistan")
    page.get_by_role("option", name="Uzbekistan (UZB)", exact=True).click()
    wait_idle(page)
    assert page.get_by_text("Validation report").count() == 0  # the direction is missing
    page.get_by_text("import", exact=True).click()
    page.get_by_text("Validation report").wait_for()
    wait_idle(page)
    assert "18" in metric(page, "Observations").inner_text()
    assert "2021–2023" in metric(page, "Years").inner_text()
    assert metric(page, "User store").inner_text() == before  # nothing written yet
    page.get_by_role("button", name="Import into the user store").click()
    page.get_by_text(re.compile(r"Imported 18 observations from wide_m49")).wait_for()
    assert page.locator("[data-testid='stException']").count() == 0


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_upload_lists_every_problem_with_a_csv(fresh_server, browser, tmp_path, viewport):
    """Issue 18, item 12: a file with problems on nine rows shows all nine, and the error
    CSV to download holds them (file, row, column, value, problem); nothing is written."""
    from tests.unit.test_cli_problems import press_file

    bad = {i for i in range(60) if i % 7 == 2}
    src = press_file(tmp_path / "many.csv", 60, bad)
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    try:
        page.goto(fresh_server + "/data")
        metric(page, "User store").wait_for()
        before = metric(page, "User store").inner_text()
        page.set_input_files("input[type=file]", str(src))
        error = page.locator("[data-testid='stAlertContentError']").first
        error.wait_for()
        assert f"many.csv, row {min(bad) + 2}, column 'period_end'" in error.inner_text()
        page.get_by_text(f"{len(bad)} problems in this file (all listed)").wait_for()
        wait_idle(page)
        with page.expect_download() as got:
            page.get_by_role("button", name="Download the problems (CSV)").click()
        lines = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
        assert lines[0] == "file,row,column,value,problem"
        assert [int(line.split(",")[1]) for line in lines[1:]] == sorted(i + 2 for i in bad)
        assert all(line.startswith("many.csv,") for line in lines[1:])
        assert page.locator("[data-testid='stException']").count() == 0
        assert metric(page, "User store").inner_text() == before
        screenshot(page, f"data_problems_{viewport[0]}")
    finally:
        context.close()


def test_the_fetch_controls_show_their_values_whole(server, sized):
    """At [3, 3, 2, 4] columns the source box read "UN Comtrad" at 1280 px."""
    page, width = sized
    page.goto(server + "/data")
    source = page.get_by_role("combobox", name="Source")
    source.wait_for()
    wait_idle(page)
    assert source.input_value() == "UN Comtrade"
    boxes = page.get_by_role("combobox")
    assert boxes.count() >= 3  # reporter, partner, source
    # A box's text wider than the box: the input scrolls (Chromium's scrollWidth says so)
    cut = boxes.evaluate_all(
        "els => els.filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.value)"
    )
    assert not cut, (width, cut)
