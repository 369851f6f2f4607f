"""Verdict cards (issue 18, item 9): the reason in plain words, sources linked by publisher
and title, and nothing from a file able to change the page."""

from __future__ import annotations

from dashboard.safety import md_link
from dashboard.views.claims import card_markdown, verdict_card
from data.provenance import Source


def source(sid: str, publisher: str, title: str, url: str, category: str = "press") -> Source:
    return Source(source_id=sid, publisher=publisher, title=title, url=url, category=category)


SOURCES = {
    "press:outlet-a-1": source("press:outlet-a-1", "Outlet A", "Trade grew", "https://a.example/1"),
    "press:outlet-b-2": source(
        "press:outlet-b-2", "Outlet B", "Rail (2023)", "https://b.example/x(y)"
    ),
    "kz-bns:t": source("kz-bns:t", "BNS", "Trade by country", "https://stat.gov.kz/", "official"),
}


def test_reason_names_publishers_not_ids_and_sources_are_links():
    v = {
        "id": "h9", "verdict": "contradicted", "claim": "KAZ–TKM trade, 2023: $700M",
        "data_value": 562_950_000.0, "difference": 137_050_000.0,
        "note": "Claim p001 (press:outlet-a-1): KAZ–TKM trade, 2023: $700M. Checked against "
                "$562.9M from kz-bns:t (official statistics); stated as $563M (n022, n017) "
                "from 2 outlets (press:outlet-b-2, press:outlet-b-2).",
        "source_id": "press:outlet-a-1", "data_sources": ["kz-bns:t", "press:outlet-b-2"],
    }  # fmt: skip
    card = verdict_card(v, "USD", SOURCES)
    assert card.reason == (
        "Checked against $562.9M from BNS (official statistics); stated as $563M from 2 "
        "outlets (Outlet B)."
    )
    assert [s[0] for s in card.sources] == ["Outlet A", "BNS", "Outlet B"]
    text = card_markdown(card)
    assert "press:" not in text and "kz-bns" not in text and "p001" not in text
    assert "[Trade grew](https://a.example/1)" in text
    assert "(https://b.example/x%28y%29)" in text  # a bracket cannot end the link early
    assert ":red-badge[contradicted]" in text and "$562.9M" in text.replace("\\", "")


def test_md_link_refuses_what_is_not_a_web_address():
    assert md_link("x", "javascript:alert(1)") == "x"
    assert md_link("[evil](http://e)", "") == "\\[evil\\]\\(http\\:\\/\\/e\\)"
    assert md_link("t", "https://e.example/a b") == "t"  # a space ends no address here
    assert md_link("t", "https://e.example/<script>") == "[t](https://e.example/%3Cscript%3E)"
