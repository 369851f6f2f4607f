"""Shared fixtures for the importer tests: the fixture directory and store helpers."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from data.importers import import_paths
from data.store import Store

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def tree_digest() -> Callable[[Path], dict[str, str]]:
    """sha256 of every file under a directory, by relative path: equal means byte-identical."""

    def digest(root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    return digest


@pytest.fixture
def round_trip(tmp_path: Path) -> Callable[[Path], tuple[pd.DataFrame, pd.DataFrame]]:
    """Import one file into an empty store; return (parsed frame, frame read back)."""

    def run(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
        store = Store(tmp_path / "store")
        _, parsed = import_paths(store, [path])
        back = store.read().frame
        return parsed[0].frame, back

    return run


def sorted_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as plain values in a stable order, for comparing parsed with stored."""
    keys = [
        "series",
        "reporter",
        "partner",
        "flow",
        "commodity",
        "period_start",
        "period_end",
        "measure",
    ]
    plain = frame.astype({c: str for c in frame.columns if c not in ("value", "partner_aggregate")})
    return plain.sort_values(keys).reset_index(drop=True)


@pytest.fixture
def same_rows() -> Callable[[pd.DataFrame, pd.DataFrame], None]:
    def check(parsed: pd.DataFrame, stored: pd.DataFrame) -> None:
        pd.testing.assert_frame_equal(sorted_rows(parsed), sorted_rows(stored), check_dtype=False)

    return check
