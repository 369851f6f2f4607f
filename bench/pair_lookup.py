"""``pair_lookup``: one pair's full history (KAZ–TKM, both directions) from a world store.

Subject: ``Store.read(pair_filter("KAZ", "TKM"))``. Baseline: DuckDB on the same Parquet
file (``SELECT * … WHERE reporter IN (…) AND partner IN (…)``, fetched as an Arrow table). Two
stores: (a) every DOTS workbook (built by ``import`` or here) and (b) a synthetic store of
50 million observations (5 million in quick mode; :mod:`bench.synthetic`). Each side runs
in its own process (:mod:`bench.pair_worker`): a warm-up lookup, then timed lookups in
the process, so both are measured warm (page cache, Parquet footer) and their peak RSS
(VmHWM) is their own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.common import ROOT, Result, Skipped, Target

SYNTHETIC_ROWS = 50_000_000
SYNTHETIC_ROWS_QUICK = 5_000_000


def _worker(engine: str, store: Path, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.pair_worker", engine, str(store), str(runs)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _compare(name: str, store: Path, runs: int) -> Result:
    # Store first, then DuckDB: the page cache is as warm for the second as for the first
    # after each side's own warm-up.
    ours = _worker("store", store, runs)
    duck = _worker("duckdb", store, runs)
    meta = json.loads((store / "store.meta.json").read_text())
    data_file = store / meta["data_file"]
    notes = [f"{meta['row_count']:,} observations, {data_file.stat().st_size / 1e6:.0f} MB file"]
    if ours["rows"] != duck["rows"]:
        notes.append(f"ROW COUNTS DIFFER: store {ours['rows']}, duckdb {duck['rows']}")
    return Result(
        name=name,
        unit="ms",
        samples=ours["times_ms"],
        baseline_name=f"{name}_duckdb",
        baseline_samples=duck["times_ms"],
        target=Target("ratio", max=1.2),
        extra={
            "observations": meta["row_count"],
            "rows_returned": ours["rows"],
            "baseline_rows_returned": duck["rows"],
            "peak_mb": ours["peak_mb"],
            "rss_after_import_mb": ours["rss_after_import_mb"],
            "baseline_peak_mb": duck["peak_mb"],
            "baseline_rss_after_import_mb": duck["rss_after_import_mb"],
            "file_mb": data_file.stat().st_size / 1e6,
        },
        notes=notes,
    )


def run_pair_lookup(quick: bool) -> list[Result]:
    from bench.importing import dots_store
    from bench.synthetic import synthetic_store

    runs = 9 if quick else 21
    results = []
    try:
        results.append(_compare("pair_lookup_dots", dots_store(), runs))
    except Skipped as exc:
        print(f"  pair_lookup_dots skipped: {exc}", flush=True)
    rows = SYNTHETIC_ROWS_QUICK if quick else SYNTHETIC_ROWS
    label = f"{rows // 1_000_000}m"
    results.append(_compare(f"pair_lookup_synthetic_{label}", synthetic_store(rows), runs))
    return results
