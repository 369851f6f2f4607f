"""Overview page under AppTest: the headline cards, each with a source (the latest evidence
among them: 2024's "more than $500M", Jan–Sep 2025 and its nowcast), and the chart with
the $1B target and the required path."""

from __future__ import annotations

import json
import re

import pytest


def test_overview_renders_headline_and_chart(app):
    at = app()
    assert not at.exception
    values = [m.value for m in at.metric]
    assert "$562.9M" in values  # Kazakhstan's official 2023 turnover
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    xs = fig["data"][0]["x"]
    ys = fig["data"][0]["y"]
    assert dict(zip(xs, ys, strict=True))[2023] == pytest.approx(562.949, abs=1e-3)
    assert "Bureau of National Statistics" in " ".join(fig["data"][0]["hovertext"])


def cards(at) -> dict:
    return {m.label: m for m in at.metric}


def plain(text: str) -> str:
    """Captions and helps are Markdown-escaped data: drop the escapes to read them."""
    return text.replace("\\", "")


def test_headline_cards(app):
    at = app()
    c = cards(at)
    assert list(c) == [
        "Turnover 2023", "5-year multiple", "Turnover 2024", "Jan–Sep 2025",
        "Rail freight 2023", "Gap to $1B",
    ]  # fmt: skip
    assert (c["Turnover 2023"].value, c["Turnover 2023"].delta) == ("$562.9M", "+28.3% on 2022")
    assert (c["5-year multiple"].value, c["5-year multiple"].delta) == ("3.86×", "2019–2023")
    # The latest evidence: a bound for 2024, the latest part year with its stated growth.
    assert c["Turnover 2024"].value == "above $500M"
    assert (c["Jan–Sep 2025"].value, c["Jan–Sep 2025"].delta) == (
        "$363.6M",
        "+5.4% on Jan–Sep 2024",
    )
    assert (c["Rail freight 2023"].value, c["Rail freight 2023"].delta) == (
        "1.30 Mt",
        "+20.0% on 2022",
    )
    assert (c["Gap to $1B"].value, c["Gap to $1B"].delta) == ("$437.1M", "12.2%/yr to 2028")
    captions = " | ".join(plain(x.value) for x in at.caption)
    assert "2022: $438.7M" in captions and "2024: above $500M" in captions
    assert "2019–2023: 3.86× (5 calendar years, 4 intervals" in captions
    assert "a bound, as 5 sources state it" in captions
    assert "2025 full-year estimate $484.8M (range $363.6M–$969.6M)" in captions
    assert "A typical Jan–Sep holds 75.0% of a year" in captions
    assert "2024: 1.60 Mt (+23.1%)" in captions


@pytest.mark.parametrize(
    ("label", "publisher"),
    [
        ("Turnover 2023", "Bureau of National Statistics"),
        ("5-year multiple", "International Monetary Fund"),
        ("Turnover 2024", "Kazpravda"),
        ("Jan–Sep 2025", "Turkmenportal"),
        ("Rail freight 2023", "newscentralasia"),
        ("Gap to $1B", "Bureau of National Statistics"),
    ],
)
def test_every_card_cites_its_sources_on_hover(app, label, publisher):
    assert publisher in plain(cards(app())[label].help)


def test_a_card_with_many_sources_lists_three_and_links_the_rest(app):
    """At 390 px a tooltip of seven and more full citations was cut off after 4½."""
    from dashboard.ui import CARD_SOURCES

    help_text = cards(app())["Gap to $1B"].help
    lines = help_text.split("  \n")
    assert len(lines) == CARD_SOURCES + 1
    more = re.fullmatch(r"\[and (\d+) more on Claims and sources\]\(claims\)", lines[-1])
    assert more and int(more.group(1)) >= 1


def test_other_reading_of_five_years_is_one_click_away(app):
    at = app()
    texts = " ".join(t.value for t in at.text)
    assert "2018–2023: 5.66× (5 intervals, 6 calendar years" in texts


def test_chart_has_target_line_and_required_path(app):
    fig = json.loads(app().get("plotly_chart")[0].proto.spec)
    names = [t["name"] for t in fig["data"]]
    assert names[-2:] == ["required path (12.2%/yr)", "target $1B"]
    path = fig["data"][-2]
    assert path["x"] == list(range(2023, 2029))
    assert path["y"][0] == pytest.approx(562.949, abs=1e-3) and path["y"][-1] == pytest.approx(
        1000.0
    )
    assert fig["data"][-1]["y"] == [1000.0, 1000.0]
    assert fig["data"][-1]["x"] == [2008, 2028]
    assert fig["layout"]["xaxis"]["range"] == [2007.5, 2028.5]


@pytest.mark.parametrize("partner", ["CHN", "UZB"])
def test_a_pair_without_a_stated_target_gets_no_other_pairs_target(app, partner):
    """KAZ–TKM's $1B is KAZ–TKM's: on KAZ–CHN it read "Gap to $1B: $0, −49.4%/yr"."""
    at = app(None, {"reporter": "KAZ", "partner": partner})
    assert not at.exception
    shown = cards(at)
    assert "Turnover 2023" in shown  # the pair's own figures are there
    assert not [label for label in shown if label.startswith("Gap to")]
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [t.get("name") or "" for t in fig["data"]]
    assert not [n for n in names if n.startswith(("target", "required path"))]
    assert any(c.value.startswith("No trade target is stated for this pair") for c in at.caption)


def test_url_pair_without_data(app):
    at = app(None, {"reporter": "KAZ", "partner": "XXX"})
    assert not at.exception
    assert at.warning[0].value.startswith("XXX is not a code of the stores")


def test_url_pair_names_are_shown_as_text_not_markdown(app):
    at = app(None, {"reporter": "[x](http://evil.example)", "partner": "TKM"})
    assert not at.exception
    title = at.title[0].value
    assert "\\[X\\]\\(HTTP\\:\\/\\/EVIL\\.EXAMPLE\\)" in title  # escaped, so not a link


def test_the_footer_names_the_sources_of_the_figures_shown(app):
    """Built from the cards' and chart's sources (datasette's footer from metadata): the
    IMF's DOTS, Kazakhstan's Bureau of National Statistics and the press, with links."""
    at = app()
    footer = at.caption[-1].value.replace("\\", "")  # the app's footer, under the divider
    assert footer.startswith("Sources of the figures on this page")
    assert "IMF" in footer and "Direction of Trade Statistics" in footer
    assert "Bureau of National Statistics" in footer and "the press: " in footer
    assert "](https://data.imf.org/)" in footer and "Terms: " in footer


def test_a_pair_without_turnover_shows_each_flow_it_has_and_why(app):
    # KAZ–SWZ: exports and imports, never both from one source and side in a year. The page
    # said "No annual turnover for this pair yet", then "No figures for this pair".
    at = app(None, {"partner": "SWZ"})
    assert not at.exception
    said = at.info[0].value.replace("\\", "")
    assert said.startswith("No annual turnover for this pair: turnover is a year's exports")
    assert "exports for 2011, 2014, 2016, 2018–2020 and imports for 2012–2020, 2022–2023" in said
    labels = [m.label for m in at.metric]
    assert labels == ["Exports 2020", "Imports 2023"]
    footer = at.caption[-1].value.replace("\\", "")
    assert footer.startswith("Sources of the figures on this page") and "IMF" in footer
