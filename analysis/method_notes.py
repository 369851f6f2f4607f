"""The method a scenario's paths use, and the notes on what it can say.

A method asked for is replaced where it cannot run (``pooled`` without earlier cases to
pool from, ``parametric`` on one growth), and its answer is qualified where it says less
than it seems to: a spread from fewer than :data:`FEW_GROWTHS` growths, a pooled fan for
a base below every earlier case it draws on, or for a one-way flow when its earlier cases
are turnovers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.forecast import METHODS, Method
from analysis.wording import amount, label, series_label

if TYPE_CHECKING:
    from analysis.target import TargetParams

FEW_GROWTHS = 4  # fewer yearly growths than this say little of a series' spread: noted


def chosen(params: TargetParams, n_growths: int) -> tuple[Method, list[str]]:
    """The method used, and a note where it is not the one asked for."""
    method = params.method
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    notes: list[str] = []
    if method in ("pooled", "random_walk") and params.prior is None:
        notes.append(
            f"{label(method)}: the stores hold too few earlier cases of this series to pool "
            f"from; {label('parametric')} used instead"
        )
        method = "parametric"
    if method == "parametric" and n_growths < 2:
        notes.append(f"one growth point in the history: {label('bootstrap')} used instead "
                     f"of {label('parametric')}")  # fmt: skip
        method = "bootstrap"
    if method in ("parametric", "bootstrap") and n_growths < FEW_GROWTHS:
        # KAZ–TKM rail, 2022–2024: +20.4 % and +23.1 % gave P(reach 2 Mt by 2028) = 100 %.
        many = "" if n_growths == 1 else "s"
        notes.append(f"P(reach) rests on the spread of {n_growths} yearly growth{many} "
                     f"({label(method)}): too few to say how far the series can swing, so read "
                     "it as the arithmetic of that growth more than as a likelihood")  # fmt: skip
    return method, notes


def below_the_library(
    method: Method, params: TargetParams, base_year: int, base_value: float
) -> list[str]:
    """A note where the pooled method forecasts a base below every earlier case it draws
    on (ETH–KAZ's 2020 turnover, $48.7K, against cases of $50M and more): what followed
    those larger series, which the backtest judged, says less of one this small."""
    prior = params.prior
    if method != "pooled" or prior is None or base_value >= prior.min_level:
        return []
    return [
        f"{label('pooled')}: its earlier cases start at or above "
        f"{amount(prior.min_level, params.unit)}, and the backtest judged it on those alone; "
        f"this base ({base_year}: {amount(base_value, params.unit)}) is below them all, so the "
        "fan is what followed the most alike of those larger series, not a likelihood "
        "measured on series this small"
    ]


def one_way(method: Method, params: TargetParams) -> list[str]:
    """A note where the pooled earlier cases (or the random walk's volatility) come from
    pairs' turnover and the forecast is of one flow (``tradedash scenario --flow export``):
    the backtest judged turnovers, whose swings are a sum's, not one flow's."""
    if method not in ("pooled", "random_walk") or params.prior is None:
        return []
    if params.series != "trade_value" or params.flow in ("total", ""):
        return []
    return [
        f"{label(method)}: its earlier cases are pairs' {series_label('trade_value')}, and "
        f"the backtest judged it on those; this forecast is of "
        f"{series_label(params.series, params.flow)}, whose own swings it did not measure"
    ]
