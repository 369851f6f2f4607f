"""``import``: every IMF DOTS workbook into an empty store, against calamine alone.

Subject: ``data.importers.import_paths`` (detect, read, tidy, validate, one atomic write)
into a fresh store. Baseline: python-calamine reading every sheet of the same files
(``to_python``), the floor for any importer built on it. openpyxl's read time
(``read_only=True``, ``values_only``) is reported for reference: on all files in full
mode, on 20 and scaled in quick mode. The last import's store is kept in
``bench/.cache/dots_store_rg<row group size>`` for ``pair_lookup``.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import CACHE, Result, Skipped, Target, alternate

OPENPYXL_QUICK_FILES = 20


def dots_files() -> list[Path]:
    from data.build import DOTS_DIR, default_shared_dir

    folder = default_shared_dir() / DOTS_DIR
    files = sorted(folder.glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1]))
    if not files:
        raise Skipped(f"no DOTS workbooks under {folder} (../shared/data/imf-dots is absent)")
    return files


def read_calamine(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    rows = 0
    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            rows += len(wb.get_sheet_by_name(name).to_python())
    return rows


def read_openpyxl(files: list[Path]) -> int:
    import openpyxl

    rows = 0
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                rows += sum(1 for _ in ws.iter_rows(values_only=True))
        finally:
            wb.close()
    return rows


def import_into(folder: Path, files: list[Path]) -> int:
    from data.importers import import_paths
    from data.store import Store

    shutil.rmtree(folder, ignore_errors=True)
    snap, _ = import_paths(Store(folder), files)
    return len(snap)


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def dots_store_dir() -> Path:
    from data.store import ROW_GROUP_SIZE

    return CACHE / f"dots_store_rg{ROW_GROUP_SIZE}"


def dots_store(folder: Path | None = None) -> Path:
    """The world store of all DOTS workbooks in ``folder`` (default :func:`dots_store_dir`),
    built once: the workbooks alone, not read beside the embedded dataset."""
    folder = folder or dots_store_dir()
    if not (folder / "store.meta.json").is_file():
        print("  building the DOTS world store (all workbooks) …", flush=True)
        import_into(folder, dots_files())
    return folder


def run_import(quick: bool) -> list[Result]:
    files = dots_files()
    runs = 1 if quick else 5
    work = CACHE / "import_run"
    counts: dict[str, int] = {}
    # Warm-up: the page cache holds the files, the importers' modules are loaded.
    read_calamine(files)
    import_into(work, files[:3])

    def subject() -> float:
        return _seconds(lambda: counts.__setitem__("observations", import_into(work, files)))

    def baseline() -> float:
        return _seconds(lambda: counts.__setitem__("rows", read_calamine(files)))

    a, b = alternate(subject, baseline, runs, warmup=0)
    one = _one_process(lambda: import_into(work, files), 1 if quick else 3)
    final = dots_store_dir()
    shutil.rmtree(final, ignore_errors=True)
    work.rename(final)

    sample = files if not quick else files[:OPENPYXL_QUICK_FILES]
    scale = len(files) / len(sample)
    opx = _seconds(lambda: read_openpyxl(sample)) * scale
    from data.importers import _workers

    workers = _workers(files)
    notes = [
        f"{len(files)} workbooks → {counts['observations']:,} observations; read and parsed "
        f"by {workers} process(es) (one per core), then validated and written in one; the "
        "calamine baseline reads in one process"
    ]
    if quick:
        notes.append("quick: 1 measured run, no full warm-up run")
    imp = Result(
        name="import",
        unit="s",
        samples=a,
        baseline_name="read_calamine",
        baseline_samples=b,
        target=Target("ratio", max=2.0),
        extra={
            "workbooks": len(files),
            "observations": counts["observations"],
            "sheet_rows": counts["rows"],
            "processes": workers,
        },
        notes=notes,
    )
    ref = Result(
        name="read_openpyxl_reference",
        unit="s",
        samples=[opx],
        baseline_name="read_calamine",
        baseline_samples=b,
        extra={"workbooks_read": len(sample), "scaled_by": scale},
        notes=[
            "openpyxl read_only, values_only, all sheets; for reference, 1 run"
            + (f"; {len(sample)} workbooks × {scale:.2f}" if quick else "")
        ],
    )
    single = Result(
        name="import_one_process_reference",
        unit="s",
        samples=one,
        baseline_name="read_calamine",
        baseline_samples=b,
        extra={"processes": 1},
        notes=["the same import with TRADEDASH_IMPORT_PROCESSES=1; for reference"],
    )
    return [imp, single, ref]


def _one_process(fn: Callable[[], object], runs: int) -> list[float]:
    old = os.environ.get("TRADEDASH_IMPORT_PROCESSES")
    os.environ["TRADEDASH_IMPORT_PROCESSES"] = "1"
    try:
        return [_seconds(fn) for _ in range(runs)]
    finally:
        if old is None:
            os.environ.pop("TRADEDASH_IMPORT_PROCESSES", None)
        else:
            os.environ["TRADEDASH_IMPORT_PROCESSES"] = old
