"""Rail freight: bilateral freight against the line's capacity and the capacity targets.
Third-country transit is a different series and stays in its own section."""

from __future__ import annotations

import streamlit as st

from analysis.wording import amount, label, period, rate, years
from dashboard import loaders, state, ui
from dashboard.figures import rail as figures
from dashboard.safety import md_escape
from dashboard.views import cards, footer, verdicts
from dashboard.views import rail as view
from data.countries import name_of
from data.schema import TRANSIT_SERIES

# -- inputs -----------------------------------------------------------------------------
reporter = str(st.query_params.get("reporter", state.REPORTER)).upper()
partner = str(st.query_params.get("partner", state.PARTNER)).upper()
ui.stop_unless_held(reporter, partner, f"Rail freight: {name_of(reporter)}–{name_of(partner)}")

# -- compute ----------------------------------------------------------------------------
gen = loaders.store_generation()
citations = loaders.pair_citations(reporter, partner, gen)
freight = loaders.pair_series(reporter, partner, "rail_freight", generation=gen)
capacity = loaders.pair_series(reporter, partner, "rail_capacity", generation=gen)
year = cards.headline_year(freight)
nowcasts = loaders.pair_nowcast(reporter, partner, "rail_freight", (year or 0) + 1, gen)
frame = loaders.pair_snapshot(reporter, partner, gen).frame
summary = view.rail_summary(freight, capacity, nowcasts, frame)
# The app's footer cites this page's rail sources, not the trade values' (streamlit_app).
ui.footer(
    footer.shown_ids(freight, capacity),
    loaders.pair_snapshot(reporter, partner, gen).sources,
    "rail figures",
)
transit = frame[frame["series"].astype(str).isin(TRANSIT_SERIES)]


def cite(ids: tuple[str, ...]) -> str:
    links = {k: s.url for k, s in loaders.pair_snapshot(reporter, partner, gen).sources.items()}
    return ui.cite(ids, citations, links)


# -- render -----------------------------------------------------------------------------
st.title(md_escape(f"Rail freight: {name_of(reporter)}–{name_of(partner)}"))
st.caption("Bilateral freight by rail, million tonnes (Mt) a year. Part-year figures are open "
           "diamonds, bounds open triangles; neither is a full-year value.")  # fmt: skip
st.caption(md_escape(loaders.pair_recency(reporter, partner, ("rail_freight",), gen)))
if summary is None:
    st.info("No annual rail freight for this pair yet: import data on the Data page.")
    ui.end_page()
c1, c2, c3, c4 = st.columns(4)
card = cards.level_card(freight, summary.year, "Rail freight")
# Figures the claims checker finds contradicted or ambiguous: flagged where shown, and
# where a derivation (the delta, the pace) rests on them.
every = loaders.series_flags(reporter, partner, "rail_freight", verdicts.all_years(freight), gen)
if card:
    doubt = [f for f in every if f.year in verdicts.card_years(freight, summary.year)]
    c1.metric(card.label, card.value, card.delta, border=True,
              **ui.delta_look(card.delta, muted=bool(doubt)),
              help="  \n".join(filter(None, [cite(card.sources),
                                              ui.flag_help(doubt)])))  # fmt: skip
    with c1:
        ui.show_flags(doubt, key="flags_freight")
if summary.utilisation is not None and summary.capacity_t is not None:
    c2.metric(f"Utilisation {summary.year}", rate(summary.utilisation), border=True,
              delta=f"of {amount(summary.capacity_t, 't')} capacity ({summary.capacity_year})",
              delta_color="off", delta_arrow="off", help=cite(summary.sources))  # fmt: skip
if summary.nowcast is not None:
    nc = summary.nowcast
    months = period(nc["period_start"], nc["period_end"], with_year=False)
    c3.metric(f"{summary.year + 1} {label('nowcast')}", amount(float(nc["nowcast"]), "t"),
              border=True,
              delta=f"{months}: {amount(float(nc['part_value']), 't')}", delta_color="off",
              delta_arrow="off", help=cite(nc["source_ids"]))  # fmt: skip
if summary.pace_window and summary.capacity_year is not None:
    reached = summary.reached.get(f"capacity {summary.capacity_year}")
    c4.metric("Capacity reached", str(reached or "never"), border=True,
              delta=f"{rate(summary.pace or 0)}/yr, {years(*summary.pace_window)}",
              delta_color="off", delta_arrow="off",
              help=f"First year freight fills the line's {amount(summary.capacity_t or 0, 't')} "
              "at its compound growth over the last run of consecutive years.")  # fmt: skip
    with c4:
        ui.show_flags([f for f in every if f.year in summary.pace_window], key="flags_pace")
links = {k: s.url for k, s in loaders.pair_snapshot(reporter, partner, gen).sources.items()}
fig = figures.rail_figure(freight, capacity, citations, links=links)  # addresses in hovers
fig = verdicts.flag_hovers(fig, every, ["freight, full year"])
st.plotly_chart(fig, width="stretch", key="rail_chart")
left, right = st.columns([3, 2])
with left:
    st.subheader("Capacity to be built")
    if summary.targets.empty:
        st.text("No capacity target stated for this pair.")
    else:
        st.caption(md_escape(
            f"Roadmap targets for the line's capacity, not for freight: each against the "
            f"{amount(summary.capacity_t or 0, 't')} stated for {summary.capacity_year}, and "
            f"how full it would be at {summary.year}'s freight."
        ))  # fmt: skip
        st.dataframe(view.capacity_table(summary), hide_index=True, width="stretch")
    st.subheader("Freight to carry")
    if summary.freight_targets.empty:
        st.caption("No freight target is stated for this pair; freight is compared with "
                   "capacity above (utilisation).")  # fmt: skip
    for row in summary.freight_targets.itertuples(index=False):
        to = state.link(
            "/scenarios",
            series="rail_freight",
            target_t=int(row.target_t),
            target_year=int(row.year),
            reporter=reporter,
            partner=partner,
        )
        st.page_link(to.file, query_params=to.query,
                     label=f"Scenarios for {amount(row.target_t, 't')} of freight by {row.year}",
                     help=cite(row.source_ids))  # fmt: skip
with right:
    st.subheader("Year-on-year growth")
    growth = view.yoy_table(summary.yoy)
    if len(growth) < view.YOY_CHART_MIN:  # a few bars read better as a table
        st.dataframe(growth, hide_index=True, width="stretch", key="rail_yoy_table")
    else:
        st.plotly_chart(figures.yoy_figure(summary.yoy), width="stretch", key="rail_yoy")
st.subheader("Third-country transit (separate series, not bilateral freight)")
st.caption("Other countries' cargo crossing the pair (North–South corridor, eastern branch; "
           "rail cargo through Kazakhstan to Turkmenistan): "
           "not freight between the two countries, and never added to it.")  # fmt: skip
if transit.empty:
    st.text("No transit figures for this pair.")
else:
    st.dataframe(view.transit_table(transit, citations), hide_index=True, width="stretch")
