"""The Data page in a real Chromium: an import taken out of the user store, by source,
after a preview, on confirmation. Its own server on its own store."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from dashboard import services
from tests.browser.conftest import ROOT, screenshot, start_server, wait_idle

pytestmark = pytest.mark.browser
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_remove_an_import_on_the_data_page(tmp_path, browser, size):
    store = Path(tmp_path / "store")
    payload, _ = services.import_files(
        [FIXTURES / "press" / "valid.csv", FIXTURES / "long" / "national_stats.csv"], str(store)
    )
    total = payload["store_observations"]
    proc: subprocess.Popen
    proc, base = start_server(store)
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(base + "/data")
        page.get_by_text("Remove an import").wait_for()
        wait_idle(page)
        user = page.locator("[data-testid='stMetric']").filter(has_text="User store").first
        assert f"{total} observations" in user.inner_text()
        box = page.locator("[data-testid='stSelectbox']").filter(has_text="Source to remove")
        box.get_by_role("button", name="Open").click()
        page.get_by_role("combobox", name="Source to remove").fill("Outlet A")
        page.get_by_role("option").filter(has_text="Outlet A").first.click()
        warning = page.get_by_text(re.compile(r"Removes \d+ observations"))
        warning.wait_for()
        n = int(re.search(r"Removes (\d+)", warning.inner_text()).group(1))  # type: ignore[union-attr]
        assert 0 < n < total
        assert f"{total} observations" in user.inner_text()  # nothing written yet
        screenshot(page, f"data_remove_{size[0]}")
        page.get_by_role("button", name="Remove from the user store").click()
        page.get_by_text(re.compile(rf"Removed {n} observations")).wait_for()
        wait_idle(page)
        assert f"{total - n} observations" in user.inner_text()
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        ctx.close()
        proc.terminate()
        proc.wait(timeout=10)
