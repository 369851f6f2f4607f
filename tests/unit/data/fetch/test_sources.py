"""Request planning, pure: chunks under each API's limits, codes, and refused queries."""

from __future__ import annotations

import pytest

from data import schema
from data.fetch import full_url
from data.fetch.sources import KEY_HEADER, Query, comtrade_code, plan


def test_comtrade_preview_chunks_stay_under_12_periods_and_500_records() -> None:
    chunks = plan("comtrade", Query("KAZ", "TKM", (2000, 2025)))
    periods = [dict(c.params)["period"].split(",") for c in chunks]
    assert [len(p) for p in periods] == [12, 12, 2]
    assert [p for part in periods for p in part] == [str(y) for y in range(2000, 2026)]
    assert all(c.url.endswith("/public/v1/preview/C/A/HS") for c in chunks)
    assert {dict(c.params)["maxRecords"] for c in chunks} == {"500"}
    assert [c.years for c in chunks] == [(2000, 2011), (2012, 2023), (2024, 2025)]
    assert len({c.name for c in chunks}) == 3  # each chunk its own cache entry and source


def test_comtrade_monthly_periods_and_one_flow() -> None:
    chunks = plan("comtrade", Query("KAZ", "TKM", (2023, 2024), freq="M", flow="import"))
    assert len(chunks) == 2
    first = dict(chunks[0].params)
    assert first["period"].split(",")[:2] == ["202301", "202302"]
    assert first["flowCode"] == "M"
    assert chunks[0].url.endswith("/C/M/HS")


def test_comtrade_key_goes_to_the_keyed_endpoint_in_a_header_only() -> None:
    (chunk,) = plan("comtrade", Query("KAZ", "TKM", (2020, 2023)), key="s3cret")
    assert chunk.url.endswith("/data/v1/get/C/A/HS")
    assert dict(chunk.secret_headers) == {KEY_HEADER: "s3cret"}
    assert "s3cret" not in full_url(chunk) and "s3cret" not in repr(chunk)


@pytest.mark.parametrize(
    ("iso3", "code"), [("KAZ", "398"), ("TKM", "795"), ("USA", "842"), ("FRA", "251"),
                       ("WLD", "0")],
)  # fmt: skip
def test_comtrade_codes(iso3: str, code: str) -> None:
    assert comtrade_code(iso3) == code


def test_imf_key_and_time_filter() -> None:
    chunks = plan("imf", Query("KAZ", "WLD", (2005, 2025)), base_url="http://h/")
    assert [c.years for c in chunks] == [(2005, 2014), (2015, 2024), (2025, 2025)]
    assert chunks[0].url == (
        "http://h/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/KAZ.XG_FOB_USD+MG_CIF_USD.G001.A"
    )
    assert dict(chunks[1].params)["c[TIME_PERIOD]"] == "ge:2015+le:2024"


def test_wits_years_and_indicators() -> None:
    (chunk,) = plan("wits", Query("KAZ", "TKM", (2017, 2019), flow="export"), base_url="http://w")
    assert chunk.url == (
        "http://w/API/V1/SDMX/V21/datasource/tradestats-trade/reporter/kaz/year/2017;2018;2019"
        "/partner/tkm/product/Total/indicator/XPRT-TRD-VL"
    )


@pytest.mark.parametrize(
    ("source", "query", "words"),
    [
        ("wits", Query("KAZ", "TKM", (2020, 2021), freq="M"), "annual"),
        ("imf", Query("KAZ", "TKM", (2020, 2021), commodity="1001"), "no product detail"),
        ("ecb", Query("KAZ", "TKM", (2020, 2021)), "unknown source"),
    ],
)
def test_queries_a_source_cannot_answer(source: str, query: Query, words: str) -> None:
    with pytest.raises(schema.ValidationError, match=words):
        plan(source, query)


@pytest.mark.parametrize(
    "kwargs",
    [dict(reporter="kaz"), dict(partner="Turkmenistan"), dict(years=(2025, 2015)),
     dict(freq="Q"), dict(flow="transit"), dict(commodity="10x")],
)  # fmt: skip
def test_bad_queries_are_refused(kwargs: dict) -> None:
    args = dict(reporter="KAZ", partner="TKM", years=(2015, 2025)) | kwargs
    with pytest.raises(schema.ValidationError):
        Query(**args)
