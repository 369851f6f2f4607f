"""UN Comtrade importer: every fixture to the right values in base units, and every
malformed file to an error naming the file, row and column."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import comtrade, import_paths, textio
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import validated


def parse(fixtures: Path, name: str) -> pd.DataFrame:
    return comtrade.load(fixtures / "comtrade" / name).frame


def one(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col].astype(str) == val
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {where}"
    return rows.iloc[0]


def test_header_case_variants_are_matched(fixtures: Path) -> None:
    f = parse(fixtures, "header_case.csv")
    assert len(f) == 2
    export = one(f, flow="export")
    assert export["value"] == 1234567.0
    assert (export["unit"], export["valuation"]) == ("USD", "fob")
    # The import row gives only fobValue (= PrimaryValue) and a blank CIFValue: it is FOB.
    imp = one(f, flow="import")
    assert imp["value"] == 7654321.0
    assert imp["valuation"] == "fob"


def test_latin1_partner_name_resolves(fixtures: Path) -> None:
    raw = (fixtures / "comtrade" / "latin1_name.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    f = parse(fixtures, "latin1_name.csv")
    civ = one(f, partner="CIV")
    assert civ["value"] == 250000.0
    assert not civ["partner_aggregate"]
    assert one(f, partner="TKM")["value"] == 1000000.0


def test_monthly_period_is_one_month(fixtures: Path) -> None:
    f = parse(fixtures, "monthly_period.csv")
    assert (f["period_start"] == "2023-03").all()
    assert (f["period_end"] == "2023-03").all()
    assert one(f, flow="export")["value"] == 45678901.0
    assert one(f, flow="import")["value"] == 3456789.0


def test_annual_period_is_january_to_december(fixtures: Path) -> None:
    f = parse(fixtures, "world_partner.csv")
    assert set(f["period_start"]) == {"2023-01"}
    assert set(f["period_end"]) == {"2023-12"}


def test_reexports_and_reimports_kept_apart(fixtures: Path) -> None:
    parsed = comtrade.load(fixtures / "comtrade" / "reexport_row.csv")
    f = parsed.frame
    assert sorted(f["flow"]) == ["export", "import", "re_export", "re_import"]
    assert one(f, flow="export")["value"] == 500000000.0  # not + 1,200,000 re-exports
    assert one(f, flow="import")["value"] == 63000000.0
    assert one(f, flow="re_export")["value"] == 1200000.0
    assert one(f, flow="re_import")["value"] == 340000.0
    assert one(f, flow="re_export")["valuation"] == "fob"
    assert one(f, flow="re_import")["valuation"] == "cif"
    # The DX (domestic exports) row is a subset of exports: skipped, and said so.
    assert any("1 row(s) with another flow code" in w for w in parsed.warnings)


def test_world_partner_is_aggregate_wld(fixtures: Path) -> None:
    f = parse(fixtures, "world_partner.csv")
    world = one(f, partner="WLD")
    assert world["partner_aggregate"]
    assert world["value"] == 78000000000.0
    assert not one(f, partner="TKM")["partner_aggregate"]


def test_hs_detail_kept_as_commodity_not_summed(fixtures: Path) -> None:
    f = parse(fixtures, "hs_detail.csv")
    assert sorted(f["commodity"]) == ["2710", "8703", "TOTAL"]
    assert one(f, commodity="TOTAL")["value"] == 500000000.0
    assert one(f, commodity="2710")["value"] == 120000000.0
    assert one(f, commodity="8703")["value"] == 45000000.0


def test_rail_tonnage_from_net_weight(fixtures: Path) -> None:
    parsed = comtrade.load(fixtures / "comtrade" / "rail_netwgt.csv")
    f = parsed.frame
    rail = one(f, series="rail_freight")
    assert rail["value"] == pytest.approx(987654.321, rel=1e-12)  # 987,654,321 kg / 1000
    assert (rail["unit"], rail["flow"], rail["period_start"]) == ("t", "export", "2023-01")
    # trade_value only from all-modes rows: the rail (210M) and road (90M) rows are parts
    # of the 500M; the second-partner and customs-procedure rows are breakdowns.
    trade = f[f["series"] == "trade_value"]
    assert sorted(trade["value"]) == [63000000.0, 500000000.0]
    assert one(f, series="trade_value", flow="import")["kind"] == "estimated"
    assert one(f, series="trade_value", flow="export")["kind"] == "reported"
    assert len(parsed.warnings) == 4
    assert any("railway row(s) without a net weight" in w for w in parsed.warnings)
    assert parsed.row_of == [2, 8, 3]


def test_legacy_35_column_layout(fixtures: Path) -> None:
    parsed = comtrade.load(fixtures / "comtrade" / "legacy_35col.csv")
    f = parsed.frame
    assert one(f, series="trade_value", flow="export")["value"] == 123456789.0
    imp = one(f, series="trade_value", flow="import")
    assert (imp["value"], imp["kind"], imp["valuation"]) == (23456789.0, "estimated", "cif")
    assert one(f, flow="re_export")["value"] == 345678.0
    rail = one(f, series="rail_freight")
    assert rail["value"] == 654321.0
    assert set(f["period_start"]) == {"2019-01"}
    assert "legacy" in parsed.sources[0].title


def test_bulk_tab_separated_gzip(fixtures: Path) -> None:
    path = fixtures / "comtrade" / "bulk.tsv.gz"
    parsed = comtrade.load(path)
    f = parsed.frame
    assert len(f) == 4
    assert one(f, commodity="27")["value"] == 111222333.0
    assert one(f, partner="CHN")["value"] == 9876543.0
    source = parsed.sources[0]
    assert source.source_id == "comtrade:bulk"
    assert source.checksum == sha256_bytes(path.read_bytes())  # of the file as stored


def test_source_is_international_with_attribution(fixtures: Path) -> None:
    path = fixtures / "comtrade" / "rail_netwgt.csv"
    parsed = comtrade.load(path)
    (source,) = parsed.sources
    assert source.source_id == "comtrade:rail-netwgt"
    assert source.category == "international"
    assert "UN Comtrade" in source.licence
    assert source.checksum == sha256_bytes(path.read_bytes())
    assert set(parsed.frame["source_id"]) == {"comtrade:rail-netwgt"}


def test_tidy_is_pure(fixtures: Path) -> None:
    raw = (fixtures / "comtrade" / "hs_detail.csv").read_bytes()
    parsed = comtrade.tidy("somewhere.csv", raw, "sha256:00")
    assert len(parsed.frame) == 3
    assert parsed.sources[0].source_id == "comtrade:somewhere"


def test_all_rows_skipped_gives_no_observations() -> None:
    header = "reporterCode,reporterISO,reporterDesc,flowCode,partnerCode,partnerISO,"
    header += "partnerDesc,partner2Code,period,cmdCode,primaryValue\n"
    row = "398,KAZ,Kazakhstan,X,795,TKM,Turkmenistan,156,2023,TOTAL,5\n"
    parsed = comtrade.tidy("p2.csv", (header + row).encode())
    assert parsed.frame.empty
    assert parsed.warnings == ["p2.csv: 1 row(s) with a second partner skipped"]


BAD = [
    ("missing_column.csv", None, "primaryValue"),
    ("non_numeric_value.csv", 3, "primaryValue"),
    ("month_13.csv", 3, "period"),
    ("unknown_country.csv", 3, "partnerDesc"),
    ("duplicate_key.csv", 4, "primaryValue"),
    ("empty.csv", 2, None),
    ("truncated.csv", 3, "customsDesc"),
]


@pytest.mark.parametrize(("name", "row", "column"), BAD)
def test_malformed_file_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None
) -> None:
    with pytest.raises(schema.ValidationError) as info:
        validated(fixtures / "comtrade" / "bad" / name)
    err = info.value
    assert (err.file, err.row, err.column) == (name, row, column)
    assert name in str(err)


def test_duplicate_names_the_first_row_too(fixtures: Path) -> None:
    with pytest.raises(schema.ValidationError, match="repeats the figure of row 2"):
        validated(fixtures / "comtrade" / "bad" / "duplicate_key.csv")


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_bytes(b"")
    with pytest.raises(schema.ValidationError, match="empty") as info:
        comtrade.load(path)
    assert info.value.file == "nothing.csv"


def test_gzip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textio, "MAX_DECOMPRESSED", 1_000_000)
    path = tmp_path / "bomb.tsv.gz"
    path.write_bytes(gzip.compress(b"\0" * 5_000_000))
    with pytest.raises(schema.ValidationError, match="decompressed size exceeds") as info:
        comtrade.load(path)
    assert info.value.file == "bomb.tsv.gz"


def test_truncated_gzip_is_an_error(fixtures: Path, tmp_path: Path) -> None:
    raw = (fixtures / "comtrade" / "bulk.tsv.gz").read_bytes()
    path = tmp_path / "cut.tsv.gz"
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(schema.ValidationError, match="gzip") as info:
        comtrade.load(path)
    assert info.value.file == "cut.tsv.gz"


@pytest.mark.parametrize(
    "name", ["rail_netwgt.csv", "legacy_35col.csv", "bulk.tsv.gz", "latin1_name.csv"]
)
def test_round_trip_through_store(fixtures: Path, round_trip, same_rows, name: str) -> None:
    parsed, stored = round_trip(fixtures / "comtrade" / name)
    assert len(stored) == len(parsed) > 0
    same_rows(parsed, stored)


def test_round_trip_values_equal_source_rows(fixtures: Path, round_trip) -> None:
    _, stored = round_trip(fixtures / "comtrade" / "reexport_row.csv")
    by_flow = dict(zip(stored["flow"].astype(str), stored["value"], strict=True))
    assert by_flow == {
        "export": 500000000.0,
        "import": 63000000.0,
        "re_export": 1200000.0,
        "re_import": 340000.0,
    }


def test_rejected_import_leaves_store_byte_identical(
    fixtures: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "comtrade" / "hs_detail.csv"])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "comtrade" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "comtrade" / "world_partner.csv", bad])
        assert tree_digest(store.root) == before, bad.name
    with pytest.raises(schema.ValidationError, match="already in the store"):
        import_paths(store, [fixtures / "comtrade" / "hs_detail.csv"])
    assert tree_digest(store.root) == before


def test_rejected_first_import_writes_nothing(fixtures: Path, tmp_path: Path) -> None:
    root = tmp_path / "store"
    with pytest.raises(schema.ValidationError):
        import_paths(Store(root), [fixtures / "comtrade" / "bad" / "month_13.csv"])
    assert not root.exists()


def test_web_download_latin1_trailing_comma_usa_842(fixtures: Path) -> None:
    """The web UI's "Download CSV": all cells quoted, latin-1, CRLF, a comma after the
    last field of every row, the USA coded 842."""
    raw = (fixtures / "comtrade" / "web_download_latin1_trailing_comma.csv").read_bytes()
    header, first = raw.split(b"\r\n")[:2]
    assert first.endswith(b",") and header.count(b",") + 1 == first.count(b",")
    f = parse(fixtures, "web_download_latin1_trailing_comma.csv")
    assert set(f["reporter"]) == {"USA"}
    kaz = one(f, partner="KAZ")
    assert (kaz["value"], kaz["valuation"], kaz["kind"]) == (2_737_379_769.0, "cif", "estimated")
    assert one(f, partner="CIV")["value"] == 1_234_567.125
    assert one(f, partner="TUR")["value"] == 20_500_000.0  # Türkiye
    assert one(f, partner="BLM")["value"] == 1_500.5  # Saint Barthélemy
    assert one(f, partner="WLD")["partner_aggregate"]


def test_special_areas_get_documented_aggregate_codes(fixtures: Path) -> None:
    """Every entry of codes/comtrade_areas.csv, as a real download spells it (ISO codes
    padded with a space), to its documented code; the reporter as its own partner noted."""
    import csv

    f = parse(fixtures, "special_areas_nes.csv")
    with open(comtrade.AREAS_FILE, encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    for entry in table:
        row = one(f, partner=entry["code"])
        assert bool(row["partner_aggregate"]) == (entry["aggregate"] == "true"), entry
    assert one(f, partner="AGG_OTHER_ASIA_NES")["value"] == 7_326_313_641.821
    assert "its own partner" in one(f, partner="CHN")["note"]
    assert one(f, partner="USA")["note"] == ""


def test_special_areas_resolve_by_name_or_number_without_the_iso_column(fixtures: Path) -> None:
    head = "period,reporterCode,reporterISO,flowCode,partnerCode,partnerDesc,cmdCode,primaryValue\n"
    rows = '2022,156,CHN,M,473,"LAIA, nes",TOTAL,5\n2022,156,CHN,M,842,,TOTAL,7\n'
    f = comtrade.tidy("no_iso.csv", (head + rows).encode()).frame
    assert f["partner"].tolist() == ["AGG_LAIA_NES", "USA"]


def test_legacy_tradeflow_code_header_and_hs_editions(fixtures: Path) -> None:
    """``TradeFlow Code`` (no space), as real legacy downloads write it; H4, H3 and H2
    rows side by side, each noted with its edition; a quoted name with a comma."""
    f = parse(fixtures, "legacy_35col_tradeflow_code_mixed_hs.csv")
    assert len(f) == 6
    kaz = one(f, reporter="KAZ", flow="import")
    assert (kaz["value"], kaz["commodity"], kaz["note"]) == (19_484_893.0, "01", "HS edition H4")
    assert one(f, reporter="PHL")["note"] == "HS edition H2"
    assert one(f, reporter="ATG")["note"] == "HS edition H3"
    assert one(f, reporter="HKG", flow="re_export")["value"] == 1_188_902.0
    assert one(f, reporter="HKG", flow="re_import")["value"] == 386.0
