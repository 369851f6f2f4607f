"""What is traded under AppTest: the stated product figures with their sources, and the
top products, treemap and value per tonne once a store holds HS detail."""

from __future__ import annotations

import json

from dashboard import services
from tests.conftest import FIXTURES

HS_DETAIL = FIXTURES / "comtrade" / "hs_detail_net_weight.csv"


def test_stated_product_figures_with_their_sources(app):
    at = app("products")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["product", "figure", "period"]  # a phone shows these
    products = set(table["product"])
    assert {"agri-food (HS 01–24)", "wheat", "wheat flour", "tomatoes"} <= products
    agri = table[(table["product"] == "agri-food (HS 01–24)") & (table["figure"] == "above 30.0%")]
    assert len(agri) == 1 and agri.iloc[0]["period"] == "Jan–Sep 2025"
    assert "Turkmenportal" in agri.iloc[0]["source"] and agri.iloc[0]["url"].startswith("http")
    flour = table[(table["product"] == "wheat flour") & (table["figure"] == "+300.0%")]
    assert len(flour) == 1  # ×4, as two outlets state it: once, the second named beside it
    assert "casp-geo.ru" in flour.iloc[0]["source"]
    assert flour.iloc[0]["also stated by"] == "newscentralasia.net (nCa)"
    # No figure is listed twice.
    assert not table.duplicated(["product", "flow", "measure", "period", "figure"]).any()
    assert set(table["flow"]) <= {"exports", "imports", "turnover"}
    # Without HS detail the page says how to get it, and draws nothing.
    assert "No HS detail for this pair" in at.info[0].value
    assert not at.get("plotly_chart")


def test_top_products_treemap_and_value_per_tonne(app):
    services.import_files([HS_DETAIL])  # TRADEDASH_STORE is the test's store
    at = app("products")
    assert not at.exception
    assert at.selectbox(key="year").value == 2023
    top = at.dataframe[1].value
    assert list(top["commodity"]) == ["2710", "1001", "8703", "1101"]
    assert list(top["value"]) == ["$120M", "$90M", "$45M", "$30M"]
    assert list(top["share"]) == ["30.0%", "22.5%", "11.2%", "7.5%"]  # of the $400M total
    per_t = dict(zip(top["commodity"], top["value per tonne"], strict=True))
    assert per_t == {"2710": "", "1001": "$250/t", "8703": "", "1101": "$400/t"}
    tree = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert tree["type"] == "treemap"
    assert tree["values"] == [120e6, 90e6, 45e6, 30e6]
    assert "$250 a tonne" in tree["hovertext"][1]


def test_year_and_flow_from_the_url(app):
    services.import_files([HS_DETAIL])
    at = app("products", {"year": "2022"})
    assert not at.exception
    assert list(at.dataframe[1].value["value per tonne"]) == ["$250/t"]  # 2022 wheat
    at = app("products", {"flow": "import"})
    top = at.dataframe[1].value
    assert list(top["product"]) == ["tomatoes"] and list(top["value per tonne"]) == ["$800/t"]


def test_a_pair_without_products(app):
    at = app("products", {"reporter": "KAZ", "partner": "UZB"})
    assert not at.exception
    assert any("No product figures" in i.value for i in at.info)


def test_the_footer_is_drawn_under_a_page_that_ends_early_and_not_carried_on(app):
    # Without HS detail the page ends with st.stop(): its footer was never drawn, and was
    # shown under the next page to leave none (the Data page).
    at = app("products")
    assert not at.exception
    footer = at.caption[-1].value.replace("\\", "")
    assert footer.startswith("Sources of the product figures on this page"), footer
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    footer = at.caption[-1].value.replace("\\", "")
    assert footer.startswith("Each figure cites its publisher"), footer
