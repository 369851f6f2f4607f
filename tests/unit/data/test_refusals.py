"""Nothing taken means nothing written: a file from which no observation is taken is
refused (exit 2, naming the file and why), and a refused import leaves the store
byte-identical, manifest included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from data import importers
from data.schema import ValidationError
from data.store import MANIFEST, Store
from tests.conftest import FIXTURES, tree_digest

REFUSED = [
    # (fixture, words the refusal says)
    ("press/header_only.csv", "no data rows"),
    ("long/bad/header_only.csv", "no data rows"),
    ("wits/bad/header_only.csv", "no data rows"),
    ("comtrade/bad/header_only.csv", "no data rows"),
    ("imts/bad/header_only.csv", "no data rows"),
    ("stat_uz/bad/header_only.csv", "no data rows"),
    ("wits/bad/every_flow_unknown.csv", "3 row(s) with an unknown trade flow ('Transit')"),
    ("comtrade/bad/every_flow_a_subflow.csv", "another flow code"),
]


@pytest.fixture
def holding(tmp_path: Path) -> Store:
    """A user store that already holds one valid import."""
    store = Store(tmp_path / "store")
    importers.import_paths(store, [FIXTURES / "press" / "valid.csv"])
    return store


@pytest.mark.parametrize(("fixture", "words"), REFUSED)
def test_a_file_giving_nothing_is_refused_and_the_store_is_untouched(
    holding: Store, capsys: pytest.CaptureFixture[str], fixture: str, words: str
) -> None:
    before = tree_digest(holding.root)
    argv = ["import", str(FIXTURES / fixture), "--store", str(holding.root)]
    if fixture.startswith("stat_uz"):
        argv += ["--reporter", "UZB", "--flow", "import"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert Path(fixture).name in err and words in err, err
    assert "Traceback" not in err
    assert tree_digest(holding.root) == before  # the manifest too: byte-identical


def test_the_refusal_says_every_row_was_left_out(holding: Store) -> None:
    with pytest.raises(ValidationError) as err:
        importers.import_paths(holding, [FIXTURES / "wits" / "bad" / "every_flow_unknown.csv"])
    assert err.value.file == "every_flow_unknown.csv"
    assert str(err.value) == (
        "every_flow_unknown.csv: nothing to import: every row was left out (3 row(s) with an "
        "unknown trade flow ('Transit') skipped)"
    )


def test_one_empty_file_in_a_batch_refuses_the_batch(holding: Store) -> None:
    before = tree_digest(holding.root)
    batch = [FIXTURES / "wits" / "thousands_scale.csv", FIXTURES / "press" / "header_only.csv"]
    with pytest.raises(ValidationError, match=r"header_only\.csv"):
        importers.import_paths(holding, batch)
    assert tree_digest(holding.root) == before


def test_an_import_of_no_file_writes_nothing(tmp_path: Path, holding: Store) -> None:
    fresh = Store(tmp_path / "fresh")
    snap, parsed = importers.import_paths(fresh, [])
    assert parsed == [] and len(snap) == 0
    assert not (fresh.root / MANIFEST).exists()
    before = tree_digest(holding.root)
    importers.import_paths(holding, [])
    assert tree_digest(holding.root) == before


def test_a_refused_duplicate_names_a_column_the_press_file_has(holding: Store) -> None:
    with pytest.raises(ValidationError) as err:
        importers.import_paths(holding, [FIXTURES / "press" / "valid.csv"])
    header = (FIXTURES / "press" / "valid.csv").read_text().splitlines()[0].split(",")
    assert err.value.column in header and err.value.row == 2
    assert "already in the store" in str(err.value)


def test_wits_gross_flow_names_and_codes_are_both_understood(tmp_path: Path) -> None:
    names = importers.load(FIXTURES / "wits" / "gross_flow_names.csv").frame
    by_flow = names.set_index(names["flow"].astype(str))["value"]
    assert by_flow["export"] == pytest.approx(340_353_000) and len(names) == 2
    assert by_flow["import"] == pytest.approx(98_338_700)
    codes = importers.load(FIXTURES / "wits" / "flow_codes_only.csv").frame
    got = {(str(p), str(f)): v for p, f, v in codes[["partner", "flow", "value"]].to_numpy()}
    assert got == {
        ("TKM", "export"): pytest.approx(340_353_000),  # code 2
        ("TKM", "import"): pytest.approx(98_338_700),  # code 1
        ("UZB", "export"): pytest.approx(3_635_821_700),  # code 6, Gross Exp.
        ("UZB", "import"): pytest.approx(1_286_114_200),  # code 5, Gross Imp.
    }
    store = Store(tmp_path / "s")
    importers.import_paths(store, [FIXTURES / "wits" / "gross_flow_names.csv"])
    assert len(store.read()) == 2


def test_a_broken_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "series", "--format", "json",
         "--store", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[3],
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    # The reader goes away before the command writes (as `| head` does once it has its
    # lines), so every write meets a closed pipe.
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert err == ""  # no BrokenPipeError traceback, nothing at all
