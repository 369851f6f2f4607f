"""World Bank WITS importer: thousands of USD to USD, product detail, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import import_paths, wits
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import validated


def parse(fixtures: Path, name: str) -> pd.DataFrame:
    return wits.load(fixtures / "wits" / name).frame


def value_of(frame: pd.DataFrame, **where: str) -> float:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col].astype(str) == val
    assert mask.sum() == 1
    return float(frame.loc[mask, "value"].item())


def test_thousands_of_usd_become_usd(fixtures: Path) -> None:
    f = parse(fixtures, "thousands_scale.csv")
    assert value_of(f, partner="TKM", flow="export") == 1234500.0  # "1,234.5" thousand
    assert value_of(f, partner="TKM", flow="import") == pytest.approx(987654.0, rel=1e-12)
    assert value_of(f, partner="WLD") == pytest.approx(60123456700.0, rel=1e-12)
    assert value_of(f, partner="ROU") == 45000000.0  # WITS writes Romania ROM
    assert set(f["unit"]) == {"USD"}
    assert set(f["period_start"]) == {"2021-01"} and set(f["period_end"]) == {"2021-12"}


def test_gross_flows_map_like_plain_ones(fixtures: Path) -> None:
    f = parse(fixtures, "thousands_scale.csv")
    gross_imp = f[(f["partner"] == "TKM") & (f["flow"] == "import")].iloc[0]
    assert gross_imp["valuation"] == "cif"
    assert set(f[f["flow"] == "export"]["valuation"]) == {"fob"}


def test_world_partner_is_aggregate(fixtures: Path) -> None:
    f = parse(fixtures, "thousands_scale.csv")
    assert f[f["partner"] == "WLD"]["partner_aggregate"].item()
    assert not f[f["partner"] == "TKM"]["partner_aggregate"].any()


def test_product_detail_kept_and_total_codes(fixtures: Path) -> None:
    f = parse(fixtures, "product_detail.csv")
    exports = f[f["flow"] == "export"]
    assert sorted(exports["commodity"]) == ["271019", "870323", "TOTAL"]  # 999999 → TOTAL
    assert value_of(f, flow="export", commodity="TOTAL") == 250000000.0
    assert value_of(f, flow="export", commodity="271019") == 80500250.0
    assert value_of(f, flow="export", commodity="870323") == 12345000.0
    assert value_of(f, flow="import", commodity="TOTAL") == 30000000.0


def test_source(fixtures: Path) -> None:
    path = fixtures / "wits" / "product_detail.csv"
    (source,) = wits.load(path).sources
    assert source.source_id == "wits:product-detail"
    assert source.category == "international"
    assert "World Bank" in source.licence and "WITS" in source.licence
    assert source.checksum == sha256_bytes(path.read_bytes())


def test_other_flows_and_blank_values_are_skipped() -> None:
    head = "ReporterISO3,ReporterName,PartnerISO3,PartnerName,Year,TradeFlowName,ProductCode,"
    head += "TradeValue in 1000 USD\n"
    rows = "KAZ,Kazakhstan,TKM,Turkmenistan,2021,Export,Total,5\n"
    rows += "KAZ,Kazakhstan,TKM,Turkmenistan,2021,Net Exp.,Total,3\n"
    rows += "KAZ,Kazakhstan,TKM,Turkmenistan,2021,Import,Total,\n"
    parsed = wits.tidy("w.csv", (head + rows).encode())
    assert parsed.frame["value"].tolist() == [5000.0]
    assert len(parsed.warnings) == 2


BAD = [
    ("missing_column.csv", None, "TradeValue in 1000 USD"),
    ("non_numeric_value.csv", 3, "TradeValue in 1000 USD"),
    ("month_13.csv", 3, "Year"),
    ("unknown_country.csv", 3, "PartnerName"),
    ("duplicate_key.csv", 4, "TradeValue in 1000 USD"),
    ("empty.csv", 2, None),
    ("truncated.csv", 3, "TradeFlowCode"),
]


@pytest.mark.parametrize(("name", "row", "column"), BAD)
def test_malformed_file_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None
) -> None:
    with pytest.raises(schema.ValidationError) as info:
        validated(fixtures / "wits" / "bad" / name)
    err = info.value
    assert (err.file, err.row, err.column) == (name, row, column)
    assert name in str(err)


@pytest.mark.parametrize("name", ["thousands_scale.csv", "product_detail.csv"])
def test_round_trip_through_store(fixtures: Path, round_trip, same_rows, name: str) -> None:
    parsed, stored = round_trip(fixtures / "wits" / name)
    assert len(stored) == len(parsed) > 0
    same_rows(parsed, stored)


def test_round_trip_values_equal_source_rows(fixtures: Path, round_trip) -> None:
    _, stored = round_trip(fixtures / "wits" / "product_detail.csv")
    got = {(str(r.flow), str(r.commodity)): r.value for r in stored.itertuples()}
    assert got == {
        ("export", "TOTAL"): 250_000 * 1000.0,
        ("export", "271019"): 80_500.25 * 1000.0,
        ("export", "870323"): 12_345 * 1000.0,
        ("import", "TOTAL"): 30_000 * 1000.0,
    }


def test_rejected_import_leaves_store_byte_identical(
    fixtures: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "wits" / "product_detail.csv"])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "wits" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "wits" / "thousands_scale.csv", bad])
        assert tree_digest(store.root) == before, bad.name
