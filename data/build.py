"""Rebuild the embedded Kazakhstan–Turkmenistan dataset from ``shared/data``.

Deterministic: the same inputs give the same table and the same sidecar (no clock, no
machine path in it), so a test can rebuild it and compare with what is committed.

What goes in, and why:
* every press figure from ``kaz-tkm-press-figures.csv`` and
  ``kaz-tkm-press-figures-2024-2026.csv`` (bounds, growth rates, multiples, shares,
  targets, part-year windows and products as published; an article both files quote is
  one source);
* every IMF DOTS observation where Kazakhstan or Turkmenistan is the reporter or the
  partner, from all workbooks, so each side of the pair and its trade with the world
  are there, and mirror comparisons work without the raw workbooks;
* Kazakhstan's own statistics: the Bureau of National Statistics' foreign trade by
  country (``peer/kz_bns_foreign_trade_by_country_2022_2023.xls``), every partner and
  group row, exports and imports (official figures rank above the IMF's and the press's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import focus
from data import schema
from data import store as store_mod
from data.importers import bns, load_all, press, validate
from data.importers.base import Parsed
from data.store import Snapshot, Store

FOCUS = focus.PAIR
PRESS_FILES = ("kaz-tkm-press-figures.csv", "kaz-tkm-press-figures-2024-2026.csv")
DOTS_DIR = "imf-dots"
BNS_FILE = Path("peer") / "kz_bns_foreign_trade_by_country_2022_2023.xls"


def default_shared_dir() -> Path:
    """``shared/data`` beside the checkout (the project's documented layout)."""
    return Path(__file__).resolve().parents[2] / "shared" / "data"


def focus_rows(parsed: Parsed, focus: tuple[str, ...] = FOCUS) -> Parsed:
    """The rows where a focus country is reporter or partner, their file rows kept."""
    obs = parsed.observations
    codes = pa.array(focus)
    mask = pc.or_(pc.is_in(obs["reporter"], codes), pc.is_in(obs["partner"], codes))
    keep = mask.to_numpy(zero_copy_only=False)
    rows = np.asarray(parsed.row_of)[keep].tolist()
    return replace(parsed, observations=obs.filter(mask), row_of=rows)


def build(shared: Path, progress: Callable[[str], None] | None = None) -> Snapshot:
    """The embedded dataset as a snapshot, from the raw files under ``shared``."""
    parts = [press.load(shared / name) for name in PRESS_FILES]
    # Kazakhstan reports every row of its own table: all of it is focus.
    parts.append(focus_rows(bns.load(shared / BNS_FILE)))
    workbooks = sorted(
        (shared / DOTS_DIR).glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1])
    )
    if not workbooks:
        raise FileNotFoundError(f"no DOTS workbooks under {shared / DOTS_DIR}")
    # Read and tidied by one process per core (load_all), filtered here as they arrive.
    for wb, parsed in zip(workbooks, load_all(workbooks), strict=True):
        p = focus_rows(parsed)
        if len(p.observations):
            parts.append(p)
        if progress:
            progress(wb.name)
    # Validated once, as an import would be: an error names the file, row and column.
    return validate(parts)


def write_embedded(snap: Snapshot, target: Store | None = None) -> dict:
    target = target or store_mod.embedded_store()
    return target.write(
        snap.table, snap.sources.values(), note="built by `tradedash build-data` from shared/data"
    )


def equal_snapshots(a: Snapshot, b: Snapshot) -> bool:
    """Same observations (order-insensitive) and same sources."""

    def norm(s: Snapshot) -> pd.DataFrame:
        f = s.frame.astype(
            {c: str for c in schema.COLUMNS if c not in ("value", "partner_aggregate")}
        )
        return f.sort_values(list(schema.KEY)).reset_index(drop=True)

    return a.sources == b.sources and norm(a).equals(norm(b))
