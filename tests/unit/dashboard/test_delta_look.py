"""A metric's delta shows its own sign: the project's true minus is a fall, not a rise."""

from __future__ import annotations

import pytest

from analysis.wording import difference, rate
from dashboard.ui import delta_look


@pytest.mark.parametrize(
    "delta, look",
    [
        (rate(-0.053, signed=True), {"delta_color": "red", "delta_arrow": "down"}),
        (difference(-1.9, "percent"), {"delta_color": "red", "delta_arrow": "down"}),
        (rate(0.283, signed=True), {"delta_color": "green", "delta_arrow": "up"}),
        ("-4", {"delta_color": "red", "delta_arrow": "down"}),
        ("0.0%", {"delta_color": "off", "delta_arrow": "off"}),
        (f"{difference(0.0, 'percent')[:-3]} points", {"delta_color": "off", "delta_arrow": "off"}),
        (None, {"delta_color": "off", "delta_arrow": "off"}),
    ],
)
def test_the_arrow_and_colour_follow_the_sign(delta, look):
    assert delta_look(delta) == look


def test_a_doubted_figure_keeps_its_arrow_in_gray_and_a_neutral_one_has_none():
    fall = rate(-0.2, signed=True)
    assert delta_look(fall, muted=True) == {"delta_color": "off", "delta_arrow": "down"}
    assert delta_look(fall, neutral=True) == {"delta_color": "off", "delta_arrow": "off"}
