"""The footer of every page, from the sources of the figures it shows."""

from __future__ import annotations

from dashboard.views.footer import NAMED, sources_footer
from data.provenance import Source


def plain(text: str) -> str:
    return text.replace("\\", "")


def test_the_footer_names_the_shown_publishers_by_kind_with_links_and_terms():
    sources = {
        "a": Source("a", "press", "Kazpravda", "KTZ", url="https://kazpravda.kz/x",
                    licence="quoted for reference"),
        "b": Source("b", "official", "BNS", licence="open data", url="https://stat.gov.kz/"),
        "c": Source("c", "international", "IMF"),  # held, not shown: not cited
    }  # fmt: skip
    text = plain(sources_footer(["a", "b", "a", "unknown"], sources, "rail figures"))
    assert text.startswith("Sources of the rail figures on this page — ")
    assert "official statistics: [BNS](https://stat.gov.kz/); the press: [KTZ](" in text
    assert "Terms: open data; quoted for reference." in text
    assert "IMF" not in text
    assert plain(sources_footer([], sources)) == "No figures for this pair in the stores."


def test_international_first_and_a_long_list_counted():
    sources = {f"p{n}": Source(f"p{n}", "press", f"Outlet {n:02d}") for n in range(NAMED + 3)}
    sources["i"] = Source("i", "international", "IMF", "IMF, Direction of Trade Statistics")
    text = plain(sources_footer(list(sources), sources))
    assert text.index("international statistics: IMF, Direction") < text.index("the press:")
    assert "Outlet 07, and 3 more." in text and "Outlet 08" not in text


def test_a_hostile_name_or_address_cannot_change_the_page():
    sources = {"x": Source("x", "press", "<b>[x](javascript:alert(1))</b>",
                           url="javascript:alert(1)")}  # fmt: skip
    text = sources_footer(["x"], sources)
    assert "](javascript" not in text and "<b>" not in text
