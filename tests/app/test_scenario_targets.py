"""The scenario target as people type it (issue 18, item 3): ``1e9`` is a billion, not $1;
what cannot be read is refused on the page with the reason; the URL keeps the number."""

from __future__ import annotations

import math

import pytest

from dashboard.views.scenarios import ROUND_STEPS
from tests.app.conftest import all_cards


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in all_cards(at)}


@pytest.mark.parametrize("typed", ["2e9", "2 bn", "2,000,000,000", "2000M", "$2B"])
def test_two_billion_however_typed_gives_the_two_billion_answer(app, typed):
    at = app("scenarios", {"target_usd": "2000000000"})
    expected = metrics(at)["Required growth"]
    at = app("scenarios")
    assert metrics(at)["Required growth"] != expected  # the default ($1B) answers otherwise
    at.text_input(key="target_usd").input(typed).run()
    assert not at.exception
    assert metrics(at)["Required growth"] == expected
    # The URL (and the box) hold the numeric form; the caption groups the thousands.
    assert at.text_input(key="target_usd").value == "2000000000"
    assert at.query_params["target_usd"] == "2000000000"
    assert any("2,000,000,000 USD" in c.value.replace("\\", "") for c in at.caption)


def test_a_url_target_in_words_is_read_too(app):
    at = app("scenarios", {"target_usd": "2 bn", "target_year": "2030"})
    assert not at.exception
    assert any("2,000,000,000 USD" in c.value.replace("\\", "") for c in at.caption)


@pytest.mark.parametrize(("typed", "reason"), [("1,5", "commas group"), ("abc", "not a number")])
def test_an_unreadable_target_is_refused_with_the_reason(app, typed, reason):
    at = app("scenarios")
    at.text_input(key="target_usd").input(typed).run()
    assert not at.exception
    assert len(at.error) == 1 and reason in at.error[0].value.replace("\\", "")
    assert metrics(at) == {}  # no answer computed from a guessed figure


# -- item 5: each pair's defaults from its own data -----------------------------------------
def captions(at) -> str:
    return "\n".join(c.value.replace("\\", "") for c in at.caption)


def switch_partner(at, code):
    at.selectbox(key="partner").set_value(code).run()
    assert not at.exception
    return at


def test_a_pair_without_a_stated_target_starts_above_its_own_level(app):
    at = app("scenarios")
    assert "the target the pair's sources state" in captions(at)  # KAZ–TKM: $1B, stated
    switch_partner(at, "CHN")
    target = float(at.text_input(key="target_usd").value)
    assert target != 1e9  # not KAZ–TKM's target
    assert "no target stated for this pair: a round figure above" in captions(at)
    base_year = at.number_input(key="base_year").value
    assert f"above {base_year}'s" in captions(at)
    m = metrics(at)
    assert not m["Required growth"].startswith("−")  # above its level: growth needed
    assert m["Reached at that pace"] != str(base_year)
    assert not [w for w in at.warning if "Already above" in w.value]
    power = 10 ** math.floor(math.log10(target))
    assert target / power in ROUND_STEPS  # a round figure: $40B, not $33.07B


def test_already_above_the_target_is_said_plainly(app):
    at = app("scenarios", {"partner": "CHN", "target_usd": "1000000000"})
    assert not at.exception
    assert metrics(at)["Required growth"].startswith("−")
    said = [w.value.replace("\\", "") for w in at.warning]
    assert any(w.startswith("Already above the target") and "$1B" in w for w in said), said


def test_a_base_year_that_moves_with_the_pair_is_stated(app):
    from dashboard import services
    from dashboard.views.pairs import partners_of

    def last_year(partner):
        r = services.reconciled(services.load_pair("KAZ", partner), "KAZ", partner,
                                "trade_value", "total")  # fmt: skip
        return r.last_exact_year()

    at = app("scenarios")
    before = at.number_input(key="base_year").value
    pairs = services.trade_pairs()
    other = next(
        c for c in partners_of(pairs, "KAZ")
        if not c.startswith("AGG") and last_year(c) not in (None, before)
    )  # fmt: skip
    switch_partner(at, other)
    after = at.number_input(key="base_year").value
    assert after != before
    said = [i.value.replace("\\", "") for i in at.info]
    assert any(f"Base year changed from {before} to {after}" in i for i in said), said
    at.run()  # said once, not on every rerun
    assert not [i for i in at.info if "Base year changed" in i.value.replace("\\", "")]


def test_a_rail_target_is_in_tonnes_and_leaves_the_dollars_behind(app):
    """Rail freight's target is ``target_t``: switching to it drops ``target_usd`` from
    the URL, and a typed tonnage goes to ``target_t``."""
    at = app("scenarios", {"target_usd": "2000000000"})
    at.selectbox(key="series").select("rail_freight").run()
    assert not at.exception
    assert [w.key for w in at.text_input if w.key.startswith("target")] == ["target_t"]
    at.text_input(key="target_t").input("3 Mt").run()
    assert at.query_params["target_t"] == "3000000"
    assert "target_usd" not in at.query_params


def test_an_old_rail_link_reads_target_usd_as_tonnes(app):
    """A bookmark from before ``target_t`` still works: its ``target_usd`` on a rail
    series is read as tonnes, moved to ``target_t``, and the page says so."""
    at = app("scenarios", {"series": "rail_freight", "target_usd": "3000000"})
    assert not at.exception
    assert at.text_input(key="target_t").value == "3000000"
    assert at.query_params["target_t"] == "3000000" and "target_usd" not in at.query_params
    assert any("read as tonnes" in i.value for i in at.info)
    goal = [c.value for c in at.caption if "by 2028" in c.value or "Mt" in c.value]
    assert any("3 Mt" in c for c in goal), goal


def test_a_pair_whose_latest_year_follows_a_gap_starts_before_it_and_uses_it(app):
    # ETH–KAZ: yearly turnover for 2018–2020 and 2022, none for 2021. The default base was
    # 2022, whose history could not be set: "cannot be evaluated", with no year that could.
    at = app("scenarios", {"reporter": "ETH", "partner": "KAZ"})
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.number_input(key="base_year").value == 2020
    assert (at.number_input(key="history_start").value,
            at.number_input(key="history_end").value) == (2018, 2020)  # fmt: skip
    evidence = at.dataframe[0].value
    row = evidence[evidence["period"] == "2022"]
    assert len(row) == 1 and row.iloc[0]["used as"] == "pins the year"
    # Its 2020 base ($48.7K) is below every earlier case the pooled fan draws on: said.
    infos = [i.value.replace("\\", "") for i in at.info]
    assert any("this base (2020: $48.7K) is below them all" in i for i in infos), infos


def test_a_pair_with_no_yearly_series_says_so(app):
    # TKM–IRQ: Turkmenistan's imports from Iraq in 1999 (its record and Iraq's), no exports.
    at = app("scenarios", {"reporter": "TKM", "partner": "IRQ"})
    assert not at.exception
    said = [e.value.replace("\\", "") for e in at.error]
    assert said == [
        "Turkmenistan–Iraq has no yearly trade turnover (USD) to start a scenario from: "
        "turnover is a year's exports plus its imports from one source's records of one side, "
        "and the stores hold "
        "imports for 1999 and no exports."
    ]
