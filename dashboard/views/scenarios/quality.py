"""How good is this fan?: the shipped backtest's coverage and reliability for the method in use."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

from analysis.wording import probability

ROLE_WORDS = {
    "pin": "pins the year",
    "bound": "bound: no path on the wrong side",
    "part_level": "part of the year, through its share",
    "part_growth": "growth on the same months a year earlier",
    "part_bound": "bound on part of the year",
}


def fan_quality(
    summary: Mapping[str, Any], method: str, ratio: float
) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    """From the shipped backtest summary: the method's coverage by horizon (``horizon``,
    ``P10–P90``, ``P5–P95``, target 80 % and 90 %) and the reach entry of the backtest
    ratio nearest to ``ratio`` (target ÷ base); empty and ``None`` when the summary lacks
    the method."""
    m = summary.get("methods", {}).get(method)
    if not m:
        return pd.DataFrame(columns=["horizon", "P10–P90", "P5–P95"]), None
    cov = pd.DataFrame(
        {
            "horizon": [f"{c['horizon']} yr" for c in m["coverage"]],
            "P10–P90": [probability(c["coverage_p10_p90"]) for c in m["coverage"]],
            "P5–P95": [probability(c["coverage_p05_p95"]) for c in m["coverage"]],
        }
    )
    reach = min(m["reach"], key=lambda e: abs(math.log(e["ratio"]) - math.log(max(ratio, 1e-9))))
    return cov, reach


class FanQuality(NamedTuple):
    """What "How good is this fan?" shows for a method (see :func:`fan_quality`)."""

    coverage: pd.DataFrame
    reach: dict[str, Any] | None
    figure: go.Figure | None


def fan_quality_view(summary: Mapping[str, Any], method: str, ratio: float) -> FanQuality:
    """:func:`fan_quality` with the reliability diagram built."""
    from dashboard.figures.scenarios import reliability_figure

    cov, reach = fan_quality(summary, method, ratio)
    return FanQuality(cov, reach, None if reach is None else reliability_figure(reach, method))
