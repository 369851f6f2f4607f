"""The Overview's figure: the required path and the target line added to a series."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard.figures.overview import with_target


def names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data]


def test_with_target_adds_required_path_and_target_line():
    base = go.Figure(go.Scatter(x=[2021, 2022, 2023], y=[254.3, 439.8, 563.0], name="best figure"))
    fig = with_target(base, 2023, 563e6, 1e9, 2028)
    assert names(fig) == ["best figure", "required path (12.2%/yr)", "target $1B"]
    path = fig.data[1]
    assert list(path.x) == [2023, 2024, 2025, 2026, 2027, 2028]
    assert path.y[-1] == pytest.approx(1000.0)
    assert list(fig.data[2].x) == [2021, 2028] and list(fig.data[2].y) == [1000.0, 1000.0]
    assert len(base.data) == 1  # the input figure is not modified
    zoomed = with_target(base, 2023, 563e6, 1e9, 2028, x_from=2010)
    assert list(zoomed.data[2].x) == [2010, 2028]
    assert list(zoomed.layout.xaxis.range) == [2009.5, 2028.5]


def test_series_line_breaks_at_years_without_data():
    import pandas as pd

    from analysis.reconcile import Reconciled
    from dashboard.figures.overview import series_figure

    best = pd.DataFrame(
        {
            "year": [2003, 2002, 2016],
            "value": [3e6, 2e6, 16e6],
            "comparator": ["=", "=", "~"],
            "kind": ["mirror"] * 3,
            "source_ids": [("s",)] * 3,
        }
    )
    r = Reconciled("UZB", "TKM", "trade_value", "total", "USD", best, best, best.iloc[0:0])
    fig = series_figure(r, {"s": "IMF · DOTS"})
    assert fig.layout.yaxis.tickformat == ","  # 40,000 USD million, not "40k"
    line = fig.data[0]
    assert list(line.x) == [2002, 2003, 2004, 2016]
    assert list(line.y) == [2.0, 3.0, None, 16.0]


def test_series_hover_carries_each_source_address_and_counts_the_rest():
    """Issue 18, item 10: the hover shows each source's address as text, as Trade's does,
    the first three sources, then how many more; wrapped to fit a phone."""
    import pandas as pd

    from analysis.reconcile import Reconciled
    from dashboard.figures.overview import series_figure
    from dashboard.figures.trade import HOVER_WIDTH

    ids = ("bns", "kazinform", "imf", "trend", "akorda")
    best = pd.DataFrame(
        {"year": [2022, 2023], "value": [4.4e8, 5.6e8], "comparator": ["=", "="],
         "kind": ["reported"] * 2, "source_ids": [("bns",), ids]}
    )  # fmt: skip
    r = Reconciled("KAZ", "TKM", "trade_value", "total", "USD", best, best, best.iloc[0:0])
    citations = {s: f"{s.upper()} · a title" for s in ids}
    links = {"bns": "https://stat.gov.kz/en/industries/", "kazinform": "https://www.inform.kz/a/1",
             "imf": "javascript:alert(1)"}  # fmt: skip
    one, many = series_figure(r, citations, links).data[0].hovertext
    assert "BNS · a title<br>  ↗ stat.gov.kz/en/industries/" in one
    assert "↗ inform.kz/a/1" in many and "IMF · a title" in many
    assert "javascript" not in many  # only http(s) addresses are shown
    assert "TREND" not in many and "and 2 more" in many
    assert max(len(line) for line in many.split("<br>")) <= HOVER_WIDTH
    # without addresses the citations stand alone
    plain = series_figure(r, citations).data[0].hovertext[0]
    assert "BNS · a title" in plain and "↗" not in plain


def test_a_series_too_small_for_millions_reads_in_thousands_with_its_target():
    import pandas as pd

    from analysis.reconcile import Reconciled
    from dashboard.figures.overview import series_figure

    best = pd.DataFrame(
        {
            "year": [2022, 2023],
            "value": [24e3, 31e3],
            "comparator": ["=", "="],
            "kind": ["reported"] * 2,
            "source_ids": [("s",)] * 2,
        }
    )
    r = Reconciled("KAZ", "SWZ", "trade_value", "total", "USD", best, best, best.iloc[0:0])
    fig = series_figure(r, {"s": "IMF · DOTS"})
    assert fig.layout.yaxis.title.text == "USD thousand"
    assert list(fig.data[0].y) == [24.0, 31.0]
    # The required path and the target line are drawn on the series' own scale.
    aimed = with_target(fig, 2023, 31e3, 62e3, 2025)
    assert aimed.data[1].y[0] == pytest.approx(31.0) and aimed.data[1].y[-1] == pytest.approx(62.0)
    assert list(aimed.data[2].y) == [62.0, 62.0]
