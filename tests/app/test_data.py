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
    assert int(m["Data shipped with the app"].split()[0].replace(",", "")) > 20_000
    summary = at.dataframe[0].value
    assert summary["store"].tolist() == ["Data shipped with the app", "User store"]
    # Series in words, not their internal names.
    assert "trade turnover (USD)" in summary["series"].iloc[0]
    assert "trade_value" not in summary["series"].iloc[0]
    # The pairs by code sit in a technical-details expander.
    assert any(e.label.startswith("Technical details") for e in at.get("expander"))
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


def test_update_from_comtrade_shows_the_same_validation_report_as_an_import(
    app, tmp_path, monkeypatch
):
    """Before "Write to the user store": format, observations, pairs, years, the store's
    size after, warnings and the first rows, as a file import shows them."""
    from tests.replay import Reply, kaz_tkm, serve

    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("TRADEDASH_CACHE", str(tmp_path / "cache"))
    with serve() as replay:
        monkeypatch.setenv("TRADEDASH_COMTRADE_URL", replay.base)
        replay.add("/public/v1/preview/C/A/HS", Reply(200, kaz_tkm(range(2000, 2030))))
        at = app("data", {"reporter": "KAZ", "partner": "TKM"})
        at.button(key="fetch_check").click().run()
    assert not at.exception and not at.error
    assert "Validation report" in [h.value for h in at.subheader]
    m = metrics(at)
    assert m["Format"].startswith("comtrade") and m["Observations"] == "60"
    assert m["Pairs"] == "1" and m["Years"] == "2000–2029"
    assert "User store after writing: 60 observations." in [c.value for c in at.caption]
    first = next(d.value for d in at.dataframe if "period_start" in d.value.columns)
    assert len(first) == 10 and set(first["reporter"]) == {"KAZ"}
    assert at.button(key="fetch_write")  # the write comes after the report


def test_latest_available_per_source_beside_the_stores(app, tmp_path, monkeypatch):
    """Comtrade answers its availability, the IMF a 404, WITS a malformed body: the two
    are "not offered" and the page carries on."""
    import json

    from tests.replay import Reply, serve

    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    da = {"count": 1, "error": "", "data": [
        {"typeCode": "C", "freqCode": "A", "period": "2099", "reporterCode": 398,
         "reporterISO": "KAZ", "lastReleased": "2100-01-01T00:00:00"}]}  # fmt: skip
    with serve() as replay:
        for name in ("COMTRADE", "IMF", "WITS"):
            monkeypatch.setenv(f"TRADEDASH_{name}_URL", replay.base)
        replay.add("/public/v1/getDA/C/A/HS", Reply(200, json.dumps(da).encode()))
        wits = "/API/V1/wits/datasource/tradestats-trade/dataavailability/country/kaz/year/all"
        replay.add(wits, Reply(200, b"<wits:datasource"))
        at = app("data", {"reporter": "KAZ", "partner": "TKM"})
        at.button(key="latest_check").click().run()
        imf = ("/external/sdmx/3.0/availability/dataflow/IMF.STA/IMTS/+/"
               "KAZ.XG_FOB_USD+MG_CIF_USD.TKM.A/TIME_PERIOD")  # fmt: skip
        asked = [len(replay.requests_to(p)) for p in ("/public/v1/getDA/C/A/HS", imf, wits)]
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "source_latest" in d.value.columns)
    rows = table.set_index("source")
    assert rows.loc["comtrade", "source_latest"] == "2099"
    assert rows.loc["comtrade", "newer"] == "yes"
    held = rows.loc["comtrade", "store_latest"]
    assert held.isdigit() and (rows["store_latest"] == held).all()
    assert rows.loc["imf", "source_latest"] == "not offered"
    assert "HTTP 404" in rows.loc["imf", "reason"]
    assert rows.loc["wits", "source_latest"] == "not offered"
    assert asked == [1, 1, 1]  # one request each; the 404 and the bad body not retried
