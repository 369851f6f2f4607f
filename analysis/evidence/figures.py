"""A figure published after the base year, and the record of what conditioning did with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from analysis import periods


@dataclass(frozen=True)
class Figure:
    """One figure for the pair, series and flow, after the base year.

    ``measure`` is ``level`` or ``growth_pct_yoy`` (percent); ``value`` in base units for
    levels. ``period_start``/``period_end`` are ``YYYY-MM`` within one year.
    """

    period_start: str
    period_end: str
    comparator: str
    value: float
    measure: str
    source_ids: tuple[str, ...]

    @property
    def year(self) -> int:
        return periods.year_of(self.period_start)

    @property
    def months(self) -> tuple[int, int]:
        """The first and last month of the year the window covers (1–12)."""
        w = periods.window(self.period_start, self.period_end)
        return periods.month_of_year(w.start), periods.month_of_year(w.end)

    @property
    def full_year(self) -> bool:
        return self.months == (1, 12)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period_start": self.period_start,
            "period_end": self.period_end,
            "comparator": self.comparator,
            "value": self.value,
            "measure": self.measure,
            "source_ids": list(self.source_ids),
        }


@dataclass
class Used:
    """A figure and what it did: ``role`` (pin, bound, part_level, part_bound), and the
    P(reach by the target year) after it and the figures before it were applied."""

    figure: Figure
    role: str
    how: str
    p_reach_after: float | None = None


@dataclass
class Conditioned:
    """Paths after the evidence: ``log_levels`` (years × paths), ``weights`` (sum 1)."""

    log_levels: np.ndarray
    weights: np.ndarray
    used: list[Used] = field(default_factory=list)
    ignored: list[tuple[Figure, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    stages: list[tuple[int, np.ndarray, np.ndarray]] = field(default_factory=list)
    years: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    unconditioned: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))

    def reach_after(self, target_log: float, target_year: int) -> list[float | None]:
        """Per used figure: P(level >= target in some year up to ``target_year``) once it
        and the figures before it were applied (``None`` where it cannot be said)."""
        out: list[float | None] = [None] * len(self.used)
        if target_year not in set(self.years.tolist()):
            return out
        k = int(np.flatnonzero(self.years == target_year)[0])
        for i, logw, paths in self.stages:
            if i < 0 or not np.isfinite(logw).any():
                continue
            w = np.exp(logw - logw.max())
            hit = (paths[1 : k + 1] >= target_log - 1e-12).any(axis=0)
            out[i] = float(np.sum(w * hit) / w.sum())
        return out

    @property
    def effective_paths(self) -> float:
        w = self.weights
        return float(1.0 / np.sum(w**2)) if w.sum() > 0 else 0.0
