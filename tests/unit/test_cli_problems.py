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


def comtrade_web_file(path: Path, n: int, unknown: dict[int, str]) -> Path:
    """A Comtrade web download of ``n`` rows; row ``i`` in ``unknown`` names that partner
    (no ISO code) instead of the United States. Returns the path."""
    lines = [
        "period,reporterCode,reporterISO,flowCode,partnerCode,partnerDesc,cmdCode,primaryValue"
    ]
    for i in range(n):
        if i in unknown:
            lines.append(f'2022,156,CHN,M,{990 + i},"{unknown[i]}",TOTAL,{i + 1}')
        else:
            lines.append(f"{1990 + i},156,CHN,M,842,,TOTAL,{i + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_unknown_country_name_is_listed(capsys, tmp_path):
    """Not only the first unknown partner name: each row that names one, in file order,
    the first one's line as before (file, row, column)."""
    unknown = {2: "Atlantis", 5: "Lemuria", 6: "Atlantis", 10: "Mu, nes"}
    src = comtrade_web_file(tmp_path / "web.csv", 12, unknown)
    store = tmp_path / "store"
    errors = tmp_path / "errors.csv"
    code, out, err = run(capsys, "import", src, "--store", store, "--errors", errors)
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(
        "tradedash: web.csv, row 4, column 'partnerDesc': unknown country name 'Atlantis'"
    )
    assert f"tradedash: {len(unknown)} problems:" in err
    written = read_csv(errors)
    assert [int(r["row"]) for r in written] == [i + 2 for i in sorted(unknown)]
    assert [r["value"] for r in written] == [unknown[i] for i in sorted(unknown)]
    assert {r["column"] for r in written} == {"partnerDesc"}
    assert all("unknown country name" in r["problem"] for r in written)
    assert not store.exists() or tree_digest(store) == {}


def test_every_row_already_stored_is_listed_and_the_store_kept(capsys, tmp_path):
    """A repeat of stored figures lists each repeated row, not a count alone."""
    store = tmp_path / "store"
    first_file = press_file(tmp_path / "first.csv", 5, set())
    assert run(capsys, "import", first_file, "--store", store)[0] == 0
    before = tree_digest(store)
    again = press_file(tmp_path / "again.csv", 5, set())
    errors = tmp_path / "errors.csv"
    code, _, err = run(capsys, "import", again, "--store", store, "--errors", errors)
    assert code == 2
    head = err.splitlines()[0]
    assert head.startswith("tradedash: again.csv, row 2, column 'value': this figure is already")
    assert "5 row(s) of this import are stored already" in head
    written = read_csv(errors)
    assert [int(r["row"]) for r in written] == [2, 3, 4, 5, 6]
    # the figure as stored (the file's USD million converted to USD)
    assert [r["value"] for r in written] == [f"{(100 + i) * 10**6} USD" for i in range(5)]
    assert all("already in the store" in r["problem"] for r in written)
    assert "tradedash: 5 problems:" in err
    assert tree_digest(store) == before


def test_repeats_are_bounded_like_every_other_problem(capsys, tmp_path):
    n = MAX_PROBLEMS + 7
    store = tmp_path / "store"
    assert run(capsys, "import", press_file(tmp_path / "a.csv", n, set()), "--store", store)[0] == 0
    before = tree_digest(store)
    errors = tmp_path / "errors.csv"
    again = press_file(tmp_path / "b.csv", n, set())
    code, _, err = run(capsys, "import", again, "--store", store, "--errors", errors)
    assert code == 2
    assert len(read_csv(errors)) == MAX_PROBLEMS
    assert f"tradedash: {n:,} problems:" in err and "… and 7 more, not listed" in err
    assert tree_digest(store) == before
