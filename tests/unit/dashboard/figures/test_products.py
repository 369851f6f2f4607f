"""The top products' treemap, tested by structure: one tile per product, its area its
value, the hover with value, share, value per tonne where stated, and the source."""

from __future__ import annotations

import math

import pandas as pd

from analysis.products import TOP_COLUMNS
from dashboard.figures.products import top_products_treemap
from tests.unit.dashboard.figures.test_hostile_text import (
    HOSTILE,
    Everything,
    assert_shows_hostile_as_typed,
)

TOP = pd.DataFrame(
    [
        ["2710", "HS 2710", 120e6, 30.0, math.nan, math.nan, ("ct:a",)],
        ["1001", "wheat", 90e6, 22.5, 360_000.0, 250.0, ("ct:a",)],
    ],
    columns=TOP_COLUMNS,
)


def test_one_tile_per_product_sized_by_value():
    fig = top_products_treemap(TOP, {"ct:a": "UN Comtrade file"}, "KAZ exports, 2023")
    (tree,) = fig.data
    assert tree.type == "treemap"
    assert list(tree.labels) == ["HS 2710 (2710)", "wheat (1001)"]
    assert list(tree.values) == [120e6, 90e6] and list(tree.parents) == ["", ""]
    assert (
        tree.hovertext[0]
        == "HS 2710 (HS 2710)<br>$120M<br>30.0% of the year's total<br>UN Comtrade file"
    )
    assert "$250 a tonne (360,000 t)" in tree.hovertext[1]
    assert "a tonne" not in tree.hovertext[0]  # no weight stated, no price


def test_hostile_citations_and_titles_show_as_typed():
    assert_shows_hostile_as_typed(top_products_treemap(TOP, Everything(), HOSTILE))
