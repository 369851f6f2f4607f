"""Mirror arithmetic on a two-country frame small enough to check by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.mirror import mirror_table


def frame(rows):
    base = {
        "series": "trade_value",
        "commodity": "TOTAL",
        "measure": "level",
        "comparator": "=",
        "unit": "USD",
        "ref": "",
        "note": "",
        "kind": "reported",
        "period_start": "2020-01",
        "period_end": "2020-12",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_gap_after_cif_fob_adjustment():
    obs = frame(
        [
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "export",
                "value": 100.0,
                "source_id": "a",
            },
            {
                "reporter": "BBB",
                "partner": "AAA",
                "flow": "import",
                "value": 127.2,
                "source_id": "b",
            },
        ]
    )
    m = mirror_table(obs, {"a": "international", "b": "international"}, "AAA", "BBB")
    row = m[m["direction"] == "AAA→BBB"].iloc[0]
    assert row["import_fob_adjusted"] == pytest.approx(120.0)
    assert row["gap_pct"] == pytest.approx(20.0)
    m2 = mirror_table(obs, {"a": "international", "b": "international"}, "AAA", "BBB", factor=1.0)
    assert m2.iloc[0]["gap_pct"] == pytest.approx(27.2)
    assert (m["direction"] == "BBB→AAA").sum() == 0  # no B exports, no reverse row


def test_zero_exporter_figure_is_undefined_not_nan_silently():
    obs = frame(
        [
            {"reporter": "AAA", "partner": "BBB", "flow": "export", "value": 0.0, "source_id": "a"},
            {
                "reporter": "BBB",
                "partner": "AAA",
                "flow": "import",
                "value": 5.0,
                "source_id": "b",
                "kind": "estimated",
            },
        ]
    )
    row = mirror_table(obs, {}, "AAA", "BBB").iloc[0]
    assert not row["gap_defined"] and "zero" in row["flags"]


def test_flags_estimated_side():
    obs = frame(
        [
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "export",
                "value": 10.0,
                "source_id": "a",
            },
            {
                "reporter": "BBB",
                "partner": "AAA",
                "flow": "import",
                "value": 10.6,
                "source_id": "b",
                "kind": "estimated",
            },
        ]
    )
    assert mirror_table(obs, {}, "AAA", "BBB").iloc[0]["flags"] == "estimated"


def test_bad_factor_is_refused():
    with pytest.raises(ValueError, match="factor"):
        mirror_table(frame([]), {}, "AAA", "BBB", factor=0)
