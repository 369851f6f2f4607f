"""Data page under AppTest: the store listing, and that it sees an import at once.

AppTest cannot drive ``st.file_uploader``; the upload itself is tested in the browser
(tests/browser/test_data_browser.py) and the page's pure pieces in tests/unit/dashboard.
"""

from __future__ import annotations

from pathlib import Path

from dashboard import services

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "press" / "valid.csv"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_lists_both_stores(app):
    at = app("data")
    assert not at.exception
    m = metrics(at)
    assert m["User store"] == "0 observations"
    assert int(m["Embedded store"].split()[0].replace(",", "")) > 20_000
    summary = at.dataframe[0].value
    assert summary["store"].tolist() == ["embedded", "user"]
    assert not at.error


def test_listing_sees_an_import_without_a_restart(app, tmp_path):
    at = app("data")
    assert metrics(at)["User store"] == "0 observations"
    payload, _ = services.import_files([VALID])  # TRADEDASH_STORE is the test's store
    at.run()
    assert not at.exception
    assert metrics(at)["User store"] == f"{payload['store_observations']} observations"
    pairs = at.dataframe[1].value
    user = pairs[pairs["store"] == "user"]
    assert (user["reporter"] + "-" + user["partner"]).tolist() == ["KAZ-TKM"]


def test_update_from_comtrade_checks_then_writes_on_confirmation(app, tmp_path, monkeypatch):
    """The same fetch as the command line, against a replaying server on loopback: the
    report before anything is written, and the write sends no request again."""
    from tests.replay import Reply, kaz_tkm, serve

    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("TRADEDASH_CACHE", str(tmp_path / "cache"))
    with serve() as replay:
        monkeypatch.setenv("TRADEDASH_COMTRADE_URL", replay.base)
        replay.add("/public/v1/preview/C/A/HS", Reply(200, kaz_tkm(range(2000, 2030))))
        at = app("data", {"reporter": "KAZ", "partner": "TKM"})
        at.button(key="fetch_check").click().run()
        assert not at.exception and not at.error
        chunks = at.dataframe[0].value
        assert chunks["status"].tolist() == ["fetched"]
        assert "new or revised observations" in at.info[0].value
        assert metrics(at)["User store"] == "0 observations"  # nothing written yet
        at.button(key="fetch_write").click().run()
        assert not at.exception
        assert len(replay.requests_to("/public/v1/preview/C/A/HS")) == 1
    assert "Fetched 60 observations from comtrade" in at.success[0].value
    assert metrics(at)["User store"] == "60 observations"
