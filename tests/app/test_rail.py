"""Rail freight page under AppTest: freight, bounds and part-year points apart, capacity,
utilisation, the nowcast, and transit kept out of the bilateral series."""

from __future__ import annotations

import json
from pathlib import Path


def figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace(fig: dict, name: str) -> dict:
    return next(t for t in fig["data"] if t["name"] == name)


def test_rail_numbers(app):
    at = app("rail")
    assert not at.exception
    m = {x.label: x for x in at.metric}
    assert m["Rail freight 2024"].value == "1.60 Mt"
    assert m["Rail freight 2024"].delta == "+23.1% on 2023"
    assert m["Utilisation 2024"].value == "26.7%"  # 1.6 / 6 Mt
    assert "6 Mt capacity (2025)" in m["Utilisation 2024"].delta
    assert m["2025 full-year estimate"].value == "1.80 Mt"  # Jan–Oct 1.5 Mt ÷ 10/12
    assert m["2025 full-year estimate"].delta == "Jan–Oct: 1.50 Mt"
    assert m["Capacity reached"].value == "2031"
    assert "21.5%/yr, 2022–2024" in m["Capacity reached"].delta
    assert "Vlast" in m["2025 full-year estimate"].help


def test_chart_draws_part_years_and_bounds_apart(app):
    fig = figures(app("rail"))[0]
    names = [t["name"] for t in fig["data"]]
    assert names == [
        "freight, full year",
        "bound (> or <)",
        "part-year (not a full year)",
        "capacity 2025 (stated)",
        "capacity targets",
    ]
    full = trace(fig, "freight, full year")
    points = {x: y for x, y in zip(full["x"], full["y"], strict=True) if y is not None}
    assert points[2023] == 1.3 and points[2024] == 1.6
    # 2025 is the minister's "about 1.5 Mt a year" (n038), a full-year figure; the
    # Jan–Oct 2025 1.5 Mt is a part-year point, drawn apart.
    assert points[2025] == 1.5
    assert 2020 not in points  # part years are not annual points
    assert None in full["y"]  # the line breaks over the missing years
    bound = trace(fig, "bound (> or <)")
    assert (bound["x"], bound["y"], bound["marker"]["symbol"]) == (
        [2018],
        [1.0],
        "triangle-up-open",
    )
    part = trace(fig, "part-year (not a full year)")
    assert part["marker"]["symbol"] == "diamond-open" and part["mode"] == "markers+text"
    assert "Q1 2020" in part["text"] and "Jan–Oct 2025" in part["text"]
    assert dict(zip(part["text"], part["y"], strict=False))["Jan–Oct 2025"] == 1.5
    assert trace(fig, "capacity 2025 (stated)")["y"] == [6.0, 6.0]
    targets = trace(fig, "capacity targets")
    assert (targets["x"], targets["y"]) == ([2027, 2030], [15.0, 20.0])


def test_yoy_is_a_small_table_not_a_chart_of_four_bars(app):
    at = app("rail")
    assert len(figures(at)) == 1  # the main chart only
    table = next(d.value for d in at.dataframe if "growth on the year before" in d.value)
    assert dict(zip(table["year"], table["growth on the year before"], strict=True)) == {
        2013: "+30.0%",
        2023: "+20.0%",
        2024: "+23.1%",
        2025: "−6.2%",  # about 1.5 Mt (n038) against 1.6 Mt
    }


def test_footer_cites_the_rail_sources_not_imf_dots(app):
    at = app("rail")
    footer = at.caption[-1].value  # the app's footer, under the divider
    assert footer.startswith("Sources of the rail figures on this page")
    assert "IMF" not in footer and "US dollars" not in footer
    assert "press: " in footer.replace("\\", "")
    other = app("trade").caption[-1].value  # the Trade page's footer names its own sources
    assert other.startswith("Sources of the figures on this page")
    assert "Direction of Trade Statistics" in other


def test_capacity_targets_are_capacity_to_build_not_freight(app):
    at = app("rail")
    assert not at.exception
    table = at.dataframe[0].value
    assert table["by"].tolist() == ["2027", "2030"]
    # Against the 6 Mt stated for 2025: 15 Mt is 2.5x in two years, 20 Mt 3.33x in five.
    assert table["× capacity 2025"].tolist() == ["2.50×", "3.33×"]
    assert table["capacity growth needed from 2025"].tolist() == ["58.1%", "27.2%"]
    assert table["utilisation at 2024 freight"].tolist() == ["10.7%", "8.0%"]
    assert table["freight fills it at the historical pace"].tolist() == ["2036", "2037"]
    assert not any("freight" in c and "growth" in c for c in table.columns)
    assert "110.9%" not in table.to_string()
    # No freight target is stated: no freight scenario is offered for a capacity target.
    assert not [p for p in at.get("page_link") if "target_" in p.proto.query_string]
    assert any("No freight target is stated" in c.value for c in at.caption)
    heads = [h.value for h in at.subheader]
    assert "Capacity to be built" in heads and "Freight to carry" in heads


def test_a_stated_freight_target_gets_a_scenario_link(app):
    from dashboard import services

    path = Path(__file__).resolve().parents[1] / "fixtures" / "rail" / "freight_target.csv"
    services.import_files([path])
    at = app("rail")
    assert not at.exception
    links = [p.proto for p in at.get("page_link") if "target_t=" in p.proto.query_string]
    assert len(links) == 1
    q = links[0].query_string
    assert "target_usd" not in q  # tonnes are not dollars
    assert "target_t=3000000" in q and "target_year=2028" in q and "series=rail_freight" in q
    assert "of freight by 2028" in links[0].label


def test_transit_is_a_separate_section_not_a_freight_trace(app):
    at = app("rail")
    for fig in figures(at):
        for t in fig["data"]:
            assert "transit" not in t["name"].lower()
            assert 0.13 not in (t.get("y") or [])
    assert any("Third-country transit" in h.value for h in at.subheader)
    transit = next(d.value for d in at.dataframe if "route" in d.value)
    # In words, the figure second (a phone shows the first columns)
    assert list(transit.columns[:2]) == ["route", "stated"]
    east_words, via_words = (
        "North–South corridor, eastern branch",
        "through Kazakhstan to Turkmenistan",
    )
    assert set(transit["route"]) == {east_words, via_words}
    assert "growth_pct_yoy" not in set(transit["measure"])
    assert "growth on the same months a year earlier" in set(transit["measure"])
    east = transit[transit["route"] == east_words]
    assert east["stated"].tolist()[:2] == ["about 130,000 t", "+100.0%"]  # 2022: p068, "twice" n052
    assert "650,000 t" in east["stated"].tolist()  # 2023 actual, n047
    via = transit[transit["route"] == via_words]
    assert via["stated"].tolist() == ["+55.0%", "+55.0%"]  # Jan–Aug 2020, two outlets


def test_url_pair_without_rail_data(app):
    at = app("rail", {"partner": "XXX"})
    assert not at.exception
    assert at.warning[0].value.startswith("XXX is not a code of the stores")


def test_url_pair_names_are_shown_as_text_not_markdown(app):
    at = app("rail", {"reporter": "**bold**"})
    assert not at.exception
    assert "\\*\\*BOLD\\*\\*" in at.title[0].value
