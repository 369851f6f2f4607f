"""Comtrade Plus API JSON: the records through the Comtrade rules, and every malformed
response refused with the file, the record and the field."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import comtrade_api, detect, import_paths
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import validated


def parse(fixtures: Path, name: str) -> pd.DataFrame:
    return comtrade_api.load(fixtures / "comtrade_api" / name).frame


def test_mode_of_transport_rows_are_not_counted_twice(fixtures: Path) -> None:
    parsed = comtrade_api.load(fixtures / "comtrade_api" / "mot_breakdown.json")
    f = parsed.frame
    trade = f[f["series"] == "trade_value"]
    # 1001 has an all-modes record (41.25M) beside air, sea and rail: only the total counts.
    wheat = trade[trade["commodity"] == "1001"]
    assert wheat["value"].tolist() == [41_250_000.0]
    assert trade[trade["commodity"] == "1101"]["value"].tolist() == [9_394_368.0]
    # The railway record gives tonnes, its fractional net weight kept: kg / 1000.
    rail = f[f["series"] == "rail_freight"]
    assert rail["value"].item() == pytest.approx(146_571.998424, rel=1e-12)
    assert rail["unit"].item() == "t"
    assert parsed.warnings == [
        "mot_breakdown.json: 2 row(s) for one other mode of transport skipped"
    ]
    # Net weight of the all-modes product rows, kg / 1000, as trade_quantity.
    q = f[f["series"] == "trade_quantity"].set_index("commodity")["value"]
    assert q.to_dict() == {"1001": pytest.approx(150_571.998424), "1101": 20_110.2}
    assert set(f["kind"]) == {"estimated"}  # isReported false
    assert parsed.format == "comtrade_api"


def test_envelope_and_nulls(fixtures: Path) -> None:
    path = fixtures / "comtrade_api" / "count_error_nulls.json"
    parsed = comtrade_api.load(path)
    f = parsed.frame
    imp = f[f["flow"] == "import"].iloc[0]
    assert (imp["value"], imp["valuation"]) == (166_117_844.05, "cif")  # fobvalue null
    exp = f[(f["flow"] == "export") & (f["partner"] == "TKM")].iloc[0]
    assert (exp["value"], exp["valuation"]) == (396_831_171.72, "fob")
    world = f[f["partner"] == "WLD"].iloc[0]
    assert world["partner_aggregate"]
    assert set(f["kind"]) == {"reported"}
    (source,) = parsed.sources
    assert source.checksum == sha256_bytes(path.read_bytes())
    assert "API" in source.title and source.source_id == "comtrade:count-error-nulls"


BAD = [
    ("empty_data.json", None, None, "holds no records"),
    ("error_message.json", None, None, "row limit of 500"),
    ("truncated.json", None, None, "truncated"),
    ("data_not_a_list.json", None, "data", "not a list"),
    ("unknown_country.json", 2, "partnerDesc", "Atlantis"),
    ("non_numeric_value.json", 2, "primaryValue", "'lots'"),
    ("duplicate_key.json", 2, "primaryValue", "repeats the figure of row 1"),
    ("month_13.json", 2, "period", "month must be 01 to 12"),
    ("nan_value.json", 1, "primaryValue", "not a finite number"),
]


@pytest.mark.parametrize(("name", "row", "column", "words"), BAD)
def test_malformed_response_names_file_record_field(
    fixtures: Path, name: str, row: int | None, column: str | None, words: str
) -> None:
    path = fixtures / "comtrade_api" / "bad" / name
    assert detect(path) == comtrade_api.FORMAT
    with pytest.raises(schema.ValidationError, match=words) as info:
        validated(path)
    assert (info.value.file, info.value.row, info.value.column) == (name, row, column)


def test_a_json_object_that_is_not_a_response_is_not_comtrade(fixtures: Path) -> None:
    with pytest.raises(schema.ValidationError, match="unrecognised file format"):
        detect(fixtures / "unrecognised" / "api_auth_error.json")


def test_rejected_response_leaves_the_store_byte_identical(
    fixtures: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "comtrade_api" / "count_error_nulls.json"])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "comtrade_api" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "comtrade_api" / "mot_breakdown.json", bad])
        assert tree_digest(store.root) == before, bad.name


def test_json_and_csv_of_the_same_records_agree(fixtures: Path, tmp_path: Path) -> None:
    """The API response and a CSV download of the same figures give the same rows."""
    raw = (fixtures / "comtrade_api" / "mot_breakdown.json").read_bytes()
    rec = comtrade_api.records("x.json", raw)
    csv_path = tmp_path / "same.csv"
    rec.frame.to_csv(csv_path, index=False)
    from data.importers import comtrade

    cols = ["series", "reporter", "partner", "flow", "commodity", "value", "valuation", "kind"]
    a = comtrade_api.load(fixtures / "comtrade_api" / "mot_breakdown.json").frame[cols]
    b = comtrade.load(csv_path).frame[cols]
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False
    )
