"""What the commands print: a table, CSV or JSON; the problems of a refused import; progress."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.cli_tables import render
from dashboard.safety import safe_csv
from dashboard.views.data import problems_frame
from data.schema import ValidationError

FORMATS = ("table", "csv", "json")


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
