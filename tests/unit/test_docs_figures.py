"""The README's KAZ–TKM answer, tested against what ``tradedash scenario`` gives.

The figures an analyst checks first — P(reach $1B by 2028) before the figures published
since 2023, after 2024's bound and after January–September 2025, for the default and for
``parametric`` — are read from the README's sentences and computed here on the embedded
data (an empty user store), as the README states them: 10,000 paths, seed 0, two decimals.
A model change that moves them fails here until the README says the new figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.services import scenario_payload

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def bullet(start: str) -> str:
    """The README's bullet that starts with ``start``, its lines joined."""
    match = re.search(rf"^- {re.escape(start)}.*?(?=\n- |\n\n)", README, re.M | re.S)
    assert match, f"README has no bullet starting {start!r}"
    return " ".join(line.strip() for line in match.group(0).splitlines())


def said(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match, f"README: {pattern!r} not found in {text[:120]!r}…"
    return float(match.group(1))


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> dict[str, dict]:
    store = str(tmp_path_factory.mktemp("store"))
    return {
        m: scenario_payload("KAZ", "TKM", "trade_value", 1e9, 2028, method=m, store_dir=store)[0]
        for m in ("pooled", "parametric")
    }


def steps(payload: dict) -> tuple[float, float, float]:
    """P(reach) before the evidence, after the 2024 bound, after every figure."""
    (bound,) = [e for e in payload["evidence_used"] if e["role"] == "bound"]
    return (
        payload["p_reach_without_evidence"],
        bound["p_reach_after"],
        payload["p_reach_by_target_year"],
    )


def test_the_forecast_quality_bullet_gives_the_tools_answers(answers) -> None:
    text = bullet("**KAZ–TKM, $1B by 2028**")
    pooled = (
        said(r"\(the default\), \*\*(0\.\d\d)\*\*", text),
        said(r"raises it to (0\.\d\d)", text),
        said(r"brings it to \*\*(0\.\d\d)\*\*", text),
    )
    parametric = (
        said(r"(0\.\d\d) before,", text),
        said(r"(0\.\d\d) after 2024", text),
        said(r"(0\.\d\d) after 2025", text),
    )
    assert pooled == tuple(round(p, 2) for p in steps(answers["pooled"]))
    assert parametric == tuple(round(p, 2) for p in steps(answers["parametric"]))


def test_the_targets_bullet_gives_the_tools_answers(answers) -> None:
    text = bullet("**Targets**")
    assert said(r"seed 0: (0\.\d\d) with the default `pooled`", text) == round(
        answers["pooled"]["p_reach_by_target_year"], 2
    )
    assert said(r"\((0\.\d\d) before the figures published since 2023\)", text) == round(
        answers["pooled"]["p_reach_without_evidence"], 2
    )
    assert said(r"(0\.\d\d) with `parametric`", text) == round(
        answers["parametric"]["p_reach_by_target_year"], 2
    )
