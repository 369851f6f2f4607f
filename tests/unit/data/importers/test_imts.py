"""IMF IMTS SDMX-CSV importer: frequencies, scales, code-label cells, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import import_paths, imts
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import validated


def parse(fixtures: Path, name: str) -> pd.DataFrame:
    return imts.load(fixtures / "imts" / name).frame


def at(frame: pd.DataFrame, start: str, end: str, flow: str = "export") -> pd.Series:
    rows = frame[
        (frame["period_start"] == start) & (frame["period_end"] == end) & (frame["flow"] == flow)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_annual_quarterly_monthly_windows(fixtures: Path) -> None:
    parsed = imts.load(fixtures / "imts" / "annual_quarterly_monthly.csv")
    f = parsed.frame
    assert len(f) == 5
    assert at(f, "2023-01", "2023-12")["value"] == 412345678.9
    imp = at(f, "2023-01", "2023-12", "import")
    assert (imp["value"], imp["valuation"], imp["kind"]) == (150987654.3, "cif", "estimated")
    assert at(f, "2023-04", "2023-06")["value"] == 98765432.1  # 2023-Q2
    assert at(f, "2023-03", "2023-03")["value"] == 31234567.0  # 2023-M03
    assert at(f, "2023-04", "2023-04")["value"] == 32345678.0  # 2023-04
    assert set(f["valuation"][f["flow"] == "export"]) == {"fob"}
    assert set(f["unit"]) == {"USD"}
    # The balance (TBG_USD) is not stored; the warning says how many rows were skipped.
    assert parsed.warnings == [
        "annual_quarterly_monthly.csv: 1 row(s) with other indicators skipped (TBG_USD: 1)"
    ]


def test_unit_mult_and_scale_words(fixtures: Path) -> None:
    f = parse(fixtures, "unit_mult.csv")
    kaz = f[f["reporter"] == "KAZ"]
    assert kaz[(kaz["partner"] == "TKM") & (kaz["flow"] == "export")]["value"].item() == (
        pytest.approx(322.5e6, rel=1e-12)
    )
    assert kaz[kaz["flow"] == "import"]["value"].item() == pytest.approx(117.25e6, rel=1e-12)
    tkm = f[f["reporter"] == "TKM"]
    assert tkm["value"].item() == pytest.approx(125_400_000.0, rel=1e-12)  # 125400 thousand
    world = f[f["partner"] == "WLD"]
    assert world["value"].item() == pytest.approx(84.4e9, rel=1e-12)  # UNIT_MULT 9
    assert world["partner_aggregate"].item()


def test_scale_is_display_only(fixtures: Path) -> None:
    """IMF SDMX 3.0 ``SCALE`` names the display unit; OBS_VALUE is already in dollars."""
    f = parse(fixtures, "scale_display_only.csv")
    export = f[(f["partner"] == "TKM") & (f["flow"] == "export")].iloc[0]
    assert export["value"] == 322_500_000.0
    assert "SCALE 6" in export["note"] and "stored as given" in export["note"]
    assert f[f["flow"] == "import"]["value"].item() == 117_250_000.0  # "Millions" too
    eu = f[f["partner"] == "AGG_EU"].iloc[0]  # G998: the European Union in IMTS
    assert eu["value"] == 84_400_000_000.0 and eu["partner_aggregate"]


def test_a_multiplier_on_values_in_dollars_is_refused() -> None:
    """The scale checked against the values: 2.0e12 USD times 10^6 is no trade figure."""
    raw = (
        b"COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,OBS_VALUE,UNIT_MULT\n"
        b"USA,XG_FOB_USD,G001,A,2022,1.0,6\n"
        b"USA,XG_FOB_USD,G001,A,2023,2019551635133,6\n"
    )
    with pytest.raises(schema.ValidationError, match="not in the unit the file states") as info:
        imts.tidy("x.csv", raw)
    assert (info.value.row, info.value.column) == (3, "OBS_VALUE")


def test_code_label_cells(fixtures: Path) -> None:
    f = parse(fixtures, "code_label.csv")
    assert set(f["reporter"]) == {"KAZ"}  # 'KAZ: Kazakhstan, Rep. of' and the IMF name
    assert sorted(f["partner"]) == ["CHN", "TKM", "WLD"]  # 'China, P.R.: Mainland' is a name
    assert f[f["partner"] == "TKM"]["value"].item() == pytest.approx(345.6e6, rel=1e-12)
    world = f[f["partner"] == "WLD"].iloc[0]
    assert (world["flow"], world["kind"], world["partner_aggregate"]) == (
        "import",
        "estimated",
        True,
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("KAZ: Kazakhstan, Rep. of", ("KAZ", "Kazakhstan, Rep. of")),
        ("KAZ", ("KAZ", "")),
        ("China, P.R.: Mainland", ("", "China, P.R.: Mainland")),
        ("Kazakhstan, Rep. of", ("", "Kazakhstan, Rep. of")),
        ("6: Millions", ("6", "Millions")),
    ],
)
def test_split_code(cell: str, expected: tuple[str, str]) -> None:
    assert imts.split_code(cell) == expected


def test_source(fixtures: Path) -> None:
    path = fixtures / "imts" / "unit_mult.csv"
    (source,) = imts.load(path).sources
    assert source.source_id == "imf-imts:unit-mult"
    assert source.category == "international"
    assert "IMTS" in source.licence
    assert source.checksum == sha256_bytes(path.read_bytes())


def test_bad_scale_and_unit_are_errors() -> None:
    head = "COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,OBS_VALUE,{extra}\n"
    row = "KAZ,XG_FOB_USD,TKM,A,2023,5,{value}\n"
    for extra, value in (("UNIT_MULT", "lots"), ("SCALE", "lots"), ("UNIT_MEASURE", "XDC")):
        raw = (head.format(extra=extra) + row.format(value=value)).encode()
        with pytest.raises(schema.ValidationError) as info:
            imts.tidy("x.csv", raw)
        assert (info.value.row, info.value.column) == (2, extra)


def test_period_must_fit_frequency() -> None:
    raw = b"COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,OBS_VALUE\n"
    raw += b"KAZ,XG_FOB_USD,TKM,Q,2023-M03,5\n"
    with pytest.raises(schema.ValidationError, match="frequency Q") as info:
        imts.tidy("x.csv", raw)
    assert (info.value.row, info.value.column) == (2, "TIME_PERIOD")


def test_blank_value_is_skipped_with_a_warning() -> None:
    raw = b"COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,OBS_VALUE\n"
    raw += b"KAZ,XG_FOB_USD,TKM,A,2023,\nKAZ,XG_FOB_USD,TKM,A,2022,7\n"
    parsed = imts.tidy("x.csv", raw)
    assert parsed.frame["value"].tolist() == [7.0]
    assert parsed.row_of == [3]
    assert parsed.warnings == ["x.csv: 1 row(s) without a value skipped"]


BAD = [
    ("missing_column.csv", None, "TIME_PERIOD"),
    ("non_numeric_value.csv", 3, "OBS_VALUE"),
    ("month_13.csv", 3, "TIME_PERIOD"),
    ("unknown_country.csv", 3, "COUNTERPART_COUNTRY"),
    ("duplicate_key.csv", 4, "OBS_VALUE"),
    ("empty.csv", 2, None),
    ("truncated.csv", 3, "FREQUENCY"),
]


@pytest.mark.parametrize(("name", "row", "column"), BAD)
def test_malformed_file_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None
) -> None:
    with pytest.raises(schema.ValidationError) as info:
        validated(fixtures / "imts" / "bad" / name)
    err = info.value
    assert (err.file, err.row, err.column) == (name, row, column)
    assert name in str(err)


@pytest.mark.parametrize(
    "name",
    ["annual_quarterly_monthly.csv", "unit_mult.csv", "scale_display_only.csv", "code_label.csv"],
)
def test_round_trip_through_store(fixtures: Path, round_trip, same_rows, name: str) -> None:
    parsed, stored = round_trip(fixtures / "imts" / name)
    assert len(stored) == len(parsed) > 0
    same_rows(parsed, stored)


def test_round_trip_values_equal_source_rows(fixtures: Path, round_trip) -> None:
    _, stored = round_trip(fixtures / "imts" / "annual_quarterly_monthly.csv")
    got = {
        (str(r.flow), str(r.period_start), str(r.period_end)): r.value for r in stored.itertuples()
    }
    assert got == {
        ("export", "2023-01", "2023-12"): 412345678.9,
        ("import", "2023-01", "2023-12"): 150987654.3,
        ("export", "2023-04", "2023-06"): 98765432.1,
        ("export", "2023-03", "2023-03"): 31234567.0,
        ("export", "2023-04", "2023-04"): 32345678.0,
    }


def test_rejected_import_leaves_store_byte_identical(
    fixtures: Path, tmp_path: Path, tree_digest
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "imts" / "unit_mult.csv"])
    before = tree_digest(store.root)
    for bad in sorted((fixtures / "imts" / "bad").iterdir()):
        with pytest.raises(schema.ValidationError):
            import_paths(store, [fixtures / "imts" / "code_label.csv", bad])
        assert tree_digest(store.root) == before, bad.name
