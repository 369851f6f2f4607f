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
    # Capacity targets against today's capacity (6 Mt, 2025), never against freight.
    assert s.targets["capacity_growth"].round(4).tolist() == [0.5811, 0.2723]
    assert s.targets["utilisation"].round(4).tolist() == [0.1067, 0.08]
    assert s.nowcast_utilisation == pytest.approx(0.3)
    table = view.capacity_table(s)
    assert table["capacity growth needed from 2025"].tolist() == ["58.1%", "27.2%"]
    assert table["freight fills it at the historical pace"].tolist() == ["2036", "2037"]
    assert s.freight_targets.empty  # no frame given: no freight target


def test_freight_targets_are_only_rail_freight_targets():
    rows = pd.DataFrame(
        {
            "series": ["rail_freight", "rail_capacity", "rail_freight", "rail_freight"],
            "measure": ["target", "level", "target", "level"],
            "comparator": ["=", "=", "=", "="],
            "period_start": ["2028-01", "2027-01", "2028-01", "2024-01"],
            "period_end": ["2028-12", "2027-12", "2028-12", "2024-12"],
            "value": [3e6, 15e6, 3e6, 1.6e6],
            "source_id": ["a", "b", "c", "d"],
        }
    )
    t = view.stated_freight_targets(rows)
    assert t.to_dict("records") == [{"year": 2028, "target_t": 3e6, "source_ids": ("a", "c")}]
    assert view.stated_freight_targets(rows[rows["series"] == "rail_capacity"]).empty


def test_yoy_table_leaves_undefined_growth_out():
    import pandas as pd

    from analysis.growth import yoy
    from dashboard.views.rail import yoy_table

    table = yoy_table(yoy(pd.Series({2020: 0.0, 2021: 5.0, 2022: 6.0, 2023: 3.0})))
    assert table["year"].tolist() == [2022, 2023]
    assert table["growth on the year before"].tolist() == ["+20.0%", "−50.0%"]
