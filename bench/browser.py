"""``first_render`` and ``scenario_interaction``: headless Chromium against real servers.

Both sides are served the same way (``streamlit run``, loopback, headless, the project's
config) and measured alternately in one browser. ``first_render`` opens a fresh context
per run (no cache, no cookies, no session) on a warm server; ``scenario_interaction``
presses → on the focused target-year slider and waits for the new figures.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import (
    Result,
    Target,
    alternate,
    bare_server,
    chromium_args,
    chromium_executable,
    dashboard_server,
    overview_chart_points,
)

VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 60_000
# Every KPI card rendered and a plotly chart drawn (``.main-svg`` appears once drawn).
RENDERED_JS = """(cards) =>
    document.querySelectorAll('[data-testid="stMetric"]').length >= cards
    && document.querySelector('.js-plotly-plot .main-svg') !== null"""
# The "Required growth" card's value and a signature of the plotly figure's data.
STATE_JS = """() => {
    const card = [...document.querySelectorAll('[data-testid="stMetric"]')]
        .find(m => m.innerText.includes('Required growth'));
    const value = card && card.querySelector('[data-testid="stMetricValue"]');
    const gd = document.querySelector('.js-plotly-plot');
    const sig = gd && gd.data ? JSON.stringify(gd.data.map(t => [t.x, t.y])) : null;
    return {value: value ? value.innerText : null, sig: sig};
}"""
CHANGED_JS = """(old) => {
    const card = [...document.querySelectorAll('[data-testid="stMetric"]')]
        .find(m => m.innerText.includes('Required growth'));
    const value = card && card.querySelector('[data-testid="stMetricValue"]');
    const gd = document.querySelector('.js-plotly-plot');
    if (!value || !gd || !gd.data || !gd.querySelector('.main-svg')) return false;
    const sig = JSON.stringify(gd.data.map(t => [t.x, t.y]));
    return value.innerText !== old.value && sig !== old.sig;
}"""
SCENARIO_QUERY = "target_usd=1000000000&target_year=2028"


@contextmanager
def _chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable(), args=chromium_args())
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _servers() -> Iterator[tuple[str, str, int]]:
    """The dashboard and the bare app (with as many chart points as the overview's)."""
    points = overview_chart_points()
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store,
        dashboard_server(Path(store)) as (_, app),
        bare_server(points, Path(store)) as (_, bare),
    ):
        yield app, bare, points


def _render_once(browser: Any, url: str, cards: int) -> float:
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(RENDERED_JS, arg=cards, polling="raf", timeout=TIMEOUT_MS)
        return (time.perf_counter() - start) * 1e3
    finally:
        ctx.close()


def _count_cards(browser: Any, url: str) -> int:
    """How many KPI cards the page shows once settled (the warm-up load)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        page = ctx.new_page()
        page.goto(url, timeout=TIMEOUT_MS)
        page.wait_for_function(RENDERED_JS, arg=1, polling="raf", timeout=TIMEOUT_MS)
        page.wait_for_timeout(1500)  # let late cards arrive
        return int(page.locator('[data-testid="stMetric"]').count())
    finally:
        ctx.close()


def run_first_render(quick: bool) -> list[Result]:
    runs = 5 if quick else 7
    with _servers() as (app, bare, points), _chromium() as browser:
        app_cards = _count_cards(browser, app)  # also the warm-up that fills the caches
        bare_cards = _count_cards(browser, bare)
        a, b = alternate(
            lambda: _render_once(browser, app, app_cards),
            lambda: _render_once(browser, bare, bare_cards),
            runs,
        )
    return [
        Result(
            name="first_render",
            unit="ms",
            samples=a,
            baseline_name="first_render_bare_streamlit",
            baseline_samples=b,
            target=Target("ratio", max=1.2),
            extra={"kpi_cards": app_cards, "chart_points": points},
            notes=[
                f"goto → {app_cards} st.metric cards and a drawn plotly chart; fresh browser "
                f"context per run; baseline: 1 metric + 1 chart of {points} points"
            ],
        )
    ]


class _SliderPage:
    """One page kept open; each call moves the target-year slider one step right."""

    def __init__(self, browser: Any, url: str) -> None:
        self.ctx = browser.new_context(viewport=VIEWPORT)
        self.page = self.ctx.new_page()
        self.page.goto(url, timeout=TIMEOUT_MS)
        self.page.wait_for_function(RENDERED_JS, arg=1, polling="raf", timeout=TIMEOUT_MS)
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
            ".some(m => m.innerText.includes('Required growth'))",
            timeout=TIMEOUT_MS,
        )
        self.page.wait_for_timeout(500)
        self.thumb = self.page.get_by_test_id("stSlider").get_by_role("slider").first

    def step(self) -> float:
        old = self.page.evaluate(STATE_JS)
        self.thumb.focus()
        start = time.perf_counter()
        self.page.keyboard.press("ArrowRight")
        self.page.wait_for_function(CHANGED_JS, arg=old, polling="raf", timeout=TIMEOUT_MS)
        took = (time.perf_counter() - start) * 1e3
        self.page.wait_for_timeout(300)  # let the rerun settle before the next step
        return took

    def close(self) -> None:
        self.ctx.close()


def run_scenario_interaction(quick: bool) -> list[Result]:
    """The page against the bare app's one line, and, for reference, the bare app drawing
    the page's own scenario figure: the gap between the two bare apps is what that figure
    costs to draw; the rest is the page around it."""
    runs = 5 if quick else 7
    points = overview_chart_points()
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store,
        dashboard_server(Path(store)) as (_, app),
        bare_server(points, Path(store)) as (_, bare),
        bare_server(points, Path(store), figure="scenario") as (_, bare_figure),
        _chromium() as browser,
    ):
        pages = [
            _SliderPage(browser, f"{app}/scenarios?{SCENARIO_QUERY}"),
            _SliderPage(browser, bare),
            _SliderPage(browser, bare_figure),
        ]
        try:
            steps: list[Callable[[], float]] = [p.step for p in pages]
            a, b = alternate(steps[0], steps[1], runs)
            c, b2 = alternate(steps[2], steps[1], runs)
        finally:
            for p in pages:
                p.close()
    return [
        Result(
            name="scenario_interaction",
            unit="ms",
            samples=a,
            baseline_name="slider_to_chart_bare_streamlit",
            baseline_samples=b,
            target=Target("ratio", max=1.3),
            notes=[
                "→ on the target-year slider (2028, 2029, … each a new scenario) until the "
                "'Required growth' value and the chart's data changed; includes the slider's "
                "own debounce on both sides"
            ],
        ),
        Result(
            name="slider_to_scenario_figure_bare_reference",
            unit="ms",
            samples=c,
            baseline_name="slider_to_chart_bare_streamlit",
            baseline_samples=b2,
            notes=[
                "reference: the bare app (one metric, one chart) drawing the scenario page's "
                "own figure (10 traces, built ahead) instead of one line; measured as "
                "scenario_interaction"
            ],
        ),
    ]
