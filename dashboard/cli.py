"""``tradedash``: the command line.

``tradedash`` alone, or ``tradedash run [--port N]``, starts the dashboard (Streamlit's
own ``STREAMLIT_*`` environment variables keep working); ``tradedash serve --processes N``
starts N of them behind nginx (:mod:`deploy.serve`). The other commands print data
and take ``--format table|csv|json``. Bad input exits with status 2 and one clear line
naming the file, row and column; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import focus
from analysis.amounts import parse_amount
from analysis.backtest import ALL_METHODS, BacktestConfig
from analysis.forecast import DEFAULT_METHOD, METHODS
from analysis.units import SERIES_UNITS
from dashboard import services
from dashboard.cli_tables import render
from dashboard.safety import safe_csv
from dashboard.views.data import PROBLEM_COLUMNS, problems_frame
from data.schema import ValidationError
from data.store import StoreError

FORMATS = ("table", "csv", "json")
APP = Path(__file__).resolve().parent / "streamlit_app.py"


def _emit(payload: Any, rows: pd.DataFrame, fmt: str, command: str = "") -> None:
    if fmt == "json":
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False, default=_jsonable)
        sys.stdout.write("\n")
    elif fmt == "csv":
        rows.to_csv(sys.stdout, index=False)
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        with pd.option_context(
            "display.max_rows", 500, "display.width", width, "display.max_colwidth", 80
        ):
            sys.stdout.write(render(command, payload, rows, width) + "\n")


def _jsonable(x: Any) -> Any:
    if hasattr(x, "item"):
        return x.item()
    if isinstance(x, tuple | set):
        return list(x)
    raise TypeError(f"not JSON serialisable: {type(x).__name__}")


def _add_format(p: argparse.ArgumentParser, choices: Sequence[str] = FORMATS) -> None:
    p.add_argument("--format", choices=choices, default="table", help="output format")


def _code(text: str) -> str:
    """A country code as the stores write it: ``kaz`` is ``KAZ``."""
    return text.strip().upper()


#: ``--flow``: the data model's words, and the pages' (exports, imports, turnover).
FLOW_WORDS = {"export": "export", "import": "import", "total": "total", "exports": "export",
              "imports": "import", "turnover": "total"}  # fmt: skip


def _flow(text: str) -> str:
    word = text.strip().lower()
    if word not in FLOW_WORDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a flow (choose from {', '.join(FLOW_WORDS)})"
        )
    return FLOW_WORDS[word]


def _check_pair(reporter: str, partner: str, store: str | None) -> None:
    """``LookupError`` (exit 2) naming the valid choices when the stores lack the pair."""
    from dashboard.views import pairs as pair_views

    held = services.trade_pairs(store)
    why = pair_views.missing_pair_message(
        held, reporter, partner, "add one with tradedash import or tradedash fetch"
    )
    if why is None:
        return
    known = pair_views.codes(held)
    if reporter not in known or partner not in known:
        raise LookupError(f"{why}. Codes in the stores: {', '.join(known)}")
    raise LookupError(
        f"{why}. {reporter} trades with: {', '.join(pair_views.partners_of(held, reporter))}"
    )


def _add_pair(p: argparse.ArgumentParser) -> None:
    r, q = focus.PAIR
    p.add_argument("--reporter", default=r, type=_code, help=f"ISO alpha-3 code (default {r})")
    p.add_argument("--partner", default=q, type=_code, help=f"ISO alpha-3 code (default {q})")
    p.add_argument(
        "--series", default="trade_value", help="trade_value, rail_freight, … (default trade_value)"
    )
    p.add_argument(
        "--store",
        default=None,
        help="user store directory (default $TRADEDASH_STORE or a per-user dir)",
    )


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


def _history(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        a, b = (int(x) for x in text.split(":"))
    except ValueError:
        raise SystemExit(f"tradedash: --history takes START:END years, got {text!r}") from None
    return a, b


def _years(text: str, option: str) -> tuple[int, int]:
    try:
        a, b = (int(x) for x in text.split(":"))
    except ValueError:
        raise ValueError(f"{option} takes START:END years, got {text!r}") from None
    return a, b


def _backtest_config(args: argparse.Namespace) -> BacktestConfig:
    try:
        ratios = tuple(float(r) for r in args.ratios.split(",") if r.strip())
    except ValueError:
        raise ValueError(
            f"--ratios takes numbers separated by commas, got {args.ratios!r}"
        ) from None
    return BacktestConfig(
        origins=_years(args.origins, "--origins"),
        horizon=args.horizon,
        min_level=args.min_level,
        ratios=ratios,
        sample=args.sample,
        seed=args.seed,
        methods=tuple(m.strip() for m in args.method.split(",") if m.strip()),
        n_paths=args.paths,
    )


def _fetch_years(text: str | None) -> tuple[int, int]:
    """``--years 2015:2025`` (or one year); the default is the last ten full years."""
    if not text:
        import datetime

        last = datetime.date.today().year - 1
        return last - 9, last
    try:
        parts = [int(x) for x in text.split(":")]
    except ValueError:
        raise SystemExit(f"tradedash: --years takes START:END, got {text!r}") from None
    if len(parts) == 1:
        return parts[0], parts[0]
    if len(parts) != 2:
        raise SystemExit(f"tradedash: --years takes START:END, got {text!r}")
    return parts[0], parts[1]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    cmd = args.command or "run"
    payload: Any
    try:
        if cmd == "run":
            return _run(getattr(args, "port", None), getattr(args, "store", None))
        if cmd == "serve":
            return _serve(args)
        if cmd in ("series", "nowcast", "mirror") or (cmd == "scenario" and not args.batch):
            _check_pair(args.reporter, args.partner, args.store)
        if cmd == "import":
            payload, rows = services.import_files(
                args.paths,
                args.store,
                dry_run=args.dry_run,
                progress=_progress,
                reporter=args.reporter,
                flow=args.flow,
            )
        elif cmd == "remove":
            payload, rows = services.remove_payload(args.source, args.store, dry_run=args.dry_run)
        elif cmd == "fetch" and args.latest:
            payload, rows = services.latest_available(
                [args.source],
                args.reporter,
                args.partner,
                freq=args.freq,
                flow=args.flow,
                store_dir=args.store,
                base_url=args.base_url,
            )
        elif cmd == "fetch":
            payload, rows = services.fetch_source(
                args.source,
                args.reporter,
                args.partner,
                years=_fetch_years(args.years),
                freq=args.freq,
                commodity=args.commodity,
                flow=args.flow,
                store_dir=args.store,
                base_url=args.base_url,
                cache_dir=args.cache,
                refresh=args.refresh,
                dry_run=args.dry_run,
                progress=_progress,
            )
        elif cmd == "series":
            payload, rows = services.series_payload(
                args.reporter,
                args.partner,
                args.series,
                args.flow,
                args.store,
                deflator=args.deflator,
                price_base=args.price_base,
                commodity=args.commodity,
            )
        elif cmd == "scenario" and args.batch is not None:
            payload, rows = services.batch_payload(args.batch, args.store)
        elif cmd == "scenario":
            if args.target is None or args.by is None:
                raise ValueError("scenario needs --target and --by (or --batch FILE)")
            payload, rows = services.scenario_payload(
                args.reporter,
                args.partner,
                args.series,
                parse_amount(args.target, SERIES_UNITS.get(args.series, "USD")),
                args.by,
                base_year=args.base_year,
                history=_history(args.history),
                paths=args.paths,
                seed=args.seed,
                method=args.method,
                store_dir=args.store,
                as_of=args.as_of,
                flow=args.flow,
            )
        elif cmd == "backtest":
            payload, rows = services.backtest_payload(
                args.store, _backtest_config(args), progress=_progress
            )
        elif cmd == "nowcast":
            payload, rows = services.nowcast_payload(
                args.reporter, args.partner, args.series, args.year, args.store
            )
        elif cmd == "mirror":
            payload, rows = services.mirror_payload(
                args.reporter, args.partner, args.factor, args.store
            )
        elif cmd == "claims":
            payload, rows = services.claims_payload(args.file, args.store)
        elif cmd == "build-data":
            payload, rows = services.build_data(args.shared, check=args.check, progress=_progress)
        else:  # pragma: no cover - argparse rejects unknown commands
            raise SystemExit(2)
    except (ValidationError, StoreError, ValueError, LookupError, FileNotFoundError) as exc:
        sys.stderr.write(f"tradedash: {exc}\n")
        if isinstance(exc, ValidationError):
            _report_problems(exc, getattr(args, "errors", None))
        return 2
    if getattr(args, "errors", None) is not None:
        args.errors.write_bytes(safe_csv(pd.DataFrame(columns=list(PROBLEM_COLUMNS))))
    try:
        _emit(payload, rows, args.format, cmd)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped early (``… | head``): end quietly, as a Unix filter does. Any
        # output Python still holds goes to /dev/null so the exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return 0 if not (isinstance(payload, dict) and payload.get("ok") is False) else 1


def _report_problems(exc: ValidationError, errors: Path | None) -> None:
    """After the first problem's line, every problem of the file (at most
    ``schema.MAX_PROBLEMS``, with the count of the rest), and the error CSV when asked."""
    frame = problems_frame(exc)
    if exc.total > 1:
        sys.stderr.write(f"tradedash: {exc.total:,} problems:\n")
        for p in exc.problems:
            where = [p.file or ""] + [f"row {p.row}"] * (p.row is not None)
            where += [f"column {p.column!r}"] * bool(p.column)
            sys.stderr.write(f"  {', '.join(w for w in where if w)}: {p.problem}\n")
        if exc.total > len(exc.problems):
            sys.stderr.write(f"  … and {exc.total - len(exc.problems):,} more, not listed\n")
    if errors is not None:
        errors.write_bytes(safe_csv(frame))
        sys.stderr.write(f"tradedash: the problems are written to {errors}\n")


def _progress(done: int, total: int, name: str) -> None:
    if sys.stderr.isatty() or os.environ.get("TRADEDASH_PROGRESS"):
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}"
        )
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _serve(args: argparse.Namespace) -> int:
    """Check the store location, then hand over to :mod:`deploy.serve`."""
    from dashboard import uploads
    from data.backends import is_uri
    from data.store import user_store
    from deploy import serve

    store = args.store
    user_store(store)  # an unknown scheme is an error before anything starts
    if store and not is_uri(store):
        store = str(Path(store).resolve())
    try:
        return serve.main(
            args.processes,
            args.port,
            host=args.host,
            store=store,
            run_dir=args.run_dir,
            nginx=args.nginx,
            upload_limit_mb=max(1, math.ceil(uploads.upload_limit_mb(os.environ))),
        )
    except serve.ServeError as exc:
        sys.stderr.write(f"tradedash serve: {exc}\n")
        return 1


def _run(port: int | None, store: str | None) -> int:
    """Start Streamlit on the dashboard; Streamlit's env vars and config still apply."""
    from streamlit.web import cli as stcli

    from data.backends import is_uri
    from data.store import user_store

    user_store(store)  # an unknown scheme is an error here, not in every session
    if store:
        os.environ["TRADEDASH_STORE"] = store if is_uri(store) else str(Path(store).resolve())
    # Streamlit reads .streamlit/config.toml from the working directory. Started from
    # elsewhere, run from the project so the shipped, hardened config applies; a config
    # of the user's own in the working directory wins.
    shipped = APP.parents[1] / ".streamlit" / "config.toml"
    if shipped.is_file() and not Path(".streamlit/config.toml").is_file():
        os.chdir(shipped.parents[1])
    argv = ["streamlit", "run", str(APP)]
    if port is not None:
        argv += ["--server.port", str(port)]
    sys.argv = argv
    return int(stcli.main() or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
