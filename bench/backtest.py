"""``python -m bench.backtest`` (``make backtest``): the forecast methods on the DOTS world.

Imports all 235 IMF DOTS workbooks into ``bench/.cache/dots-world`` once (about 10 s;
reused while it exists), builds every pair's reconciled turnover, and runs the rolling-
origin backtest of ``analysis.backtest`` with the issue's settings: origins 1999–2015,
five years ahead, pairs with turnover >= $50M at the origin, targets 1.25, 1.5, 1.776 and
2 times the origin's level, 6,000 cases drawn with seed 0, 2,000 paths per case, every
method and baseline, and the diagnostic ``pooled_world_known`` (``pooled`` with the
world's next five years known: ``analysis.world_known``). Then ``pooled`` and the
diagnostic again, the same way, on the longer history of origins 1975–2015
(``--wider``): eras the issue's 17 origins do not hold. Writes:

* ``bench/results/backtest.json``: the whole result, dated, with the command;
* ``bench/results/backtest.md``: the README's table;
* ``data/embedded/backtest.json``: the summary the scenario page's "How good is this
  fan?" shows (coverage by horizon, reliability tables), shipped with the embedded data.

DOTS is one 2022 vintage, so this is a pseudo-real-time backtest: a year is taken as
known in its December, without revisions or publication lags (see the README).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.backtest import ALL_METHODS, BacktestConfig
from analysis.world_known import WORLD_KNOWN
from bench.common import CACHE, RESULTS, environment

WORLD = CACHE / "dots-world"
EMBEDDED_SUMMARY = Path(__file__).resolve().parents[1] / "data" / "embedded" / "backtest.json"
COMMAND = "make backtest"
#: The longer history ``pooled`` is scored on as well, and its floor's replicates at most.
WIDER, WIDER_FLOOR = "1975:2015", 100


def world_store() -> Path:
    """The world store, imported from ``../shared/data/imf-dots`` on first use.

    The DOTS workbooks alone, in a store of their own: not read beside the embedded
    dataset (which holds some of the same workbooks, and would refuse them as imported
    twice), so every pair of the world is there once.
    """
    from bench.importing import dots_store

    return dots_store(WORLD)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """What the page shows: per method, coverage by horizon, reliability per ratio at the
    full horizon, Brier skill per ratio, and the checks."""
    out: dict[str, Any] = {
        "source": "tradedash backtest on the IMF DOTS world store (make backtest)",
        "date": result["date"],
        "config": result["config"],
        "cases": result["cases"],
        "pairs": result["pairs"],
        "methods": {},
    }
    if "gap_floor" in result:
        out["gap_floor"] = result["gap_floor"]
    if "wider" in result:  # pooled on a longer history (see main)
        out["wider"] = {k: v for k, v in summary(result["wider"]).items() if k != "source"}
    horizon = result["config"]["horizon"]
    for method, scores in result["methods"].items():
        out["methods"][method] = {
            "coverage": [
                {k: h[k] for k in ("horizon", "coverage_p10_p90", "coverage_p05_p95")}
                for h in scores["horizons"]
            ],
            "reach": [
                {
                    k: e[k]
                    for k in (
                        "ratio",
                        "brier",
                        "brier_climatology",
                        "brier_skill",
                        "reliability",
                        "worst_reliability_gap",
                    )
                }
                for e in scores["reach"]
                if e["horizon"] == horizon
            ],
            "checks": scores["checks"],
            "by_size": scores.get("by_size", []),
        }
    return out


def table(result: dict[str, Any]) -> str:
    """The README's table: one row per method."""
    horizon = result["config"]["horizon"]
    ratios = result["config"]["ratios"]
    head = (
        "| method | P10–P90 coverage, 1 → 5 years | P5–P95, 1 → 5 | CRPS (log), 1 / 5 | "
        + " | ".join(f"Brier skill ×{r:g}" for r in ratios)
        + " | worst reliability gap (n ≥ 50) | meets all three |"
    )
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for method, s in result["methods"].items():
        cov = " / ".join(f"{h['coverage_p10_p90']:.2f}" for h in s["horizons"])
        cov90 = " / ".join(f"{h['coverage_p05_p95']:.2f}" for h in s["horizons"])
        crps = f"{s['horizons'][0]['crps_log']:.3f} / {s['horizons'][-1]['crps_log']:.3f}"
        skills = [
            f"{e['brier_skill']:+.3f}"
            for e in s["reach"]
            if e["horizon"] == horizon and e["brier_skill"] is not None
        ]
        c = s["checks"]
        meets = "**yes**" if c["passes"] else "no"
        if method == WORLD_KNOWN:  # reads the years after the origin: not a forecast
            meets = "— (diagnostic: the world's next five years known)"
        lines.append(
            f"| `{method}` | {cov} | {cov90} | {crps} | " + " | ".join(skills)
            + f" | {c['reliability_gap_worst']:.3f} | {meets} |"
        )  # fmt: skip
    return "\n".join(lines) + "\n"


def floor_text(floor: dict[str, Any] | None) -> str:
    """The README's lines on the worst gap a correct ``pooled`` would show (none without)."""
    if not floor:
        return ""
    names = {
        "per_case": "each case its own world",
        "per_origin": "one world per origin year",
        "shifted": "the origins reliving earlier years in order",
    }
    lines = [
        f"\nIf `pooled` were the true model, its worst gap on these {floor['cases']:,} cases "
        f"(real: {floor['real_worst_gap']:.3f}) would be:\n"
    ]
    for mode, s in floor["modes"].items():
        lines.append(
            f"- {names[mode]} ({s['replicates']} draws): median {s['median']:.3f}, "
            f"P10–P90 {s['p10']:.3f}–{s['p90']:.3f}; within ±{floor['tolerance']:g} "
            f"{s['share_within_tolerance']:.0%} of the time; at or above the real gap "
            f"{s['share_at_least_real']:.0%}"
        )
    return "\n".join(lines) + "\n"


def wider_text(wider: dict[str, Any] | None) -> str:
    """The README's lines on ``pooled`` scored on a longer history (none without)."""
    if not wider:
        return ""
    c = wider["config"]
    return (
        f"\n`pooled` on origins {c['origins'].replace(':', '–')} ({wider['cases']:,} of "
        f"{wider['eligible_cases']:,} eligible cases, {c['n_paths']:,} paths, seed "
        f"{c['seed']}):\n\n" + table(wider) + floor_text(wider.get("gap_floor"))
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.backtest", description=__doc__.splitlines()[0]
    )
    p.add_argument("--sample", type=int, default=6000)
    p.add_argument("--paths", type=int, default=2000)
    p.add_argument("--method", default=",".join(ALL_METHODS))
    p.add_argument("--no-embed", action="store_true", help="leave data/embedded/ alone")
    p.add_argument(
        "--floor-replicates", type=int, default=200,
        help="replicates of the worst gap a correct pooled model shows (0: skip)",
    )  # fmt: skip
    p.add_argument(
        "--wider", default=WIDER,
        help=f"pooled again on these origins, START:END ({WIDER}; 'none': skip)",
    )  # fmt: skip
    args = p.parse_args(argv)
    from dashboard import services

    cfg = BacktestConfig(sample=args.sample, n_paths=args.paths, seed=0,
                         methods=tuple(args.method.split(",")))  # fmt: skip
    started = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        sys.stderr.write(f"\r{done}/{total} cases, {what}, {time.perf_counter() - started:.0f} s ")
        sys.stderr.flush()

    panel = services.store_panel(str(world_store()))
    result, _ = services.backtest_payload(
        config=cfg, progress=progress, panel=panel, floor_replicates=args.floor_replicates
    )
    if args.wider != "none" and "pooled" in cfg.methods:
        start, end = (int(y) for y in args.wider.split(":"))
        again = tuple(m for m in cfg.methods if m in ("pooled", WORLD_KNOWN))
        wide = replace(cfg, origins=(start, end), methods=again)
        result["wider"], _ = services.backtest_payload(
            config=wide, progress=progress, panel=panel,
            floor_replicates=min(args.floor_replicates, WIDER_FLOOR),
        )  # fmt: skip
        result["wider"]["date"] = datetime.now(UTC).date().isoformat()
    sys.stderr.write("\n")
    result["date"] = datetime.now(UTC).date().isoformat()
    result["command"] = COMMAND
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["environment"] = environment()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "backtest.json").write_text(json.dumps(result, indent=1) + "\n")
    md = table(result) + floor_text(result.get("gap_floor")) + wider_text(result.get("wider"))
    (RESULTS / "backtest.md").write_text(md)
    if not args.no_embed:
        EMBEDDED_SUMMARY.write_text(json.dumps(summary(result), indent=1) + "\n")
    sys.stdout.write(md + f"\n{result['cases']} cases, {result['seconds']} s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
