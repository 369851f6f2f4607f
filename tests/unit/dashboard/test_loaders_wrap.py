"""``dashboard/loaders.py`` holds cache wrappers only: each cached function hands its
arguments (and other cached pieces) to one call; deciding, looping and assembling a view
happen in ``services`` or ``views``, where they are tested without Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

LOADERS = Path(__file__).resolve().parents[3] / "dashboard" / "loaders.py"
DECIDING = (
    ast.If,
    ast.IfExp,
    ast.For,
    ast.While,
    ast.Try,
    ast.With,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def deciding(source: str) -> list[str]:
    """``name:line`` of each control-flow statement or expression inside a function."""
    return [
        f"{fn.name}:{node.lineno}"
        for fn in ast.parse(source).body
        if isinstance(fn, ast.FunctionDef)
        for node in ast.walk(fn)
        if isinstance(node, DECIDING)
    ]


def test_loaders_decide_nothing():
    assert deciding(LOADERS.read_text(encoding="utf-8")) == []


def test_the_check_sees_a_decision():
    probe = "def f(m):\n    return g() if m == 'pooled' else None\n"
    assert deciding(probe) == ["f:2"]
