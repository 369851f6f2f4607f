"""A one-way flow on the scenario page (`flow`, as `tradedash scenario --flow` takes it):
the reporter's exports or imports alone, from their own level, with the same answer as the
command line, and never the turnover's stated target."""

from __future__ import annotations

from analysis.wording import amount, probability
from dashboard.services import scenario_payload
from tests.app.conftest import all_cards


def plain(elements) -> list[str]:
    """The elements' texts without Markdown's escapes."""
    return [e.value.replace("\\", "") for e in elements]


def captions(at) -> str:
    return "\n".join(plain(at.caption))


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in all_cards(at)}


def test_exports_from_the_url_answer_as_the_command_line_does(app):
    at = app("scenarios", {"flow": "export", "target_usd": "600000000", "target_year": "2030"})
    assert not at.exception
    said = captions(at)
    assert "Kazakhstan's exports to Turkmenistan (USD)" in said
    payload, _ = scenario_payload("KAZ", "TKM", "trade_value", 600e6, 2030, flow="export")
    by_year = {p["year"]: p["prob"] for p in payload["prob_reach"]}
    assert cards(at)["P(reach by 2030)"] == probability(by_year[2030])
    assert f"from 2023's {amount(payload['base_value'], 'USD')}" in said
    turnover, _ = scenario_payload("KAZ", "TKM", "trade_value", 600e6, 2030)
    assert payload["base_value"] < turnover["base_value"]  # one flow, not the sum
    assert at.query_params["flow"] == "export"


def test_a_flow_starts_from_its_own_level_not_the_turnovers_target(app):
    at = app("scenarios")
    assert at.text_input(key="target_usd").value == "1000000000"  # the stated turnover target
    at.selectbox(key="flow").set_value("import").run()
    assert not at.exception
    target = float(at.text_input(key="target_usd").value)
    payload, _ = scenario_payload("KAZ", "TKM", "trade_value", target, 2028, flow="import")
    assert payload["base_value"] < target < 1e9
    said = captions(at)
    assert "no target stated for imports alone ($1B, the pair's stated target, is turnover)" in (
        said
    )
    assert "Kazakhstan's imports from Turkmenistan (USD)" in said
    assert at.query_params["flow"] == "import"
    at.selectbox(key="flow").set_value("total").run()
    assert at.text_input(key="target_usd").value == "1000000000"
    assert "trade turnover (USD)" in captions(at)


def test_rail_freight_has_no_flow(app):
    at = app("scenarios", {"series": "rail_freight", "flow": "export"})
    assert not at.exception
    assert "flow" not in {s.key for s in at.selectbox}
    assert "exports" not in captions(at)
    assert cards(at)  # the freight scenario is answered


def test_a_link_in_the_trade_pages_words_is_read(app):
    at = app("scenarios", {"flow": "exports"})  # /trade's word for the same flow
    assert not at.exception and not at.warning
    assert at.selectbox(key="flow").value == "export"
    assert at.query_params["flow"] == "export"
    assert "Kazakhstan's exports to Turkmenistan (USD)" in captions(at)


def test_a_link_value_the_page_cannot_read_is_said_not_replaced_in_silence(app):
    at = app("scenarios", {"flow": "sideways", "method": "magic"})
    assert not at.exception
    said = plain(at.warning)
    assert said == [
        "This link's flow=sideways could not be used: the page shows flow=total; method=magic "
        "could not be used: the page shows method=pooled."
    ]
    assert at.query_params["flow"] == "total" and at.query_params["method"] == "pooled"
    at.selectbox(key="flow").set_value("import").run()
    assert not [w for w in at.warning if "sideways" in w.value]  # said once, on opening


def test_a_link_value_out_of_a_controls_options_is_said_above_the_page(app):
    at = app("trade", {"flow": "sideways", "cif_fob": "9"})
    assert not at.exception
    said = plain(at.warning)
    assert said == [
        "This link's flow=sideways could not be used: the page shows flow=all; cif_fob=9 "
        "could not be used: the page shows cif_fob=1.06."
    ]
    at.run()  # said once, when the link is opened
    assert not at.warning


def test_a_link_the_page_reads_in_full_says_nothing(app):
    query = {"target_usd": "2000000000", "target_year": "2030", "paths": "10000", "seed": "3",
             "method": "parametric", "flow": "export", "base_year": "2023"}  # fmt: skip
    at = app("scenarios", query)
    assert not at.exception and not at.warning
    at = app("trade", {"flow": "exports", "log": "true", "cif_fob": "1.10", "freq": "monthly"})
    assert not at.exception and not at.warning


def test_a_flow_the_stores_lack_says_what_they_hold_of_each_flow(app):
    at = app("scenarios", {"reporter": "TKM", "partner": "BLZ", "flow": "import"})
    assert not at.exception
    said = plain(at.error)
    assert said == [
        "Turkmenistan–Belize has no yearly imports (USD) to start a scenario from: the stores "
        "hold exports for 2020 and no imports."
    ]


def test_a_pair_the_stores_lack_is_said_alone(app):
    at = app("trade", {"reporter": "KAZ", "partner": "ATA", "flow": "exports"})
    assert not at.exception
    said = plain(at.warning)
    assert len(said) == 1 and "could not be used" not in said[0], said


def test_a_parameter_with_nothing_to_act_on_is_said(app):
    at = app("scenarios", {"series": "rail_freight", "flow": "export"})
    assert not at.exception
    said = plain(at.warning)
    assert "This link's flow=export could not be used: nothing on the page takes it here." in (said)


def test_a_month_that_cannot_be_read_is_refused_with_the_reason(app):
    # Once an uncaught exception: the defaults were read as of a month that is no month.
    at = app("scenarios", {"as_of": "April 2024"})
    assert not at.exception
    said = plain(at.error)
    assert said == [
        "As of cannot be read: as_of must be a month in YYYY-MM form, got 'April 2024'."
    ]
    assert cards(at) == {}  # nothing computed from a guessed month
    at.text_input(key="as_of").input("2024-04").run()
    assert not at.exception and not at.error
    assert "P(reach by 2028)" in cards(at)
