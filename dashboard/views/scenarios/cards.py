"""The scenario's four numbers: label, value, delta and help, for one target year.

One home for what the cards say, so that the year shown and the years sent ahead (drawn in
the browser when the slider steps to them) read alike, and the HTML report carries the
same numbers.
"""

from __future__ import annotations

from typing import NamedTuple

from analysis.target import TargetResult
from analysis.units import unit_of
from analysis.wording import amount, difference, probability, rate, years
from analysis.wording import label as words
from dashboard.views.scenarios.view import ScenarioAsk, pace_check


class ResultCard(NamedTuple):
    label: str
    value: str
    delta: str | None
    help: str


def result_cards(asked: ScenarioAsk, res: TargetResult) -> list[ResultCard]:
    """Required growth, the history's growth, the year that pace meets the target (with
    what the figures since say of that year), and P(reach by the target year) (with its
    change from the figures since the base year)."""
    h0, h1 = asked.history or (0, 0)
    goal = amount(asked.target, unit_of(asked.series))
    reached = res.year_reached_at_historical
    pace, pace_tip = pace_check(res)
    before = res.p_reach_without_evidence
    # The change in points alone: with its reason it was cut on a quarter of the page
    # ("−1.9 percentage poi…"); the tooltip says what moved it.
    moved_by = None if before is None else (
        f"{difference((res.p_reach_by_target_year - before) * 100, 'percent')[:-3]} points"
    )  # fmt: skip
    year = asked.target_year
    return [
        ResultCard(
            "Required growth", rate(res.required_cagr), None,
            f"Constant yearly growth from {res.base_year} to {goal} in {year}.",
        ),
        ResultCard(
            f"Growth {years(h0, h1)}", rate(res.historical_cagr), None,
            f"Compound yearly growth of the series from {h0} to {h1}.",
        ),
        ResultCard(
            "Reached at that pace", str(reached) if reached else "never", pace,
            f"First year the target is met if growth stays at {rate(res.historical_cagr)} a "
            f"year.{pace_tip}",
        ),
        ResultCard(
            f"P(reach by {year})", probability(res.p_reach_by_target_year), moved_by,
            f"Share of {asked.paths:,} simulated paths ({words(res.method)}, {words('seed')} "
            f"{asked.seed}) at or above the target by {year}, as of {res.as_of}"
            + (f"; {probability(before)} before the figures since {res.base_year}."
               if before is not None else "."),
        ),
    ]  # fmt: skip
