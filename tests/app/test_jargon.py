"""No internal name where an analyst reads (issue 18, item 13): every page, rendered on the
embedded data, is searched for the internal ids the first-hour review found (series and
source ids, an IMF aggregate code, method names, "seed", "nowcast", "tension", "pp",
"embedded store", the kind/side/method column headers). They may stay in the URL, the
command line and a "Technical details" expander; every other text a reader sees is
searched: titles, captions, metrics and their tooltips, widget labels, options and help,
table headers and cells, and the figures' names, labels and hover text."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.wording import LABELS, label
from tests.app.conftest import APP, all_cards
from tests.app.test_vocabulary import PAGES, SOURCE_TEXT, _strings

#: The internal ids of item 13, as patterns (words, not parts of words).
JARGON = {
    "trade_value": r"trade_value",
    "rail_freight": r"rail_freight",
    "AGG_EMDE": r"AGG_EMDE",
    "imf_dots": r"imf_dots",
    "parametric": r"\bparametric\b",
    "bootstrap": r"\bbootstrap\b",
    "seed": r"\bseed\b",
    "nowcast": r"\bnowcast\b",
    "flat share": r"flat share|months ÷ 12",
    "tension": r"\btension\b",
    "pp": r"\d pp\b",
    "embedded store": r"\bembedded store\b",
}
COLUMNS = {"kind", "side", "method"}
TECHNICAL = "Technical details"
WIDGETS = ("selectbox", "radio", "multiselect", "number_input", "text_input", "slider",
           "select_slider", "checkbox", "toggle", "button_group", "segmented_control")  # fmt: skip


def reader_text(at: AppTest) -> tuple[str, set[str]]:
    """Every text a reader sees outside a "Technical details" expander, and every table
    header (both with Markdown escapes dropped)."""
    hidden = {
        id(d.proto)
        for e in at.get("expander")
        if str(e.label).startswith(TECHNICAL)
        for d in e.get("arrow_data_frame")
    }
    parts: list[str] = []
    for kind in ("title", "subheader", "header", "caption", "markdown", "info", "warning",
                 "error", "success", "text"):  # fmt: skip
        parts += [str(e.value) for e in getattr(at, kind, at.get(kind))]
    for m in all_cards(at):
        parts += [m.label, str(m.value), str(m.delta or ""), m.help]
    for kind in WIDGETS:
        for w in at.get(kind):
            parts += [str(getattr(w, "label", "")), str(getattr(w.proto, "help", ""))]
            parts += [str(o) for o in getattr(w, "options", [])]
    for e in at.get("expander"):
        parts.append(str(e.label))
    headers: set[str] = set()
    for d in at.get("arrow_data_frame"):
        if id(d.proto) in hidden or not isinstance(d.value, pd.DataFrame):
            continue
        frame = d.value
        headers |= {str(c) for c in frame.columns}
        quoted = SOURCE_TEXT | ({"note"} if "measure" in frame.columns else set())
        parts += [str(v) for c in frame.columns if c not in quoted for v in frame[c].tolist()]
    for chart in at.get("plotly_chart"):
        import json

        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            for key in ("name", "text", "hovertext", "hovertemplate", "x"):
                parts += list(_strings(trace.get(key)))
        layout = spec.get("layout", {})
        parts += list(_strings(layout.get("title")))
        for axis in ("xaxis", "yaxis", "yaxis2"):
            parts += list(_strings(layout.get(axis, {}).get("title")))
        parts += [str(a.get("text", "")) for a in layout.get("annotations", [])]
    return "\n".join(parts).replace("\\", ""), headers


@pytest.fixture(scope="module")
def seen(tmp_path_factory):
    """Each page's reader text on the embedded data (and Scenarios with each method and
    the rail series, Claims with the close calls), rendered once for this module."""
    views = (
        [(p, {}) for p in PAGES]
        + [("scenarios", {"method": m}) for m in ("parametric", "bootstrap", "random_walk")]
        + [("scenarios", {"series": "rail_freight"}), ("claims", {"severity": "tension"})]
    )
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRADEDASH_STORE", str(tmp_path_factory.mktemp("store")))
        st.cache_resource.clear()
        for page, query in views:
            at = AppTest.from_file(str(APP), default_timeout=180)
            at.switch_page(f"app_pages/{page}.py")
            for k, v in query.items():
                at.query_params[k] = v
            at.run()
            assert not at.exception, (page, query)
            out[(page, tuple(query.items()))] = (reader_text(at), dict(at.query_params))
        st.cache_resource.clear()
    return out


def test_every_page_was_read(seen):
    for (page, _), ((text, _headers), _url) in seen.items():
        assert len(text) > 200, page  # a page that rendered nothing would pass vacuously


def test_no_page_shows_an_internal_id(seen):
    found = {}
    for (page, query), ((text, headers), _url) in seen.items():
        for name, pattern in JARGON.items():
            hits = [m.group(0) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
            if hits:
                line = next(ln for ln in text.splitlines() if re.search(pattern, ln, re.I))
                found[(page, query, name)] = line[:160]
        if headers & COLUMNS:
            found[(page, query, "columns")] = str(sorted(headers & COLUMNS))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_url_keeps_the_internal_names(seen):
    # Chosen in words on the page, the URL still says what the README documents.
    url = {query: u for (page, query), (_t, u) in seen.items() if page in ("scenarios", "claims")}
    assert url[(("method", "bootstrap"),)]["method"] == "bootstrap"
    assert url[(("series", "rail_freight"),)]["series"] == "rail_freight"
    assert url[(("severity", "tension"),)]["severity"] == "tension"
    # ... and the words shown are the vocabulary's, one home for them.
    texts = {q: t for (p, q), ((t, _h), _u) in seen.items() if p in ("scenarios", "claims")}
    assert label("bootstrap") in texts[(("method", "bootstrap"),)]
    assert label("rail_freight") in texts[(("series", "rail_freight"),)]
    assert label("tension") in texts[(("severity", "tension"),)]


def test_each_listed_id_has_plain_words():
    for name in ("trade_value", "rail_freight", "AGG_EMDE", "imf_dots", "parametric",
                 "bootstrap", "seed", "nowcast", "tension", "pp", "embedded", "kind", "side",
                 "method"):  # fmt: skip
        assert LABELS[name] and LABELS[name] != name, name
