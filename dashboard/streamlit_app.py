"""Router and frame: page config, navigation, the shared source footer."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="tradedash", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("app_pages/trade.py", title="Trade", url_path="trade"),
    st.Page("app_pages/scenarios.py", title="Target scenarios", url_path="scenarios"),
    st.Page("app_pages/rail.py", title="Rail freight", url_path="rail"),
    st.Page("app_pages/claims.py", title="Claims and sources", url_path="claims"),
    st.Page("app_pages/data.py", title="Data", url_path="data"),
]

st.navigation(PAGES).run()

st.divider()
st.caption(
    "Sources: IMF, Direction of Trade Statistics (DOTS), annual, US dollars — IMF terms of "
    "use, free re-use with attribution; Turkmenistan's IMF figures since 2004 are mirror "
    "estimates from its partners' records. Press and official figures as published, each "
    "point citing its publisher, title and date (rights remain with the publishers). "
    "Imported files keep their own attribution (Claims and sources lists them all)."
)
