"""tradedash long format: CSV and Parquet, unit scaling, one source per publication."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import schema
from data.importers import detect, import_paths, long
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import validated

KTZ = "Kazakhstan Temir Zholy"


def railway_table() -> pa.Table:
    """A railway operator's report, typed as an analyst would save it from pandas."""
    return pa.table(
        {
            "series": ["rail_freight", "rail_freight", "rail_capacity"],
            "reporter": ["KAZ", "KAZ", "KAZ"],
            "partner": ["TKM", "TKM", "TKM"],
            "partner_aggregate": [False, None, False],
            "flow": ["export", "import", "total"],
            "period_start": ["2023-01", "2023-01", "2023-01"],
            "period_end": ["2023-12", "2023-06", "2023-12"],
            "measure": ["level", "level", "level"],
            "comparator": ["=", "=", "~"],
            "value": [1.3, 412_500.0, 10.0],
            "unit": ["tonnes_million", "t", "tonnes_million"],
            "source_publisher": [KTZ, KTZ, KTZ],
            "source_title": ["Annual report 2023", "Annual report 2023", "Annual report 2023"],
            "source_published": ["2024-04-30", "2024-04-30", "2024-04-30"],
        }
    )


@pytest.fixture
def railway_report(tmp_path: Path) -> Path:
    path = tmp_path / "railway_report.parquet"
    pq.write_table(railway_table(), path)
    return path


def test_national_stats_csv(fixtures: Path) -> None:
    parsed = long.load(fixtures / "long" / "national_stats.csv")
    f = parsed.frame
    assert len(f) == 4
    exp = f[(f["reporter"] == "KAZ") & (f["partner"] == "TKM") & (f["flow"] == "export")]
    assert exp["value"].item() == pytest.approx(412.3e6, rel=1e-12)  # 412.3 USD_million
    assert (exp["unit"].item(), exp["valuation"].item(), exp["ref"].item()) == (
        "USD",
        "fob",
        "table 4.2",
    )
    imp = f[f["flow"] == "import"]
    assert imp["value"].item() == pytest.approx(150_987_600.0, rel=1e-12)  # USD_thousand
    world = f[f["partner"] == "WLD"].iloc[0]  # 'World' resolved, aggregate derived
    assert world["partner_aggregate"]
    assert world["value"] == pytest.approx(18.9e9, rel=1e-12)
    assert (world["period_start"], world["period_end"]) == ("2023-01", "2023-03")
    assert (world["comparator"], world["kind"], world["ref"]) == ("~", "estimated", "line 4")
    assert world["note"] == "first quarter, preliminary"
    growth = f[f["measure"] == "growth_pct_yoy"].iloc[0]
    assert (growth["value"], growth["unit"], growth["comparator"]) == (25.0, "percent", ">")
    assert set(f["commodity"]) == {"TOTAL"}


def test_one_source_per_publication(fixtures: Path) -> None:
    path = fixtures / "long" / "national_stats.csv"
    parsed = long.load(path)
    assert len(parsed.sources) == 2
    by_pub = {s.publisher: s for s in parsed.sources}
    bns = by_pub["Bureau of National Statistics of Kazakhstan"]
    assert bns.category == "official"  # default
    assert bns.licence == "open data, attribution"
    assert bns.published == "2024-02-15"
    assert bns.checksum == sha256_bytes(path.read_bytes())
    # long:<file>-<publisher, 24 chars>-<hash of title, url, published>
    assert re.fullmatch(r"long:national-stats-bureau-of-national-stati-[0-9a-f]{6}", bns.source_id)
    assert set(parsed.frame["source_id"]) == {s.source_id for s in parsed.sources}


def test_railway_report_parquet(railway_report: Path) -> None:
    assert detect(railway_report) == "long"
    parsed = long.load(railway_report)
    f = parsed.frame
    freight = f[(f["series"] == "rail_freight") & (f["flow"] == "export")].iloc[0]
    assert freight["value"] == pytest.approx(1_300_000.0, rel=1e-12)  # 1.3 tonnes_million
    assert freight["unit"] == "t"
    assert freight["ref"] == "row 1"
    half = f[f["flow"] == "import"].iloc[0]
    assert (half["value"], half["period_end"], half["ref"]) == (412_500.0, "2023-06", "row 2")
    cap = f[f["series"] == "rail_capacity"].iloc[0]
    assert cap["value"] == pytest.approx(10e6, rel=1e-12)
    (source,) = parsed.sources
    assert (source.publisher, source.category) == (KTZ, "official")
    assert source.checksum == sha256_bytes(railway_report.read_bytes())


def test_parquet_errors_name_row_and_column(tmp_path: Path) -> None:
    table = railway_table().set_column(9, "value", pa.array(["1.3", "lots", "10"]))
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path)
    with pytest.raises(schema.ValidationError) as info:
        long.load(path)
    assert (info.value.file, info.value.row, info.value.column) == ("bad.parquet", 2, "value")


def test_truncated_parquet(railway_report: Path, tmp_path: Path) -> None:
    raw = railway_report.read_bytes()
    path = tmp_path / "cut.parquet"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(schema.ValidationError, match="Parquet") as info:
        long.load(path)
    assert info.value.file == "cut.parquet"


def test_parquet_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "nounit.parquet"
    pq.write_table(railway_table().drop_columns(["unit"]), path)
    with pytest.raises(schema.ValidationError) as info:
        long.load(path)
    assert (info.value.row, info.value.column) == (None, "unit")


def test_unexpected_column_is_an_error() -> None:
    raw = (
        b"series,reporter,partner,flow,period_start,period_end,measure,comparator,value,unit,"
        b"source_publisher,comodity\n"
        b"trade_value,KAZ,TKM,export,2023-01,2023-12,level,=,5,USD,BNS,2710\n"
    )
    with pytest.raises(schema.ValidationError, match="unexpected column") as info:
        long.tidy("typo.csv", raw)
    assert info.value.column == "comodity"


def test_licence_must_agree_within_a_source() -> None:
    head = (
        "series,reporter,partner,flow,period_start,period_end,measure,comparator,value,unit,"
        "source_publisher,source_licence\n"
    )
    rows = (
        "trade_value,KAZ,TKM,export,2023-01,2023-12,level,=,5,USD,BNS,CC BY 4.0\n"
        "trade_value,KAZ,TKM,import,2023-01,2023-12,level,=,6,USD,BNS,all rights reserved\n"
    )
    with pytest.raises(schema.ValidationError, match="row 2") as info:
        long.tidy("lic.csv", (head + rows).encode())
    assert (info.value.row, info.value.column) == (3, "source_licence")


def test_kg_and_explicit_aggregate_flag() -> None:
    raw = (
        b"series,reporter,partner,partner_aggregate,flow,period_start,period_end,measure,"
        b"comparator,value,unit,source_publisher,source_category\n"
        b"rail_freight,KAZ,TKM,false,export,2023-03,2023-03,level,=,2500000,kg,KTZ,"
        b"official\n"
    )
    f = long.tidy("kg.csv", raw).frame
    assert (f["value"].item(), f["unit"].item()) == (2500.0, "t")
    assert not f["partner_aggregate"].item()


BAD = [
    ("missing_column.csv", None, "period_end"),
    ("non_numeric_value.csv", 3, "value"),
    ("month_13.csv", 3, "period_start"),
    ("unknown_country.csv", 3, "partner"),
    ("duplicate_key.csv", 4, "value"),
    ("empty.csv", 2, None),
    ("truncated.csv", 3, "measure"),
]


@pytest.mark.parametrize(("name", "row", "column"), BAD)
def test_malformed_file_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None
) -> None:
    with pytest.raises(schema.ValidationError) as info:
        validated(fixtures / "long" / "bad" / name)
    err = info.value
    assert (err.file, err.row, err.column) == (name, row, column)
    assert name in str(err)


def test_round_trip_csv(fixtures: Path, round_trip, same_rows) -> None:
    parsed, stored = round_trip(fixtures / "long" / "national_stats.csv")
    assert len(stored) == 4
    same_rows(parsed, stored)


def test_round_trip_parquet_values_equal_source_rows(railway_report: Path, round_trip) -> None:
    parsed, stored = round_trip(railway_report)
    assert len(parsed) == len(stored) == 3
    got = sorted(zip(stored["flow"].astype(str), stored["value"], strict=True))
    assert got == sorted([("export", 1.3 * 1e6), ("import", 412_500.0), ("total", 10.0 * 1e6)])
    assert set(stored["unit"].astype(str)) == {"t"}


def test_rejected_import_leaves_store_byte_identical(
    fixtures: Path, railway_report: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [railway_report])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "long" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "long" / "national_stats.csv", bad])
        assert tree_digest(store.root) == before, bad.name
    with pytest.raises(schema.ValidationError, match="already in the store"):
        import_paths(store, [railway_report])
    assert tree_digest(store.root) == before
