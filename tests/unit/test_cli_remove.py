"""Imports across the two stores, and `tradedash remove`: an import the embedded dataset
already holds is refused (the two stores are read together, so it would count twice), and
an import can be taken out of the user store again, by source, in one atomic write."""

from __future__ import annotations

import json

import pytest

import data.store
from dashboard import cli
from data.store import Store, user_store
from tests.conftest import FIXTURES, tree_digest

VALID = FIXTURES / "press" / "valid.csv"
PRODUCTS = FIXTURES / "press" / "products_and_shares.csv"
OTHER = FIXTURES / "long" / "national_stats.csv"  # shares no source with valid.csv


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    """A stand-in for the embedded dataset holding ``valid.csv``'s figures."""
    where = tmp_path / "embedded"
    assert cli.main(["import", str(VALID), "--store", str(where)]) == 0
    monkeypatch.setattr(data.store, "embedded_store", lambda: Store(where))
    return where


def test_a_file_the_embedded_store_holds_is_refused_and_nothing_written(capsys, tmp_path, embedded):
    store = tmp_path / "user"
    assert run(capsys, "import", OTHER, "--store", store)[0] == 0
    before = tree_digest(store)
    code, out, err = run(capsys, "import", VALID, "--store", store)
    assert code == 2 and out == ""
    assert "valid.csv" in err and "embedded" in err and "counted twice" in err
    assert tree_digest(store) == before


def test_a_new_file_citing_an_embedded_source_id_is_refused(capsys, tmp_path, embedded):
    # Same rows, another file (so another checksum): the source id is what repeats.
    copy = tmp_path / "copy.csv"
    copy.write_text(VALID.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store = tmp_path / "user"
    code, _, err = run(capsys, "import", copy, "--store", store)
    assert code == 2
    assert "source id" in err and "embedded" in err
    assert not store.exists() or tree_digest(store) == {}


def test_the_real_embedded_press_file_is_refused(capsys, tmp_path, shared):
    store = tmp_path / "user"
    assert run(capsys, "import", PRODUCTS, "--store", store)[0] == 0
    before = tree_digest(store)
    code, _, err = run(capsys, "import", shared / "kaz-tkm-press-figures.csv", "--store", store)
    assert code == 2 and "embedded" in err
    assert tree_digest(store) == before


def _imported(capsys, store):
    assert run(capsys, "import", VALID, PRODUCTS, "--store", store)[0] == 0
    return user_store(store).read()


def test_remove_takes_out_one_source_and_its_rows(capsys, tmp_path):
    store = tmp_path / "user"
    snap = _imported(capsys, store)
    ids = snap.frame["source_id"].astype(str)
    victim = sorted(snap.sources)[1]
    n = int((ids == victim).sum())
    assert n > 0
    code, out, _ = run(capsys, "remove", "--source", victim, "--store", store, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["sources"] == [victim] and doc["observations"] == n
    assert doc["store_observations"] == len(snap) - n and doc["dry_run"] is False
    after = user_store(store).read()
    assert victim not in after.sources and len(after) == len(snap) - n
    assert victim not in set(after.frame["source_id"].astype(str))
    # The rows that stay are the rows that were there, untouched.
    kept = snap.frame[ids != victim].reset_index(drop=True)
    assert (
        after.frame.sort_values(["source_id", "ref"])
        .reset_index(drop=True)
        .equals(kept.sort_values(["source_id", "ref"]).reset_index(drop=True))
    )


def test_remove_dry_run_and_an_unknown_source_write_nothing(capsys, tmp_path):
    store = tmp_path / "user"
    snap = _imported(capsys, store)
    before = tree_digest(store)
    victim = sorted(snap.sources)[0]
    code, out, _ = run(capsys, "remove", "--source", victim, "--store", store, "--dry-run",
                       "--format", "csv")  # fmt: skip
    assert code == 0 and out.splitlines()[0] == "source_id,observations,citation,file"
    assert out.splitlines()[1].startswith(victim + ",")
    assert tree_digest(store) == before
    code, out, err = run(capsys, "remove", "--source", "press:nope", "--store", store)
    assert code == 2 and out == ""
    assert "press:nope" in err and all(s in err for s in snap.sources)
    assert tree_digest(store) == before


def test_removing_an_import_lets_it_be_imported_again(capsys, tmp_path):
    store = tmp_path / "user"
    snap = _imported(capsys, store)
    assert run(capsys, "import", VALID, "--store", store)[0] == 2  # within one store
    code, out, _ = run(capsys, "remove", *[a for s in snap.sources for a in ("--source", s)],
                       "--store", store, "--format", "table")  # fmt: skip
    assert code == 0 and all(s in out for s in snap.sources)
    assert len(user_store(store).read()) == 0
    assert run(capsys, "import", VALID, PRODUCTS, "--store", store)[0] == 0
    assert len(user_store(store).read()) == len(snap)
