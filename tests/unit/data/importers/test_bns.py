"""Kazakhstan's BNS "foreign trade by country" tables: Russian labels, thousand USD, group
rows kept as aggregates, names through a data file; malformed tables refused naming
sheet, row and column; the real Excel 97 file gives the values ``peer/README.md`` states."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.countries import country_for_code
from data.importers import bns, detect, import_paths, load
from data.store import Store
from tests.conftest import SHARED
from tests.unit.data.importers.bns_fixtures import ROWS, write_table

FIXTURE = "group_rows_blank_cells.xlsx"
REAL = SHARED / "peer" / "kz_bns_foreign_trade_by_country_2022_2023.xls"


def one(f: pd.DataFrame, partner: str, flow: str, year: int) -> pd.Series:
    rows = f[(f["partner"] == partner) & (f["flow"] == flow) & (f["period_start"] == f"{year}-01")]
    assert len(rows) == 1, (partner, flow, year, len(rows))
    return rows.iloc[0]


def test_thousand_usd_exports_and_imports_by_russian_name(fixtures: Path) -> None:
    path = fixtures / "bns" / FIXTURE
    assert detect(path) == bns.FORMAT
    parsed = load(path)
    f = parsed.frame
    assert one(f, "TKM", "export", 2022)["value"] == 340_352.99  # 340.35299 thousand
    assert one(f, "TKM", "import", 2023)["value"] == 166_117.84405
    assert one(f, "BIH", "import", 2022)["value"] == 0.0  # a stated zero is kept
    assert one(f, "TKL", "import", 2022)["value"] == 3_720.0
    assert set(f["reporter"]) == {"KAZ"} and set(f["unit"]) == {"USD"}
    assert set(f["flow"]) == {"export", "import"}  # turnover is derived, never stored
    assert set(f["period_end"]) == {"2022-12", "2023-12"}
    assert one(f, "TKM", "export", 2022)["ref"] == "2022!D8"
    assert parsed.row_of[next(iter(f.index[f["ref"] == "2022!D8"]))] == 8


def test_group_rows_are_aggregates_never_countries(fixtures: Path) -> None:
    f = load(fixtures / "bns" / FIXTURE).frame
    groups = set(f.loc[f["partner_aggregate"], "partner"])
    assert groups == {"WLD", "AGG_BNS_CIS", "AGG_BNS_EUROPE_NON_EU"}  # "  Страны вне ЕС"
    assert not f.loc[~f["partner_aggregate"], "partner"].astype(str).str.startswith("AGG").any()
    assert one(f, "WLD", "export", 2023)["value"] == 1_200_000.0


def test_blank_cell_is_no_figure_and_counted(fixtures: Path) -> None:
    parsed = load(fixtures / "bns" / FIXTURE)
    assert len(parsed.frame[(parsed.frame["partner"] == "TKL")]) == 1  # import only
    assert parsed.warnings == [f"{FIXTURE} [2022]: 1 blank cell(s) skipped (no figure)"]
    expected = sum(
        (x is not None) + (m is not None) for rows in ROWS.values() for _, _, x, m in rows
    )
    assert len(parsed.frame) == expected


def test_source_is_official_with_provenance(fixtures: Path) -> None:
    (source,) = load(fixtures / "bns" / FIXTURE).sources
    assert source.category == "official"
    assert source.publisher.startswith("Bureau of National Statistics of the Agency")
    assert "Основные показатели внешней торговли" in source.title
    assert "2022–2023" in source.title
    assert source.published == "2024-07-25"  # read from the cover
    assert source.checksum.startswith("sha256:") and source.file == FIXTURE


def test_tidy_is_pure_on_rows() -> None:
    """``tidy`` takes rows (as calamine gives them), not a file: English labels too."""
    rows = [
        ["Main indicators of the foreign trade of the Republic of Kazakhstan", "", ""],
        ["2021", "", "", "", "thousand US dollars"],
        ["Name", "Trade turnover", "", "Exports", "", "Imports", ""],
        ["", "total", "%", "total", "%", "total", "%"],
        ["Turkmenistan", 254.5, 1.0, 200.0, 1.0, 54.5, 1.0],
        ["", "", "", "", "", "", ""],
    ]
    f = bns.tidy("en.xlsx", {"Sheet1": rows}).frame
    assert one(f, "TKM", "import", 2021)["value"] == 54_500.0
    assert one(f, "TKM", "export", 2021)["ref"] == "Sheet1!D5"


def test_million_unit_is_scaled(tmp_path: Path) -> None:
    path = write_table(tmp_path / "m.xlsx", {"2022": [("Туркменистан", 3.5, 2.0, 1.5)]},
                       unit="млн. долларов США")  # fmt: skip
    assert one(load(path).frame, "TKM", "export", 2022)["value"] == 2_000_000.0


Bad = Callable[[Path], Path]


@pytest.mark.parametrize(
    ("build", "message", "sheet", "row", "column"),
    [
        (
            lambda p: write_table(p, {"2022": [("Атлантида", 3.0, 2.0, 1.0)]}),
            "unknown country name 'Атлантида'",
            "2022",
            6,
            "A",
        ),
        (
            lambda p: write_table(p, {"2022": [("Туркменистан", 3.0, "12,x", 1.0)]}),
            "'12,x' is not a number",
            "2022",
            6,
            "D",
        ),
        (
            lambda p: write_table(p, {"2022": [("Туркменистан", 9.0, 2.0, 1.0)]}),
            "turnover 9.0 is not exports + imports",
            "2022",
            6,
            "B",
        ),
        (
            lambda p: write_table(p, {"2022": [("", 3.0, 2.0, 1.0)]}),
            "values without a partner name",
            "2022",
            6,
            "A",
        ),
        (
            lambda p: write_table(p, {"2022": [("Туркменистан", 3.0, 2.0, 1.0)]}, unit="рублей"),
            "no unit above the header",
            "2022",
            4,
            None,
        ),
    ],
    ids=["unknown_name", "text_value", "turnover_not_sum", "values_without_name", "no_unit"],
)
def test_malformed_table_names_file_sheet_row_and_column(
    tmp_path: Path, build: Bad, message: str, sheet: str, row: int, column: str | None
) -> None:
    path = build(tmp_path / "bad.xlsx")
    with pytest.raises(schema.ValidationError) as err:
        load(path)
    e = err.value
    assert message in str(e)
    assert e.file == f"bad.xlsx [{sheet}]"
    assert e.row == row and e.column == column


def test_no_year_sheet_is_refused_naming_the_layout(tmp_path: Path) -> None:
    path = write_table(tmp_path / "nolayout.xlsx", {"2022": [("Туркменистан", 3.0, 2.0, 1.0)]},
                       header=["Name", "Value", "", "Other", "", "More", ""])  # fmt: skip
    # Not the BNS layout: detected as a workbook of the other xlsx format, refused there.
    assert detect(path) == "imf_dots"
    with pytest.raises(schema.ValidationError, match="no sheet has the BNS layout"):
        bns.load(path)


def test_two_sheets_for_one_year_are_refused(tmp_path: Path) -> None:
    data = {"A": [("Туркменистан", 3.0, 2.0, 1.0)], "B": [("Туркменистан", 3.0, 2.0, 1.0)]}
    path = write_table(tmp_path / "twice.xlsx", data, year_label="2022 год")
    with pytest.raises(schema.ValidationError, match="a second sheet for 2022") as err:
        load(path)
    assert err.value.file == "twice.xlsx [B]" and err.value.row == 4


def test_a_corrupt_excel_97_file_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(bns.OLE2_MAGIC + b"\0" * 600)
    assert detect(path) == bns.FORMAT
    with pytest.raises(schema.ValidationError, match="not a readable Excel workbook"):
        load(path)


def test_rejected_import_leaves_the_store_byte_identical(
    tmp_path: Path, fixtures: Path, tree_digest: Callable[[Path], dict[str, str]]
) -> None:
    store = Store(tmp_path / "store")
    import_paths(store, [fixtures / "bns" / FIXTURE])
    before = tree_digest(store.root)
    bad = write_table(tmp_path / "bad.xlsx", {"2022": [("Атлантида", 3.0, 2.0, 1.0)]})
    with pytest.raises(schema.ValidationError):
        import_paths(store, [bad])
    assert tree_digest(store.root) == before


def test_every_name_in_the_table_has_a_documented_code() -> None:
    with open(bns.NAMES_FILE, encoding="utf-8", newline="") as fh:
        entries = list(csv.DictReader(fh))
    assert len(entries) > 200
    keys = [bns._key(e["name_ru"]) for e in entries]
    assert len(keys) == len(set(keys)), "a name listed twice"
    for e in entries:
        c = country_for_code(e["code"])
        if e["aggregate"] == "true":
            assert e["code"] == "WLD" or e["code"].startswith("AGG_BNS_"), e
        else:
            assert c is not None and not c.aggregate, e


# --- the real file, from ../shared (third-party: never committed) ---------------------


@pytest.fixture
def real() -> Path:
    if not REAL.is_file():
        pytest.skip("shared/data/peer is not beside the checkout: the BNS file is never committed")
    return REAL


@pytest.mark.shared
def test_real_file_gives_the_values_of_the_peer_readme(real: Path, tmp_path: Path) -> None:
    assert detect(real) == bns.FORMAT
    store = Store(tmp_path / "store")
    import_paths(store, [real])
    f = store.read().frame
    thousand = 1e3
    assert one(f, "TKM", "export", 2023)["value"] == pytest.approx(396_831.17172 * thousand)
    assert one(f, "TKM", "import", 2023)["value"] == pytest.approx(166_117.84405 * thousand)
    assert one(f, "TKM", "export", 2022)["value"] == pytest.approx(340_352.99979 * thousand)
    assert one(f, "TKM", "import", 2022)["value"] == pytest.approx(98_338.69106 * thousand)
    turnover_2023 = sum(one(f, "TKM", flow, 2023)["value"] for flow in ("export", "import"))
    assert turnover_2023 == pytest.approx(562_949.01577 * thousand)
    assert one(f, "WLD", "export", 2023)["value"] == pytest.approx(79_138_754.67736 * thousand)
    assert one(f, "WLD", "import", 2023)["value"] == pytest.approx(60_412_283.33494 * thousand)
    assert one(f, "CHN", "export", 2023)["value"] == pytest.approx(14_666_158.3001 * thousand)
    assert one(f, "CHN", "import", 2023)["value"] == pytest.approx(15_389_231.31222 * thousand)
    assert one(f, "CHN", "export", 2022)["value"] == pytest.approx(13_060_205.47911 * thousand)
    assert one(f, "CHN", "import", 2022)["value"] == pytest.approx(11_143_739.72919 * thousand)
    assert one(f, "UZB", "export", 2022)["value"] == pytest.approx(3_635_821.70289 * thousand)
    assert one(f, "UZB", "import", 2022)["value"] == pytest.approx(1_286_114.20207 * thousand)
    # Токелау has import only (2022); group rows are aggregates.
    assert len(f[(f["partner"] == "TKL") & (f["period_start"] == "2022-01")]) == 1
    assert f.loc[f["partner"] == "AGG_BNS_EAEU", "partner_aggregate"].all()
    sources = store.read().sources
    assert [s.category for s in sources.values()] == ["official"]


@pytest.mark.shared
def test_every_entry_of_the_names_file_is_used_by_the_real_file(real: Path) -> None:
    sheets, _ = bns.read(real)
    used = set()
    for rows in sheets.values():
        found = bns._header(rows)
        if found is None:
            continue
        used |= {bns._key(r[0]) for r in rows[found[0] + 2 :] if r and str(r[0]).strip()}
    listed = set(bns.NAMES)
    assert used - listed == set(), "names in the file without a code"
    assert listed - used == set(), "entries never used by the file: remove them"


def test_every_unknown_name_of_a_sheet_is_listed_with_its_row(tmp_path: Path) -> None:
    rows = [
        ("Атлантида", 3.0, 2.0, 1.0),
        ("Туркменистан", 3.0, 2.0, 1.0),
        ("Лемурия", 5.0, 4.0, 1.0),
        ("Гиперборея", 2.0, 1.0, 1.0),
    ]
    path = write_table(tmp_path / "names.xlsx", {"2022": rows})
    with pytest.raises(schema.ValidationError) as err:
        load(path)
    e = err.value
    assert "unknown country name 'Атлантида'" in str(e) and e.row == 6
    assert e.total == 3
    assert [(p.row, p.column, p.value) for p in e.problems] == [
        (6, "A", "Атлантида"), (8, "A", "Лемурия"), (9, "A", "Гиперборея"),
    ]  # fmt: skip
    assert all(p.file == "names.xlsx [2022]" for p in e.problems)
