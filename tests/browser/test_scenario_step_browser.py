"""What a step of the target-year slider sends (issue 17, "less to send"): the results
alone, read from the websocket as the browser receives it. The controls, the sidebar and
the fan's backtest are the page's frame: a step resends none of them."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import SCENARIO_CARDS_JS
from tests.browser.test_scenarios_browser import step_to_2029, wait_for_growth

pytestmark = pytest.mark.browser

#: Deltas a step sends today: 19 (the slider, the results, what the world's next years do
#: to P(reach) and the scenario table, with the notes the scenario has; counted on 5
#: December). Room for a few more notes, not for the controls (about 30), nor
#: for the history's sources or the second caption (27 before them).
MOST_DELTAS = 26


def step_messages(page, url: str) -> list[ForwardMsg]:
    """The messages of one → on the slider, from the step's run start to its end."""
    got: list[bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: got.append(frame)))
    page.goto(url)
    wait_for_growth(page, "12.2%")
    page.wait_for_timeout(500)  # the first run's last messages
    got.clear()
    step_to_2029(page)
    page.wait_for_function(
        f"() => {SCENARIO_CARDS_JS}.some(m => m.innerText.includes('P(reach by 2029)'))"
    )
    page.wait_for_timeout(500)  # the run's last messages
    msgs = []
    for raw in got:
        fm = ForwardMsg()
        fm.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
        msgs.append(fm)
    assert [m.WhichOneof("type") for m in msgs].count("new_session") == 1, "one run per step"
    return msgs


def test_a_slider_step_sends_the_results_alone(server, page):
    msgs = step_messages(page, server + "/scenarios?target_usd=1000000000&target_year=2028")
    finished = [m.script_finished for m in msgs if m.WhichOneof("type") == "script_finished"]
    assert finished == [ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY]  # not the whole page
    deltas = [m for m in msgs if m.WhichOneof("type") == "delta"]
    elements = [
        m.delta.new_element.WhichOneof("type")
        for m in deltas
        if m.delta.WhichOneof("type") == "new_element"
    ]
    # The slider is the only control resent; the sidebar (delta path 1) is not touched.
    assert elements.count("slider") == 1
    for control in ("selectbox", "text_input", "number_input"):
        assert control not in elements, control
    assert not [m for m in deltas if m.metadata.delta_path[0] == 1], "the sidebar was resent"
    # The fan's backtest (a plotly chart in its expander) does not move with the year.
    assert "plotly_chart" not in elements
    # The cards are drawn with the chart, by the one component (no st.metric)
    assert "metric" not in elements and elements.count("component_instance") == 1
    # The history's sources do not move with the year: their expander is not resent.
    assert "text" not in elements
    # The title and the sources' recency are one caption of two lines, not two captions.
    assert elements[: elements.index("component_instance")] == ["slider", "markdown"]
    assert len(deltas) <= MOST_DELTAS, len(deltas)


SOURCES_TEXT = """() => [...document.querySelectorAll('[data-testid=stExpander]')]
    .find(e => e.textContent.includes('Sources of the history used'))?.textContent"""


def test_a_setting_redraws_the_history_sources(server, page):
    """The sources are their own fragment, not the step's: a setting that moves the
    history (here the base year) reruns them with the results."""
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    before = page.evaluate(SOURCES_TEXT)
    assert before and "Direction of Trade Statistics" in before
    box = page.get_by_role("spinbutton", name="Base year")
    box.fill("2012")
    box.press("Enter")
    page.wait_for_function(f"(old) => ({SOURCES_TEXT})() !== old", arg=before)
    assert len(page.evaluate(SOURCES_TEXT)) < len(before)  # 2012's history, fewer sources


# Counts the websocket messages the page receives, and the count when a key goes down.
COUNT_JS = """(() => {
    window.__received = 0;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => { window.__received += 1; });
        }
    };
    window.addEventListener('keydown', () => { window.__atKey = window.__received; }, true);
})();"""
# When the cards in the chart's frame change: how many messages had arrived by then.
WATCH_CARDS_JS = """() => {
    const doc = document.querySelector("iframe[title*='plotly_react']").contentDocument;
    doc.querySelector('.js-plotly-plot').__tag = 'before';
    window.__atDraw = undefined;
    new MutationObserver((_, obs) => {
        window.__atDraw = window.__received;
        obs.disconnect();
    }).observe(doc.getElementById('cards'), {childList: true, subtree: true});
}"""


def test_a_step_to_a_year_sent_ahead_is_drawn_before_the_app_answers(server, page):
    """Issue 17: the years either side come with the page; a step to one is drawn in the
    browser (cards and chart, the same element) before any message of its rerun, and the
    rerun that follows (URL, evidence) leaves it as drawn."""
    page.add_init_script(COUNT_JS)
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    page.wait_for_timeout(500)  # the first run's last messages
    page.evaluate(WATCH_CARDS_JS)
    step_to_2029(page)  # → and the URL's 2029
    page.wait_for_function("() => window.__atDraw !== undefined")
    at_key, at_draw = page.evaluate("() => [window.__atKey, window.__atDraw]")
    assert at_draw == at_key, f"drawn after {at_draw - at_key} messages of the rerun"
    wait_for_growth(page, "10.0%")  # 2029's, as a run at 2029 gives it
    page.wait_for_timeout(500)
    frame = page.frame_locator("iframe[title*='plotly_react']").first
    assert frame.locator(".js-plotly-plot").evaluate("gd => gd.__tag") == "before"
    labels = frame.get_by_test_id("scenarioCardLabel").all_inner_texts()
    assert any("P(reach by 2029)" in x for x in labels), labels


def test_a_jump_beyond_the_years_sent_ahead_waits_for_the_app(server, page):
    """End (2060) is not among the years sent ahead: its rerun draws it, in place."""
    page.goto(server + "/scenarios?target_usd=1000000000&target_year=2028")
    wait_for_growth(page, "12.2%")
    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    slider.press("End")
    page.wait_for_function(
        f"() => {SCENARIO_CARDS_JS}.some(m => m.innerText.includes('P(reach by 2060)'))"
    )
    assert "target_year=2060" in page.url
