"""One side of ``pair_lookup``, in its own process so its peak memory is its own.

``python -m bench.pair_worker store|duckdb STORE_DIR RUNS``: one warm-up lookup, then
RUNS timed lookups of the pair KAZ–TKM (both directions); prints one JSON line with the
times (ms), the rows returned, the RSS after imports and the peak RSS (VmHWM), in MB.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

A, B = "KAZ", "TKM"
QUERY = "SELECT * FROM read_parquet(?) WHERE reporter IN (?, ?) AND partner IN (?, ?)"


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _lookup(engine: str, root: Path) -> Callable[[], int]:
    if engine == "store":
        from data.store import Store, pair_filter

        store = Store(root)
        return lambda: len(store.read(pair_filter(A, B)))
    import duckdb

    data_file = str(root / json.loads((root / "store.meta.json").read_text())["data_file"])
    con = duckdb.connect()

    def query() -> int:
        table = con.execute(QUERY, [data_file, A, B, A, B]).to_arrow_table()
        return int(table.num_rows) if table is not None else 0

    return query


def main(argv: list[str]) -> None:
    engine, root, runs = argv[0], Path(argv[1]), int(argv[2])
    lookup = _lookup(engine, root)
    after_import = _status_mb("VmRSS")
    rows = lookup()  # warm-up: imports on first use, footers, page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lookup()
        times.append((time.perf_counter() - start) * 1e3)
    out = {
        "engine": engine,
        "times_ms": times,
        "rows": rows,
        "rss_after_import_mb": after_import,
        "peak_mb": _status_mb("VmHWM"),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
