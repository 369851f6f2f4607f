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
