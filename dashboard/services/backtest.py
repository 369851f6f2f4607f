"""The forecast backtest: the embedded summary and a run on the stores."""

from __future__ import annotations

import multiprocessing as mp
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.backtest import BacktestConfig, run_backtest
from analysis.backtest_summary import RELIABILITY_TOLERANCE
from analysis.gap_floor import floor_cases, gap_floor, summarise_floor, worst_gap
from analysis.panel import Panel, turnover_panel
from dashboard.services.pairs import Progress, categories
from data.store import read_all

BACKTEST_SUMMARY = Path(__file__).resolve().parents[2] / "data" / "embedded" / "backtest.json"


def backtest_summary() -> dict[str, Any]:
    """The backtest summary that ships with the embedded data (``make backtest`` rebuilds
    it): per method, coverage by horizon and reliability per ratio."""
    import json

    try:
        return dict(json.loads(BACKTEST_SUMMARY.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}


def store_panel(store_dir: str | None = None, series: str = "trade_value") -> Panel:
    """Both stores' annual turnover of every pair (see ``analysis.panel``)."""
    snap = read_all(store_dir, filters=[("series", "==", series)])
    return turnover_panel(snap.frame, categories(snap), series=series)


def backtest_payload(
    store_dir: str | None = None,
    config: BacktestConfig | None = None,
    *,
    progress: Progress | None = None,
    panel: Panel | None = None,
    floor_replicates: int = 0,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash backtest``: rolling-origin scores of every method on the stores' pairs.

    The stores' turnover of every pair is read once (``analysis.panel``); each case reads
    its pair's years up to the origin only. The IMF DOTS store is one vintage (2022), so
    this is a pseudo-real-time backtest: each year is taken as known in its December, with
    no revision and no publication lag. With ``floor_replicates`` > 0 and ``pooled``
    among the methods, the result gains ``gap_floor`` (see :func:`gap_floor_payload`).
    """
    cfg = config or BacktestConfig()
    p = panel if panel is not None else store_panel(store_dir)
    result = _pooled_map(run_backtest, p, cfg, progress=progress)
    if floor_replicates > 0 and "pooled" in cfg.methods:
        result["gap_floor"] = gap_floor_payload(p, cfg, replicates=floor_replicates)
    rows = []
    for method, scores in result["methods"].items():
        for hz in scores["horizons"]:
            row: dict[str, Any] = {
                "method": method,
                "horizon": hz["horizon"],
                "coverage_p10_p90": round(hz["coverage_p10_p90"], 4),
                "coverage_p05_p95": round(hz["coverage_p05_p95"], 4),
                "crps_log": round(hz["crps_log"], 4),
            }
            for e in scores["reach"]:
                if e["horizon"] == hz["horizon"] and e["brier_skill"] is not None:
                    row[f"brier_skill_x{e['ratio']:g}"] = round(e["brier_skill"], 4)
            rows.append(row)
    return result, pd.DataFrame(rows)


def _pooled_map(run: Any, p: Panel, cfg: BacktestConfig, **kw: Any) -> Any:
    """``run(values, years, cfg, ...)`` on whole origins in two forked processes where
    the machine has them: the same numbers, in half the time."""
    workers = min(2, os.cpu_count() or 1)
    if workers > 1 and "fork" in mp.get_all_start_methods():
        with mp.get_context("fork").Pool(workers) as pool:
            return run(p.values, p.years, cfg, mapper=pool.map, processes=workers, **kw)
    return run(p.values, p.years, cfg, **kw)


def gap_floor_payload(
    panel: Panel, config: BacktestConfig, *, replicates: int = 200, seed: int = 0
) -> dict[str, Any]:
    """How large a worst reliability gap ``pooled`` would show on the backtest's cases if
    it were the true model (``analysis.gap_floor``), beside the real one."""
    cases, observed = _pooled_map(floor_cases, panel, config)
    prob = np.array([c.prob for c in cases])
    real = worst_gap(prob, observed)
    gaps = gap_floor(cases, config.ratios, replicates=replicates, rng=np.random.default_rng(seed))
    return {
        "method": "pooled",
        "cases": len(cases),
        "real_worst_gap": real,
        "tolerance": RELIABILITY_TOLERANCE,
        "seed": seed,
        "modes": summarise_floor(gaps, real, RELIABILITY_TOLERANCE),
    }
