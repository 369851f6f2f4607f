"""analysis/ stays pure: no UI, plotting, dataset-layer or file imports (parsed, not run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "analysis"
FORBIDDEN_MODULES = ("streamlit", "plotly", "data", "dashboard", "requests", "urllib", "pathlib")
FORBIDDEN_CALLS = ("open", "print", "read_csv", "read_parquet", "to_csv", "to_parquet")


def modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def test_package_found() -> None:
    assert len(modules()) >= 5


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_no_forbidden_imports_or_io(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {name}"
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            assert called not in FORBIDDEN_CALLS, f"{path.name} calls {called}()"
