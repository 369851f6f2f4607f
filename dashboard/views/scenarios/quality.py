"""How good is this fan?: the shipped backtest's coverage and reliability for the method in use."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd
import plotly.graph_objects as go

from analysis.backtest_summary import RELIABILITY_MIN_N
from analysis.wording import amount, probability
from analysis.world_known import WORLD_KNOWN

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
    chance: str | None = None  # see :func:`chance_words`
    wider: str | None = None  # see :func:`wider_words`
    known: str | None = None  # see :func:`known_words`


def fan_quality_view(summary: Mapping[str, Any], method: str, ratio: float) -> FanQuality:
    """:func:`fan_quality` with the reliability diagram built."""
    from dashboard.figures.scenarios import reliability_figure

    cov, reach = fan_quality(summary, method, ratio)
    figure = None if reach is None else reliability_figure(reach, method)
    return FanQuality(
        cov, reach, figure, chance_words(summary, method), wider_words(summary, method),
        known_words(summary, method),
    )  # fmt: skip


def known_words(summary: Mapping[str, Any], method: str) -> str | None:
    """How much of what the method misses is the world's (``pooled`` only): its Brier
    skill beside the diagnostic's that knew the world's next five years, on the same
    cases. ``None`` where the summary holds no such diagnostic."""
    methods = summary.get("methods", {})
    if method != "pooled" or not methods.get(WORLD_KNOWN) or not methods.get(method):
        return None

    def skills(m: str) -> list[float]:
        return [e["brier_skill"] for e in methods[m]["reach"] if e["brier_skill"] is not None]

    own, known = skills(method), skills(WORLD_KNOWN)
    if not own or not known:
        return None
    return (
        f"Scored again with the world's next five years known (a diagnostic: nobody knows "
        f"them when forecasting), the same cases give a Brier skill of {min(known):+.2f} to "
        f"{max(known):+.2f}, against this method's {min(own):+.2f} to {max(own):+.2f}. The "
        "difference is what the world's next years hold, which no figure at the forecast's "
        "date does."
    )


def size_words(
    summary: Mapping[str, Any], method: str, reach: Mapping[str, Any] | None, level: float | None
) -> str | None:
    """What the backtest found for cases the size of this base (its band of ``by_size``):
    how many, the P(reach) said for the diagram's ratio on average beside the share that
    reached, and the P10–P90 coverage at the full horizon. ``None`` without a reach entry
    or a ``level`` (a series other than a turnover in USD, the backtest's own), or where
    the method has no band holding ``level`` (a base below its smallest cases, say)."""
    if reach is None or level is None:
        return None
    bands = summary.get("methods", {}).get(method, {}).get("by_size") or []
    band = next(
        (b for b in bands if b["low"] <= level and (b["high"] is None or level < b["high"])),
        None,
    )
    if band is None:
        return None
    said = next((r for r in band["reach"] if r["ratio"] == reach["ratio"]), None)
    if said is None:
        return None
    span = (
        f"{amount(band['low'])} and more"
        if band["high"] is None
        else f"{amount(band['low'])}–{amount(band['high'])}"
    )
    horizon = summary.get("config", {}).get("horizon", 5)
    return (
        f"Cases of this size ({span} at the origin: {band['n']:,} of the "
        f"{summary.get('cases', 0):,}): P(reach ×{reach['ratio']:g}) said "
        f"{probability(said['mean_predicted'])} on average and "
        f"{probability(said['observed'])} reached; P10–P90 covered "
        f"{probability(band['coverage_p10_p90'])} of their {horizon}-year outcomes."
    )


def chance_words(summary: Mapping[str, Any], method: str) -> str | None:
    """How far off its worst bin the method would be by chance alone, where the shipped
    backtest measured it (``gap_floor``, for ``pooled``): the real worst gap beside the
    gaps of the same probabilities scored on outcomes drawn from the model itself."""
    floor = summary.get("gap_floor")
    if not floor or floor.get("method") != method:
        return None
    modes = floor["modes"]
    mode = modes.get("shifted") or modes.get("per_origin")
    if mode is None:
        return None
    return (
        f"Its worst reliability bin is {floor['real_worst_gap']:.2f} off the diagonal "
        f"(the target is {floor['tolerance']:g}). Cases from the same years share one "
        f"world economy, so their bins move together: if this method were exactly right, "
        f"its worst bin on these cases would be {mode['median']:.2f} off at the median "
        f"({mode['p10']:.2f}–{mode['p90']:.2f} in 8 draws of 10), and within "
        f"{floor['tolerance']:g} in {probability(mode['share_within_tolerance'])} of draws."
    )


def wider_words(summary: Mapping[str, Any], method: str) -> str | None:
    """The method scored on a longer history (``wider``, for ``pooled``): its worst bin
    there, what it said and what happened, beside a correct model's worst bin on those
    cases. ``None`` where the summary has no such run of the method."""
    wider = summary.get("wider") or {}
    m = wider.get("methods", {}).get(method)
    if not m:
        return None
    bins = [
        (e["ratio"], b) for e in m["reach"] for b in e["reliability"] if b["n"] >= RELIABILITY_MIN_N
    ]  # fmt: skip
    if not bins:
        return None
    ratio, worst = max(bins, key=lambda rb: abs(rb[1]["mean_predicted"] - rb[1]["observed"]))
    gap = abs(worst["mean_predicted"] - worst["observed"])
    origins = str(wider.get("config", {}).get("origins", "")).replace(":", "–")
    text = (
        f"On a longer history (origins {origins}, {wider.get('cases', 0):,} cases) its worst "
        f"bin is {gap:.2f} off: P(reach ×{ratio:g}) said {probability(worst['mean_predicted'])}"
        f" and {probability(worst['observed'])} reached (n = {worst['n']:,})."
    )
    floor = wider.get("gap_floor") or {}
    modes = list((floor.get("modes") or {}).values())
    if floor.get("method") == method and modes:
        medians = [s["median"] for s in modes]
        beyond = max(s["share_at_least_real"] for s in modes)
        draws = (
            "none of its draws was as far off as the real one"
            if beyond == 0
            else f"at most {probability(beyond)} of its draws were as far off as the real one"
        )
        text += (
            f" If it were exactly right, its worst bin there would be {min(medians):.2f}–"
            f"{max(medians):.2f} off at the median, and {draws}."
        )
    return text
