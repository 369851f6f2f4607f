"""Trade page under AppTest: defaults, every control changes the figure, the URL restores it."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.figures.trade import HOVER_ALTERNATIVES


def figure(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t["name"] == name)


def test_defaults_show_kaz_tkm_with_every_flow(app):
    at = app("trade")
    assert not at.exception
    assert (at.selectbox(key="reporter").value, at.selectbox(key="partner").value) == (
        "KAZ",
        "TKM",
    )
    fig = figure(at)
    names = [t["name"] for t in fig["data"]]
    for name in ("Turnover", "Exports", "Imports", "Balance (exports − imports)"):
        assert name in names
    turnover = trace(fig, "Turnover")
    # 2022–2023: Kazakhstan's official exports + imports (BNS), USD million
    by_year = dict(zip(turnover["x"], turnover["y"], strict=True))
    assert abs(by_year[2023] - (396.83117172 + 166.11784405)) < 1e-6
    assert abs(by_year[2022] - (340.35299979 + 98.33869106)) < 1e-6
    # Bounds are drawn as open triangles, part-year windows apart from the line.
    bound = trace(fig, "Turnover: bound (> or <)")
    assert bound["marker"]["symbol"] == ["triangle-up-open"]
    assert bound["x"] == [2024]
    part = trace(fig, "Turnover: part-year")
    assert part["marker"]["symbol"] == "circle-open"
    assert 2024 not in turnover["x"]
    # Balance = exports − imports (2020: 76.6M − 50.9M).
    balance = dict(zip(*(trace(fig, "Balance (exports − imports)")[k] for k in "xy"), strict=True))
    assert abs(balance[2020] - (76.643616 - 50.906437)) < 1e-6
    assert abs(balance[2023] - (396.83117172 - 166.11784405)) < 1e-6  # official
    assert at.metric[0].value == "$562.9M"


def test_hover_lists_the_first_alternatives_and_counts_the_rest(app):
    at = app("trade")
    turnover = trace(figure(at), "Turnover")
    hover = turnover["hovertext"][turnover["x"].index(2023)]
    assert "All figures for this year" in hover
    assert "$562.9M" in hover  # the chosen figure: the official exports + imports
    assert "Kazinform" in hover and hover.count("$563M") >= 2  # the outlets' $563M
    # The first few by publisher, the rest counted: all of them made the hover taller
    # than the chart, and plotly then drew none.
    figures_part = hover.split("All figures for this year (★ chosen):")[1]
    listed = figures_part.count("<br>★") + figures_part.count("<br>•")
    rest = int(re.search(r"and (\d+) more \(the table lists them all\)", hover).group(1))
    assert listed == HOVER_ALTERNATIVES and rest >= 5  # the outlets' $563M and bounds


def test_yoy_growth_chart(app):
    at = app("trade")
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    growth_chart = next(f for f in charts if "growth" in f["layout"]["yaxis"]["title"]["text"])
    growth = trace(growth_chart, "Turnover")
    # from the two official levels: 562.95 / 438.69 − 1
    assert round(dict(zip(growth["x"], growth["y"], strict=True))[2023], 1) == 28.3
    assert "Balance (exports − imports)" not in [t["name"] for t in growth_chart["data"]]


def test_flow_control_changes_the_figure(app):
    at = app("trade")
    at.button_group(key="flow").set_value("exports").run()
    assert not at.exception
    assert [t["name"] for t in figure(at)["data"]] == ["Exports", "Exports: part-year"]


def test_log_toggle_changes_the_axis_and_drops_deficits(app):
    at = app("trade")
    assert figure(at)["layout"]["yaxis"]["type"] == "linear"
    at.toggle(key="log").set_value(True).run()
    fig = figure(at)
    assert fig["layout"]["yaxis"]["type"] == "log"
    balance = trace(fig, "Balance (exports − imports)")["y"]
    assert any(balance) and all(y > 0 for y in balance if y is not None)  # gaps where dropped


def test_partner_and_reporter_change_the_numbers(app):
    at = app("trade")
    before = trace(figure(at), "Exports")["y"]
    at.selectbox(key="partner").set_value("CHN").run()
    assert not at.exception
    after = trace(figure(at), "Exports")["y"]
    assert after != before
    at.selectbox(key="reporter").set_value("TKM").run()
    assert not at.exception
    assert at.selectbox(key="reporter").value == "TKM"
    assert "Kazakhstan (KAZ)" in at.selectbox(key="partner").options


def test_url_restores_the_view(app):
    at = app("trade", {"reporter": "KAZ", "partner": "CHN", "flow": "imports", "log": "true"})
    assert not at.exception
    assert at.selectbox(key="partner").value == "CHN"
    fig = figure(at)
    assert fig["data"][0]["name"] == "Imports"
    assert fig["layout"]["yaxis"]["type"] == "log"
    # KAZ's imports from China are in the billions: not the KAZ–TKM series.
    assert max(y for y in trace(fig, "Imports")["y"] if y is not None) > 1000


def test_table_and_downloads(app):
    at = app("trade")
    table = at.dataframe[0].value
    row = table[(table["flow"] == "turnover") & (table["period"] == "2023")].iloc[0]
    # Kazakhstan's official exports + imports (BNS): $562.95M, in one value column.
    assert row["value"] == "$562.9M" and row["growth on a year earlier"] == "+28.3%"
    assert [c for c in table.columns if "value" in c] == ["value"]
    assert {"kind", "side", "method", "value_usd", "yoy_pct"}.isdisjoint(table.columns)
    cells = table.astype(str).to_numpy().ravel().tolist()
    assert "None" not in cells and "nan" not in cells and "" in cells  # blanks are blank
    # Stated bounds read as stated: Q1 2024 "above $100M".
    assert (table["value"] == "above $100M").any()
    # The numbers stay in the downloads.
    csv = at.get("download_button")[0].proto
    assert csv.label == "Download CSV"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Parquet"]


def test_monthly_and_quarterly_views_from_an_imported_file(app, tmp_path):
    import os

    from data.importers import import_paths
    from data.store import Store

    lines = [
        "series,reporter,partner,flow,period_start,period_end,measure,comparator,value,"
        "unit,source_publisher"
    ]
    for m in range(1, 7):
        for flow, v in (("export", 10 * m), ("import", m)):
            lines.append(
                f"trade_value,KAZ,TKM,{flow},2023-{m:02d},2023-{m:02d},level,=,{v},"
                "USD_million,Bureau of National Statistics"
            )
    path = tmp_path / "monthly.csv"
    path.write_text("\n".join(lines) + "\n")
    import_paths(Store(os.environ["TRADEDASH_STORE"]), [path])
    at = app("trade", {"freq": "monthly"})
    assert not at.exception
    traces = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]]
    exports = next(t for t in traces if t["name"] == "Exports" and "Jun 2023" in t["x"])
    assert exports["x"] == ["Jan 2023", "Feb 2023", "Mar 2023", "Apr 2023", "May 2023", "Jun 2023"]
    assert exports["y"] == [10.0 * m for m in range(1, 7)]
    at = app("trade", {"freq": "quarterly"})
    quarterly = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    turnover = [
        t
        for f in quarterly
        for t in f["data"]
        if t.get("name") == "Turnover" and "Q1 2023" in t["x"]
    ]
    got = dict(zip(turnover[0]["x"], turnover[0]["y"], strict=True))
    # exports + imports of one source, summed over three months; the stated Q1 2024 too
    assert got == {"Q1 2023": 66.0, "Q2 2023": 165.0, "Q1 2024": 105.0}


def test_a_lone_quarter_is_a_sentence_not_a_chart(app):
    """The embedded data hold one quarterly figure (Q1 2024): no one-point chart."""
    at = app("trade", {"freq": "quarterly"})
    assert not at.exception
    said = [m.value.replace("\\", "") for m in at.markdown if "Only one quarterly" in m.value]
    assert len(said) == 1 and said[0].startswith("Only one quarterly figure so far: Q1 2024 — ")
    assert "turnover" in said[0] and "·" in said[0]  # the value and its citation
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert not any("Q1 2024" in (t.get("x") or []) for f in charts for t in f["data"])


def _mirror_ratios(at, direction):
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    mirror = next(f for f in charts if any(t.get("name") == direction for t in f["data"]))
    trace = next(t for t in mirror["data"] if t["name"] == direction)
    return {x: y for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None}


def test_mirror_panel_and_its_factor(app):
    at = app("trade")
    ratios = _mirror_ratios(at, "TKM→KAZ")
    # Kazakhstan's imports of 2002 (CIF ÷ 1.06) against Turkmenistan's own exports
    assert ratios[2002] == pytest.approx(74_571_300 / 1.06 / 1_875_332, abs=1e-3)
    # Turkmenistan's IMF exports since 2004 are Kazakhstan's imports ÷ 1.06: a gap of 0 %
    # by construction, not drawn (it read as two records that agree), and said so
    assert not set(ratios) & set(range(2004, 2021))
    said = [c.value.replace("\\", "") for c in at.caption]
    said = [c for c in said if c.startswith("Importer's figure")]
    assert len(said) == 1
    assert "2004–2020 (both directions): one side is built from the other's" in said[0]
    at.number_input(key="cif_fob").set_value(1.0).run()
    assert _mirror_ratios(at, "TKM→KAZ")[2002] == pytest.approx(74_571_300 / 1_875_332, abs=1e-3)


def test_the_latest_full_year_card_cites_its_sources(app):
    at = app("trade")
    card = next(m for m in at.metric if m.label == "Latest full year")
    assert card.value == "$562.9M"
    tip = card.proto.help.replace("\\", "")
    assert tip.startswith("Turnover 2023: $562.9M")
    assert "Bureau of National Statistics" in tip  # the official table it comes from
