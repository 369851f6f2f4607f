"""The likelihood of stated part-year figures given a path's full-year levels: the
window's share of the year, read as a log-normal, integrated out in closed form."""

from __future__ import annotations

import math

import numpy as np

from analysis.partial_year import ShareHistory, window_share
from analysis.wording import rate

#: Year-to-year wobble (sd of the log share) of a window's share where no two years of
#: the window were stated: an assumption, said in the notes where it is used.
SHARE_WOBBLE = 0.05
#: The z of an 80 % band (the share band of ``window_share``).
Z80 = 1.2815515655446004


def _share_params(
    window: tuple[int, int], history: ShareHistory
) -> tuple[float, float, float, str]:
    """(log centre, sd of the window's persistent share, year-to-year wobble, how)."""
    est = window_share(window, history)
    tau = (math.log(est.high) - math.log(est.low)) / (2 * Z80)
    if est.method != "flat" and est.n_years >= 2:
        n = est.n_years
        return (
            math.log(est.share),
            tau / math.sqrt(n + 1),
            tau * math.sqrt(n / (n + 1)),
            (f"share {est.share:.3f} ({est.low:.3f}–{est.high:.3f}) from {n} years ({est.method})"),
        )
    how = (
        f"share {est.share:.3f} ({est.low:.3f}–{est.high:.3f}, "
        + ("flat months/12" if est.method == "flat" else f"one year, {est.method}")
        + f"), year-to-year wobble {rate(SHARE_WOBBLE)} assumed"
    )
    return math.log(est.share), tau, SHARE_WOBBLE, how


def _gauss_loglik(resid: np.ndarray, tau_mu: float, sigma_e: float) -> np.ndarray:
    """Log density of residual vectors (rows: observations, cols: paths) under
    ``N(0, tau_mu² J + sigma_e² I)``, in closed form (Sherman–Morrison)."""
    m = resid.shape[0]
    a, b = sigma_e**2, tau_mu**2
    s = resid.sum(axis=0)
    q = (resid**2).sum(axis=0) / a - b * s**2 / (a * (a + m * b))
    logdet = (m - 1) * math.log(a) + math.log(a + m * b)
    return -0.5 * (q + logdet + m * math.log(2 * math.pi))


def _phi(x: np.ndarray) -> np.ndarray:
    from math import erf

    return 0.5 * (1 + np.vectorize(erf)(x / math.sqrt(2)))
