"""A real ``streamlit run`` on a free loopback port, and Debian's Chromium driven by
Playwright. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_path() -> str:
    path = os.environ.get("TRADEDASH_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("Debian's chromium is not installed: `make chromium` installs it")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{base}/_stcore/health did not answer ok in {timeout:.0f}s")


def start_server(
    store: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "TRADEDASH_STORE": str(store), **(extra_env or {})}
    # The server's log goes to a file beside the store: a pipe nobody reads would block
    # a chatty server once it fills.
    log = open(store.parent / f"{store.name}-server-{port}.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "streamlit_app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    log.close()  # the child holds its own descriptor
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
    except Exception:
        proc.kill()
        raise
    return proc, base


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    proc, base = start_server(tmp_path_factory.mktemp("store"))
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    p = ctx.new_page()
    p.set_default_timeout(30_000)
    yield p
    ctx.close()


#: The two viewports of the layout tests: a laptop and a phone.
SIZES = [(1280, 800), (390, 844)]


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def sized(request, browser):
    """A page at each of :data:`SIZES`, with its width: ``page, width = sized``."""
    w, h = request.param
    ctx = browser.new_context(viewport={"width": w, "height": h})
    p = ctx.new_page()
    p.set_default_timeout(60_000)
    yield p, w
    ctx.close()


def wait_idle(page, timeout: float = 90_000) -> None:
    """The run has finished and no element of the previous run is still on screen."""
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


DOCS = ROOT / "docs" / "screenshots"


def docs_shot(page, name: str) -> None:
    """A 1280×800 viewport shot for the README (not the full, very long page).

    Written only with ``TRADEDASH_UPDATE_SCREENSHOTS=1``, so a test run leaves the tracked
    screenshots alone.
    """
    if os.environ.get("TRADEDASH_UPDATE_SCREENSHOTS") != "1":
        return
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"))


# The in-place chart component (dashboard.components.plotly_react) draws in an iframe.
CHART_FRAME = "iframe[title*='plotly_react']"


def component_frame(page):
    """The first in-place chart's frame, once its plotly chart is drawn there."""
    frame_el = page.locator(CHART_FRAME).first
    frame_el.wait_for()
    frame_el.scroll_into_view_if_needed()  # the mouse tests hover and drag on it
    frame = frame_el.element_handle().content_frame()
    frame.locator(".js-plotly-plot .main-svg").first.wait_for()
    return frame


# The scenario page's number cards, drawn with its chart in the component's frame.
SCENARIO_CARDS_JS = (
    "[...(document.querySelector(\"iframe[title*='plotly_react']\")?.contentDocument"
    "?.querySelectorAll('[data-testid=scenarioCard]') || [])]"
)


def scenario_card(page, label: str):
    """The scenario card whose text holds ``label`` (a locator in the chart's frame)."""
    cards = page.frame_locator(CHART_FRAME).first.get_by_test_id("scenarioCard")
    return cards.filter(has_text=label).first


def cut_texts(page) -> list[str]:
    """The texts of the metric cards' labels, values and changes that the page cuts short
    (an ellipsis: wider than their box), the scenario cards' in the chart's frame too."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid=stMetricValue], [data-testid=stMetricLabel], '
                + '[data-testid=stMetricDelta]'),
                ...[...(document.querySelector("iframe[title*='plotly_react']")
                    ?.contentDocument?.querySelectorAll('[data-testid^=scenarioCard]') || [])]
                    .filter(e => e.dataset.testid !== 'scenarioCard'
                                 && e.dataset.testid !== 'scenarioCardHelp')]
            .flatMap(e => [e, ...e.querySelectorAll('*')])
            .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
            .map(e => e.innerText)"""
    )
