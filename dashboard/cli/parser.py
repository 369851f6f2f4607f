"""The parser: every command, its options and their help."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from analysis.backtest import ALL_METHODS
from analysis.forecast import DEFAULT_METHOD, METHODS
from dashboard.cli.arguments import _add_pair, _flow
from dashboard.cli.output import _add_format


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradedash",
        description="Bilateral trade analytics with a source behind every "
        "number. Without a command: start the dashboard.",
    )
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="start the dashboard (default command)")
    run.add_argument(
        "--port", type=int, default=None, help="port (default 8501, or $STREAMLIT_SERVER_PORT)"
    )
    run.add_argument("--store", default=None, help="user store directory")

    sv = sub.add_parser(
        "serve", help="a team deployment: N app processes behind nginx, in the foreground"
    )
    sv.add_argument(
        "--processes",
        type=int,
        default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2,
        help="app processes (default: one per CPU core)",
    )
    sv.add_argument("--port", type=int, default=8501, help="nginx's port (default 8501)")
    sv.add_argument("--host", default="127.0.0.1", help="nginx's address (default 127.0.0.1)")
    sv.add_argument("--store", default=None, help="user store: a directory or s3://bucket/prefix")
    sv.add_argument(
        "--run-dir",
        type=Path,
        default=None,
        help="nginx's config, pid, logs and temp files (default $TMPDIR/tradedash-serve-PORT)",
    )
    sv.add_argument("--nginx", default=None, help="the nginx binary (default: Debian's)")

    imp = sub.add_parser("import", help="import files into the user store")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.add_argument("--store", default=None, help="user store directory")
    imp.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    imp.add_argument(
        "--errors",
        type=Path,
        default=None,
        metavar="FILE",
        help="write every problem of a rejected file to FILE as CSV (file, row, column, "
        "value, problem); a header only when there is none",
    )
    imp.add_argument(
        "--reporter",
        default=None,
        help="for a wide table that does not state it (stat.uz): the reporter, ISO alpha-3",
    )
    imp.add_argument(
        "--flow",
        choices=("import", "export"),
        default=None,
        help="for a wide table that does not state it (stat.uz): the direction",
    )
    _add_format(imp)

    rm = sub.add_parser(
        "remove", help="take an import out of the user store, by source (one atomic write)"
    )
    rm.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="SOURCE_ID",
        help="the source to remove with every row citing it (repeatable)",
    )
    rm.add_argument("--store", default=None, help="user store directory")
    rm.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    _add_format(rm)

    fe = sub.add_parser(
        "fetch", help="bring a pair's figures from a public API (comtrade, imf, wits)"
    )
    fe.add_argument("source", choices=("comtrade", "imf", "wits"))
    fe.add_argument("--reporter", required=True, help="ISO alpha-3 code")
    fe.add_argument("--partner", required=True, help="ISO alpha-3 code")
    fe.add_argument("--years", default=None, help="START:END (default the last ten years)")
    fe.add_argument("--freq", choices=("A", "M"), default="A", help="annual or monthly")
    fe.add_argument("--commodity", default="TOTAL", help="TOTAL (default) or an HS code")
    fe.add_argument("--flow", choices=("export", "import", "all"), default="all")
    fe.add_argument("--store", default=None, help="user store directory")
    fe.add_argument("--base-url", default=None, help="another host for the source's API")
    fe.add_argument(
        "--cache", type=Path, default=None, help="response cache (default $TRADEDASH_CACHE)"
    )
    fe.add_argument("--refresh", action="store_true", help="send every request again")
    fe.add_argument("--dry-run", action="store_true", help="fetch and validate; write nothing")
    fe.add_argument(
        "--latest",
        action="store_true",
        help="fetch nothing: the newest period the source has for the pair, beside the stores'",
    )
    _add_format(fe)

    ser = sub.add_parser("series", help="the reconciled annual series of a pair")
    _add_pair(ser)
    ser.add_argument(
        "--flow", default="total", type=_flow, help="export, import or total (default)"
    )
    ser.add_argument(
        "--commodity",
        default="TOTAL",
        help="TOTAL (default, all goods), an HS code (1001 wheat) or a group (HS01-24)",
    )
    ser.add_argument(
        "--deflator", type=Path, default=None, help="CSV of year, price index: show constant prices"
    )
    ser.add_argument(
        "--price-base",
        type=int,
        default=None,
        help="base year of the constant prices (default: the deflator's last)",
    )
    _add_format(ser)

    sc = sub.add_parser("scenario", help="growth needed for a target, and its likelihood")
    _add_pair(sc)
    sc.add_argument(
        "--target",
        default=None,
        help="target in base units: 1e9, 1bn, 1,000,000,000, 1000M (tonnes: 15Mt)",
    )
    sc.add_argument("--by", type=int, default=None, help="target year")
    sc.add_argument("--flow", default="total", type=_flow, help="export, import or total (default)")
    sc.add_argument(
        "--batch",
        type=Path,
        default=None,
        help="a CSV of cases (case_id, reporter, partner, series, flow, base_year, as_of, "
        "target_value, target_year[, method, paths, seed, history_start, history_end])",
    )
    sc.add_argument("--base-year", type=int, default=None)
    sc.add_argument("--history", default=None, help="growth history window START:END")
    sc.add_argument("--paths", type=int, default=10_000)
    sc.add_argument("--seed", type=int, default=0)
    sc.add_argument("--method", choices=METHODS, default=DEFAULT_METHOD)
    sc.add_argument(
        "--as-of",
        default=None,
        help="answer as known at this month, YYYY-MM (default: the latest month in the stores)",
    )
    _add_format(sc)

    bt = sub.add_parser("backtest", help="rolling-origin scores of the forecast methods")
    bt.add_argument("--store", default=None, help="user store directory")
    bt.add_argument("--origins", default="1999:2015", help="origin years START:END (1999:2015)")
    bt.add_argument("--horizon", type=int, default=5, help="years ahead (5)")
    bt.add_argument("--min-level", type=float, default=50e6, help="level at the origin (50e6)")
    bt.add_argument(
        "--ratios", default="1.25,1.5,1.776,2", help="targets as multiples of the origin's level"
    )
    bt.add_argument("--sample", type=int, default=None, help="score N cases drawn at random")
    bt.add_argument("--seed", type=int, default=0)
    bt.add_argument("--paths", type=int, default=2000, help="simulated paths per case (2000)")
    bt.add_argument(
        "--method",
        default=",".join(ALL_METHODS),
        help=f"comma-separated methods (default all: {','.join(ALL_METHODS)})",
    )
    bt.add_argument(
        "--floor",
        type=int,
        default=0,
        metavar="N",
        help="with pooled: N draws of the worst reliability gap pooled would show on the "
        "same cases if it were the true model (JSON's gap_floor; 0: none)",
    )
    _add_format(bt)

    nc = sub.add_parser("nowcast", help="full-year estimates from part-year figures")
    _add_pair(nc)
    nc.add_argument("--year", type=int, required=True)
    _add_format(nc)

    mi = sub.add_parser("mirror", help="exports beside the partner's imports, CIF/FOB adjusted")
    _add_pair(mi)
    mi.add_argument("--factor", type=float, default=1.06, help="CIF/FOB factor (default 1.06)")
    _add_format(mi)

    cl = sub.add_parser("claims", help="check claims against the data")
    cl.add_argument(
        "file",
        nargs="?",
        type=Path,
        default=None,
        help="a press-figures CSV; without it, the headline claims",
    )
    cl.add_argument("--store", default=None)
    _add_format(cl)

    bd = sub.add_parser("build-data", help="rebuild the embedded dataset from shared/data")
    bd.add_argument("--shared", type=Path, default=None, help="the shared/data directory")
    bd.add_argument(
        "--check",
        action="store_true",
        help="compare a fresh build with the committed dataset; write nothing",
    )
    _add_format(bd)

    return parser
