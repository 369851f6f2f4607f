"""Conditioning simulated paths on later figures: pins, bounds and part-year likelihoods."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis import periods
from analysis.evidence.figures import Conditioned, Figure, Used
from analysis.evidence.likelihood import _gauss_loglik, _phi, _share_params
from analysis.partial_year import ShareHistory


def condition(
    log_levels: np.ndarray,
    years: np.ndarray,
    base_year: int,
    figures: Sequence[Figure],
    annual: pd.Series,
    part_history: pd.DataFrame,
    *,
    target_log: float | None = None,
    target_year: int | None = None,
) -> Conditioned:
    """Apply ``figures`` (after ``base_year``) to paths (see the module docstring).

    ``log_levels``: (years, paths) log levels, row 0 the base year; ``years`` their years.
    ``annual``: the known full-year levels up to the base year (base units, by int year):
    a part-year figure of such a year, or a growth from one, is tied to it.
    ``part_history``: part-year levels of years up to the base year (columns ``year,
    start_month, end_month, value``) for the share estimate. With ``target_log`` and
    ``target_year``, each used figure records P(reach by ``target_year``) after it.
    """
    paths = np.array(log_levels, dtype=np.float64, copy=True)
    n = paths.shape[1]
    logw = np.zeros(n)
    row = {int(y): i for i, y in enumerate(years)}
    out = Conditioned(paths, np.full(n, 1.0 / n))
    known = {int(y): math.log(v) for y, v in annual.items() if v > 0 and int(y) <= base_year}
    history = ShareHistory(annual=annual[annual.index <= base_year], part_year=part_history)

    stages: list[tuple[int, np.ndarray, np.ndarray | None]] = []

    def p_reach() -> None:
        """Keep the weights (and, while pins still move paths, the paths) after the figure
        just used, so P(reach) after it can be given for any target later."""
        stages.append((len(out.used) - 1, logw.copy(), paths.copy() if pinning else None))

    pinning = True
    later = sorted(
        (f for f in figures if f.year > base_year), key=lambda f: (f.period_end, f.period_start)
    )
    anchors = {base_year: None}
    # Full-year figures first, in time order: pins, then bounds, then growths as pins.
    for f in later:
        if not f.full_year:
            continue
        if f.year not in row:
            out.ignored.append((f, f"{f.year} is beyond the simulated years"))
            continue
        if f.measure == "growth_pct_yoy":
            prev = f.year - 1
            if prev in anchors or prev in known:
                lvl = known[prev] if prev in known else float(np.median(paths[row[prev]]))
                f_level = Figure(
                    f.period_start,
                    f.period_end,
                    f.comparator,
                    math.exp(lvl) * (1 + f.value / 100),
                    "level",
                    f.source_ids,
                )
                before = len(out.used)
                _full_year(paths, logw, row, anchors, f_level, out, f)
                if len(out.used) > before:
                    p_reach()
            else:
                out.ignored.append(
                    (f, f"a growth rate for {f.year} whose {prev} level is not known")
                )
            continue
        if f.measure != "level":
            out.ignored.append((f, f"measure {f.measure} is not a level or a growth rate"))
            continue
        before = len(out.used)
        _full_year(paths, logw, row, anchors, f, out, f)
        if len(out.used) > before:
            p_reach()
    pinning = False  # pins are done: the paths stay as they are from here on
    # Part-year figures: one window per year, grouped by window (a share shared by years).
    parts = [f for f in later if not f.full_year]
    pinned_years = {u.figure.year for u in out.used if u.role == "pin"}
    obs: dict[tuple[int, int], list[tuple[int, float, Figure]]] = {}
    bounds: list[Figure] = []
    chosen: dict[int, Figure] = {}
    for f in parts:
        if f.year in pinned_years:
            out.ignored.append((f, f"{f.year} is pinned by its full-year figure"))
            continue
        if f.measure == "level" and f.comparator in ("=", "~"):
            best = chosen.get(f.year)
            span = f.months[1] - f.months[0]
            if best is None or span > best.months[1] - best.months[0]:
                if best is not None:
                    out.ignored.append((best, f"a longer window of {f.year} is used"))
                chosen[f.year] = f
            else:
                out.ignored.append((f, f"a longer window of {f.year} is used"))
        elif f.measure == "level":
            bounds.append(f)
        elif f.measure == "growth_pct_yoy" and f.comparator in ("=", "~"):
            pass  # paired with its level below
        else:
            out.ignored.append((f, "a bound on a part-year growth rate is not used"))
    growth = {
        (f.year, f.months): f
        for f in parts
        if f.measure == "growth_pct_yoy" and f.comparator in ("=", "~")
    }
    # A growth rate with its window's level states the same window a year earlier; such
    # a derived window competes for its year like a stated one (a stated one wins a tie).
    derived: dict[int, tuple[Figure, Figure]] = {}
    for year, f in sorted(chosen.items(), reverse=True):
        if chosen.get(year) is not f:
            continue  # displaced by the next year's growth
        g = growth.pop((year, f.months), None)
        if g is None or g.value <= -100:
            continue
        prev_window = Figure(
            periods.years_back(f.period_start),
            periods.years_back(f.period_end),
            f.comparator,
            f.value / (1 + g.value / 100),
            "level",
            tuple(dict.fromkeys((*f.source_ids, *g.source_ids))),
        )
        rival = chosen.get(year - 1)
        span = f.months[1] - f.months[0]
        if rival is not None and rival.months[1] - rival.months[0] >= span:
            out.ignored.append((g, f"a window of {year - 1} at least as long is stated"))
            continue
        if rival is not None:
            out.ignored.append(
                (rival, f"a longer window of {year - 1} is used (from {g.period_end}'s growth)")
            )
            del chosen[year - 1]
        derived[year - 1] = (prev_window, g)
    for g in growth.values():
        out.ignored.append((g, "a part-year growth rate without its level"))
    items_by_year = {y: (f, f) for y, f in chosen.items()} | derived
    for year, (stated, f) in sorted(items_by_year.items()):
        obs.setdefault(stated.months, []).append((year, math.log(stated.value), f))
    for window, items in sorted(obs.items(), key=lambda kv: max(y for y, _, _ in kv[1])):
        mu, tau_mu, sigma_e, how = _share_params(window, history)
        resid, impossible, usable = [], np.zeros(n, dtype=bool), []
        for year, logpart, f in items:
            if year in row and year > base_year and year not in pinned_years:
                full = paths[row[year]]
            elif year in known:
                full = np.full(n, known[year])
            elif year in pinned_years:
                full = paths[row[year]]
            else:
                out.ignored.append((f, f"no full-year level of {year} to tie it to"))
                continue
            resid.append(logpart - mu - full)
            impossible |= full < logpart - 1e-12  # a year below its own part
            usable.append((year, f))
        if not resid:
            continue
        ll = _gauss_loglik(np.array(resid), tau_mu, sigma_e)
        logw += np.where(impossible, -np.inf, ll)
        for year, f in usable:
            role = "part_level" if f.measure == "level" else "part_growth"
            out.used.append(Used(f, role, f"{window[0]}–{window[1]} months of {year}: {how}"))
        p_reach()
    for f in bounds:
        if f.year in items_by_year or f.year not in row or f.year in pinned_years:
            out.ignored.append((f, f"an exact window of {f.year} is used instead"))
            continue
        mu, tau_mu, sigma_e, how = _share_params(f.months, history)
        sd = math.sqrt(tau_mu**2 + sigma_e**2)
        z = (paths[row[f.year]] + mu - math.log(f.value)) / sd
        p = _phi(z) if f.comparator == ">" else _phi(-z)
        with np.errstate(divide="ignore"):
            logw += np.log(p)
        span_text = f"{f.months[0]}–{f.months[1]} months"
        out.used.append(Used(f, "part_bound", f"{f.comparator} on {span_text}: {how}"))
        p_reach()
    if not np.isfinite(logw).any():
        raise ValueError(
            "the figures after the base year contradict every simulated path: "
            + "; ".join(
                f"{u.figure.period_start}..{u.figure.period_end} {u.figure.comparator} "
                f"{u.figure.value:g}"
                for u in out.used
            )
        )
    w = np.exp(logw - logw.max())
    out.log_levels, out.weights = paths, w / w.sum()
    out.stages = [(i, lw, pp if pp is not None else paths) for i, lw, pp in stages]
    out.years = np.asarray(years)
    out.unconditioned = np.asarray(log_levels)
    if target_log is not None and target_year is not None:
        for u, a in zip(out.used, out.reach_after(target_log, target_year), strict=True):
            u.p_reach_after = a
    ess = out.effective_paths
    if out.used and ess < 0.05 * n:
        out.notes.append(
            f"the figures after the base year leave {ess:.0f} effective paths of {n}: "
            "they sit far out in the model's fan; add paths for a steadier answer"
        )
    return out


def _full_year(
    paths: np.ndarray,
    logw: np.ndarray,
    row: Mapping[int, int],
    anchors: dict[int, None],
    f: Figure,
    out: Conditioned,
    original: Figure,
) -> None:
    i = row[f.year]
    if f.comparator in ("=", "~"):
        if f.value <= 0:
            out.ignored.append((original, "a zero or negative level cannot pin a log path"))
            return
        prev = max(y for y in anchors if y < f.year)
        j = row[prev]
        shift = math.log(f.value) - paths[i]
        frac = np.zeros(paths.shape[0])
        frac[j + 1 : i + 1] = (np.arange(j + 1, i + 1) - j) / (i - j)
        frac[i + 1 :] = 1.0
        paths += frac[:, None] * shift[None, :]
        anchors[f.year] = None
        how = "pins the year (paths bridged to it)"
        out.used.append(Used(original, "pin", how if original is f else f"{how}, from the growth"))
    else:
        bound = math.log(f.value) if f.value > 0 else -math.inf
        wrong = paths[i] <= bound if f.comparator == ">" else paths[i] >= bound
        logw[wrong] = -np.inf
        out.used.append(
            Used(
                original,
                "bound",
                f"paths {'at or below' if f.comparator == '>' else 'at or above'} it get weight 0",
            )
        )
