"""Target scenarios: what growth a target needs, when the historical pace gets there, and
how likely it is. Every control is bound to the URL, so a copied link reproduces the view."""

from __future__ import annotations

from typing import Any, Literal

import streamlit as st

from analysis.amounts import AmountError, grouped, parse_amount, plain
from analysis.asof import month_error
from analysis.units import unit_of
from analysis.wording import amount
from analysis.wording import label as words
from dashboard import downloads, loaders, state, ui
from dashboard.components.plotly_react import Card, plotly_react
from dashboard.safety import md_escape
from dashboard.views.scenarios import (
    ResultCard,
    ScenarioAsk,
    ScenarioDefaults,
    ScenarioView,
    display_table,
    evidence_table,
    result_cards,
    scenario_csv,
)
from dashboard.views.scenarios import words as say
from data.countries import name_of

SERIES = {s: words(s) for s in ("trade_value", "rail_freight")}  # shown in plain words
URL: Literal["query-params"] = "query-params"
#: Default yearly growth of the named scenarios, percent, and simulated paths.
SCENARIOS = {n: state.default(f"{n}_pct", "/scenarios") for n in ("low", "base", "high")}
PATHS = state.default("paths", "/scenarios")
ALIASES = state.params_of("/scenarios")["flow"].aliases


METHODS = ["pooled", "parametric", "bootstrap", "random_walk"]
#: Target years either side of the slider's sent ahead (cards and chart drawn in advance): two
#: quick presses of an arrow are drawn in the browser; each view costs ~7 ms once (cached).
AHEAD = 2
AS_OF_HELP = ("Answer with what was known at the end of this month: periods ended and "
              "sources published by then. Blank: the latest.")  # fmt: skip


def as_of_month() -> str | None:
    """The ``as_of`` control as a month, or ``None`` (the latest) when blank."""
    text = str(st.session_state.get("as_of", "") or "").strip()
    return text or None


def flow_asked() -> str:
    """The flow control's flow: a trade series' total or one way; rail has no flows."""
    trade = st.session_state.get("series") == "trade_value"
    return str(st.session_state.get("flow") or "total") if trade else "total"


def defaults(reporter: str, partner: str, series: str) -> ScenarioDefaults:
    month = None if month_error(as_of_month()) else as_of_month()  # the results say why
    return loaders.scenario_defaults(
        reporter, partner, series, loaders.store_generation(), month, flow_asked()
    )


def reset_to_defaults() -> None:
    """A new pair or series starts from its own defaults, not the old series' numbers."""
    ss = st.session_state
    d = defaults(ss["reporter"].upper(), ss["partner"].upper(), ss["series"])
    before = ss.get("base_year")
    ss[state.target_key(ss["series"])] = plain(d.target)
    ss.update(target_year=d.target_year, base_year=d.base_year,
              history_start=d.history_start, history_end=d.history_end)  # fmt: skip
    # Said once, on the next render: a base year that moves with the pair is not silent.
    ss["base_year_moved"] = (before, d.base_year) if before not in (None, d.base_year) else None


def normalise_target() -> None:
    """A target typed as ``1e9``, ``1 bn`` or ``1,000,000,000`` goes to the URL as
    ``1000000000``; a refused one stays as typed, and the page says why."""
    ss = st.session_state
    key = state.target_key(ss["series"])
    try:
        value = parse_amount(ss[key], unit_of(ss["series"]))
    except AmountError:
        return  # kept as typed: this rerun shows the reason
    ss[key] = plain(value)


def read_old_rail_target() -> None:
    """A link from before ``target_t`` gave a rail series' target, in tonnes, as
    ``target_usd``: it is read as ``target_t``, so the bookmark still works, and said once."""
    qp = st.query_params
    if qp.get("series") == state.TONNES_SERIES and "target_usd" in qp and "target_t" not in qp:
        # The URL is read once, at the start: the box takes the value from the session too.
        qp["target_t"] = st.session_state["target_t"] = qp["target_usd"]
        del qp["target_usd"]
        st.session_state["old_target_note"] = (
            f"This link gives the rail target as target_usd={qp['target_t']}: read as tonnes "
            "(target_t, the parameter for a freight target); target_usd is for US dollars."
        )


# -- what reruns ------------------------------------------------------------------------
# The controls are the page frame, drawn on a full run; what they change is drawn by named
# fragments (issue 17). The target-year slider is the results' own: the results fragment
# draws it in its place among the controls, so a step reruns the results alone and
# resends neither the other controls, the sidebar, the fan's backtest nor the navigation.
# A finer setting reruns the fragments it changes; a new pair, series, flow, month or
# method reruns the whole page (the defaults move with them).
TARGET, RESULTS, QUALITY, SOURCES = "target_box", "results", "fan_quality", "history_sources"


def setting_changed() -> None:
    st.rerun([RESULTS, QUALITY, SOURCES])  # base year, history, growth, paths, draws


def target_changed() -> None:
    normalise_target()  # the box itself is redrawn: it shows the normalised figure
    st.rerun([TARGET, RESULTS, QUALITY, SOURCES])


def asked_now() -> ScenarioAsk:
    """The scenario the controls ask for, read from the session: a fragment reruns without
    the controls. Raises ``AmountError`` when the target cannot be read."""
    ss = st.session_state
    series = ss["series"]
    target = parse_amount(ss[state.target_key(series)], unit_of(series))
    return ScenarioAsk(
        ss["reporter"].upper(), ss["partner"].upper(), series, float(target),
        int(ss["target_year"]), int(ss["base_year"]),
        (int(ss["history_start"]), int(ss["history_end"])), int(ss["paths"]),
        int(ss["seed"]), ss["method"],
        tuple((n, float(ss[f"{n}_pct"]) / 100) for n in SCENARIOS), as_of_month(),
        flow_asked(),
    )  # fmt: skip


def evaluated() -> tuple[ScenarioAsk, ScenarioView] | None:
    """The asked scenario and its view (cached), or ``None`` where the results say why not."""
    try:
        asked = asked_now()
        return asked, loaders.scenario_view(asked, loaders.store_generation())
    except (AmountError, ValueError):
        return None


# -- inputs -----------------------------------------------------------------------------
def controls() -> tuple[Any, int]:
    """Every control but the target year; its place, and its default."""
    # The main controls sit above the results, on every width (on a phone the sidebar is
    # collapsed, and opening it covered the results); finer settings stay there.
    st.title("Target scenarios")
    read_old_rail_target()
    with st.container(border=True, key="main_controls"):
        top, bottom = st.columns(3), st.columns(2)
    with st.sidebar:
        st.subheader("More settings")
        reset = reset_to_defaults
        # The pickers of every page; a pair the stores lack stays an option and is said below.
        gen = loaders.store_generation()
        reporters = sorted({*loaders.reporters_held(gen), ui.asked("reporter", state.REPORTER)})
        reporter = ui.pick_code(top[0], "Reporter", reporters, "reporter", state.REPORTER,
                                on_change=reset)  # fmt: skip
        partners = sorted(
            {*loaders.partners_held(reporter, gen), ui.asked("partner", state.PARTNER)} - {reporter}
        )
        partner = ui.pick_code(top[1], "Partner", partners, "partner", state.PARTNER,
                               on_change=reset)  # fmt: skip
        # Shown in plain words; the URL keeps the series' name (trade_value, rail_freight).
        series = ui.pick_word(top[2], "Series", list(SERIES), "series", on_change=reset,
                              help="Trade turnover in USD, or freight in tonnes")  # fmt: skip
        st.text_input("As of (YYYY-MM)", "", key="as_of", on_change=reset, bind=URL,
                      placeholder="latest", help=AS_OF_HELP)  # fmt: skip
        if series == "trade_value":  # the reporter's exports or imports alone, or both
            ui.pick_word(st, "Flow", list(say.FLOWS), "flow", reset, aliases=ALIASES,
                         words=lambda f: say.FLOWS[f].replace("Reporter", reporter),
                         help=f"{reporter}'s exports to {partner}, imports, or both")  # fmt: skip
        d = defaults(reporter.upper(), partner.upper(), series)
        with bottom[0]:
            target_box(d)
        year = bottom[1].container()  # the slider, drawn by the results
        if d.target_year_basis:
            bottom[1].caption(md_escape(f"Target year {d.target_year}: {d.target_year_basis}."))
        st.number_input("Base year", 1990, 2060, d.base_year, key="base_year", bind=URL,
                        on_change=setting_changed)  # fmt: skip
        c1, c2 = st.columns(2)
        c1.number_input("History from", 1990, 2060, d.history_start, key="history_start",
                        bind=URL, on_change=setting_changed)  # fmt: skip
        c2.number_input("History to", 1990, 2060, d.history_end, key="history_end", bind=URL,
                        on_change=setting_changed)  # fmt: skip
        st.caption("Scenario growth, % a year")
        for col, (name, value) in zip(st.columns(3), SCENARIOS.items(), strict=True):
            col.number_input(name, -50.0, 300.0, value, 0.5, "%.1f", key=f"{name}_pct",
                             bind=URL, on_change=setting_changed)  # fmt: skip
        st.number_input("Simulated paths", 100, 100_000, PATHS, 1_000, key="paths", bind=URL,
                        on_change=setting_changed)  # fmt: skip
        st.number_input(words("seed").capitalize(), 0, 2**31 - 1, 0, key="seed", bind=URL,
                        on_change=setting_changed, help="The same number draws the same "
                        "simulated paths, so a copied link gives the same answer.")  # fmt: skip
        ui.pick_word(
            st,
            "How paths are simulated",
            METHODS,
            "method",
            help="Similar earlier cases: paths of pairs whose history looked "
            "like this one's, world and pair apart (see How good is "
            "this fan?)",
        )
    return year, d.target_year


@st.fragment(key=TARGET)
def target_box(d: ScenarioDefaults) -> None:
    """The target's box and what it reads as: redrawn alone when the target is typed."""
    series = st.session_state["series"]
    unit = unit_of(series)
    # US dollars in target_usd, tonnes in target_t: a link says which unit it means.
    box: dict[str, Any] = dict(
        label=f"Target ({unit})",
        value=plain(d.target),
        on_change=target_changed,
        help="1e9, 1 bn, 1,000,000,000 or 1000M; Mt for tonnes",
    )
    if state.target_key(series) == "target_t":
        typed = st.text_input(key="target_t", bind=URL, **box)
    else:
        typed = st.text_input(key="target_usd", bind=URL, **box)
    try:
        target = parse_amount(typed, unit)
    except AmountError:
        return  # the results say why
    st.caption(md_escape(f"Target: {grouped(target)} {unit} ({amount(target, unit)})"))
    if d.target_basis:
        st.caption(md_escape(f"Default {amount(d.target, unit)}: {d.target_basis}."))


# -- results -----------------------------------------------------------------------------
def ahead_years(year: int) -> list[int]:
    """The target years sent ahead of a step: :data:`AHEAD` either side of ``year`` (not
    ``year`` itself), on the slider."""
    lo, hi = state.TARGET_YEARS
    return [y for y in range(max(lo, year - AHEAD), min(hi, year + AHEAD) + 1) if y != year]


def cards(shown: list[ResultCard]) -> list[Card]:
    return [Card(c.label, c.value, c.delta, help=c.help, color=look["delta_color"],
                 arrow=look["delta_arrow"])
            for c in shown for look in [ui.delta_look(c.delta)]]  # fmt: skip


@st.fragment(key=RESULTS)
def results(year: Any, default_year: int, tail: Any) -> None:
    """The slider (in ``year``), the numbers, chart and evidence, and the scenario table
    (in ``tail``, after the fan's backtest): all a step of the year changes."""
    year.slider("Target year", *state.TARGET_YEARS, default_year, key="target_year", bind=URL)
    ss = st.session_state
    reporter, partner, series = ss["reporter"].upper(), ss["partner"].upper(), ss["series"]
    flow = flow_asked()
    ui.stop_unless_held(reporter, partner)
    unit = unit_of(series)
    moved = ss.pop("base_year_moved", None)
    what = say.forecast_words(name_of(reporter), name_of(partner), series, flow)
    if moved:  # said once, on this render, whether or not the pair can be evaluated
        moved = md_escape(
            say.base_moved_words(moved[0], moved[1], f"{reporter}–{partner}", what, flow)
        )
    if bad := month_error(as_of_month()):  # refused as an unreadable target is
        st.error(md_escape(f"As of cannot be read: {bad}."))
        return
    try:
        asked = asked_now()
    except AmountError as err:  # refused: say why, compute nothing with a guessed figure
        st.error(md_escape(f"The target cannot be read: {err}."))
        return
    gen = loaders.store_generation()
    try:
        view = loaders.scenario_view(asked, gen)
    except ValueError as err:  # no series at all is said as such, with what is held
        why = loaders.why_no_series(asked, gen)
        st.error(md_escape(why or f"These parameters cannot be evaluated: {err}"))
        if moved:
            st.info(moved)
        return
    target, target_year, base_year = asked.target, asked.target_year, asked.base_year
    res, fig, sources = view.result, view.figure, view.sources
    ui.footer(view.source_ids, loaders.pair_snapshot(reporter, partner, gen).sources)
    shown = result_cards(asked, res)
    numbers = {c.label: c.value for c in shown}
    held = {state.target_key(series)} | ({"flow"} if series == "trade_value" else set())
    unused = {"target_usd", "target_t", "flow"} - held  # rail has no flows
    params = {k: st.session_state[k] for k in state.params_of("/scenarios") if k not in unused}
    goal = amount(target, unit)
    title = f"{name_of(reporter)}–{name_of(partner)}: {goal} by {target_year}"

    # -- render -----------------------------------------------------------------------------
    # One caption of two lines, not two captions: one element less to send per step.
    st.caption(md_escape(f"{title} ({what}), from {base_year}'s "
                         f"{amount(res.base_value, unit)}") + "  \n"
               + md_escape(loaders.pair_recency(reporter, partner, (series,), gen)))  # fmt: skip
    # The cards and chart of this year, and of the years either side, sent ahead: a step
    # of the slider to one of them is drawn in the browser at once, this rerun following.
    frames = {}
    for y in ahead_years(target_year):
        try:
            other = asked._replace(target_year=y)
            v = loaders.scenario_view(other, gen)
        except ValueError:
            continue
        frames[y] = (v.figure, cards(result_cards(other, v.result)))
    plotly_react(fig, key="scenario_chart", uirevision=f"{reporter}-{partner}-{series}-{flow}",
                 cards=cards(shown), frames=frames, selected=target_year,
                 follow="target_year")  # fmt: skip
    if moved:
        st.info(moved)
    if res.base_value >= target:
        st.warning(md_escape(say.already_above_words(base_year, res.base_value, target, unit)))
    for note in res.notes:
        st.info(md_escape(note))
    if old := st.session_state.pop("old_target_note", None):
        st.info(md_escape(old))
    # A horizontal container, not columns: one block instead of three per rerun.
    row = st.container(horizontal=True)
    # USD million to one decimal; the CSV opens with the parameters and the history's sources.
    readable = view.readable
    row.download_button("Scenario table (CSV)", lambda: scenario_csv(readable, params, sources),
                        "scenario.csv", "text/csv", key="download_csv",
                        on_click="ignore")  # fmt: skip
    row.download_button(  # built on click: plotly.js inlined makes it ~5 MB
        "Report (HTML, works offline)",
        lambda: downloads.scenario_html(title, fig, params, numbers, sources, view.report_notes,
                                        display_table(readable)),
        "scenario.html", "text/html", key="download_html", on_click="ignore",
    )  # fmt: skip
    evidence = evidence_table(res, unit, view.citations)
    if len(evidence):
        st.subheader(f"Figures since {base_year}, and what each did")
        p_before, as_of = res.p_reach_without_evidence, str(res.as_of)
        st.caption(md_escape(say.evidence_words(p_before, res.base_year, target_year, as_of)))
        st.dataframe(evidence, hide_index=True, width="stretch")
    if view.world:  # what the world's next years do to P(reach)
        st.caption(md_escape(view.world))
        with st.expander("P(reach) by the world's five years"):
            st.caption(say.WORLD_TABLE_NOTE)
            st.dataframe(view.world_table, hide_index=True, width="stretch", height="content")
    with tail.expander("Scenario table"):
        st.dataframe(view.arrow, hide_index=True, width="stretch")


@st.fragment(key=SOURCES)
def history_sources() -> None:
    """The sources of the history used: they move with the pair, base year and history,
    not with the target year, so a step does not resend them."""
    if (done := evaluated()) is not None:
        with st.expander("Sources of the history used"):
            st.text("\n".join(done[1].sources))


@st.fragment(key=QUALITY)
def fan_quality() -> None:
    """How good is this fan? It moves with the method and the target's ratio to the base,
    not with the target year."""
    if (done := evaluated()) is None:
        return
    target, res = done[0].target, done[1].result
    with st.expander("How good is this fan?"):
        # Rounded, so that one diagram serves every nearby target.
        quality = loaders.fan_quality(res.method, round(target / res.base_value, 2))
        cov, reach = quality.coverage, quality.reach
        config = loaders.backtest_summary().get("config", {})
        if reach is None:
            st.write(md_escape(f"No backtest of {words(res.method)} ships with this data."))
        else:
            pooled = res.method == "pooled"
            st.caption(md_escape(say.backtest_words(words(res.method), config, reach, pooled)))
            c1, c2 = st.columns([3, 2])
            c1.plotly_chart(quality.figure, width="stretch")
            c2.dataframe(cov, hide_index=True, width="stretch")
            c2.caption(
                "Share of outcomes inside the fan's bands, by years ahead: a calibrated "
                "P10–P90 covers 80 %, P5–P95 90 %."
            )
            turnover = (done[0].series, done[0].flow) == ("trade_value", "total")
            level = res.base_value if turnover else None
            size = loaders.fan_size_words(res.method, reach, level)
            for words_ in (size, quality.chance, quality.wider, quality.known):
                if words_:
                    st.caption(md_escape(words_))


year, default_year = controls()
# In the page's order: the results, the fan's backtest, the results' table, the sources.
main, quality, tail, cited = st.container(), st.container(), st.container(), st.container()
with main:
    results(year, default_year, tail)
with quality:
    fan_quality()
with cited:
    history_sources()
