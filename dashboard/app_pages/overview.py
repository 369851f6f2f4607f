"""Overview: the headline figures of the pair, each with its source one hover away."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders, state, ui
from dashboard.figures import overview as figures
from dashboard.safety import md_escape
from dashboard.views import cards as headline
from dashboard.views import footer, verdicts
from dashboard.views.scenarios import (
    DEFAULT_TARGET_YEAR,
    stated_target,
    target_timing,
    year_basis,
)
from data.countries import name_of

# -- inputs -----------------------------------------------------------------------------
reporter = str(st.query_params.get("reporter", state.REPORTER)).upper()
partner = str(st.query_params.get("partner", state.PARTNER)).upper()
ui.stop_unless_held(reporter, partner, f"{name_of(reporter)}–{name_of(partner)} trade")
target_year = DEFAULT_TARGET_YEAR

# -- compute ----------------------------------------------------------------------------
gen = loaders.store_generation()
snap = loaders.pair_snapshot(reporter, partner, gen)
citations = loaders.pair_citations(reporter, partner, gen)
turnover = loaders.pair_series(reporter, partner, generation=gen)
rail = loaders.pair_series(reporter, partner, "rail_freight", generation=gen)
year = headline.headline_year(turnover)
target, target_ids = stated_target(snap.frame)
published = {k: s.published for k, s in snap.sources.items()}
basis = year_basis(target_timing(snap.frame, published, target)) if target_ids else ""
cards: list[headline.Card | None] = []
if year is not None:
    # The latest evidence: a bound stated for a later year, the latest part-year figure.
    part_year = headline.latest_part_year(turnover) or year + 1
    nowcasts = loaders.pair_nowcast(reporter, partner, "trade_value", part_year, gen)
    rail_year = year if year in rail.values().index else headline.headline_year(rail)
    cards = [
        headline.level_card(turnover, year, "Turnover"),
        headline.multiple_card(turnover, year),
        headline.bound_card(turnover, "Turnover"),
        headline.part_year_card(turnover, nowcasts, part_year, obs=snap.frame),
        headline.level_card(rail, rail_year, "Rail freight") if rail_year else None,
        # Only the pair's own stated target: another pair's (KAZ–TKM's $1B) read as
        # "Gap to $1B: $0, −49.4%/yr" for KAZ–CHN.
        headline.target_card(turnover, target, target_year, target_ids, basis)
        if target_ids
        else None,
    ]
else:  # no turnover: each one-way flow the stores hold, and why there is no sum
    flows = loaders.pair_flows(reporter, partner, "trade_value", gen)
    cards = [*headline.flow_cards(flows)]
    why = headline.flows_held(headline.flow_years(flows))
shown = [c for c in cards if c is not None]
# The footer names the publishers of the figures shown: the cards' and the chart's.
ui.footer([*footer.shown_ids(turnover), *(i for c in shown for i in c.sources)], snap.sources)
# Figures the claims checker finds contradicted or ambiguous: flagged where shown.
flags: dict[str, list[verdicts.Flag]] = {}
if year is not None:
    flags[f"Turnover {year}"] = loaders.series_flags(
        reporter, partner, "trade_value", verdicts.card_years(turnover, year), gen
    )
    if rail_year:
        flags[f"Rail freight {rail_year}"] = loaders.series_flags(
            reporter, partner, "rail_freight", verdicts.card_years(rail, rail_year), gen
        )


def cite(ids: tuple[str, ...]) -> str:
    return ui.cite(ids, citations, {k: s.url for k, s in snap.sources.items()})


# -- render -----------------------------------------------------------------------------
st.title(md_escape(f"{name_of(reporter)}–{name_of(partner)} trade"))
st.caption(md_escape(loaders.pair_recency(reporter, partner, generation=gen)))
if year is None:
    st.info(md_escape(f"No annual turnover for this pair: {why}. The Trade page shows each "
                      "flow; import data on the Data page."))  # fmt: skip
# Three cards to a row: six side by side left a value about 105 px ("$562.9M" read "$56…").
CARDS_PER_ROW = 3
columns = [c for i in range(0, len(shown), CARDS_PER_ROW) for c in st.columns(CARDS_PER_ROW)]
for col, card in zip(columns, shown, strict=False):
    with col:
        doubt = flags.get(card.label, [])
        st.metric(
            card.label,
            card.value,
            card.delta,
            **ui.delta_look(card.delta, neutral=card.delta_neutral, muted=bool(doubt)),
            help="  \n".join(filter(None, [cite(card.sources), ui.flag_help(doubt)])),
            border=True,
        )
        st.caption(md_escape(card.caption))
        ui.show_flags(doubt, key=f"flags_{card.label}")
        if card.more:
            with st.popover(md_escape(card.more_label)):
                st.text(card.more)
if year is not None:
    last = float(turnover.values().loc[year])
    links = {k: s.url for k, s in snap.sources.items()}  # addresses in the hovers
    fig = figures.series_figure(turnover, citations, links)
    every = loaders.series_flags(
        reporter, partner, "trade_value", verdicts.all_years(turnover), gen
    )
    fig = verdicts.flag_hovers(fig, every, ["best figure"])
    if target_ids and target_year > year:
        fig = figures.with_target(fig, year, last, target, target_year, x_from=year - 15)
    st.plotly_chart(fig, width="stretch")
    # A page link never wraps: a long label was cut at 390 px ("… on Target scenari").
    st.caption(
        "Change the target, year or growth history:"
        if target_ids
        else "No trade target is stated for this pair in the stores. Try one:"
    )
    to = state.link("/scenarios", reporter=reporter, partner=partner)
    st.page_link(to.file, label="Target scenarios", query_params=to.query)
