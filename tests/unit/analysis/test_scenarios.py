"""scenarios: required growth, year reached, projections, Monte Carlo fans."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import GrowthUndefined, MissingYears
from analysis.scenarios import (
    Scenario,
    historical_cagr,
    log_growths,
    order_statistics,
    project,
    project_scenarios,
    required_growth,
    simulate,
    year_reached,
)

BASE, BASE_YEAR, TARGET = 563e6, 2023, 1e9
# Yearly log growths of a series that went 100 -> 150 -> 180 -> 270 (made up, varied).
HISTORY = np.log([1.5, 1.2, 1.5])


# --- required_growth / year_reached -----------------------------------------------------


@pytest.mark.parametrize(
    ("target_year", "rate"),
    [(2025, 0.333), (2026, 0.211), (2027, 0.154), (2028, 0.122), (2030, 0.0855)],
)
def test_required_growth_563m_to_1bn(target_year: int, rate: float) -> None:
    assert required_growth(BASE, TARGET, BASE_YEAR, target_year) == pytest.approx(rate, abs=5e-4)


@pytest.mark.parametrize("target_year", [2023, 2020])
def test_required_growth_target_year_not_after_base(target_year: int) -> None:
    with pytest.raises(ValueError, match="not after"):
        required_growth(BASE, TARGET, BASE_YEAR, target_year)


@pytest.mark.parametrize("base", [0.0, -5.0])
def test_required_growth_zero_or_negative_base(base: float) -> None:
    with pytest.raises(GrowthUndefined):
        required_growth(base, TARGET, BASE_YEAR, 2028)


def test_required_growth_target_already_reached_is_negative() -> None:
    assert required_growth(1e9, 5e8, 2023, 2024) == pytest.approx(-0.5)
    assert required_growth(1e9, 1e9, 2023, 2030) == 0.0


def test_required_growth_nan_target() -> None:
    with pytest.raises(ValueError):
        required_growth(BASE, math.nan, BASE_YEAR, 2028)


def test_year_reached_at_12_2_percent_is_2028() -> None:
    assert year_reached(BASE, TARGET, BASE_YEAR, 0.122) == 2028  # 1.122**5 = 1.779 > 1.776


def test_year_reached_just_short_rate_takes_a_year_more() -> None:
    assert year_reached(BASE, TARGET, BASE_YEAR, 0.121) == 2029  # 1.121**5 = 1.770 < 1.776


@pytest.mark.parametrize("rate", [0.0, -0.1])
def test_year_reached_never_without_growth(rate: float) -> None:
    assert year_reached(BASE, TARGET, BASE_YEAR, rate) is None


def test_year_reached_already_there() -> None:
    assert year_reached(TARGET, BASE, BASE_YEAR, -0.5) == BASE_YEAR


def test_year_reached_zero_base() -> None:
    with pytest.raises(GrowthUndefined):
        year_reached(0.0, TARGET, BASE_YEAR, 0.1)


# --- project / project_scenarios --------------------------------------------------------


def test_project_constant_rate() -> None:
    out = project(100.0, 2023, 2, 0.1)
    assert list(out.index) == [2023, 2024, 2025]
    np.testing.assert_allclose(out.to_numpy(), [100.0, 110.0, 121.0])


def test_project_rate_path() -> None:
    out = project(100.0, 2023, 2, [0.5, -0.5])
    np.testing.assert_allclose(out.to_numpy(), [100.0, 150.0, 75.0])


def test_project_wrong_path_length() -> None:
    with pytest.raises(ValueError, match="2 years"):
        project(100.0, 2023, 2, [0.1])


def test_project_rate_below_minus_one() -> None:
    with pytest.raises(ValueError):
        project(100.0, 2023, 1, -1.5)


def test_project_zero_base_stays_zero() -> None:
    assert (project(0.0, 2023, 3, 0.5) == 0).all()


def test_project_negative_base() -> None:
    with pytest.raises(ValueError):
        project(-1.0, 2023, 3, 0.1)


def test_project_scenarios_with_required_path() -> None:
    out = project_scenarios(
        BASE, BASE_YEAR, 2030, [Scenario("flat", 0.0)], target_value=TARGET, target_year=2028
    )
    assert list(out.columns) == ["scenario", "year", "value"]
    req = out[out["scenario"] == "required"].set_index("year")["value"]
    assert req.loc[2028] == pytest.approx(TARGET)
    assert req.loc[2030] > TARGET
    flat = out[out["scenario"] == "flat"]["value"]
    assert (flat == BASE).all()
    assert len(out) == 2 * 8


def test_project_scenarios_repeated_name() -> None:
    with pytest.raises(ValueError, match="repeat"):
        project_scenarios(BASE, BASE_YEAR, 2030, [Scenario("required", 0.1)], target_value=TARGET)


def test_project_scenarios_none_given() -> None:
    assert project_scenarios(BASE, BASE_YEAR, 2030, []).empty


@settings(max_examples=200, deadline=None)
@given(
    base=st.floats(1e-3, 1e12),
    target=st.floats(1e-3, 1e12),
    years=st.integers(1, 40),
)
def test_required_rate_fed_back_into_projection_hits_target(
    base: float, target: float, years: int
) -> None:
    rate = required_growth(base, target, 2000, 2000 + years)
    # A steep fall stores 1 + rate near zero, so float error scales with base, not target.
    hit = pytest.approx(target, rel=1e-9, abs=base * 1e-12)
    assert project(base, 2000, years, rate).iloc[-1] == hit
    if target > base:
        assert year_reached(base, target, 2000, rate) == 2000 + years


# --- historical series helpers ----------------------------------------------------------


def test_historical_cagr_2019_to_2023() -> None:
    series = pd.Series({2019: 145.9e6, 2023: 563e6})
    assert historical_cagr(series, 2019, 2023) == pytest.approx(0.4016, abs=5e-4)


def test_log_growths_values() -> None:
    out = log_growths(pd.Series({2020: 100.0, 2021: 150.0, 2022: 180.0}))
    np.testing.assert_allclose(out, np.log([1.5, 1.2]))


def test_log_growths_gap_is_named() -> None:
    with pytest.raises(MissingYears, match="2021"):
        log_growths(pd.Series({2020: 1.0, 2022: 2.0}))


def test_log_growths_zero_year() -> None:
    with pytest.raises(GrowthUndefined):
        log_growths(pd.Series({2020: 0.0, 2021: 2.0}))


# --- simulate ---------------------------------------------------------------------------


def test_simulate_parametric_one_point_history() -> None:
    with pytest.raises(ValueError, match=">= 2"):
        simulate(BASE, BASE_YEAR, 5, np.array([0.1]))


def test_simulate_bootstrap_one_point_history_is_deterministic_path() -> None:
    sim = simulate(100.0, 2023, 3, np.log([1.1]), n_paths=50, method="bootstrap")
    expected = 100.0 * 1.1 ** np.arange(4)
    for col in ("p10", "p50", "p90"):
        np.testing.assert_allclose(sim.fan[col].to_numpy(), expected)


def test_simulate_bootstrap_empty_history() -> None:
    with pytest.raises(ValueError, match=">= 1"):
        simulate(BASE, BASE_YEAR, 5, np.array([]), method="bootstrap")


def test_simulate_nan_in_history() -> None:
    with pytest.raises(ValueError, match="NaN"):
        simulate(BASE, BASE_YEAR, 5, np.array([0.1, math.nan]))


def test_simulate_unknown_method() -> None:
    with pytest.raises(ValueError, match="method"):
        simulate(BASE, BASE_YEAR, 5, HISTORY, method="magic")  # type: ignore[arg-type]


def test_simulate_zero_base() -> None:
    with pytest.raises(GrowthUndefined):
        simulate(0.0, BASE_YEAR, 5, HISTORY)


def test_simulate_same_seed_same_fan_and_other_seed_differs() -> None:
    a = simulate(BASE, BASE_YEAR, 5, HISTORY, n_paths=500, seed=3)
    b = simulate(BASE, BASE_YEAR, 5, HISTORY, n_paths=500, seed=3)
    c = simulate(BASE, BASE_YEAR, 5, HISTORY, n_paths=500, seed=4)
    pd.testing.assert_frame_equal(a.fan, b.fan)
    assert not a.fan.equals(c.fan)


def test_simulate_fan_shape_and_base_row() -> None:
    sim = simulate(BASE, BASE_YEAR, 15, HISTORY, n_paths=1000)
    assert list(sim.fan.columns) == ["year", "p10", "p50", "p90"]
    assert list(sim.fan["year"]) == list(range(2023, 2039))
    assert sim.fan.iloc[0][["p10", "p50", "p90"]].tolist() == [BASE] * 3
    assert sim.prob_reach is None
    assert sim.n_history == 3


def test_simulate_median_follows_mean_log_growth() -> None:
    sim = simulate(100.0, 2023, 10, HISTORY, n_paths=20_000, seed=1)
    mean = float(np.mean(HISTORY))  # 0.3960: median path grows by e**mean a year
    assert sim.fan["p50"].iloc[-1] == pytest.approx(100 * math.exp(10 * mean), rel=0.05)


def test_simulate_target_already_reached_is_certain() -> None:
    sim = simulate(BASE, BASE_YEAR, 5, HISTORY, n_paths=100, target_value=BASE / 2)
    assert sim.prob_reach is not None
    assert (sim.prob_reach["prob"] == 1.0).all()


def test_simulate_prob_reach_never_falls_over_time() -> None:
    sim = simulate(BASE, BASE_YEAR, 10, np.log([1.3, 0.7, 1.1]), n_paths=2000, target_value=TARGET)
    assert sim.prob_reach is not None
    prob = sim.prob_reach["prob"].to_numpy()
    assert prob[0] == 0.0
    assert (np.diff(prob) >= 0).all()
    assert 0 < prob[-1] <= 1


def test_simulate_non_positive_target() -> None:
    with pytest.raises(ValueError, match="target"):
        simulate(BASE, BASE_YEAR, 5, HISTORY, target_value=0.0)


history_st = st.lists(st.floats(-0.5, 0.8), min_size=2, max_size=8).map(np.array)


@settings(max_examples=50, deadline=None)
@given(
    history=history_st,
    t1=st.floats(1e8, 5e9),
    t2=st.floats(1e8, 5e9),
    method=st.sampled_from(["parametric", "bootstrap"]),
)
def test_prob_reach_falls_as_target_rises(
    history: np.ndarray, t1: float, t2: float, method: str
) -> None:
    low, high = sorted((t1, t2))
    kw = {"n_paths": 500, "seed": 7, "method": method}
    p_low = simulate(BASE, BASE_YEAR, 8, history, target_value=low, **kw).prob_reach  # type: ignore[arg-type]
    p_high = simulate(BASE, BASE_YEAR, 8, history, target_value=high, **kw).prob_reach  # type: ignore[arg-type]
    assert p_low is not None and p_high is not None
    assert (p_high["prob"].to_numpy() <= p_low["prob"].to_numpy()).all()


@settings(max_examples=50, deadline=None)
@given(
    history=history_st,
    seed=st.integers(0, 2**32 - 1),
    method=st.sampled_from(["parametric", "bootstrap"]),
)
def test_fan_percentiles_ordered(history: np.ndarray, seed: int, method: str) -> None:
    fan = simulate(BASE, BASE_YEAR, 6, history, n_paths=300, seed=seed, method=method).fan  # type: ignore[arg-type]
    assert (fan["p10"] <= fan["p50"]).all()
    assert (fan["p50"] <= fan["p90"]).all()


# --- order_statistics -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(1, 3000),
    rows=st.integers(1, 4),
    quantiles=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_order_statistics_equal_numpy_inverted_cdf(
    n: int, rows: int, quantiles: list[float], seed: int
) -> None:
    x = np.random.default_rng(seed).normal(size=(rows, n)).round(1)  # ties on purpose
    expected = np.quantile(x, quantiles, axis=1, method="inverted_cdf")
    np.testing.assert_array_equal(order_statistics(x.copy(), quantiles), expected)


def test_simulated_fan_is_taken_after_the_reach_test() -> None:
    """The partition reorders each year's paths; reach must be judged on whole paths."""
    sim = simulate(100.0, 2020, 5, HISTORY, n_paths=4000, seed=3, target_value=300.0)
    rng = np.random.default_rng(3)
    draws = rng.normal(HISTORY.mean(), HISTORY.std(ddof=1), size=(5, 4000))
    paths = np.cumsum(draws, axis=0)
    reached = np.logical_or.accumulate(paths >= math.log(3.0), axis=0).mean(axis=1)
    assert sim.prob_reach is not None
    np.testing.assert_allclose(sim.prob_reach["prob"].to_numpy()[1:], reached)
    median = 100.0 * np.exp(np.quantile(paths, 0.5, axis=1, method="inverted_cdf"))
    np.testing.assert_allclose(sim.fan["p50"].to_numpy()[1:], median)
