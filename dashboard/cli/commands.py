"""``main``: each command handed to its use case in :mod:`dashboard.services`, its errors
turned into one line and exit status 2."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.amounts import parse_amount
from analysis.units import SERIES_UNITS
from dashboard import services
from dashboard.cli.arguments import _backtest_config, _check_pair, _fetch_years, _history
from dashboard.cli.output import _emit, _progress, _report_problems
from dashboard.cli.parser import build_parser
from dashboard.cli.serving import _run, _serve
from dashboard.safety import safe_csv
from dashboard.views.data import PROBLEM_COLUMNS
from data.schema import ValidationError
from data.store import StoreError


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
                args.store, _backtest_config(args), progress=_progress, floor_replicates=args.floor
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
