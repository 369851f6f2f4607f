"""What a link asked that its page could not use (``state.unread``): a value out of a
control's options or range is listed with what the page shows; a value kept, or dropped
because it is the default, is not."""

from __future__ import annotations

import pytest

from dashboard import state


def test_a_value_the_control_replaced_is_listed_with_what_is_shown():
    asked = {"flow": "sideways", "cif_fob": "9", "log": "perhaps"}
    lost = state.unread("/trade", asked, {"flow": "all", "cif_fob": 1.06, "log": False})
    assert lost == [("flow", "sideways", "all"), ("cif_fob", "9", 1.06), ("log", "perhaps", False)]


def test_a_value_written_another_way_is_the_same_value():
    asked = {"cif_fob": "1.10", "log": "true", "paths": "10000", "freq": "Monthly"}
    shown = {"cif_fob": 1.1, "log": True, "freq": "monthly"}
    assert state.unread("/trade", asked, shown) == []  # paths is not /trade's: ignored
    assert state.unread("/scenarios", {"paths": "10000"}, {"paths": 10000}) == []
    assert state.unread("/scenarios", {"flow": "exports"}, {"flow": "export"}) == []  # alias
    # A picker's word it swapped for its default is listed like any other.
    assert state.unread("/scenarios", {"method": "magic"}, {"method": "pooled"}) == [
        ("method", "magic", "pooled")
    ]


def test_what_the_page_says_itself_is_not_said_twice():
    asked = {"reporter": "XXX", "target_usd": "abc", "claim": "p999"}
    assert state.unread("/claims", asked, {}) == []
    assert state.unread("/scenarios", {"target_usd": "abc"}, {}) == []


def test_a_control_left_empty_is_listed_as_showing_its_default():
    assert state.unread("/trade", {"freq": "hourly"}, {}) == [("freq", "hourly", None)]


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [(True, bool, "true"), (False, None, "false"), (2030.0, int, "2030"), (1.5, float, "1.5"),
     (1.0, float, "1.0"), ("all", str, "all")],
)  # fmt: skip
def test_values_are_written_as_the_url_keeps_them(value, kind, text):
    assert state.url_text(value, kind) == text
