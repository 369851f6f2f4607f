"""Format detection: from content, never from the file name."""

from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import schema
from data.importers import (
    LOADERS,
    comtrade,
    comtrade_api,
    detect,
    imts,
    load,
    long,
    sdmx,
    stat_uz,
    wits,
)

GOOD = [
    ("comtrade", "header_case.csv"),
    ("comtrade", "latin1_name.csv"),
    ("comtrade", "monthly_period.csv"),
    ("comtrade", "reexport_row.csv"),
    ("comtrade", "world_partner.csv"),
    ("comtrade", "hs_detail.csv"),
    ("comtrade", "rail_netwgt.csv"),
    ("comtrade", "legacy_35col.csv"),
    ("comtrade", "bulk.tsv.gz"),
    ("comtrade", "web_download_latin1_trailing_comma.csv"),
    ("comtrade", "special_areas_nes.csv"),
    ("comtrade", "legacy_35col_tradeflow_code_mixed_hs.csv"),
    ("comtrade_api", "mot_breakdown.json"),
    ("comtrade_api", "count_error_nulls.json"),
    ("sdmx", "imts_sdmxml30_scale_display.xml"),
    ("sdmx", "dots_compact_json_unit_mult.json"),
    ("sdmx", "wits_sdmxjson_thousands.json"),
    ("imts", "annual_quarterly_monthly.csv"),
    ("imts", "unit_mult.csv"),
    ("imts", "code_label.csv"),
    ("imts", "scale_display_only.csv"),
    ("wits", "thousands_scale.csv"),
    ("wits", "product_detail.csv"),
    ("long", "national_stats.csv"),
]
FORMAT_OF = {
    "comtrade": comtrade.FORMAT,
    "comtrade_api": comtrade_api.FORMAT,
    "sdmx": sdmx.FORMAT,
    "stat_uz": stat_uz.FORMAT,
    "imts": imts.FORMAT,
    "wits": wits.FORMAT,
    "long": long.FORMAT,
}


def test_all_formats_registered() -> None:
    assert {"press", "imf_dots", "comtrade", "imf_imts", "wits", "long"} <= set(LOADERS)
    assert {"comtrade_api", "sdmx", "stat_uz"} <= set(LOADERS)


@pytest.mark.parametrize(("folder", "name"), GOOD)
def test_every_fixture_is_detected_and_loads(fixtures: Path, folder: str, name: str) -> None:
    path = fixtures / folder / name
    assert detect(path) == FORMAT_OF[folder]
    assert len(load(path).frame) > 0


@pytest.mark.parametrize(
    "folder", ["comtrade", "comtrade_api", "sdmx", "stat_uz", "imts", "wits", "long"]
)
def test_malformed_files_are_still_recognised(fixtures: Path, folder: str) -> None:
    """A missing column or a bad row is reported by the format's importer, by name."""
    for bad in (fixtures / folder / "bad").iterdir():
        assert detect(bad) == FORMAT_OF[folder], bad.name


@pytest.mark.parametrize("disguise", ["report.xlsx", "data.parquet", "press.csv", "noext"])
def test_detection_ignores_the_file_name(fixtures: Path, tmp_path: Path, disguise: str) -> None:
    path = tmp_path / disguise
    shutil.copy(fixtures / "wits" / "product_detail.csv", path)
    assert detect(path) == "wits"


def test_gzip_is_judged_by_its_inflated_head(fixtures: Path, tmp_path: Path) -> None:
    for folder, name in [("imts", "unit_mult.csv"), ("long", "national_stats.csv")]:
        path = tmp_path / f"{name}.gz"
        path.write_bytes(gzip.compress((fixtures / folder / name).read_bytes()))
        assert detect(path) == FORMAT_OF[folder]
        assert len(load(path).frame) > 0


def test_gzip_bomb_costs_detection_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bomb.gz"
    path.write_bytes(gzip.compress(b"\0" * 50_000_000))
    with pytest.raises(schema.ValidationError, match="unrecognised"):
        detect(path)


def test_tab_separated_comtrade_without_gzip(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_bytes(gzip.decompress((fixtures / "comtrade" / "bulk.tsv.gz").read_bytes()))
    assert detect(path) == "comtrade"


def test_parquet_with_long_columns(tmp_path: Path) -> None:
    table = pa.table(
        {
            c: ["x"]
            for c in (
                "series",
                "reporter",
                "partner",
                "period_start",
                "measure",
                "value",
                "source_publisher",
            )
        }
    )
    path = tmp_path / "anything.bin"
    pq.write_table(table, path)
    assert detect(path) == "long"


def test_parquet_without_long_columns_is_unrecognised(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"a": [1]}), path)
    with pytest.raises(schema.ValidationError, match="unrecognised"):
        detect(path)


def test_zip_goes_to_dots(tmp_path: Path) -> None:
    path = tmp_path / "DOTS_1.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    assert detect(path) == "imf_dots"


def test_empty_and_unknown(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(schema.ValidationError, match="empty") as info:
        detect(empty)
    assert info.value.file == "empty.csv"
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(schema.ValidationError, match="unrecognised") as info:
        detect(other)
    assert info.value.file == "other.csv"


@pytest.mark.parametrize(
    ("sniff", "header"),
    [
        (comtrade.sniff, "\ufefftypeCode,freqCode,reporterCode,partnerCode,flowCode,primaryValue"),
        (comtrade.sniff, "typeCode\treporterCode\tpartnerCode\tflowCode\tcmdCode"),
        (comtrade.sniff, '"Reporter Code","Partner Code","Trade Flow Code","Trade Value (US$)"'),
        (imts.sniff, "DATAFLOW,COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD"),
        (wits.sniff, "Nomenclature,ReporterISO3,ProductCode,PartnerISO3,Year"),
        (long.sniff, "series,reporter,partner,period_start,measure,value,source_publisher"),
    ],
)
def test_sniffers_accept_their_header(sniff, header: str) -> None:
    assert sniff(header + "\n1,2,3\n")


@pytest.mark.parametrize("sniff", [comtrade.sniff, imts.sniff, wits.sniff, long.sniff])
def test_sniffers_reject_other_text(sniff) -> None:
    assert not sniff("")
    assert not sniff("id,series,reporter_iso3,partner_iso3,measure,comparator,publisher\n")


@pytest.mark.parametrize(
    ("folder", "name", "disguise"),
    [
        ("comtrade_api", "mot_breakdown.json", "TradeData.csv"),
        ("sdmx", "imts_sdmxml30_scale_display.xml", "DOTS_2023.xlsx"),
        ("sdmx", "wits_sdmxjson_thousands.json", "response.xml"),
        ("stat_uz", "wide_m49_three_languages.csv", "data.json"),
    ],
)
def test_documents_are_judged_by_content(
    fixtures: Path, tmp_path: Path, folder: str, name: str, disguise: str
) -> None:
    path = tmp_path / disguise
    shutil.copy(fixtures / folder / name, path)
    assert detect(path) == FORMAT_OF[folder]
