"""Streamlit helpers shared by the pages.

One rule for every page that takes a pair: show the pair asked for, or say plainly that
the stores lack it. Never another pair in its place, and the URL keeps what was asked."""

from __future__ import annotations

import streamlit as st

from dashboard import loaders
from dashboard.safety import md_escape
from dashboard.views.pairs import missing_pair_message


def asked(key: str, default: str) -> str:
    """The code a page was asked for: the control's value once it has one, else the URL's,
    else ``default``; upper case (``uzb`` in a typed link is ``UZB``)."""
    value = st.session_state.get(key) or st.query_params.get(key) or default
    return str(value).strip().upper()


def stop_unless_held(reporter: str, partner: str, title: str | None = None) -> None:
    """End the page with a clear message when the stores hold no figure of the pair."""
    why = missing_pair_message(loaders.trade_pairs(loaders.store_generation()), reporter, partner)
    if why is None:
        return
    if title:
        st.title(md_escape(title))
    st.warning(md_escape(why[0].upper() + why[1:] + "."))
    st.stop()
