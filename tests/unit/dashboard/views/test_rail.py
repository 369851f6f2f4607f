"""The rail summary: utilisation, targets, the year each is reached, the nowcast."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.nowcasts import NOWCAST_COLUMNS
from dashboard.views import rail as view
from tests.unit.dashboard.views.hand_made import CAPACITY, FREIGHT


def test_rail_summary():
    nc = pd.DataFrame(
        [["2025-01", "2025-10", 10, 1.5e6, "=", 10 / 12, 5 / 12, 1.0, "flat", 0, 1.8e6, 1.5e6,
          3.6e6, ("v",)]],
        columns=NOWCAST_COLUMNS,
    )  # fmt: skip
    s = view.rail_summary(FREIGHT, CAPACITY, nc)
    assert (s.year, s.freight_t, s.capacity_t, s.capacity_year) == (2024, 1.6e6, 6e6, 2025)
    assert s.utilisation == pytest.approx(1.6 / 6)
    assert s.pace_window == (2022, 2024) and s.pace == pytest.approx(0.2153, abs=1e-4)
    assert s.reached == {"capacity 2025": 2031, "target 2027": 2036, "target 2030": 2037}
    assert s.targets["required_growth"].round(4).tolist() == [1.1086, 0.5234]
    assert s.nowcast_utilisation == pytest.approx(0.3)
    table = view.capacity_table(s)
    assert table["growth needed from 2024"].tolist() == ["110.9%", "52.3%"]
    assert table["reached at the historical pace"].tolist() == ["2036", "2037"]
