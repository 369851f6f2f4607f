"""The URL of /scenarios keeps what a control wrote to it in the browser.

A bound control (the target year) writes its new value to the URL in the browser, and the
rerun it starts can carry the query string from before that write. Whatever the page sends
to the URL in that run replaces the whole URL with the server's copy of it, so a run that
changes no unbound parameter must send nothing."""

from __future__ import annotations

import pytest
from streamlit.runtime.state.query_params import QueryParams

from tests.app.conftest import all_cards


@pytest.fixture
def sent(monkeypatch) -> list[dict[str, str]]:
    """The query strings the page sends to the browser, as dicts, in order."""
    out: list[dict[str, str]] = []
    send = QueryParams._send_query_param_msg

    def record(self: QueryParams) -> None:
        out.append(self.to_dict())
        send(self)

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", record)
    return out


def test_a_slider_step_does_not_send_the_url_from_before_it(app, sent):
    at = app("scenarios", {"target_usd": "1000000000", "target_year": "2029"})
    assert not at.exception
    sent.clear()
    # As in the browser when the rerun carries the URL from before the step.
    at.query_params["target_year"] = "2029"
    at.slider(key="target_year").set_value(2030).run()
    assert not at.exception
    # The slider is the page's frame: the step reruns the results alone, which say 2030.
    assert at.session_state["target_year"] == 2030
    assert "P(reach by 2030)" in {m.label for m in all_cards(at)}
    assert [q for q in sent if q.get("target_year") == "2029"] == []


def test_a_new_reporter_is_still_written(app, sent):
    at = app("scenarios")
    sent.clear()
    at.selectbox(key="partner").set_value("CHN").run()
    assert not at.exception
    assert at.query_params["partner"] == "CHN"
    assert any(q.get("partner") == "CHN" for q in sent)
