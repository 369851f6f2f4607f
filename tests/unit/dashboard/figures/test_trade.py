"""Trade figures by structure: traces, names, symbols, values, escaped hover text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures.style import OKABE_ITO
from dashboard.figures.trade import TradeOptions, growth_cap, growth_figure, trade_figure


def point(flow, year, value, comparator="=", kind="reported", part_year=False, yoy=math.nan):
    return {
        "flow": flow, "period": f"Jan–Jun {year}" if part_year else str(year), "year": year,
        "period_start": f"{year}-01", "period_end": f"{year}-{'06' if part_year else '12'}",
        "part_year": part_year, "value_usd": value, "value": f"${value / 1e6:g}M",
        "comparator": comparator, "kind": kind, "side": "reporter", "method": "stated",
        "category": "press", "yoy_pct": yoy, "sources": "Outlet <script>x</script> + IMF",
        "source_ids": "s1;s2", "alternatives": "★ = $563M reported — <img src=x>",
    }  # fmt: skip


POINTS = pd.DataFrame(
    [
        point("turnover", 2022, 440e6),
        point("turnover", 2023, 563e6, yoy=28.0),
        point("turnover", 2024, 500e6, comparator=">"),
        point("turnover", 2024, 100e6, comparator=">", part_year=True),
        point("exports", 2022, 200e6, kind="estimated"),
        point("exports", 2023, 250e6, kind="mirror", yoy=25.0),
        point("imports", 2022, 240e6),
        point("imports", 2023, 313e6, yoy=30.4),
        point("balance", 2022, -40e6),
        point("balance", 2023, -63e6),
    ]
)


def names(fig):
    return [t.name for t in fig.data]


def test_trace_per_flow_and_marked_points():
    fig = trade_figure(POINTS, TradeOptions())
    assert names(fig) == [
        "Turnover",
        "Turnover: bound (> or <)",
        "Turnover: part-year",
        "Exports",
        "Exports: estimate",
        "Exports: mirror value",
        "Imports",
        "Balance (exports − imports)",
    ]
    by = {t.name: t for t in fig.data}
    assert list(by["Turnover"].x) == [2022, 2023]
    assert list(by["Turnover"].y) == [440.0, 563.0]
    assert by["Turnover"].mode == "lines+markers"
    assert list(by["Turnover: bound (> or <)"].marker.symbol) == ["triangle-up-open"]
    assert by["Turnover: bound (> or <)"].mode == "markers"
    assert by["Turnover: part-year"].marker.symbol == "circle-open"
    assert list(by["Turnover: part-year"].y) == [100.0]
    assert by["Exports: estimate"].marker.symbol == "square"
    assert list(by["Exports: estimate"].x) == [2022]
    assert by["Exports: mirror value"].marker.symbol == "diamond"
    assert list(by["Balance (exports − imports)"].y) == [-40.0, -63.0]
    assert by["Turnover"].line.color == OKABE_ITO["blue"]
    assert fig.layout.yaxis.type == "linear"


def test_a_pair_too_small_for_millions_reads_in_thousands():
    """Kazakhstan–Eswatini: $31K of imports at most read "0.03" on a USD million axis."""
    tiny = pd.DataFrame(
        [point("imports", 2014, 31e3), point("imports", 2015, 0.0), point("balance", 2014, -30.5e3)]
    )
    fig = trade_figure(tiny, TradeOptions())
    assert fig.layout.yaxis.title.text == "USD thousand"
    by = {t.name: t for t in fig.data}
    assert list(by["Imports"].y) == [31.0, 0.0]
    assert list(by["Balance (exports − imports)"].y) == [-30.5]
    assert trade_figure(POINTS, TradeOptions()).layout.yaxis.title.text == "USD million"


@pytest.mark.parametrize(
    ("values", "unit", "expected"),
    [
        ([563e6, -63e6], "USD", (1e6, "USD million")),
        ([1e5], "USD", (1e6, "USD million")),  # 0.1 million still reads in millions
        ([99_999.0, float("nan")], "USD", (1e3, "USD thousand")),
        ([-250.0], "USD", (1e3, "USD thousand")),  # a deficit counts by its size
        ([24.0], "USD", (1.0, "USD")),
        ([0.0], "USD", (1.0, "USD")),
        ([], "USD", (1e6, "USD million")),
        ([1.3e6], "t", (1e6, "million tonnes")),
        ([5e3], "t", (1e3, "thousand tonnes")),
        ([40.0], "t", (1.0, "tonnes")),
    ],
)
def test_axis_scale(values, unit, expected):
    from dashboard.figures.style import axis_scale

    assert axis_scale(values, unit) == expected


def test_log_scale_drops_non_positive_values():
    fig = trade_figure(POINTS, TradeOptions(log=True))
    assert fig.layout.yaxis.tickformat == ","  # 40,000 USD million, not "40k"
    assert fig.layout.yaxis.type == "log"
    assert "Balance (exports − imports)" not in names(fig)
    assert len(fig.data) == 7


def test_hover_is_escaped_and_lists_alternatives():
    fig = trade_figure(POINTS, TradeOptions())
    hover = fig.data[0].hovertext[1]
    assert "<script>" not in hover and "&lt;script&gt;" in hover
    assert "&lt;img src=x&gt;" in hover
    assert "All figures for this year" in hover
    assert "+28.0% on the year before" in hover
    assert hover.count("<br>") >= 4


def test_bound_below_points_down():
    pts = pd.DataFrame([point("imports", 2020, 5e6, comparator="<")])
    fig = trade_figure(pts, TradeOptions())
    assert names(fig) == ["Imports: bound (> or <)"]
    assert list(fig.data[0].marker.symbol) == ["triangle-down-open"]


def test_growth_figure_bars_without_balance_or_undefined_years():
    fig = growth_figure(POINTS, TradeOptions())
    assert names(fig) == ["Turnover", "Exports", "Imports"]
    assert all(t.type == "bar" for t in fig.data)
    assert list(fig.data[0].x) == [2023] and list(fig.data[0].y) == [28.0]
    assert list(fig.data[2].y) == [30.4]


def test_one_outlying_growth_is_drawn_off_the_scale_with_its_value():
    """KAZ–TKM imports +597.5 % in 2011 (next largest +276 %) flattened every other bar."""
    years = range(2005, 2015)
    growths = [10.0, -20.0, 276.3, 40.0, 5.0, -50.0, 597.5, 168.5, 30.0, 12.0]
    rows = [point("imports", y, 1e8, yoy=g) for y, g in zip(years, growths, strict=True)]
    frame = pd.DataFrame(rows)
    fig = growth_figure(frame, TradeOptions())
    low, top = fig.layout.yaxis.range
    assert 276.3 < top < 597.5 and low == pytest.approx(-55.0)
    (note,) = fig.layout.annotations
    assert note.x == 2011 and note.y == top and "+597.5%" in note.text
    assert list(fig.data[0].y) == growths  # the data keep their values; only the axis ends


def test_growths_without_a_lone_outlier_keep_the_full_axis():
    assert growth_cap([10.0, 276.3, 168.5, 143.7, -50.0]) is None
    assert growth_cap([]) is None and growth_cap([500.0]) is None
    assert growth_cap([900.0, 400.0, 100.0, 20.0]) == pytest.approx(460.0)  # one at a time
    assert growth_cap([900.0, 800.0, 300.0, 20.0]) == pytest.approx(345.0)  # two lone years


def test_lines_break_at_years_without_data():
    """UZB–TKM has figures for 2003 and from 2016: no straight line over 2004–2015."""
    gap = pd.DataFrame([point("turnover", y, 10e6 * (y - 2000)) for y in (2002, 2003, 2016, 2017)])
    line = trade_figure(gap, TradeOptions()).data[0]
    assert list(line.x) == [2002, 2003, 2004, 2016, 2017]
    assert list(line.y) == [20.0, 30.0, None, 160.0, 170.0]
    assert line.hovertext[2] == "" and line.connectgaps is False


def test_hover_lines_fit_a_phone():
    """Plotly never wraps a hover: every line of it is at most HOVER_WIDTH characters."""
    from dashboard.figures.trade import HOVER_WIDTH

    fig = trade_figure(POINTS, TradeOptions())
    lines = [ln for t in fig.data for h in t.hovertext if h for ln in h.split("<br>")]
    long_source = "Outlet <script>x</script>"
    assert any(long_source.replace("<", "&lt;").replace(">", "&gt;") in ln for ln in lines)
    assert max(len(ln.replace("&lt;", "<").replace("&gt;", ">")) for ln in lines) <= HOVER_WIDTH


def test_a_hover_lists_a_few_alternatives_by_publisher_and_counts_the_rest():
    """Ten full citations made the 2023 hover taller than the chart: plotly drew none."""
    from dashboard.figures.trade import HOVER_ALTERNATIVES, hover_lines

    alternatives = [
        f"• $563M reported — Outlet {i} · figure by X · A long title · 2024" for i in range(9)
    ]
    row = pd.Series({**point("turnover", 2023, 563e6), "alternatives": "\n".join(alternatives)})
    text = hover_lines(row).replace("<br>", "\n")
    assert "• $563M reported — Outlet 0\n" in text and "A long title" not in text
    assert f"Outlet {HOVER_ALTERNATIVES - 1}" in text and f"Outlet {HOVER_ALTERNATIVES}" not in text
    assert f"and {9 - HOVER_ALTERNATIVES} more (the table lists them all)" in text
