"""Latest available per source, against a real HTTP server on loopback.

No recorded availability response exists beside the checkout, so the bodies here are
fixtures written for these tests in each endpoint's documented shape: Comtrade Plus's
``getDA`` (the fields its public clients read: ``datasetCode``, ``period``,
``lastReleased`` …), the SDMX 3.0 availability query's structure message (a
``DataConstraint`` whose cube region gives ``TIME_PERIOD``'s range) and WITS's data
availability (XML ``reporter``/``year`` elements). A 404, a failure and a malformed body
are "not offered", never an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import cli, services
from data.fetch.latest import normal, parse, store_latest
from data.fetch.sources import KEY_ENV, KEY_HEADER
from tests.replay import Reply, kaz_tkm, serve

DA_PREVIEW = "/public/v1/getDA/C/A/HS"
DA_KEYED = "/data/v1/getDa/C/A/HS"
IMF_AVAIL = (
    "/external/sdmx/3.0/availability/dataflow/IMF.STA/IMTS/+/"
    "KAZ.XG_FOB_USD+MG_CIF_USD.TKM.A/TIME_PERIOD"
)
WITS_AVAIL = "/API/V1/wits/datasource/tradestats-trade/dataavailability/country/kaz/year/all"


def comtrade_da(periods: list[str], freq: str = "A") -> bytes:
    """A fixture written here in the documented shape of Comtrade Plus's getDA."""
    data = [
        {"datasetCode": int(f"398{p}"), "typeCode": "C", "freqCode": freq, "period": p,
         "reporterCode": 398, "reporterISO": "KAZ", "reporterDesc": "Kazakhstan",
         "classificationCode": "H6", "classificationSearchCode": "HS",
         "isOriginalClassification": True, "totalRecords": 123456,
         "datasetChecksum": 1234567, "firstReleased": f"{int(p[:4]) + 1}-05-02T00:00:00",
         "lastReleased": f"{int(p[:4]) + 1}-09-20T00:00:00"}
        for p in periods
    ]  # fmt: skip
    return json.dumps({"elapsedTime": "0.02 secs", "count": len(data), "data": data,
                       "error": ""}).encode()  # fmt: skip


def imf_availability(start: str, end: str) -> bytes:
    """A fixture written here in the documented shape of an SDMX 3.0 availability answer
    (SDMX-JSON 2.0 structure message): TIME_PERIOD's range in the cube region."""
    doc = {
        "data": {"dataConstraints": [{
            "id": "CC", "agencyID": "SDMX", "version": "1.0", "role": "Actual",
            "constraintAttachment": {"dataflows": ["urn:sdmx:org.sdmx.infomodel.datastructure"
                                                   ".Dataflow=IMF.STA:IMTS(1.0.0)"]},
            "cubeRegions": [{"include": True, "keyValues": [
                {"id": "COUNTRY", "values": ["KAZ"]},
                {"id": "INDICATOR", "values": ["XG_FOB_USD", "MG_CIF_USD"]},
                {"id": "COUNTERPART_COUNTRY", "values": ["TKM"]},
                {"id": "FREQUENCY", "values": ["A"]},
                {"id": "TIME_PERIOD", "timeRange": {
                    "startPeriod": {"period": start, "isInclusive": True},
                    "endPeriod": {"period": end, "isInclusive": True}}},
            ]}],
        }]},
        "meta": {"schema": "https://json.sdmx.org/2.0.0/sdmx-json-structure-schema.json"},
    }  # fmt: skip
    return json.dumps(doc).encode()


WITS_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<wits:datasource name="tradestats-trade" xmlns:wits="http://wits.worldbank.org">
 <wits:dataavailability>
  <wits:reporter iso3Code="KAZ"><wits:name>Kazakhstan</wits:name><wits:year>2021</wits:year>
   <wits:lastupdateddate>2023-02-01</wits:lastupdateddate></wits:reporter>
  <wits:reporter iso3Code="KAZ"><wits:name>Kazakhstan</wits:name><wits:year>2022</wits:year>
   <wits:lastupdateddate>2024-01-15</wits:lastupdateddate></wits:reporter>
 </wits:dataavailability>
</wits:datasource>
"""  # a fixture written here in the shape WITS's availability is read by its clients


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv("TRADEDASH_STORE", str(tmp_path / "store"))


def latest(replay, source: str, **kw):
    payload, rows = services.latest_available(
        [source], "KAZ", "TKM", store_dir=kw.pop("store_dir", None), base_url=replay.base, **kw
    )
    (row,) = rows.to_dict(orient="records")
    return payload, row


def test_comtrade_newest_period_beside_the_stores() -> None:
    with serve() as replay:
        replay.add(DA_PREVIEW, Reply(200, comtrade_da(["2021", "2024", "2023"])))
        payload, row = latest(replay, "comtrade")
        (seen,) = replay.requests_to(DA_PREVIEW)
    assert seen.query == {"reporterCode": "398"}
    assert row["offered"] and row["source_latest"] == "2024"
    # The embedded store's newest full year KAZ reports for TKM, read from the store.
    held = payload["store_latest"]
    assert held and held.isdigit()
    assert row["store_latest"] == held
    assert row["newer"] == ("yes" if held < "2024" else "no")
    assert row["scope"].startswith("reporter")


def test_a_source_newer_than_the_store_says_yes_and_after_a_fetch_no(tmp_path) -> None:
    store = str(tmp_path / "own")
    with serve() as replay:
        replay.add(DA_PREVIEW, Reply(200, comtrade_da(["2098", "2099"])))
        replay.add("/public/v1/preview/C/A/HS", Reply(200, kaz_tkm(range(2098, 2100))))
        _, before = latest(replay, "comtrade", store_dir=store)
        services.fetch_source("comtrade", "KAZ", "TKM", years=(2098, 2099), store_dir=store,
                              base_url=replay.base, cache_dir=tmp_path / "c")  # fmt: skip
        _, after = latest(replay, "comtrade", store_dir=store)
    assert before["source_latest"] == "2099" and before["newer"] == "yes"
    assert after["store_latest"] == "2099" and after["newer"] == "no"


def test_keyed_availability_sends_the_key_in_the_header_only(monkeypatch, capsys) -> None:
    secret = "k3y-latest-do-not-leak"
    monkeypatch.setenv(KEY_ENV, secret)
    with serve() as replay:
        replay.add(DA_KEYED, Reply(200, comtrade_da(["2022"])))
        code = cli.main(["fetch", "comtrade", "--reporter", "KAZ", "--partner", "TKM",
                         "--latest", "--base-url", replay.base, "--format", "json"])  # fmt: skip
        (seen,) = replay.requests_to(DA_KEYED)
    out = capsys.readouterr().out
    assert code == 0 and seen.headers[KEY_HEADER] == secret
    assert secret not in out and secret not in json.dumps(seen.query)
    assert json.loads(out)["sources"][0]["source_latest"] == "2022"


def test_imf_sdmx_availability_time_range() -> None:
    with serve() as replay:
        replay.add(IMF_AVAIL, Reply(200, imf_availability("1995-01-01T00:00:00",
                                                          "2024-12-31T23:59:59")))  # fmt: skip
        _, row = latest(replay, "imf")
        (seen,) = replay.requests_to(IMF_AVAIL)
    assert seen.query == {"mode": "exact"}
    assert seen.headers["Accept"].startswith("application/vnd.sdmx.structure+json")
    assert row["offered"] and row["source_latest"] == "2024" and row["scope"] == "pair"


def test_wits_availability_years() -> None:
    with serve() as replay:
        replay.add(WITS_AVAIL, Reply(200, WITS_XML, {"Content-Type": "application/xml"}))
        _, row = latest(replay, "wits")
    assert row["offered"] and row["source_latest"] == "2022"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, b'{"statusCode": 404, "message": "Resource not found"}'), "HTTP 404"),
        (Reply(200, b'{"elapsedTime": "0.1 secs", "count": 3, "data": [{"per'), "JSON"),
        (Reply(200, b"<html><body>maintenance</body></html>"), "Comtrade"),
        (Reply(200, b'{"message": "unexpected"}'), "no data[] list"),
        (Reply(400, b'{"error": "bad request"}'), "HTTP 400"),
        (Reply(503, b"busy"), "HTTP 503"),
    ],
)
def test_a_404_or_a_malformed_body_is_not_offered_not_an_error(reply, reason, capsys) -> None:
    with serve() as replay:
        replay.add(DA_PREVIEW, reply)
        _, row = latest(replay, "comtrade")
        code = cli.main(["fetch", "comtrade", "--reporter", "KAZ", "--partner", "TKM",
                         "--latest", "--base-url", replay.base, "--format", "csv"])  # fmt: skip
    assert not row["offered"] and row["source_latest"] == "" and row["newer"] == "unknown"
    assert row["reason"].startswith("not offered") and reason in row["reason"]
    assert code == 0 and "not offered" in capsys.readouterr().out


def test_fetching_does_not_depend_on_availability(tmp_path) -> None:
    """Availability answers 404 while the data endpoint answers: the fetch goes through."""
    with serve() as replay:
        replay.add(DA_PREVIEW, Reply(404, b"not found"))
        replay.add("/public/v1/preview/C/A/HS", Reply(200, kaz_tkm(range(2022, 2024))))
        _, row = latest(replay, "comtrade")
        payload, _ = services.fetch_source("comtrade", "KAZ", "TKM", years=(2022, 2023),
                                           store_dir=str(tmp_path / "s"), base_url=replay.base,
                                           cache_dir=tmp_path / "c")  # fmt: skip
    assert not row["offered"] and payload["written"] and payload["observations"] == 4


@pytest.mark.parametrize(
    ("value", "freq", "want"),
    [("2024", "A", "2024"), ("202403", "M", "2024-03"), ("2024-M03", "M", "2024-03"),
     ("2024-12-31T23:59:59", "A", "2024"), ("2024-12-31T23:59:59", "M", "2024-12"),
     ("2024", "M", None), ("soon", "A", None)],
)  # fmt: skip
def test_periods_are_read_at_the_frequency(value: str, freq: str, want: str | None) -> None:
    assert normal(value, freq) == want


def test_monthly_availability_and_an_empty_list() -> None:
    assert parse("comtrade", comtrade_da(["202401", "202311"], "M"), "M") == "2024-01"
    assert parse("comtrade", comtrade_da([]), "A") is None
    xml = (b'<m:Structure xmlns:m="m" xmlns:s="s"><s:KeyValue id="TIME_PERIOD"><s:TimeRange>'
           b"<s:StartPeriod>2000-01</s:StartPeriod><s:EndPeriod>2024-06</s:EndPeriod>"
           b"</s:TimeRange></s:KeyValue></m:Structure>")  # fmt: skip
    assert parse("imf", xml, "M") == "2024-06"
    with pytest.raises(ValueError, match=r"no data\.dataConstraints"):
        parse("imf", b'{"data": {}}', "A")


def test_store_latest_takes_whole_years_only() -> None:
    import pandas as pd

    f = pd.DataFrame({"reporter": ["KAZ"] * 3, "partner": ["TKM"] * 3,
                      "series": ["trade_value"] * 3,
                      "period_start": ["2022-01", "2023-01", "2024-01"],
                      "period_end": ["2022-12", "2023-12", "2024-09"]})  # fmt: skip
    assert store_latest(f, "KAZ", "TKM", "A") == "2023"  # Jan–Sep 2024 is not a year
    assert store_latest(f, "TKM", "KAZ", "A") == ""
