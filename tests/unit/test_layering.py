"""The one-way layering, checked by parsing imports: analysis ← data ← dashboard ← deploy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RULES = {
    "analysis": {"data", "dashboard", "streamlit", "plotly"},
    "data": {"dashboard", "streamlit", "plotly", "deploy"},
    # Process supervision only: the app is started as a command, never imported.
    "deploy": {"analysis", "data", "dashboard", "streamlit", "plotly"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_does_not_import_upwards(package):
    bad = {
        str(p.relative_to(ROOT)): imported_roots(p) & RULES[package]
        for p in (ROOT / package).rglob("*.py")
    }
    assert not {k: v for k, v in bad.items() if v}


def test_only_pages_router_and_loaders_import_streamlit():
    allowed = {"streamlit_app.py", "loaders.py", "ui.py"}
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "dashboard").rglob("*.py")
        if "streamlit" in imported_roots(p)
        and p.name not in allowed
        and p.parent.name != "app_pages"
        and p.relative_to(ROOT).as_posix() != "dashboard/cli/serving.py"  # `tradedash run`
        # A custom component's Python side is Streamlit's component API and nothing else.
        and p.relative_to(ROOT).parts[:2] != ("dashboard", "components")
    ]
    assert offenders == []


def test_cache_decorators_live_in_loaders_only():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "dashboard").rglob("*.py")
        if p.name != "loaders.py"
        and ("cache_data" in p.read_text() or "cache_resource" in p.read_text())
    ]
    assert offenders == []
