"""Every page says how recent each source is for the pair, under its title."""

from __future__ import annotations

import pytest


def recency(at) -> str:
    lines = [c.value.replace("\\", "") for c in at.caption if "Latest figure" in c.value]
    assert len(lines) == 1, [c.value for c in at.caption]
    return lines[0]


@pytest.mark.parametrize("page", [None, "trade", "products", "claims", "data"])
def test_trade_pages_say_how_recent_each_source_is(app, page):
    at = app(page)
    assert not at.exception
    line = recency(at)
    assert "(trade values): IMF DOTS to 2020" in line
    assert "press to Jan–Sep 2025" in line
    assert line.index("IMF DOTS") < line.index("press")  # oldest first


def test_rail_page_speaks_of_rail_freight(app):
    line = recency(app("rail"))
    assert "(rail freight): press to" in line and "IMF DOTS" not in line
