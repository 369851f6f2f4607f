"""Monthly and quarterly points: stated windows, quarters summed from months, turnover
from exports + imports of one source."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.reconcile import reconcile
from analysis.subannual import subannual_points
from dashboard.figures.trade import subannual_figure


def monthly_obs(months, flows=("export", "import"), source="stats"):
    base = {
        "series": "trade_value",
        "reporter": "KAZ",
        "partner": "TKM",
        "commodity": "TOTAL",
        "measure": "level",
        "comparator": "=",
        "unit": "USD",
        "kind": "reported",
        "note": "",
        "source_id": source,
    }
    rows = []
    for flow in flows:
        for m, v in months.items():
            rows.append(
                {
                    **base,
                    "flow": flow,
                    "period_start": f"2023-{m:02d}",
                    "period_end": f"2023-{m:02d}",
                    "value": v * (2 if flow == "export" else 1),
                    "ref": f"{flow}{m}",
                }
            )
    cols = [*base, "flow", "period_start", "period_end", "value", "ref"]
    return pd.DataFrame(rows, columns=cols)


def series_of(obs):
    cats = {"stats": "official"}
    return {f: reconcile(obs, cats, "KAZ", "TKM", flow=f) for f in ("total", "export", "import")}


def test_months_and_turnover_from_exports_plus_imports():
    s = series_of(monthly_obs({1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0}))
    m = subannual_points(s, "monthly")
    exports = m[m["flow"] == "exports"].set_index("period")["value_usd"]
    assert exports.to_dict() == {
        "Jan 2023": 20.0,
        "Feb 2023": 40.0,
        "Mar 2023": 60.0,
        "Apr 2023": 80.0,
    }
    turnover = m[m["flow"] == "turnover"].set_index("period")
    assert turnover.loc["Feb 2023", "value_usd"] == 60.0
    assert (turnover["kind"] == "derived").all()


def test_quarter_summed_from_three_months_only():
    s = series_of(monthly_obs({1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0}))
    q = subannual_points(s, "quarterly")
    imports = q[q["flow"] == "imports"].set_index("period")
    assert imports["value_usd"].to_dict() == {"Q1 2023": 60.0}  # Q2 has one month only
    assert imports.loc["Q1 2023", "kind"] == "derived"


def test_no_windows_gives_an_empty_frame_and_bad_frequency_an_error():
    s = series_of(monthly_obs({}))
    assert subannual_points(s, "monthly").empty
    with pytest.raises(ValueError, match="frequency"):
        subannual_points(s, "weekly")


def test_figure_has_a_line_per_flow_with_plain_lists():
    s = series_of(monthly_obs({1: 10.0, 2: 20.0}))
    fig = subannual_figure(subannual_points(s, "monthly"), {"stats": "<b>Stats</b>"})
    names = [t.name for t in fig.data]
    assert names == ["Exports", "Imports", "Turnover"]
    # Months of $20 to $60 read on a USD axis, not as 0.00002 on a USD million one.
    assert list(fig.data[0].y) == [20.0, 40.0]
    assert fig.layout.yaxis.title.text == "USD"
    assert "&lt;b&gt;Stats&lt;/b&gt;" in fig.data[0].hovertext[0]
