"""stat.uz wide tables: reporter and direction named at import, M49 codes, thousand USD;
refused without the names, and every malformed table refused naming row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli
from data import schema
from data.importers import Named, detect, import_paths, load, stat_uz
from data.store import Store
from tests.conftest import validated

WIDE = "wide_m49_three_languages.csv"


def parse(fixtures: Path, flow: str = "import") -> pd.DataFrame:
    return stat_uz.load(fixtures / "stat_uz" / WIDE, reporter="UZB", flow=flow).frame


def cell(f: pd.DataFrame, partner: str, year: int) -> float:
    rows = f[(f["partner"] == partner) & (f["period_start"] == f"{year}-01")]
    assert len(rows) == 1, (partner, year)
    assert rows["period_end"].item() == f"{year}-12"
    return float(rows["value"].item())


def test_thousand_usd_by_m49_code(fixtures: Path) -> None:
    f = parse(fixtures)
    assert cell(f, "KAZ", 2022) == 3_243_509_060.0
    assert cell(f, "TKM", 2023) == 924_224_900.0
    assert cell(f, "ALB", 2022) == 1_200.0  # "008": zero-padded M49
    assert cell(f, "ALB", 2021) == 0.0  # a stated zero is kept
    assert cell(f, "CIV", 2023) == 26_700.0  # Côte d’Ivoire, typographic apostrophe
    assert cell(f, "ANT", 2021) == 300.0  # 530: Netherlands Antilles
    assert cell(f, "SDN", 2023) == 3_700.0  # 736: the old code for Sudan
    other = f[f["partner"] == "AGG_OTHER_NIE"]
    assert other["partner_aggregate"].all() and len(other) == 3
    assert not f[f["partner"] != "AGG_OTHER_NIE"]["partner_aggregate"].any()
    assert set(f["reporter"]) == {"UZB"} and set(f["flow"]) == {"import"}
    assert set(f["valuation"]) == {"unknown"}
    # Blank cells are no figure: Albania 2023, Netherlands Antilles 2022 and 2023.
    assert len(f) == 7 * 3 - 3


def test_source_is_official_and_says_what_was_named(fixtures: Path) -> None:
    parsed = stat_uz.load(fixtures / "stat_uz" / WIDE, reporter="UZB", flow="export")
    (source,) = parsed.sources
    assert source.category == "official"
    assert "exports of Uzbekistan" in source.title and "thousand US dollars" in source.title
    assert set(parsed.frame["note"]) == {
        "reporter and direction named at import (the table states neither)"
    }
    assert parsed.warnings == [f"{WIDE}: 3 blank cell(s) skipped (no figure)"]
    assert parsed.frame["ref"].iloc[0] == "line 2, column 2021"


@pytest.mark.parametrize("named", [None, Named("UZB", None), Named(None, "import")])
def test_without_reporter_and_flow_it_is_refused_with_the_hint(
    fixtures: Path, tmp_path: Path, named: Named | None
) -> None:
    store = Store(tmp_path / "store")
    with pytest.raises(schema.ValidationError, match="--reporter UZB --flow import") as info:
        import_paths(store, [fixtures / "stat_uz" / WIDE], named=named)
    assert info.value.file == WIDE
    assert store.read().frame.empty


def test_the_cli_refuses_it_with_exit_2(fixtures: Path, tmp_path: Path, capsys) -> None:
    code = cli.main(["import", str(fixtures / "stat_uz" / WIDE), "--store", str(tmp_path)])
    assert code == 2
    assert "--reporter UZB --flow import" in capsys.readouterr().err
    code = cli.main(
        ["import", str(fixtures / "stat_uz" / WIDE), "--store", str(tmp_path),
         "--reporter", "UZB", "--flow", "import", "--format", "json"]
    )  # fmt: skip
    assert code == 0
    assert '"observations": 18' in capsys.readouterr().out


def test_names_are_refused_for_a_file_that_states_its_own(fixtures: Path) -> None:
    with pytest.raises(schema.ValidationError, match="states its own reporter"):
        load(fixtures / "comtrade" / "world_partner.csv", Named("UZB", "import"))


@pytest.mark.parametrize(
    ("reporter", "flow", "words"),
    [("XYZ", "import", "not an economy"), ("WLD", "import", "not an economy"),
     ("UZB", "transit", "not one of import, export")],
)  # fmt: skip
def test_bad_names_are_refused(fixtures: Path, reporter: str, flow: str, words: str) -> None:
    with pytest.raises(schema.ValidationError, match=words):
        stat_uz.load(fixtures / "stat_uz" / WIDE, reporter=reporter, flow=flow)


BAD = [
    ("non_numeric_value.csv", 4, "2022"),
    ("unknown_code.csv", 4, "Code"),
    ("extra_column.csv", None, "Izoh"),
    ("header_only.csv", 2, None),
    ("truncated.csv", 4, "Klassifikator_en"),
    ("no_year_columns.csv", None, None),
    ("duplicate_key.csv", 4, "Code"),
]


@pytest.mark.parametrize(("name", "row", "column"), BAD)
def test_malformed_table_names_file_row_column(
    fixtures: Path, name: str, row: int | None, column: str | None
) -> None:
    path = fixtures / "stat_uz" / "bad" / name
    assert detect(path) == stat_uz.FORMAT
    with pytest.raises(schema.ValidationError) as info:
        validated(path, Named(reporter="UZB", flow="import"))
    assert (info.value.file, info.value.row, info.value.column) == (name, row, column)


def test_every_code_in_the_table_is_used_by_the_fixture(fixtures: Path) -> None:
    """The code table holds nothing the fixture does not exercise (as owid/etl warns)."""
    with open(stat_uz.CODES_FILE, encoding="utf-8", newline="") as fh:
        table = {r["m49"]: r["code"] for r in csv.DictReader(fh)}
    f = parse(fixtures)
    assert set(table.values()) <= set(f["partner"])


def test_every_unknown_code_is_listed_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text(
        "Code,Klassifikator,Klassifikator_ru,Klassifikator_en,2021,2022,2023\n"
        "999,Atlantida,Атлантида,Atlantis,1.0,2.0,3.0\n"
        "398,Qozog'iston,Казахстан,Kazakhstan,2.0,3.0,4.0\n"
        "998,Lemuriya,Лемурия,Lemuria,1.0,2.0,3.0\n",
        encoding="utf-8",
    )
    with pytest.raises(schema.ValidationError) as info:
        stat_uz.load(path, reporter="UZB", flow="import")
    e = info.value
    assert "'999' is not an M49 country code (nor is 'Atlantis' a known name)" in str(e)
    assert (e.file, e.row, e.column, e.total) == ("codes.csv", 2, "Code", 2)
    assert [(p.row, p.column, p.value) for p in e.problems] == [
        (2, "Code", "999"),
        (4, "Code", "998"),
    ]
