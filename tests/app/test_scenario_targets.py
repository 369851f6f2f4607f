"""The scenario target as people type it (issue 18, item 3): ``1e9`` is a billion, not $1;
what cannot be read is refused on the page with the reason; the URL keeps the number."""

from __future__ import annotations

import pytest


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


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
    assert any("2,000,000,000 USD" in c.value.replace("\\", "") for c in at.sidebar.caption)


def test_a_url_target_in_words_is_read_too(app):
    at = app("scenarios", {"target_usd": "2 bn", "target_year": "2030"})
    assert not at.exception
    assert any("2,000,000,000 USD" in c.value.replace("\\", "") for c in at.sidebar.caption)


@pytest.mark.parametrize(("typed", "reason"), [("1,5", "commas group"), ("abc", "not a number")])
def test_an_unreadable_target_is_refused_with_the_reason(app, typed, reason):
    at = app("scenarios")
    at.text_input(key="target_usd").input(typed).run()
    assert not at.exception
    assert len(at.error) == 1 and reason in at.error[0].value.replace("\\", "")
    assert metrics(at) == {}  # no answer computed from a guessed figure
