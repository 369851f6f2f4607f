"""The scripts the browser benchmarks run in the page: the clock of a step (a key's press,
each websocket message, the moment the new figures are drawn) and how to read the cards
and the chart, whether drawn in the page or in the in-place chart component's frame."""

from __future__ import annotations

# The chart: the scenario page's in-place chart component draws in an iframe (same origin);
# st.plotly_chart draws in the page itself.
CHART = (
    "(document.querySelector(\"iframe[title*='plotly_react']\")?.contentDocument"
    "?.querySelector('.js-plotly-plot') || document.querySelector('.js-plotly-plot'))"
)
# The number cards: st.metric's in the page; the scenario page's are drawn with its chart,
# in the component's frame (so that a slider step draws both in the browser).
CARDS = (
    "[...document.querySelectorAll('[data-testid=\"stMetric\"]'), ...(document.querySelector("
    "\"iframe[title*='plotly_react']\")?.contentDocument?.querySelectorAll("
    "'[data-testid=\"scenarioCard\"]') || [])]"
)
CARD_VALUE = '[data-testid="stMetricValue"], [data-testid="scenarioCardValue"]'
# Every KPI card rendered and a plotly chart drawn (``.main-svg`` appears once drawn).
RENDERED_JS = """(cards) =>
    CARDS.length >= cards
    && CHART?.querySelector('.main-svg') != null""".replace("CHART", CHART).replace("CARDS", CARDS)
# The "Required growth" card's value and a signature of the plotly figure's data.
STATE_JS = (
    """() => {
    const card = CARDS.find(m => m.innerText.includes('Required growth'));
    const value = card && card.querySelector('CARD_VALUE');
    const gd = CHART;
    const sig = gd && gd.data ? JSON.stringify(gd.data.map(t => [t.x, t.y])) : null;
    return {value: value ? value.innerText : null, sig: sig};
}""".replace("CHART", CHART)
    .replace("CARDS", CARDS)
    .replace("CARD_VALUE", CARD_VALUE)
)
CHANGED_JS = (
    """(old) => {
    const card = CARDS.find(m => m.innerText.includes('Required growth'));
    const value = card && card.querySelector('CARD_VALUE');
    const gd = CHART;
    if (!value || !gd || !gd.data || !gd.querySelector('.main-svg')) return false;
    const sig = JSON.stringify(gd.data.map(t => [t.x, t.y]));
    const changed = value.innerText !== old.value && sig !== old.sig;
    if (changed && window.__bench) window.__bench.done = performance.now();
    return changed;
}""".replace("CHART", CHART)
    .replace("CARDS", CARDS)
    .replace("CARD_VALUE", CARD_VALUE)
)
# Installed before the page's scripts: the page clock (performance.now) at each key press,
# each websocket message sent and received, so a step splits into key → rerun request
# (the slider's own handling) → last message before the change (server and network) →
# drawn (the browser, after the last message it needed).
TIMING_JS = """(() => {
    const t = window.__bench = {keys: [], sent: [], received: [], done: null, chart: null};
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => t.received.push(performance.now()));
        }
        send(data) { t.sent.push(performance.now()); return super.send(data); }
    };
    window.addEventListener('keydown', () => t.keys.push(performance.now()), true);
    window.addEventListener('mousedown', () => t.keys.push(performance.now()), true);
})();"""
MARK_JS = "() => { window.__bench.chart = CHART; }".replace("CHART", CHART)
BREAKDOWN_JS = """() => {
    const t = window.__bench, key = t.keys[t.keys.length - 1];
    const sent = t.sent.filter(x => x >= key)[0];
    const base = {key_to_drawn: t.done - key, chart_replaced: t.chart !== CHART};
    const got = sent === undefined ? [] : t.received.filter(x => x >= sent && x <= t.done);
    // Drawn in the browser before the app answered the step (frames sent ahead).
    if (!got.length)
        return {...base, in_browser: true, key_to_request: null, request_to_last_message: null,
                last_message_to_drawn: null, messages: 0};
    const last = got.length ? got[got.length - 1] : sent;
    return {...base, in_browser: false, key_to_request: sent - key,
            request_to_last_message: last - sent, last_message_to_drawn: t.done - last,
            messages: got.length};
}""".replace("CHART", CHART)
# The first chart's data only (the Trade page's flow toggle changes no card's label).
CHART_SIG_JS = """() => {
    const gd = CHART;
    return gd && gd.data ? JSON.stringify(gd.data.map(t => [t.x, t.y])) : null;
}""".replace("CHART", CHART)
CHART_CHANGED_JS = """(old) => {
    const gd = CHART;
    if (!gd || !gd.data || !gd.querySelector('.main-svg')) return false;
    const changed = JSON.stringify(gd.data.map(t => [t.x, t.y])) !== old;
    if (changed && window.__bench) window.__bench.done = performance.now();
    return changed;
}""".replace("CHART", CHART)
PARTS = ("key_to_request", "request_to_last_message", "last_message_to_drawn")
