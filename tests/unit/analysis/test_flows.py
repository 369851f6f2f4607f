"""Turnover = exports + imports of one source: one rule, on frames and on arrays."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.flows import turnover, turnover_arrays


def test_the_array_rule_sums_and_marks_approximate_and_mirror_figures():
    value, approx, mirror = turnover_arrays(
        np.array([100.0, 10.0, 5.0]),
        np.array([50.0, 1.0, 2.0]),
        np.array([False, True, False]),
        np.array([False, False, False]),
        np.array([False, False, False]),
        np.array([False, False, True]),
    )
    assert value.tolist() == [150.0, 11.0, 7.0]
    assert approx.tolist() == [False, True, False]
    assert mirror.tolist() == [False, False, True]


def test_the_frame_rule_is_the_array_rule():
    x = pd.DataFrame(
        {
            "year": [2022, 2023, 2024],
            "value": [100.0, 10.0, 5.0],
            "comparator": ["=", "~", ">"],
            "kind": ["reported", "reported", "mirror"],
        }
    )
    m = pd.DataFrame({"year": [2022, 2023, 2024], "value": [50.0, 1.0, 2.0],
                      "comparator": ["=", "=", "="],
                      "kind": ["mirror", "reported", "reported"]})  # fmt: skip
    t = turnover(x, m, ["year"])
    assert t["year"].tolist() == [2022, 2023]  # a bound is not summed
    assert t["value"].tolist() == [150.0, 11.0]
    assert t["comparator"].tolist() == ["=", "~"]
    assert t["kind"].tolist() == ["mirror", "derived"]
