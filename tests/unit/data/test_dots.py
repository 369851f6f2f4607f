"""IMF DOTS workbooks: each quirk of the real files, on a workbook a few cells big."""

from __future__ import annotations

import pytest

from data.importers import dots
from data.importers.dots import workbook
from data.schema import ValidationError
from tests.unit.data.dots_fixtures import both, write_workbook


def test_estimate_flag_marks_kind_estimated(tmp_path):
    path = write_workbook(
        tmp_path / "estimate_flag.xlsx", both([["Turkmenistan", "0.14 e", 2.5, None]])
    )
    f = dots.load(path).frame
    exports = f[f["flow"] == "export"].set_index("period_start")
    assert exports.loc["2018-01", "kind"] == "estimated"
    assert exports.loc["2018-01", "value"] == pytest.approx(140_000.0)
    assert exports.loc["2019-01", "kind"] == "reported"
    assert "2020-01" not in exports.index  # an empty cell is no observation


def test_thousands_separator_inside_text(tmp_path):
    path = write_workbook(
        tmp_path / "thousands_separator.xlsx", both([["World", "2,785.93 e", "1,000", 3.0]])
    )
    f = dots.load(path).frame
    v = f[f["flow"] == "import"].sort_values("period_start")["value"].tolist()
    assert v == pytest.approx([2_785.93e6, 1_000e6, 3e6])


def test_aggregate_row_gets_code_and_flag(tmp_path):
    path = write_workbook(
        tmp_path / "aggregate_row.xlsx",
        both([["World", 10, 11, 12], ["Euro Area", 1, 2, 3], ["Turkmenistan", 1, 1, 1]]),
    )
    f = dots.load(path).frame
    agg = f.groupby("partner", observed=True)["partner_aggregate"].first()
    assert bool(agg["WLD"]) and bool(agg["AGG_EURO_AREA"]) and not bool(agg["TKM"])


def test_unknown_name_names_sheet_row_and_column(tmp_path):
    path = write_workbook(
        tmp_path / "unknown_name.xlsx", both([["Turkmenistan", 1, 1, 1], ["Atlantis", 1, 2, 3]])
    )
    with pytest.raises(ValidationError) as err:
        dots.load(path)
    e = err.value
    assert "unknown_name.xlsx" in e.file and "Exports, FOB" in e.file
    assert (e.row, e.column) == (9, "B")
    assert "Atlantis" in str(e)


def test_every_unknown_name_of_a_sheet_is_listed_with_its_row(tmp_path):
    rows = [
        ["Atlantis", 1, 2, 3],
        ["Turkmenistan", 1, 1, 1],
        ["Lemuria", 1, 2, 3],
        ["Hyperborea", 1, 1, 1],
    ]
    path = write_workbook(tmp_path / "unknown_names.xlsx", both(rows))
    with pytest.raises(ValidationError) as err:
        dots.load(path)
    e = err.value
    assert "Atlantis" in str(e) and (e.row, e.column) == (8, "B")
    assert e.total == 3
    assert [(p.row, p.column, p.value) for p in e.problems] == [
        (8, "B", "Atlantis"), (10, "B", "Lemuria"), (11, "B", "Hyperborea"),
    ]  # fmt: skip


def test_non_numeric_cell_is_located(tmp_path):
    path = write_workbook(tmp_path / "non_numeric.xlsx", both([["Turkmenistan", 1, "n/a", 1]]))
    with pytest.raises(ValidationError) as err:
        dots.load(path)
    assert (err.value.row, err.value.column) == (8, "D")


def test_wrong_unit_header_is_refused(tmp_path):
    path = write_workbook(
        tmp_path / "wrong_header.xlsx",
        both([["Turkmenistan", 1, 1, 1]]),
        unit="US Dollars, Thousands",
    )
    with pytest.raises(ValidationError) as err:
        dots.load(path)
    assert (err.value.row, err.value.column) == (5, "B")


def test_identical_repeated_partner_kept_once_conflicting_refused(tmp_path):
    same = write_workbook(
        tmp_path / "repeated_partner.xlsx",
        both([["Australia", 1, 2, 3], ["Turkmenistan", 4, 5, 6], ["Australia", 1, 2, 3]]),
    )
    parsed = dots.load(same)
    assert (parsed.frame["partner"] == "AUS").sum() == 6  # 3 years × 2 flows, once
    assert any("repeats" in w for w in parsed.warnings)
    clash = write_workbook(
        tmp_path / "conflicting_partner.xlsx",
        both([["Australia", 1, 2, 3], ["Australia", 1, 2, 4]]),
    )
    with pytest.raises(ValidationError, match="other values"):
        dots.load(clash)


def test_mirror_reporter_years_are_marked(tmp_path):
    path = write_workbook(
        tmp_path / "mirror.xlsx",
        both([["Kazakhstan, Rep. of", 1, 2]]),
        reporter="Turkmenistan",
        years=["2003", "2004"],
    )
    f = dots.load(path).frame.set_index(["flow", "period_start"])
    assert f.loc[("export", "2003-01"), "kind"] == "reported"
    assert f.loc[("export", "2004-01"), "kind"] == "mirror"


def test_negative_trade_value_kept_with_a_note(tmp_path):
    path = write_workbook(tmp_path / "negative_value.xlsx", both([["Turkmenistan", -4.8, 1]]))
    parsed = dots.load(path)
    neg = parsed.frame[parsed.frame["value"] < 0]
    assert len(neg) == 2 and neg["note"].str.contains("negative").all()
    assert any("negative" in w for w in parsed.warnings)


def test_zip_bomb_workbook_is_refused_before_inflating(tmp_path, monkeypatch):
    from data.importers import textio

    path = write_workbook(tmp_path / "bomb.xlsx", both([["Turkmenistan", 1, 2, 3]]))
    monkeypatch.setattr(workbook, "MAX_DECOMPRESSED", 1000)  # the real cap is 512 MB
    assert textio.MAX_DECOMPRESSED > 1000
    with pytest.raises(ValidationError, match="decompressed size exceeds") as err:
        dots.load(path)
    assert err.value.file == "bomb.xlsx"


# -- several workbooks: forked worker processes load them (data.importers.load_all) -------


def _batch(tmp_path, monkeypatch):
    """Three small workbooks, the second bad at Exports D8; the pool on for any size."""
    import data.importers as importers

    monkeypatch.setattr(importers, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setenv("TRADEDASH_IMPORT_PROCESSES", "2")
    rows = [["World", "2,785.93 e", 1, 2], ["Turkmenistan", 1, 2, 3], ["Australia", 4, 5, 6]]
    return [
        write_workbook(tmp_path / "DOTS_1.xlsx", both(rows)),
        write_workbook(tmp_path / "DOTS_2.xlsx", both([["Turkmenistan", 1, "n/a", 1]])),
        write_workbook(tmp_path / "DOTS_3.xlsx", both(rows), reporter="Turkmenistan"),
    ]


def test_workers_give_the_results_of_one_process(tmp_path, monkeypatch):
    import data.importers as importers

    books = _batch(tmp_path, monkeypatch)
    good = [books[0], books[2]]
    if len(importers.os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: load_all never starts workers here")
    assert importers._workers(good) == 2
    pooled = list(importers.load_all(good))
    monkeypatch.setenv("TRADEDASH_IMPORT_PROCESSES", "1")
    alone = list(importers.load_all(good))
    for a, b in zip(pooled, alone, strict=True):
        assert a.observations.equals(b.observations)
        assert (a.file, list(a.row_of), a.warnings) == (b.file, list(b.row_of), b.warnings)


def test_a_workers_error_names_file_row_and_column(tmp_path, monkeypatch):
    from data.importers import import_paths
    from data.store import Store

    books = _batch(tmp_path, monkeypatch)
    store = Store(tmp_path / "store")
    with pytest.raises(ValidationError) as err:
        import_paths(store, books)
    e = err.value
    assert "DOTS_2.xlsx" in e.file and "Exports, FOB" in e.file
    assert (e.row, e.column) == (8, "D")
    assert not store.exists()


def test_one_core_loads_in_this_process(tmp_path, monkeypatch):
    import data.importers as importers

    books = _batch(tmp_path, monkeypatch)
    monkeypatch.setattr(importers.os, "sched_getaffinity", lambda pid: {0})

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool on one core")

    monkeypatch.setattr(importers, "ProcessPoolExecutor", no_pool)
    assert importers._workers(books) == 1
    assert len(list(importers.load_all([books[0], books[2]]))) == 2
