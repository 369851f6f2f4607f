"""``batch_scenarios``: ``tradedash scenario --batch`` on 1,000 cases (target: well under a
minute on 2 cores, read as at most 30 s).

The cases are every pair of the embedded data (Kazakhstan's and Turkmenistan's partners)
whose turnover has a base year and a growth history, each with targets of 1.25, 1.5, 2
and 3 times its base level in three and five years, cut at 1,000; the default method and
paths, as an analyst running one scenario for every partner of a country would.
Baseline: the same first 50 cases run one at a time through ``scenario_payload`` (what a
loop over ``tradedash scenario`` would pay per case, minus the process start), scaled to
1,000 cases.
"""

from __future__ import annotations

import csv
import tempfile
import time
from pathlib import Path

from bench.common import Result, Target

CASES = 1000
TARGET_MS = 30_000.0
BASELINE_CASES = 50


def write_cases(path: Path, n: int = CASES) -> int:
    """Write ``n`` cases of the embedded pairs to ``path``; returns how many."""
    import pandas as pd

    from analysis.history import default_base_year, default_history
    from analysis.panel import turnover_panel
    from dashboard import services
    from data.store import embedded_store

    snap = embedded_store().read()
    panel = turnover_panel(snap.frame, services.categories(snap))
    rows = []
    for i in range(len(panel)):
        values = panel.values[i]
        s = pd.Series(values, index=panel.years).dropna()
        s = s[s > 0]
        if len(s) < 5:
            continue
        try:
            base = default_base_year(s)
            default_history(s, base)
        except ValueError:
            continue
        for years in (3, 5):
            for ratio in (1.25, 1.5, 2.0, 3.0):
                rows.append(
                    {
                        "case_id": f"{panel.reporters[i]}-{panel.partners[i]}-{ratio:g}x-{years}y",
                        "reporter": panel.reporters[i],
                        "partner": panel.partners[i],
                        "series": "trade_value",
                        "flow": "total",
                        "base_year": base,
                        "as_of": "",
                        "target_value": f"{float(s.loc[base]) * ratio:.6g}",
                        "target_year": base + years,
                    }
                )
    rows = rows[:n]
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return len(rows)


def run_batch(quick: bool) -> list[Result]:
    from dashboard import services

    runs = 1 if quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases.csv"
        n = write_cases(cases)
        store = str(Path(tmp) / "empty-store")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            _, rows = services.batch_payload(cases, store)
            samples.append((time.perf_counter() - start) * 1e3)
        first = list(csv.DictReader(cases.open()))[:BASELINE_CASES]
        start = time.perf_counter()
        for c in first:
            services.scenario_payload(
                c["reporter"],
                c["partner"],
                c["series"],
                float(c["target_value"]),
                int(c["target_year"]),
                base_year=int(c["base_year"]),
                store_dir=store,
            )
        single = (time.perf_counter() - start) * 1e3 * n / len(first)
    return [
        Result(
            name="batch_scenarios",
            unit="ms",
            samples=samples,
            baseline_name=f"single_scenarios_scaled_from_{BASELINE_CASES}",
            baseline_samples=[single],
            target=Target(of="median", max=TARGET_MS),
            notes=[f"{n} cases, {len(rows)} output rows, default method and 10,000 paths"],
        )
    ]
