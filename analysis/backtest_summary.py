"""One method's backtest scores from its collected forecasts (:func:`summarise`): coverage,
PIT and CRPS by horizon, Brier and reliability per ratio, the default's three checks, and
the same by the size of the cases (:func:`by_size`). Pure: arrays in, a JSON-ready dict out.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis import scoring

if TYPE_CHECKING:
    from analysis.backtest import BacktestConfig, _Collected

#: The default's targets, checked on the DOTS world store (README, issue 12).
COVERAGE_TARGET, COVERAGE_TOLERANCE, RELIABILITY_TOLERANCE, RELIABILITY_MIN_N = 0.80, 0.04, 0.08, 50
#: Bands of the origin's level (base units) the scores are also given by (``by_size``):
#: an analyst reads the backtest of cases the size of the pair at hand.
SIZE_BANDS = ((0.0, 200e6), (200e6, 1e9), (1e9, 5e9), (5e9, math.inf))


def summarise(
    col: _Collected,
    y: np.ndarray,
    observed: np.ndarray,
    clim: np.ndarray,
    cfg: BacktestConfig,
    levels: np.ndarray | None = None,
) -> dict[str, Any]:
    """One method's scores: ``horizons`` (coverage, PIT, CRPS), ``reach`` (per ratio and
    horizon: Brier, climatology, skill; reliability at the full horizon), ``checks`` (the
    three targets of the default, each with the worst value) and, given the cases' origin
    ``levels``, ``by_size`` (:func:`by_size`)."""
    q = np.array(col.quantiles)  # (cases, H, 5)
    pit = np.array(col.pit)
    crps = np.array(col.crps)
    prob = np.array(col.reach)  # (cases, R, H)
    horizons: list[dict[str, Any]] = []
    for h in range(cfg.horizon):
        horizons.append(
            {
                "horizon": h + 1,
                "n": int(y.shape[0]),
                "coverage_p10_p90": scoring.coverage(q[:, h, 1], q[:, h, 3], y[:, h]),
                "coverage_p05_p95": scoring.coverage(q[:, h, 0], q[:, h, 4], y[:, h]),
                "pit_histogram": scoring.pit_histogram(pit[:, h]),
                "crps_log": float(crps[:, h].mean()),
            }
        )
    reach: list[dict[str, Any]] = []
    for k, ratio in enumerate(cfg.ratios):
        for h in range(cfg.horizon):
            o = observed[k, h].astype(np.float64)
            p = prob[:, k, h]
            ref = clim[:, k, h]
            known = np.isfinite(ref)
            entry: dict[str, Any] = {
                "ratio": ratio,
                "horizon": h + 1,
                "n": int(known.sum()),
                "base_rate": float(o[known].mean()) if known.any() else None,
                "brier": scoring.brier(p[known], o[known]) if known.any() else None,
                "brier_climatology": scoring.brier(ref[known], o[known]) if known.any() else None,
            }
            # Against a climatology that was always right, skill is undefined (None).
            entry["brier_skill"] = (
                scoring.brier_skill(p[known], ref[known], o[known])
                if known.any() and entry["brier_climatology"] > 0
                else None
            )
            if h == cfg.horizon - 1:
                table = scoring.reliability_table(p, o)
                entry["reliability"] = [
                    {
                        k2: (None if isinstance(v, float) and math.isnan(v) else v)
                        for k2, v in row.items()
                    }
                    for row in table.astype(object).to_dict(orient="records")
                ]
                entry["worst_reliability_gap"] = scoring.worst_reliability_gap(
                    table, RELIABILITY_MIN_N
                )
            reach.append(entry)
    cov: list[float] = [hz["coverage_p10_p90"] for hz in horizons]
    final = [e for e in reach if e["horizon"] == cfg.horizon]
    skills: list[float] = [e["brier_skill"] for e in final if e["brier_skill"] is not None]
    gaps: list[float] = [e["worst_reliability_gap"] for e in final]
    checks: dict[str, Any] = {
        "coverage_p10_p90_worst": max(cov, key=lambda c: abs(c - COVERAGE_TARGET)),
        "coverage_ok": all(abs(c - COVERAGE_TARGET) <= COVERAGE_TOLERANCE for c in cov),
        "brier_skill_worst": min(skills) if skills else None,
        "brier_skill_ok": bool(skills) and min(skills) > 0,
        "reliability_gap_worst": max(gaps) if gaps else None,
        "reliability_ok": bool(gaps) and max(gaps) <= RELIABILITY_TOLERANCE,
    }
    checks["passes"] = bool(
        checks["coverage_ok"] and checks["brier_skill_ok"] and checks["reliability_ok"]
    )
    out: dict[str, Any] = {"horizons": horizons, "reach": reach, "checks": checks}
    if levels is not None:
        out["by_size"] = by_size(q, y, prob, observed, levels, cfg)
    return out


def by_size(
    q: np.ndarray,
    y: np.ndarray,
    prob: np.ndarray,
    observed: np.ndarray,
    levels: np.ndarray,
    cfg: BacktestConfig,
) -> list[dict[str, Any]]:
    """Per band of :data:`SIZE_BANDS` with cases (origin level ``low <= level < high``;
    the first band's ``low`` is the backtest's ``min_level``, below which it has no case):
    ``n``, the P10–P90 coverage at the full horizon, and per ratio the mean P(reach) said
    at the full horizon beside the share of its cases that reached (``q``: quantiles,
    cases × horizons × 5; ``prob``: cases × ratios × horizons; ``observed``: ratios ×
    horizons × cases)."""
    bands = []
    for low, high in SIZE_BANDS:
        m = (levels >= low) & (levels < high)
        if not m.any():
            continue
        bands.append(
            {
                "low": max(low, cfg.min_level),
                "high": None if math.isinf(high) else high,
                "n": int(m.sum()),
                "coverage_p10_p90": scoring.coverage(q[m, -1, 1], q[m, -1, 3], y[m, -1]),
                "reach": [
                    {
                        "ratio": ratio,
                        "mean_predicted": float(prob[m, k, -1].mean()),
                        "observed": float(observed[k, -1, m].mean()),
                    }
                    for k, ratio in enumerate(cfg.ratios)
                ],
            }
        )
    return bands
