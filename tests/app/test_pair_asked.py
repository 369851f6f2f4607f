"""A pair not in the stores (issue 18, item 1): every page that takes a pair shows the pair
asked for or says that the stores lack it; none shows another pair, and the URL keeps it."""

from __future__ import annotations

import pytest

from tests.app.conftest import charts

PAGES = ["trade", "overview", "rail", "scenarios"]


def warnings(at) -> list[str]:
    return [w.value.replace("\\", "") for w in at.warning]


@pytest.mark.parametrize("page", PAGES)
def test_a_pair_not_in_the_stores_is_said_not_substituted(app, page):
    at = app(page, {"reporter": "UZB", "partner": "RUS"})
    assert not at.exception
    said = warnings(at)
    assert len(said) == 1, said
    assert said[0].startswith("UZB–RUS is not in the stores (they cover pairs with KAZ or TKM")
    assert "import a Comtrade or IMF file on Data" in said[0]
    assert not charts(at)  # no chart of another pair
    assert not at.metric
    assert at.query_params["reporter"] == "UZB" and at.query_params["partner"] == "RUS"


def test_trade_keeps_the_asked_pair_in_its_controls(app):
    at = app("trade", {"reporter": "UZB", "partner": "RUS"})
    assert at.selectbox(key="reporter").value == "UZB"
    assert at.selectbox(key="partner").value == "RUS"


def test_an_unknown_code_is_named(app):
    at = app("trade", {"reporter": "KAZ", "partner": "XXX"})
    assert not at.exception
    assert warnings(at)[0].startswith("XXX is not a code of the stores")


def test_a_held_pair_still_shows(app):
    at = app("trade", {"reporter": "UZB", "partner": "TKM"})
    assert not at.exception and not at.warning
    assert at.get("plotly_chart")


def test_picking_a_reporter_keeps_a_held_partner_and_says_so(app):
    from dashboard import services
    from dashboard.views.pairs import partners_of

    held = partners_of(services.trade_pairs(), "UZB")
    at = app("trade", {"reporter": "KAZ", "partner": "CHN"})
    assert "CHN" not in held  # the case of the issue: UZB–CHN is not in the stores
    at.selectbox(key="reporter").select("UZB").run()
    assert not at.exception
    shown = at.selectbox(key="partner").value
    assert shown in held
    # The URL no longer names CHN (the browser test reads the whole address bar).
    assert at.query_params.get("partner", "TKM") == shown
    infos = [i.value.replace("\\", "") for i in at.info]
    assert f"Partner changed from CHN to {shown}: UZB–CHN is not in the stores." in infos


# -- item 11: names, not just codes, and one picker on every page ---------------------------
@pytest.mark.parametrize("page", ["trade", "scenarios", "products", "data"])
def test_pickers_are_labelled_by_name_and_keep_the_code_in_the_url(app, page):
    at = app(page, {"reporter": "KAZ", "partner": "CHN"})
    assert not at.exception
    partner = at.selectbox(key="partner")
    assert partner.value == "CHN"
    # The shown label holds the name a person types to search, the URL the code.
    assert (
        "China (CHN)" in partner.options
        and "Kazakhstan (KAZ)" in at.selectbox(key="reporter").options
    )
    # A country reads "Name (CODE)"; an aggregate its name alone: AGG_EMDE is an internal id.
    if page != "data":  # the Data page's fetch offers ISO codes only
        assert "Emerging and Developing Economies" in partner.options
    # (Kazakhstan's statistics' own groups, AGG_BNS_*, have no names yet: shown as codes.)
    named = [o for o in partner.options if not o.startswith("AGG_BNS_")]
    assert not [o for o in named if "AGG_" in o]
    assert all(o.endswith(")") or o.isupper() or o[0].isupper() for o in named)
    assert at.query_params["partner"] == "CHN"
    partner.set_value("TKM").run()
    assert not at.exception
    assert at.query_params["partner"] == "TKM"
    assert not [t for t in at.text_input if t.key in ("reporter", "partner")]
