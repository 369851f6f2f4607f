"""Router and frame: page config, navigation, the shared source footer."""

from __future__ import annotations

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="tradedash", layout="wide")


def pages() -> list[st.Page]:
    """The app's pages, built once per session.

    Building an ``st.Page`` resolves its file on the disk (about 2 ms a rerun for six), and
    a page carries per-run state (whether navigation picked it), so sessions cannot share
    one list: each keeps its own in its session state.
    """
    if "_pages" not in st.session_state:
        overview = st.Page("app_pages/overview.py", title="Overview", url_path="home", default=True)
        st.session_state["_pages"] = [
            overview,
            st.Page("app_pages/trade.py", title="Trade", url_path="trade"),
            st.Page("app_pages/products.py", title="What is traded", url_path="products"),
            st.Page("app_pages/scenarios.py", title="Target scenarios", url_path="scenarios"),
            st.Page("app_pages/rail.py", title="Rail freight", url_path="rail"),
            st.Page("app_pages/claims.py", title="Claims and sources", url_path="claims"),
            st.Page("app_pages/data.py", title="Data", url_path="data"),
            # The default page is served at "/"; a link or bookmark naming it by its path
            # ("/overview", as the others are named) is taken there, its parameters kept.
            st.Page(
                lambda: st.switch_page(overview, query_params=st.query_params.to_dict()),
                title="Overview",
                url_path="overview",
                visibility="hidden",
            ),
        ]
    return st.session_state["_pages"]


page = st.navigation(pages())
ui.read_link(page.url_path)
page.run()
ui.say_unread_link()  # a page that ends early says it in ui.end_page
# Each page leaves its footer, built from the sources of the figures it shows (ui.footer);
# a page that ends early draws it itself (ui.end_page).
ui.draw_footer()
