"""The real files in shared/data: every workbook imports; the embedded data rebuilds."""

from __future__ import annotations

import pytest

from data import build, importers, store
from data.build import equal_snapshots

pytestmark = pytest.mark.shared


def test_all_235_workbooks_import_into_a_world_store(shared, tmp_path):
    books = sorted((shared / "imf-dots").glob("DOTS_*.xlsx"))
    assert len(books) == 235
    s = store.Store(tmp_path / "world")
    snap, parsed = importers.import_paths(s, books)
    f = snap.frame
    # 2,607,443 filled cells, less the repeated Australia row at the top of every sheet
    repeats = sum(w.count("repeats") for p in parsed for w in p.warnings)
    assert repeats == 460  # 230 workbooks repeat it in both sheets
    assert len(snap) == 2_588_627
    assert f["reporter"].nunique() == 234  # Nicaragua has two workbooks
    assert (f["kind"] == "mirror").sum() > 0 and (f["kind"] == "estimated").sum() > 0
    # a few pairs against the workbooks' own cells (US dollars, millions)
    kaz = f[(f["reporter"] == "KAZ") & (f["partner"] == "TKM")].set_index(["flow", "period_start"])[
        "value"
    ]
    assert kaz[("export", "2019-01")] == pytest.approx(116.159409e6)
    assert kaz[("import", "2015-01")] == pytest.approx(63.705322e6)
    assert s.read(verify=True).table.num_rows == len(snap)


def test_embedded_dataset_equals_a_fresh_rebuild(shared):
    fresh = build.build(shared)
    committed = store.embedded_store().read(verify=True)
    assert len(fresh) == len(committed)
    assert equal_snapshots(fresh, committed)
