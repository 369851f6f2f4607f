"""One vocabulary on every page: the same figure reads the same way wherever it is shown.

Each page is rendered on the embedded data and every string a reader can see is gathered:
titles, captions, metrics, tables, and the figures' names, labels and hover text. The
forms the pages used to disagree on must each appear in one form only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, all_cards, charts

PAGES = ["overview", "trade", "products", "scenarios", "rail", "claims", "data"]
SOURCE_TEXT = {"title", "publisher", "body", "licence", "url", "file", "source"}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def visible_text(at) -> str:
    """Every string of the page a reader can see (Markdown escapes dropped)."""
    parts: list[str] = []
    for kind in ("title", "subheader", "caption", "markdown", "info", "error", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for m in all_cards(at):
        parts += [m.label, str(m.value), str(m.delta or ""), m.help]
    for d in at.dataframe:
        frame = d.value
        if isinstance(frame, pd.DataFrame):
            # Sources' own words are quoted, not worded here: their titles and citations,
            # and the remarks of a table of stated observations (Rail's transit).
            quoted = SOURCE_TEXT | ({"note"} if "measure" in frame.columns else set())
            parts += [str(v) for c in frame.columns if c not in quoted for v in frame[c].tolist()]
    for spec in charts(at):
        for trace in spec["data"]:
            for key in ("name", "text", "hovertext", "x"):
                parts += list(_strings(trace.get(key)))
    return "\n".join(parts).replace("\\", "")


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """Each page's visible text on the embedded data, rendered once for this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRADEDASH_STORE", str(tmp_path_factory.mktemp("store")))
        st.cache_resource.clear()
        out = {}
        for page in PAGES:
            at = AppTest.from_file(str(APP), default_timeout=120)
            at.switch_page(f"app_pages/{page}.py")
            out[page] = visible_text(at.run())
            assert not at.exception, page
        st.cache_resource.clear()
    return out


@pytest.mark.parametrize("page", PAGES)
def test_each_form_reads_one_way(texts, page):
    text = texts[page]
    assert not re.search(r"\b20\d\d Q[1-4]\b", text), "a quarter reads Q1 2024, not 2024 Q1"
    assert "Jan–Mar 20" not in text, "Jan–Mar of a year reads Q1"
    assert not re.search(r"\$1,\d{3}(\.\d)?M", text), "a billion reads $1B, not $1,000M"
    assert not re.search(r"\b0\.\d+ Mt\b", text.replace("Mt–", "")), "below 1 Mt reads in t"
    assert not re.search(r"\bover \$|\bover \d|\bunder \$", text), "> reads above, < below"
    assert not re.search(r"\d \d{2} t\b|\d\.\d+ ?% ?pp", text)
    assert "-$" not in text and "$-" not in text, "negatives read −$40M"
    assert not re.search(r"(?<![\w-])-\d[\d.,]*%", text), "negative rates read −5.0%"


def test_the_forms_that_were_inconsistent_now_appear_in_their_one_form(texts):
    # Q1 2024: the Trade table, the quarterly chart, the claim notes; Jan–Sep 2025: the
    # Overview's latest part year, the recency line of every page with a pair.
    for page in ("trade", "claims"):
        assert "Q1 2024" in texts[page], page
    for page in ("overview", "trade", "products", "claims"):
        assert "Jan–Sep 2025" in texts[page], page
    # $1B: the Overview's gap card and the scenario target.
    assert "Gap to $1B" in texts["overview"]
    assert "target $1B" in texts["scenarios"]
    # Tonnes below 1 Mt in whole tonnes; from 1 Mt in Mt with two or three decimals.
    assert re.search(r"\b\d{3},\d{3} t\b", texts["rail"])
    assert "1.30 Mt" in texts["overview"] and "1.30 Mt" in texts["claims"]
    # One word per comparator.
    assert "above $500M" in texts["overview"] and "above $100M" in texts["claims"]
    assert "above 30.0%" in texts["products"]
