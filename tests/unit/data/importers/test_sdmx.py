"""SDMX messages: IMF IMTS in SDMX-ML 3.0, IMF DOTS in CompactData JSON, WITS in
SDMX-JSON; the scale rule; every malformed message refused naming file, row, column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import detect, import_paths, sdmx
from data.provenance import sha256_bytes
from data.store import Store


def parse(fixtures: Path, name: str) -> pd.DataFrame:
    return sdmx.load(fixtures / "sdmx" / name).frame


def pick(f: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=f.index)
    for col, val in where.items():
        mask &= f[col].astype(str) == val
    assert mask.sum() == 1, where
    return f[mask].iloc[0]


def test_imts_sdmx_ml_30_scale_is_a_display_unit(fixtures: Path) -> None:
    parsed = sdmx.load(fixtures / "sdmx" / "imts_sdmxml30_scale_display.xml")
    f = parsed.frame
    # SCALE="6" beside values in dollars: stored as given, the note says why.
    kt = pick(f, partner="TKM", period_start="2023-01")
    assert (kt["value"], kt["flow"], kt["valuation"]) == (396_831_171.72, "export", "fob")
    assert "SCALE 6" in kt["note"]
    q1 = pick(f, partner="WLD")  # G001, quarterly
    assert (q1["period_start"], q1["period_end"], q1["flow"]) == ("2023-01", "2023-03", "import")
    assert q1["partner_aggregate"]
    march = pick(f, partner="AGG_EU")  # G998, monthly
    assert (march["period_start"], march["period_end"], march["value"]) == (
        "2023-03",
        "2023-03",
        2_500_000_000.0,
    )
    assert parsed.warnings == [
        "imts_sdmxml30_scale_display.xml: 1 row(s) with other indicators skipped (TBG_USD: 1)"
    ]
    (source,) = parsed.sources
    assert "SDMX-ML 3.0" in source.title and source.source_id.startswith("imf-imts:")


def test_dots_compact_json_unit_mult_multiplies(fixtures: Path) -> None:
    parsed = sdmx.load(fixtures / "sdmx" / "dots_compact_json_unit_mult.json")
    f = parsed.frame
    # Two-letter codes become alpha-3; UNIT_MULT 6: millions, shifted exactly.
    assert pick(f, partner="TKM", period_start="2022-01")["value"] == 340_352_999.0
    assert pick(f, partner="TKM", period_start="2021-01")["value"] == 254_312_345.0
    world = pick(f, partner="WLD")  # one Series whose Obs is an object, not a list
    assert (world["flow"], world["valuation"], world["kind"]) == ("import", "cif", "estimated")
    assert world["value"] == 60_412_283_335.0
    assert pick(f, partner="AGG_EU")["value"] == 19_551_635_133.0  # B0
    assert set(f["reporter"]) == {"KAZ"}
    (source,) = parsed.sources
    assert source.source_id == "imf-dots:dots-compact-json-unit-mult"
    assert "Direction of Trade" in source.title


def test_wits_sdmx_json_thousands_and_overlapping_groups(fixtures: Path) -> None:
    parsed = sdmx.load(fixtures / "sdmx" / "wits_sdmxjson_thousands.json")
    f = parsed.frame
    total = pick(f, partner="TKM", flow="import", commodity="TOTAL", period_start="2017-01")
    assert total["value"] == 166_117_844.05  # 166,117.84405 thousand
    assert pick(f, partner="TKM", flow="export")["value"] == 396_831_171.72
    # Overlapping groups stay apart, each its own commodity; none is added to the total.
    assert pick(f, commodity="27-27_Fuels")["value"] == 120_000_500.0
    assert pick(f, commodity="Fuels")["value"] == 120_400_250.0
    assert len(f[(f["commodity"] == "TOTAL") & (f["partner"] == "TKM")]) == 3
    assert parsed.warnings == [
        "wits_sdmxjson_thousands.json: 1 observation(s) of other indicators skipped "
        "(MPRT-PRTNR-SHR: 1)"
    ]
    assert "SDMX" in parsed.sources[0].title
    assert parsed.sources[0].checksum == sha256_bytes(
        (fixtures / "sdmx" / "wits_sdmxjson_thousands.json").read_bytes()
    )


BAD = [
    ("imts_truncated.xml", None, None, "not well-formed XML"),
    ("imts_doctype_entities.xml", None, None, "DOCTYPE"),
    ("imts_no_observations.xml", None, None, "no observations"),
    ("imts_unknown_country.xml", 4, "COUNTERPART_COUNTRY", "ATLANTIS"),
    ("imts_non_numeric_value.xml", 2, "OBS_VALUE", "'n/a' is not a number"),
    ("imts_month_13.xml", 4, "TIME_PERIOD", "month must be 01 to 12"),
    ("dots_truncated.json", None, None, "truncated"),
    ("dots_unknown_country.json", 1, "COUNTERPART_COUNTRY", "Q9"),
    ("dots_unit_mult_on_dollars.json", 3, "OBS_VALUE", "not in the unit the file states"),
    ("wits_truncated.json", None, None, "truncated"),
    ("wits_no_observations.json", None, None, "no observations"),
    ("wits_value_not_in_thousands.json", None, "INDICATOR", "US\\$ thousand only"),
    ("other_dataflow.json", None, None, "dataflow tradedash does not read"),
]


@pytest.mark.parametrize(("name", "row", "column", "words"), BAD)
def test_malformed_message_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None, words: str
) -> None:
    path = fixtures / "sdmx" / "bad" / name
    assert detect(path) == sdmx.FORMAT
    with pytest.raises(schema.ValidationError, match=words) as info:
        sdmx.load(path)
    assert (info.value.file, info.value.row, info.value.column) == (name, row, column)


def test_rejected_message_leaves_the_store_byte_identical(
    fixtures: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "sdmx" / "wits_sdmxjson_thousands.json"])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "sdmx" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "sdmx" / "dots_compact_json_unit_mult.json", bad])
        assert tree_digest(store.root) == before, bad.name


def test_sdmx1_prints_nothing_on_a_message_it_cannot_read(capsys) -> None:
    """sdmx1 dumps its parser's stacks to stdout on a surprise: none of it reaches ours."""
    raw = (
        b"<?xml version='1.0'?><message:StructureSpecificData xmlns:message="
        b'"http://www.sdmx.org/resources/sdmxml/schemas/v3_0/message"><message:Nonsense/>'
        b"</message:StructureSpecificData>"
    )
    with pytest.raises(schema.ValidationError, match="not a readable SDMX-ML"):
        sdmx.tidy("odd.xml", raw)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("<?xml version='1.0'?><message:StructureSpecificData xmlns:message='sdmx'>", True),
        ("<message:GenericData xmlns:message='http://www.sdmx.org/'>", True),
        ('{"CompactData": {"DataSet": {}}}', True),
        ('{"header": {}, "dataSets": [], "structure": {}}', True),
        ('{"meta": {}, "data": {"dataSets": [], "structures": []}}', True),
        ("<?xml version='1.0'?><html><body>Data</body></html>", False),
        ('{"data": [{"reporterCode": 398}]}', False),
        ("COUNTRY,INDICATOR,COUNTERPART_COUNTRY", False),
    ],
)
def test_sniff(head: str, expected: bool) -> None:
    assert sdmx.sniff(head) is expected
