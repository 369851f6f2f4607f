"""Contradicted and ambiguous figures under AppTest: flagged on the Overview's and the Rail
page's cards (grey, not a green arrow; a tooltip line; a popover whose links open the verdict
on Claims), and the Claims page showing the linked verdict in plain words."""

from __future__ import annotations

import json
from urllib.parse import parse_qs


def metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def claim_links(at) -> dict[str, str]:
    out = {}
    for link in at.get("page_link"):
        q = parse_qs(link.proto.query_string)
        if "claim" in q:
            out[q["claim"][0]] = q["verdict"][0]
    return out


def test_overview_rail_card_rests_on_a_contradicted_figure(app):
    at = app()
    assert not at.exception
    m = metric(at, "Rail freight 2023")
    assert (m.value, m.delta) == ("1.30 Mt", "+20.0% on 2022")
    assert m.proto.color == m.proto.GRAY  # not shown as a plain green rise
    assert "⚠ 2022\\: derived from a contradicted figure" in m.proto.help
    assert "⚠ 2023\\: disputed" in m.proto.help
    assert claim_links(at) == {"p045": "ambiguous", "p046": "contradicted"}
    # A figure the checker supports keeps its colour and has no flag.
    turnover = metric(at, "Turnover 2023")
    assert turnover.proto.color != turnover.proto.GRAY and "⚠" not in turnover.proto.help


def test_rail_card_and_pace_say_what_they_rest_on(app):
    at = app("rail")
    assert not at.exception
    m = metric(at, "Rail freight 2024")
    assert m.proto.color == m.proto.GRAY and "⚠ 2023\\: disputed" in m.proto.help
    # The pace 2022–2024 starts from 2022's figure, derived from the contradicted +20 %.
    assert "2022–2024" in metric(at, "Capacity reached").delta
    assert claim_links(at) == {"p045": "ambiguous", "p046": "contradicted"}
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    freight = next(t for t in fig["data"] if t["name"] == "freight, full year")
    hovers = dict(zip(freight["x"], freight["hovertext"], strict=True))
    assert "⚠ 2023: disputed" in hovers[2023]
    assert "⚠ 2022: derived from a contradicted figure" in hovers[2022]
    assert "⚠" not in hovers[2024]


def test_claims_page_shows_the_linked_verdict_in_plain_words(app):
    at = app("claims", {"claim": "p046", "verdict": "contradicted"})
    assert not at.exception
    text = at.error[0].value
    assert "Contradicted by other sources" in text and "growth \\+20\\.0\\%" in text
    assert "mebusiness\\.ae" in text and "press:" not in text
    press = at.dataframe[1].value
    assert set(press["verdict"]) == {"contradicted"} and "p046" in set(press["id"])


def test_claims_page_unknown_claim_says_so(app):
    at = app("claims", {"claim": "p999"})
    assert not at.exception
    assert "No press figure p999" in at.info[0].value
