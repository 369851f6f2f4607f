"""Escaping by construction: every figure fed a hostile source title shows it as typed.

A citation is data (a press title, a file name typed by whoever wrote it), and plotly renders
``<a href>``, ``<b>``, ``<span style>`` in hover text, labels and legends. Each figure that
carries citations is built here with every source titled ``HOSTILE``; every string of the
figure (data and layout) must then hold no tag but plotly's own ``<br>`` / ``<extra>``, and
the title must be there, escaped, so the test cannot pass by showing no citation at all.
A source scan keeps new code from joining hover lines (``<br>``) or escaping on its own.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.reconcile import Reconciled
from dashboard.figures.overview import series_figure
from dashboard.figures.rail import rail_figure
from dashboard.figures.trade import TradeOptions, subannual_figure, trade_figure
from dashboard.safety import hover, plot_text

HOSTILE = 'Outlet <a href="javascript:alert(1)">click</a> <img src=x onerror=alert(2)> & "Co"'
SHOWN = plot_text(HOSTILE)
ALLOWED_TAGS = re.compile(r"<br>|<extra></extra>|<extra>|</extra>")
TAG = re.compile(r"<[^<>]*>")  # what plotly's text renderer splits out as a tag
DASHBOARD = Path(__file__).resolve().parents[4] / "dashboard"


def strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from strings(v)


def assert_shows_hostile_as_typed(fig: go.Figure) -> None:
    texts = list(strings(fig.to_plotly_json()))
    leaks = [t for t in texts if TAG.search(ALLOWED_TAGS.sub("", t))]
    assert leaks == []
    # Hovers wrap long lines (a break and an indent where a space was): read them unwrapped.
    unwrapped = [re.sub(r"<br> +", " ", t) for t in texts]
    assert any(SHOWN in t for t in unwrapped), "the hostile citation is not shown at all"
    assert '"Co"' in SHOWN and "&quot;" not in SHOWN  # plotly would print &quot; literally


def best(rows: list[tuple[int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "year": y, "period_start": f"{y}-01", "period_end": f"{y}-12", "value": v,
                "comparator": c, "kind": "reported", "method": "stated",
                "source_ids": (f"src:{y}",), "note": "",
            }
            for y, v, c in rows
        ]
    )  # fmt: skip


def reconciled(series: str, unit: str, rows, part=None) -> Reconciled:
    part_year = pd.DataFrame(
        part or [],
        columns=["period_start", "period_end", "value", "comparator", "kind", "source_ids"],
    )
    return Reconciled("AAA", "BBB", series, "total", unit, best(rows), best(rows), part_year)


class Everything(dict):
    """Citations in which every source id is titled ``HOSTILE``."""

    def get(self, key, default=None):
        return HOSTILE


ROWS = [(2021, 1.0e6, "="), (2022, 1.2e6, "~"), (2023, 1.3e6, ">")]


def test_overview_series_figure() -> None:
    fig = series_figure(reconciled("trade_value", "USD", ROWS), Everything())
    assert_shows_hostile_as_typed(fig)


def test_rail_figure() -> None:
    part = [("2024-01", "2024-06", 0.7e6, "=", "reported", ("src:p",))]
    freight = reconciled("rail_freight", "t", ROWS, part)
    capacity = reconciled("rail_capacity", "t", [(2022, 2e6, "="), (2030, 5e6, "=")])
    fig = rail_figure(freight, capacity, Everything())
    assert_shows_hostile_as_typed(fig)
    # every trace drawn from sourced figures cites them, bound, part-year and capacity too
    # (hovers wrapped to a phone's width: read unwrapped)
    shown = [SHOWN in re.sub(r"<br> +", " ", str(t.hovertext)) for t in fig.data]
    assert all(shown), [t.name for t in fig.data]


def test_trade_subannual_figure() -> None:
    points = pd.DataFrame(
        {
            "flow": ["total", "total"],
            "period": ["Q1 2024", "Q2 2024"],
            "value_usd": [1e8, 1.1e8],
            "kind": ["reported", "derived"],
            "source_ids": [("s1",), ("s1", "s2")],
        }
    )
    assert_shows_hostile_as_typed(subannual_figure(points, Everything()))


def test_trade_figure_sources_and_alternatives() -> None:
    row = {
        "flow": "turnover", "period": "2023", "year": 2023, "period_start": "2023-01",
        "period_end": "2023-12", "part_year": False, "value_usd": 563e6, "value": "$563M",
        "comparator": "=", "kind": "reported", "side": "reporter", "method": "stated",
        "category": "press", "yoy_pct": 28.0, "sources": f"{HOSTILE} + IMF",
        "source_ids": "s1;s2", "alternatives": f"★ = $563M reported — {HOSTILE}",
    }  # fmt: skip
    fig = trade_figure(pd.DataFrame([row]), TradeOptions(title=HOSTILE))
    # the title is the page's own words, not data; the hover holds the data
    hovers = [h for t in fig.data for h in (t.hovertext or [])]
    assert hovers and all(SHOWN in re.sub(r"<br> +", " ", h) for h in hovers)
    assert not any(TAG.search(ALLOWED_TAGS.sub("", h)) for h in hovers)


@pytest.mark.parametrize("line", ["<b>x</b>", "a<br>b", "&lt;", "x > y & z"])
def test_hover_escapes_each_line_and_joins_with_br(line: str) -> None:
    out = hover("head", line)
    head, rest = out.split("<br>", 1)
    assert head == "head" and "<" not in rest and ">" not in rest


def test_no_code_joins_hover_lines_or_escapes_on_its_own() -> None:
    """``<br>`` is written only in :mod:`dashboard.safety`; ``html.escape`` only there and in
    the HTML report (a real HTML document, where quotes must be escaped too)."""
    offenders = []
    for path in sorted(DASHBOARD.rglob("*.py")):
        rel = path.relative_to(DASHBOARD).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "<br" in node.value
                and rel != "safety.py"
            ):
                offenders.append(f"{rel}:{node.lineno} writes <br>")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "escape"
                and isinstance(node.value, ast.Name)
                and node.value.id == "html"
                and rel not in {"safety.py", "downloads.py"}
            ):
                offenders.append(f"{rel}:{node.lineno} calls html.escape")
    assert offenders == []
