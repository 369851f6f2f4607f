"""The country select box shared by every picker (issue 18, item 11), as the Data page uses
it for an uploaded stat.uz table's reporter: labelled by name and code, empty until the
person chooses (no reporter is guessed for them), then the code."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def script() -> None:
    import streamlit as st

    from dashboard import ui

    picked = ui.code_box(st, "Reporter of this table", ["UZB", "KAZ", "CHN"], "wide_reporter",
                         placeholder="Choose the country whose table this is")  # fmt: skip
    st.text(f"picked={picked}")


def test_starts_empty_then_gives_the_code_and_keeps_no_url_parameter():
    at = AppTest.from_function(script).run()
    assert not at.exception
    box = at.selectbox(key="wide_reporter")
    assert box.label == "Reporter of this table"
    assert box.options == ["China (CHN)", "Kazakhstan (KAZ)", "Uzbekistan (UZB)"]
    assert box.value is None and at.text[0].value == "picked=None"
    box.set_value("UZB").run()
    assert at.text[0].value == "picked=UZB"
    assert "wide_reporter" not in at.query_params
