"""``first_render`` and ``scenario_interaction``: headless Chromium against real servers.

Both sides are served the same way (``streamlit run``, loopback, headless, the project's
config) and measured alternately in one browser. ``first_render`` opens a fresh context
per run (no cache, no cookies, no session) on a warm server; ``scenario_interaction``
presses → on the focused target-year slider and waits for the new figures.
"""

from __future__ import annotations

import re
import statistics
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
from bench.page_scripts import (
    BREAKDOWN_JS,
    CARDS,
    CHANGED_JS,
    CHART_CHANGED_JS,
    CHART_SIG_JS,
    MARK_JS,
    PARTS,
    RENDERED_JS,
    STATE_JS,
    TIMING_JS,
)

VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 60_000
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
        self.ctx.add_init_script(TIMING_JS)
        self.page = self.ctx.new_page()
        self.parts: list[dict[str, Any]] = []
        self.page.goto(url, timeout=TIMEOUT_MS)
        self.page.wait_for_function(RENDERED_JS, arg=1, polling="raf", timeout=TIMEOUT_MS)
        self.page.wait_for_function(
            f"() => {CARDS}.some(m => m.innerText.includes('Required growth'))",
            timeout=TIMEOUT_MS,
        )
        self.page.wait_for_timeout(500)
        self.thumb = self.page.get_by_test_id("stSlider").get_by_role("slider").first

    def step(self) -> float:
        old = self.page.evaluate(STATE_JS)
        self.page.evaluate(MARK_JS)
        self.thumb.focus()
        start = time.perf_counter()
        self.page.keyboard.press("ArrowRight")
        self.page.wait_for_function(CHANGED_JS, arg=old, polling="raf", timeout=TIMEOUT_MS)
        took = (time.perf_counter() - start) * 1e3
        self.parts.append(self.page.evaluate(BREAKDOWN_JS))
        self.page.wait_for_timeout(300)  # let the rerun settle before the next step
        return took

    def breakdown(self, skip: int = 1) -> dict[str, Any]:
        """Medians of each part of the measured steps (after ``skip`` warm-up steps)."""
        steps = self.parts[skip:]
        served = [s for s in steps if not s["in_browser"]]  # the steps that waited for a rerun
        out: dict[str, Any] = {
            p: statistics.median(s[p] for s in served) if served else None for p in PARTS
        }
        local = [s for s in steps if s["in_browser"]]  # drawn before the app's answer
        out["key_to_drawn"] = statistics.median(s["key_to_drawn"] for s in steps)
        out["key_to_drawn_in_browser"] = (
            statistics.median(s["key_to_drawn"] for s in local) if local else None
        )
        out["messages"] = statistics.median(s["messages"] for s in served) if served else 0
        out["drawn_in_browser"] = sum(s["in_browser"] for s in steps)
        out["steps"] = len(steps)
        out["chart_replaced_every_step"] = all(s["chart_replaced"] for s in steps)
        return out

    def close(self) -> None:
        self.ctx.close()


class _TogglePage(_SliderPage):
    """The Trade page kept open; each call clicks the other of two flow pills (a mouse
    click: its press is the step's start) and waits for the chart's data to change."""

    def __init__(self, browser: Any, url: str, pills: tuple[str, str]) -> None:
        self.ctx = browser.new_context(viewport=VIEWPORT)
        self.ctx.add_init_script(TIMING_JS)
        self.page = self.ctx.new_page()
        self.parts = []
        self.pills, self.turn = pills, 0
        self.page.goto(url, timeout=TIMEOUT_MS)
        self.page.wait_for_function(RENDERED_JS, arg=1, polling="raf", timeout=TIMEOUT_MS)
        self.page.wait_for_timeout(500)

    def step(self) -> float:
        pill = self.pills[self.turn % 2]
        self.turn += 1
        old = self.page.evaluate(CHART_SIG_JS)
        self.page.evaluate(MARK_JS)
        button = self.page.locator("[data-testid='stButtonGroup'] button").filter(
            has_text=re.compile(f"^{pill}$")
        )
        button.first.scroll_into_view_if_needed()
        start = time.perf_counter()
        button.first.click()
        self.page.wait_for_function(CHART_CHANGED_JS, arg=old, polling="raf", timeout=TIMEOUT_MS)
        took = (time.perf_counter() - start) * 1e3
        self.parts.append(self.page.evaluate(BREAKDOWN_JS))
        self.page.wait_for_timeout(300)
        return took


def run_trade_flow_toggle(quick: bool) -> list[Result]:
    """The Trade page's flow pills (exports ↔ imports) against the bare app's slider step
    with one line, in the same run, with the same three-part breakdown."""
    runs = 5 if quick else 7
    points = overview_chart_points()
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store,
        dashboard_server(Path(store)) as (_, app),
        bare_server(points, Path(store)) as (_, bare),
        _chromium() as browser,
    ):
        trade = _TogglePage(browser, f"{app}/trade?flow=imports", ("exports", "imports"))
        line = _SliderPage(browser, bare)
        try:
            a, b = alternate(trade.step, line.step, runs)
        finally:
            trade.close()
            line.close()
    parts = {"page": trade.breakdown(), "bare_line": line.breakdown()}
    return [
        Result(
            name="trade_flow_toggle",
            unit="ms",
            samples=a,
            baseline_name="slider_to_chart_bare_streamlit",
            baseline_samples=b,
            extra={"breakdown": parts},
            notes=[
                "a click on the Trade page's flow pill (exports, imports in turn) until the "
                "first chart's data changed; baseline: the bare app's slider step, one line",
                _parts_note("page", parts["page"]),
                _parts_note("bare app, one line", parts["bare_line"]),
            ],
        )
    ]


def _parts_note(label: str, parts: dict[str, Any]) -> str:
    local, steps = parts["drawn_in_browser"], parts["steps"]
    in_browser = (
        f"drawn in the browser {parts['key_to_drawn_in_browser']:.0f} ms after the key, "
        "before the app's answer (frames sent ahead)"
        if local
        else ""
    )
    if local == steps:
        return f"{label}: every step {in_browser} (median)"
    served = (
        f"key → rerun request {parts['key_to_request']:.0f} ms, → last message "
        f"{parts['request_to_last_message']:.0f} ms ({parts['messages']:.0f} messages), "
        f"→ drawn {parts['last_message_to_drawn']:.0f} ms (medians)"
    )
    if not local:
        return f"{label}: {served}"
    return f"{label}: {local} of {steps} steps {in_browser}; the others: {served}"


def run_scenario_interaction(quick: bool) -> list[Result]:
    """The page against the bare app's one line, and, for reference, the bare app drawing
    the page's own scenario figure (every year's built ahead): the gap between the two bare
    apps is what that figure costs the browser to draw. Each step is also split, on the
    page's clock, into the slider's own handling, the server's rerun with the messages it
    sends, and the browser's work after the last of them."""
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
    parts = dict(
        zip(
            ("page", "bare_line", "bare_scenario_figure"),
            (p.breakdown() for p in pages),
            strict=True,
        )
    )
    replaced = all(v["chart_replaced_every_step"] for v in parts.values())
    return [
        Result(
            name="scenario_interaction",
            unit="ms",
            samples=a,
            baseline_name="slider_to_chart_bare_streamlit",
            baseline_samples=b,
            target=Target("ratio", max=1.3),
            extra={"breakdown": parts, "plotly_chart_replaced_every_step": replaced},
            notes=[
                "→ on the target-year slider (2028, 2029, … each a new scenario) until the "
                "'Required growth' value and the chart's data changed; includes the slider's "
                "own debounce on both sides",
                _parts_note("page", parts["page"]),
                _parts_note("bare app, one line", parts["bare_line"]),
                _parts_note("bare app, the page's figure", parts["bare_scenario_figure"]),
                "the page's chart "
                + (
                    "was drawn into a new chart element on every step (a full plot)"
                    if parts["page"]["chart_replaced_every_step"]
                    else "kept its element (Plotly.react, in place)"
                ),
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
                "own figure (10 traces, every year's built ahead, so the server only looks "
                "it up) instead of one line; measured as scenario_interaction"
            ],
        ),
    ]
