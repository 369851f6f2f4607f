"""A source one click away from a number (issue 18, item 10): card tooltips link each source
to its address, and the Trade hover (which cannot hold a link) shows the address as text."""

from __future__ import annotations

import json
import re

import pytest

from data.store import embedded_store
from tests.app.conftest import all_cards

LINK = re.compile(r"\[[^\]]+\]\((https?://[^)\s]+)\)")


def known_urls() -> set[str]:
    return {s.url for s in embedded_store().read().sources.values() if s.url}


@pytest.mark.parametrize("page", [None, "rail"])
def test_card_tooltips_link_each_source(app, page):
    at = app(page)
    assert not at.exception
    # Tooltips citing sources (publisher · title · date); some explain a method instead.
    helps = [m.help for m in all_cards(at) if m.help and " · " in m.help]
    assert helps
    urls = known_urls()
    linked = [LINK.findall(h) for h in helps]
    assert all(linked), helps  # every cited card has at least one clickable source
    assert {u.replace("%28", "(").replace("%29", ")") for ls in linked for u in ls} <= urls


def test_trade_hover_shows_each_sources_address(app):
    at = app("trade")
    assert not at.exception
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = [t for tr in fig["data"] for t in (tr.get("hovertext") or []) if t]
    with_address = [t for t in texts if "↗ " in t]
    assert with_address and len(with_address) >= len(texts) // 2
    shown = {m.strip() for t in with_address for m in re.findall(r"↗ ([^<]+)", t)}
    bare = {re.sub(r"^https?://(www[.])?", "", u) for u in known_urls()}
    # Each address shown is a stored source's (a long one wrapped over lines starts one).
    assert all(any(b.startswith(s) for b in bare) for s in shown), shown - bare
