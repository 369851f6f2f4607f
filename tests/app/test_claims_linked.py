"""Claims (issue 18, item 9): ``/claims?claim=ID``, as the Overview's and Rail's flags link
it, opens that press figure's card below the table; the press table's notes name
publishers, the source ids kept in a technical-details expander."""

from __future__ import annotations

import re

ID = re.compile(r"\b(press|imf|bns|dots|comtrade)[:_][\w:.-]+")


def cards(at) -> list[str]:
    return [m.value for m in at.markdown if ":red-badge[" in m.value or "-badge[" in m.value]


def test_a_linked_claim_opens_its_card(app):
    at = app("claims", {"claim": "p046"})
    assert not at.exception
    opened = [c for c in at.caption if "Opened from the link: press figure p046 (the table's "
              "first row)" in c.value.replace("\\", "")]  # fmt: skip
    assert len(opened) == 1
    # The linked figure is the press table's first row, and that row is selected.
    press = next(d.value for d in at.dataframe if len(d.value) > 100)
    assert press.iloc[0]["id"] == "p046" and (press["id"] == "p046").sum() == 1
    assert at.session_state["press_rows_all"]["selection"]["rows"] == [0]
    card = cards(at)[-1].replace("\\", "")  # below the table: after the headline cards
    assert "badge[contradicted]" in card and "+20.0%" in card and "Sources:" in card
    assert not ID.search(card), card
    # without a link, nothing is opened
    plain = app("claims")
    assert not [c for c in plain.caption if "Opened from the link" in c.value]
    assert len(cards(plain)) == len(cards(at)) - 1
    assert plain.session_state["press_rows_all"]["selection"]["rows"] == []
    unmoved = next(d.value for d in plain.dataframe if len(d.value) > 100)
    assert sorted(unmoved["id"]) == sorted(press["id"]) and unmoved.iloc[0]["id"] != "p046"


def test_a_linked_claim_the_filter_hides_is_opened_and_said_so(app):
    at = app("claims", {"claim": "p046", "verdict": "supported"})  # p046 is contradicted
    assert not at.exception
    said = [c.value.replace("\\", "") for c in at.caption if "Opened from the link" in c.value]
    assert said == [
        "Opened from the link: press figure p046 (not among the rows shown). "
        "Select a row for another."
    ]
    assert at.session_state["press_rows_supported"]["selection"]["rows"] == []
    # From the link's own table to another filter: no row of that table is taken as chosen.
    linked = app("claims", {"claim": "p046"})
    assert linked.session_state["press_rows_all"]["selection"]["rows"] == [0]
    linked.selectbox(key="verdict").set_value("supported").run()
    assert linked.session_state["press_rows_supported"]["selection"]["rows"] == []
    said = [c.value.replace("\\", "") for c in linked.caption if "Opened from the link" in c.value]
    assert said and "(not among the rows shown)" in said[0], said


def test_an_unknown_linked_claim_opens_nothing(app):
    at = app("claims", {"claim": "p999"})
    assert not at.exception
    assert not [c for c in at.caption if "Opened from the link" in c.value]


def test_press_notes_name_publishers_and_the_ids_stay_in_technical_details(app):
    at = app("claims")
    assert not at.exception
    frames = [d.value for d in at.dataframe if "note" in d.value.columns]
    press = next(f for f in frames if len(f) > 100)  # every press figure
    raw = frames[-1]
    assert list(raw["id"]) == list(press["id"]) and len(raw) == len(press)
    with_ids = [n for n in raw["note"].astype(str) if ID.search(n)]
    assert with_ids  # the checker's notes do name source ids
    assert not [n for n in press["note"].astype(str) if ID.search(n)]
    expanders = [e.label for e in at.expander]
    assert "Technical details: every press figure with its source ids" in expanders
