"""The Target scenarios page's sentences: what is forecast, a base year that moved, a
target already passed, and what the fan's backtest was run on. Pure: the page says them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.wording import amount, probability, series_label, stated

#: The flow control's options in words ("Reporter" is the reporter's code on the page).
FLOWS = {
    "total": "Turnover (both ways)",
    "export": "Reporter's exports",
    "import": "Reporter's imports",
}


def forecast_words(reporter: str, partner: str, series: str, flow: str) -> str:
    """What the scenario forecasts, by the countries' names: ``trade turnover (USD)``,
    ``Kazakhstan's exports to Turkmenistan (USD)``, ``rail freight (tonnes)``."""
    if series == "trade_value" and flow == "export":
        return f"{reporter}'s exports to {partner} (USD)"
    if series == "trade_value" and flow == "import":
        return f"{reporter}'s imports from {partner} (USD)"
    return series_label(series, flow)


def base_moved_words(before: int, after: int, pair: str, what: str, flow: str) -> str:
    """A base year that moved with a new pair, series or flow, and why it is the new one;
    ``what`` is :func:`forecast_words` (a one-way flow's names the countries already)."""
    whose = what if flow in ("export", "import") else f"{pair}'s {what}"
    return (
        f"Base year changed from {before} to {after} with the new pair, series or flow: "
        f"{after} is the latest year of {whose} with an exact full-year figure and one for "
        "the year before."
    )


def already_above_words(base_year: int | None, base: float, target: float, unit: str) -> str:
    """A target at or below the base year's level: nothing to grow, the level to hold."""
    goal = amount(target, unit)
    return (
        f"Already above the target: {base_year}'s {amount(base, unit)} is at or above "
        f"{goal}, so no growth is needed; the numbers say whether the level stays above it."
    )


def backtest_words(
    method_words: str, config: Mapping[str, Any], reach: Mapping[str, Any], pooled: bool
) -> str:
    """What the shipped backtest of the method in use was run on, and its Brier skill."""
    origins = str(config.get("origins", "")).replace(":", "–")
    return (
        f"Backtest of {method_words} on the IMF's world trade figures: rolling origins "
        f"{origins}, pairs {stated(config.get('min_level'), 'USD', '>')}, P(reach "
        f"×{reach['ratio']:g} its level within {config.get('horizon', 5)} years) (the ratio "
        f"nearest to this target's). Brier skill against the climatology "
        f"{reach['brier_skill']:+.3f}. Rebuilt by make backtest."
        + (" Here, pooled draws from the pairs of the stores at hand." if pooled else "")
    )


def evidence_words(p_before: float | None, base_year: int, target_year: int, as_of: str) -> str:
    """The caption of the table of figures since the base year."""
    return (
        f"P(reach by {target_year}) was {probability(p_before)} from {base_year} alone; each "
        f"row gives it once that figure and those above were applied. As of {as_of}."
    )


#: What the columns of the table of the world's stretches hold (its headers are short, to
#: fit a phone).
WORLD_TABLE_NOTE = (
    "Each row is one five-year stretch of the world of the stores' pairs (their mean path "
    "from one origin year), drawn alike into the paths: its change against the mean of "
    "every stretch (to the target year, five years at most), P(reach) on the paths that "
    "drew it, and their share of the answer once the figures since the base year are "
    "applied."
)
