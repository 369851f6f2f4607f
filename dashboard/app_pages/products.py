"""What is traded: the product figures the sources state for the pair, and where a store
holds HS detail (a Comtrade file with products), a year's top products by value, as a
table and a treemap, with the value per tonne where a net weight is stated.

URL: ``reporter``, ``partner`` (codes), ``year`` (of the HS detail), ``flow`` (export or
import).
"""

from __future__ import annotations

import streamlit as st

from dashboard import loaders, state, ui
from dashboard.figures import products as figures
from dashboard.safety import md_escape
from dashboard.views import products as view
from data.countries import name_of

# -- inputs -----------------------------------------------------------------------------
generation = loaders.store_generation()
pairs = loaders.trade_pairs(generation)
reporters = sorted(set(pairs["reporter"])) or [state.REPORTER]
st.title("What is traded")
left, right = st.columns(2)
reporter = ui.pick_code(left, "Reporter", reporters, "reporter", state.REPORTER)
partners = sorted(set(pairs.loc[pairs["reporter"] == reporter, "partner"])) or [state.PARTNER]
partner = ui.pick_code(right, "Partner", partners, "partner", state.PARTNER)

# -- compute ----------------------------------------------------------------------------
stated = loaders.pair_product_figures(reporter, partner, generation)
years = loaders.pair_detail_years(reporter, partner, generation)
citations = loaders.pair_citations(reporter, partner, generation)
held = loaders.pair_snapshot(reporter, partner, generation).sources
ui.footer([i for ids in stated["source_ids"] for i in ids], held, "product figures")

# -- render -----------------------------------------------------------------------------
st.caption(md_escape(loaders.pair_recency(reporter, partner, generation=generation)))
st.subheader(md_escape(f"Product figures as stated: {name_of(reporter)}–{name_of(partner)}"))
if stated.empty:
    st.info("No product figures for this pair in the stores.")
else:
    st.caption(
        "Each figure as its source states it (a bound stays a bound; growth is on the same "
        "months a year earlier), once: the first to publish it is its source, other outlets "
        "stating the same are named beside it. A product's figures are never added into the "
        "all-goods total."
    )
    st.dataframe(
        stated.drop(columns=["source_ids"]),
        hide_index=True,
        width="stretch",
        column_config={"url": st.column_config.LinkColumn("link", display_text="source")},
        key="stated",
    )
st.subheader("Top products by value")
if not years:
    st.info(
        "No HS detail for this pair in the stores: import a Comtrade file with products "
        "(one row per HS code) on the Data page to see the top products, a treemap and the "
        "value per tonne."
    )
    ui.end_page()
c1, c2 = st.columns(2)
year = c1.selectbox("Year", years, key="year", bind="query-params")
flow = c2.segmented_control(
    "Flow",
    ["export", "import"],
    default=state.default("flow", "/products"),
    key="flow",
    bind="query-params",
    required=True,
)
top = loaders.pair_top_products(
    reporter, partner, int(year), flow or state.default("flow", "/products"), 10, generation
)
if top.empty:
    st.info(f"No HS detail of {flow}s in {year} for this pair.")
    ui.end_page()
title = f"{name_of(reporter)} {flow}s to {name_of(partner)}, {year}: top products by value"
st.plotly_chart(figures.top_products_treemap(top, citations, title), width="stretch", key="tree")
st.dataframe(
    view.top_table(top).drop(columns=["value_usd"]),
    hide_index=True,
    width="stretch",
    key="top",
)
st.caption(
    "Share: of the same source's all-goods figure for the year and flow where it states one, "
    "else of the products it lists. Value per tonne: value ÷ net weight, blank where the "
    "source states no weight."
)
