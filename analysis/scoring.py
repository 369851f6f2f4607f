"""Scores of probabilistic forecasts: coverage, PIT, CRPS, Brier and reliability.

Every function takes one forecast per case (a row of samples, a pair of quantiles or a
probability) and the outcome, as numpy arrays, and returns plain numbers or small frames.
NaN outcomes or forecasts are an error (``ValueError``), never skipped silently: the
caller decides which cases exist. An empty set of cases is an error too, so no score
is ever reported over nothing.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Bins of the PIT histogram and of the reliability table.
N_BINS = 10


def _finite(name: str, x: np.ndarray) -> np.ndarray:
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0:
        raise ValueError(f"{name}: no cases to score")
    if not np.isfinite(a).all():
        raise ValueError(f"{name}: NaN or infinite values")
    return a


def coverage(low: np.ndarray, high: np.ndarray, outcome: np.ndarray) -> float:
    """Share of cases with ``low <= outcome <= high`` (a central interval's coverage)."""
    lo, hi, y = (_finite(n, v) for n, v in (("low", low), ("high", high), ("outcome", outcome)))
    if not (lo.shape == hi.shape == y.shape):
        raise ValueError("low, high and outcome must have one value per case")
    if (lo > hi).any():
        raise ValueError("an interval has low above high")
    return float(np.mean((lo <= y) & (y <= hi)))


def pit(samples: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """Probability integral transform of each outcome under its sample (rows = cases).

    ``(#samples < y + #samples == y / 2) / n``: ties count half, so a forecast that puts
    all its mass on the outcome gives 0.5, not 1. Uniform on [0, 1] for a calibrated
    forecast.
    """
    x = _finite("samples", samples)
    y = _finite("outcome", outcome)
    if x.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ValueError("samples must be (cases, draws) with one outcome per case")
    below = (x < y[:, None]).sum(axis=1)
    equal = (x == y[:, None]).sum(axis=1)
    return (below + 0.5 * equal) / x.shape[1]


def pit_histogram(values: np.ndarray, bins: int = N_BINS) -> list[float]:
    """Share of PIT values in each of ``bins`` equal bins of [0, 1] (last bin closed)."""
    v = _finite("pit", values)
    if (v < 0).any() or (v > 1).any():
        raise ValueError("PIT values must lie in [0, 1]")
    idx = np.minimum((v * bins).astype(np.int64), bins - 1)
    return (np.bincount(idx, minlength=bins) / v.size).tolist()


def crps_ensemble(samples: np.ndarray, outcome: np.ndarray) -> np.ndarray:
    """CRPS of each case's sample against its outcome, in the outcome's units.

    The energy form ``E|X - y| - E|X - X'| / 2`` with the sample's own distribution (the
    ``nrg`` estimator of ``scoringrules.crps_ensemble``, against which it is tested),
    computed from sorted samples in O(n log n): ``E|X - X'| = 2 / n² Σ (2i - n - 1) x_(i)``.
    """
    x = np.sort(_finite("samples", samples), axis=1)
    y = _finite("outcome", outcome)
    if x.ndim != 2 or x.shape[0] != y.shape[0]:
        raise ValueError("samples must be (cases, draws) with one outcome per case")
    n = x.shape[1]
    first = np.abs(x - y[:, None]).mean(axis=1)
    weights = 2 * np.arange(1, n + 1) - n - 1
    spread = 2.0 * (x @ weights) / n**2
    return first - spread / 2


def crps_normal(mu: float, sigma: float, y: float) -> float:
    """Closed-form CRPS of Normal(``mu``, ``sigma``) at ``y`` (Gneiting and Raftery 2007)."""
    if sigma <= 0:
        return abs(y - mu)
    z = (y - mu) / sigma
    pdf = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    return sigma * (z * (2 * cdf - 1) + 2 * pdf - 1 / math.sqrt(math.pi))


def brier(prob: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference between the probability and the 0/1 outcome."""
    p, o = _finite("prob", prob), _finite("outcome", outcome)
    if p.shape != o.shape:
        raise ValueError("one probability per outcome")
    if (p < 0).any() or (p > 1).any():
        raise ValueError("probabilities must lie in [0, 1]")
    if not np.isin(o, (0.0, 1.0)).all():
        raise ValueError("outcomes must be 0 or 1")
    return float(np.mean((p - o) ** 2))


def brier_skill(prob: np.ndarray, reference: np.ndarray, outcome: np.ndarray) -> float:
    """``1 - Brier(prob) / Brier(reference)``: above 0 beats the reference, 1 is perfect.

    A reference with a Brier score of 0 (it was always right) → ``ValueError``: no skill
    can be measured against it.
    """
    ref = brier(reference, outcome)
    if ref == 0:
        raise ValueError("the reference forecast is perfect: skill is undefined")
    return 1.0 - brier(prob, outcome) / ref


def reliability_table(prob: np.ndarray, outcome: np.ndarray, bins: int = N_BINS) -> pd.DataFrame:
    """One row per probability bin: ``bin_low``, ``bin_high``, ``mean_predicted``,
    ``observed`` (share of outcomes that happened) and ``n``.

    Bins split [0, 1] equally, each closed on the left (``[0.1, 0.2)``), the last closed
    on both sides. Empty bins are kept with ``n = 0`` and NaN means, so every table has
    ``bins`` rows.
    """
    p, o = _finite("prob", prob), _finite("outcome", outcome)
    brier(p, o)  # the same checks on range and outcomes
    idx = np.minimum((p * bins).astype(np.int64), bins - 1)
    n = np.bincount(idx, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_p = np.bincount(idx, weights=p, minlength=bins) / n
        observed = np.bincount(idx, weights=o, minlength=bins) / n
    edges = np.linspace(0, 1, bins + 1)
    return pd.DataFrame(
        {
            "bin_low": edges[:-1],
            "bin_high": edges[1:],
            "mean_predicted": mean_p,
            "observed": observed,
            "n": n,
        }
    )


def worst_reliability_gap(table: pd.DataFrame, min_n: int = 50) -> float:
    """Largest ``|observed - mean_predicted|`` over bins with at least ``min_n`` cases
    (0.0 when no bin has that many: the caller reports the bin counts beside it)."""
    t = table[table["n"] >= min_n]
    if t.empty:
        return 0.0
    return float((t["observed"] - t["mean_predicted"]).abs().max())
