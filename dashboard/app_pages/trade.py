"""Trade: exports, imports, turnover and balance of any pair, every figure with its sources.

URL: ``reporter``, ``partner`` (codes), ``flow`` (all, turnover, exports, imports, balance),
``log`` (logarithmic axis), ``freq`` (quarterly or monthly view), ``cif_fob`` (the
mirror panel's CIF/FOB factor).
"""

from __future__ import annotations

import streamlit as st

from analysis.subannual import subannual_points
from dashboard import downloads, loaders, state, ui
from dashboard.figures import trade as figures
from dashboard.safety import md_escape, safe_csv
from dashboard.views import footer
from dashboard.views import trade as view
from data.countries import name_of

FLOW_CHOICES = ["all", *view.FLOWS]


def keep_a_held_partner() -> None:
    """A reporter picked in the list keeps its partner when the stores hold the pair, else
    takes one they hold and says so (the URL follows the partner shown)."""
    ss = st.session_state
    held = view.pair_options(pairs, ss["reporter"])
    old = ss.get("partner")
    if held and old not in held:
        ss["partner"] = next((c for c in (state.PARTNER, state.REPORTER) if c in held), held[0])
        ss["partner_moved"] = (
            f"Partner changed from {old} to {ss['partner']}: {ss['reporter']}–{old} is not in "
            "the stores."
        )


# -- inputs -----------------------------------------------------------------------------
generation = loaders.store_generation()
pairs = loaders.trade_pairs(generation)
# The pair asked for stays an option, held or not: the page then says the stores lack it
# instead of showing another pair while the URL names this one.
reporters = sorted(set(pairs["reporter"]) | {ui.asked("reporter", state.REPORTER)})
st.title("Trade")
left, right, log_col = st.columns([2, 2, 1], vertical_alignment="bottom")
flow_col, metric_col = st.columns([3, 1], vertical_alignment="bottom")
reporter = ui.pick_code(
    left, "Reporter", reporters, "reporter", state.REPORTER, on_change=keep_a_held_partner,
    help="Whose records come first; the partner's records fill gaps (mirror figures).",
)  # fmt: skip
partners = sorted({*view.pair_options(pairs, reporter), ui.asked("partner", state.PARTNER)})
partner = ui.pick_code(right, "Partner", partners, "partner", state.PARTNER)
log = log_col.toggle("Log scale", key="log", bind="query-params")
# Pills wrap onto a second line where a segmented control was clipped at 390 px ("balance").
flow = flow_col.pills(
    "Flow",
    FLOW_CHOICES,
    default=state.default("flow", "/trade"),
    key="flow",
    bind="query-params",
    required=True,
)
flows = list(view.FLOWS) if flow in (None, "all") else [flow]
ui.stop_unless_held(reporter, partner)
if moved := st.session_state.pop("partner_moved", None):
    st.info(md_escape(moved))

# -- compute ----------------------------------------------------------------------------
citations = loaders.pair_citations(reporter, partner, generation)
series = {
    f: loaders.pair_series(reporter, partner, "trade_value", f, generation)
    for f in ("total", "export", "import")
}
held_sources = loaders.pair_snapshot(reporter, partner, generation).sources
# The footer: the publishers of the turnover and flows the chart, table and CSV hold.
ui.footer(footer.shown_ids(*series.values()), held_sources)
points = loaders.trade_points(reporter, partner, tuple(flows), generation)
download = view.download_frame(points, reporter, partner, held_sources)

# -- render -----------------------------------------------------------------------------
st.caption(
    md_escape(f"{name_of(reporter)} ({reporter}) – {name_of(partner)} ({partner})")
    + " · goods, US dollars · hover a point for every figure published for that year and "
    "its source"
)
st.caption(md_escape(loaders.pair_recency(reporter, partner, generation=generation)))
if points.empty:
    st.info("No trade figures for this pair in the stores.")
    ui.end_page()
# Built once per pair, flows and axis: a flow pressed again reuses them.
levels, growth = loaders.trade_charts(reporter, partner, tuple(flows), bool(log), generation)
latest = view.headline(points, flows[0] if flows[0] != "balance" else "balance")
if latest:
    tip = view.headline_help(points, citations, flows[0] if flows[0] != "balance" else "balance")
    metric_col.metric("Latest full year", latest.split(": ")[1], help=md_escape(tip))
st.plotly_chart(levels, width="stretch", key="levels")
st.caption(
    "Line and filled circles: full-year figures. Squares: the publisher's estimates. "
    "Diamonds: mirror values from the partner's records. Open triangles: bounds (▲ above, "
    "▼ below), not exact values. Open circles: part-year windows, not comparable with "
    "full years." + (" On a log axis, deficits (negative balances) are not drawn." if log else "")
)
st.subheader("Monthly and quarterly")
freq = st.segmented_control(
    "Frequency",
    ["quarterly", "monthly"],
    default=state.default("freq", "/trade"),
    key="freq",
    bind="query-params",
    required=True,
)
sub = subannual_points(series, freq or state.default("freq", "/trade"))
if sub.empty:
    st.caption(
        f"No {freq} figures for this pair in the stores: import monthly data "
        "(UN Comtrade, IMF IMTS) on the Data page to see them."
    )
elif lone := view.lone_period_sentence(sub, freq or state.default("freq", "/trade"), citations):
    st.markdown(md_escape(lone))  # one point is a sentence, not a chart
else:
    st.plotly_chart(figures.subannual_figure(sub, citations), width="stretch", key="subannual")
st.subheader("Mirror statistics")
factor = st.number_input(
    "CIF/FOB factor",
    min_value=1.0,
    max_value=1.5,
    value=state.default("cif_fob", "/trade"),
    step=0.01,
    key="cif_fob",
    bind="query-params",
    help="Imports are valued CIF; dividing by this factor brings them "
    "to FOB, comparable with the partner's exports.",
)
mirror = loaders.pair_mirror(reporter, partner, float(factor), generation)
if mirror.empty:
    st.caption("No year where both sides' records exist for this pair.")
else:
    drawn, left_out = view.mirror_drawn(mirror)
    not_drawn = f" Not drawn: {'; '.join(left_out)}." if left_out else ""
    if drawn.empty:
        st.caption(md_escape(f"No year where both sides' own records can be compared.{not_drawn}"))
    else:
        st.plotly_chart(figures.mirror_figure(drawn), width="stretch", key="mirror")
        st.caption(md_escape(
            "Importer's figure (CIF ÷ factor) over the exporter's (FOB), log scale: 1 where "
            f"the two records agree. Only years with both sides' own records.{not_drawn}"
        ))  # fmt: skip
st.subheader("Year-on-year growth")
st.plotly_chart(growth, width="stretch", key="growth")
st.subheader("The series")
# One value column as stated, plain words, blank cells; the numbers are in the downloads.
st.dataframe(view.series_table(points), hide_index=True, width="stretch")
stem = f"tradedash_{reporter}_{partner}_{flow or 'all'}"
c1, c2 = st.columns(2)
c1.download_button(
    "Download CSV",
    safe_csv(download),
    f"{stem}.csv",
    "text/csv",
    key="csv",
    on_click="ignore",
)
c2.download_button(
    "Download Parquet",
    downloads.parquet_bytes(download),
    f"{stem}.parquet",
    "application/vnd.apache.parquet",
    key="parquet",
    on_click="ignore",
)
