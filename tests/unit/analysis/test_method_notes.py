"""The notes a scenario's method carries: a pooled fan for a base below every earlier case."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.forecast import fit_pooled_prior
from analysis.target import TargetParams, evaluate_target

YEARS = np.arange(1960, 2011)


@pytest.fixture(scope="module")
def prior():
    """A prior of 150 random walks around $500M, every case at or above $50M."""
    rng = np.random.default_rng(1)
    steps = rng.normal(0.0, 0.2, size=(150, len(YEARS)))
    values = np.exp(np.log(500e6) + np.cumsum(steps, axis=1))
    return fit_pooled_prior(values, YEARS, as_of_year=2010, min_level=50e6)


def notes_for(
    level: float, prior, method: str = "pooled", unit: str = "USD", flow: str = "total"
) -> list[str]:
    history = pd.Series(level * np.array([1.0, 1.2, 0.9, 1.1, 1.3]), index=range(2016, 2021))
    params = TargetParams(
        target_value=level * 2, target_year=2025, n_paths=300, method=method,  # type: ignore[arg-type]
        prior=prior, unit=unit, flow=flow,
    )  # fmt: skip
    return evaluate_target(history, params).notes


def test_a_base_below_every_earlier_case_is_noted(prior):
    notes = notes_for(48_669.0, prior)
    small = [n for n in notes if "below them all" in n]
    assert small == [
        "similar earlier cases (pooled): its earlier cases start at or above $50M, and the "
        "backtest judged it on those alone; this base (2020: $63.3K) is below them all, so "
        "the fan is what followed the most alike of those larger series, not a likelihood "
        "measured on series this small"
    ]


def test_a_base_among_the_earlier_cases_or_another_method_has_no_such_note(prior):
    assert not [n for n in notes_for(563e6, prior) if "below them all" in n]
    assert not [n for n in notes_for(50e6, prior) if "below them all" in n]  # at the floor
    assert not [n for n in notes_for(48_669.0, prior, "parametric") if "below them all" in n]


def test_a_one_way_flow_forecast_from_turnover_cases_is_noted(prior):
    def one_way(notes):
        return [n for n in notes if "whose own swings it did not measure" in n]

    assert one_way(notes_for(563e6, prior, flow="export")) == [
        "similar earlier cases (pooled): its earlier cases are pairs' trade turnover (USD), "
        "and the backtest judged it on those; this forecast is of exports (USD), whose own "
        "swings it did not measure"
    ]
    assert len(one_way(notes_for(563e6, prior, "random_walk", flow="import"))) == 1
    assert one_way(notes_for(563e6, prior)) == []  # turnover: what the backtest judged
    assert one_way(notes_for(563e6, prior, "parametric", flow="export")) == []  # no cases
