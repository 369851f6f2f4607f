"""Shared test helpers: where the real data lives, and store hashing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared" / "data"


def shared_or_skip() -> Path:
    if not (SHARED / "imf-dots").is_dir():
        pytest.skip(
            f"the real data is not beside the checkout ({SHARED.name} missing): "
            "these tests read shared/data, which is never committed"
        )
    return SHARED


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its sha256: equal digests mean byte-identical."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def shared() -> Path:
    return shared_or_skip()


def validated(path: Path, named: object = None):  # type: ignore[no-untyped-def]
    """``path`` through the import path without a store: detected, loaded, refused when
    nothing is taken, and validated once, as ``data.store.merge`` validates an import."""
    from data import importers

    parsed = importers.load(path, named)  # type: ignore[arg-type]
    importers.validate([parsed])
    return parsed
