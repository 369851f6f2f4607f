"""Every problem of a rejected file (issue 18, item 12): ``tradedash import`` prints them all
after the first one's line (file, row, column, as before), exits 2, and ``--errors FILE``
writes them as CSV (file, row, column, value, problem); the store is left as it was."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from dashboard import cli
from data.schema import MAX_PROBLEMS

HEADER = (
    "id,series,reporter_iso3,partner_iso3,flow,period_start,period_end,measure,comparator,"
    "value,unit,publisher,publisher_of_figure,title,url,published,note"
)


def press_file(path: Path, n: int, bad_month: set[int], bad_value: frozenset[int] = frozenset()):
    """``n`` yearly press rows; rows in ``bad_month`` end in month 13, rows in ``bad_value``
    have a value that is no number. Returns the file's row numbers of each (header = 1)."""
    lines = [HEADER]
    for i in range(n):
        year = 1000 + i
        end = f"{year}-13" if i in bad_month else f"{year}-12"
        value = "lots" if i in bad_value else str(100 + i)
        lines.append(
            f"x{i:04d},trade_value,KAZ,TKM,total,{year}-01,{end},level,=,{value},USD_million,"
            "Outlet A,Ministry,T,https://example.org/a,2024-05-27,"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_every_problem_is_printed_and_written_and_the_first_keeps_its_format(capsys, tmp_path):
    bad = {i for i in range(60) if i % 7 == 2}  # 9 of 60 rows, spread through the file
    src = press_file(tmp_path / "many.csv", 60, bad)
    errors = tmp_path / "errors.csv"
    code, out, err = run(capsys, "import", src, "--store", tmp_path / "store", "--errors", errors)
    assert code == 2 and out == ""
    rows = sorted(i + 2 for i in bad)  # file rows: the header is row 1
    first = err.splitlines()[0]
    assert first.startswith(f"tradedash: many.csv, row {rows[0]}, column 'period_end': ")
    assert f"({len(rows) - 1} more problem(s) found)" in first
    listed = [line for line in err.splitlines() if line.startswith("  many.csv, row ")]
    assert [int(line.split("row ")[1].split(",")[0]) for line in listed] == rows
    written = read_csv(errors)
    assert [int(r["row"]) for r in written] == rows
    assert {r["file"] for r in written} == {"many.csv"}
    assert {r["column"] for r in written} == {"period_end"}
    assert [r["value"] for r in written] == [f"{1000 + i}-13" for i in sorted(bad)]
    assert all("is not a month" in r["problem"] for r in written)
    assert list(written[0]) == ["file", "row", "column", "value", "problem"]


def test_problems_found_by_an_importer_are_listed_too(capsys, tmp_path):
    bad = frozenset({3, 11, 12, 30})
    src = press_file(tmp_path / "values.csv", 40, set(), bad)
    errors = tmp_path / "errors.csv"
    code, _, err = run(capsys, "import", src, "--dry-run", "--store", tmp_path, "--errors", errors)
    assert code == 2
    written = read_csv(errors)
    assert [int(r["row"]) for r in written] == sorted(i + 2 for i in bad)
    assert {r["value"] for r in written} == {"lots"} and {r["column"] for r in written} == {"value"}
    assert f"tradedash: {len(bad)} problems:" in err


def test_the_list_is_bounded_and_the_rest_counted(capsys, tmp_path):
    n = MAX_PROBLEMS + 234
    src = press_file(tmp_path / "huge.csv", n, set(range(n)))
    errors = tmp_path / "errors.csv"
    code, _, err = run(capsys, "import", src, "--dry-run", "--store", tmp_path, "--errors", errors)
    assert code == 2
    assert len(read_csv(errors)) == MAX_PROBLEMS
    assert f"({n - 1} more problem(s) found)" in err.splitlines()[0]
    assert f"tradedash: {n:,} problems:" in err
    assert "… and 234 more, not listed" in err


def test_a_rejected_file_leaves_the_store_byte_identical(capsys, tmp_path):
    store = tmp_path / "store"
    good = press_file(tmp_path / "good.csv", 3, set())
    assert run(capsys, "import", good, "--store", store)[0] == 0
    before = tree_digest(store)
    bad = press_file(tmp_path / "bad.csv", 30, {5, 6, 29})
    code, _, _ = run(capsys, "import", bad, "--store", store, "--errors", tmp_path / "e.csv")
    assert code == 2
    assert tree_digest(store) == before


def test_an_accepted_file_writes_a_header_only(capsys, tmp_path):
    errors = tmp_path / "errors.csv"
    src = press_file(tmp_path / "good.csv", 3, set())
    code, _, _ = run(capsys, "import", src, "--dry-run", "--store", tmp_path, "--errors", errors)
    assert code == 0
    assert errors.read_text(encoding="utf-8").strip() == "file,row,column,value,problem"
