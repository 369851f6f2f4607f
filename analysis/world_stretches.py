"""What the world's next years do to a pooled forecast: P(reach) by the stretch of the
world's history each path drew.

A pooled path (``analysis.forecast``) is one earlier case's own part plus the pair's
exposure times one *world swing*: the world's path over five years from one origin year
of the stores, less the mean of those paths. Every path draws one such stretch of the
world's history for its first years, every stretch alike. Grouping the paths by the
stretch they drew says how much the answer turns on the world: the backtest's largest
misses were whole eras (README, "Forecast quality"), which no pair's own figures foresee.

After figures published since the base year condition the paths, a stretch's *weight*
is the share of the conditioned paths' weight its paths hold: the figures make the
stretches they agree with more likely, and the stretch-by-stretch P(reach), averaged
with those weights, is the forecast's own P(reach) (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.wording import probability

#: A difference of P(reach) between the best and the worst third of the world's stretches
#: from which the answer is said to turn on the world (below: it moves little with it).
MOVES = 0.10


@dataclass(frozen=True)
class WorldDraws:
    """What each pooled path drew: ``index`` (per path, a row of ``years`` and
    ``swings``), ``years`` (the origin year of each stretch) and ``swings`` (stretches ×
    years ahead: the world's log change from that origin, less the mean of them all)."""

    index: np.ndarray
    years: np.ndarray
    swings: np.ndarray

    @property
    def horizon(self) -> int:
        return int(self.swings.shape[1])


@dataclass(frozen=True)
class Stretch:
    """One stretch of the world's history as the paths that drew it saw the target:
    ``start``–``end`` (its years), ``change`` (the world's log change over the years up
    to the target, at most the stretch's, less the mean), ``drawn`` (the share of paths
    that drew it), ``weight`` (their share of the weight after the evidence) and
    ``p_reach`` (P(reach) on its paths, weighted; ``None`` where they weigh nothing)."""

    start: int
    end: int
    change: float
    drawn: float
    weight: float
    p_reach: float | None

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Stretch:
        """A stretch from :meth:`to_dict`'s object (the JSON's ``p_reach_by_world`` rows)."""
        return cls(
            int(row["world_start"]),
            int(row["world_end"]),
            float(row["world_change"]),
            float(row["share_drawn"]),
            float(row["weight"]),
            None if row["p_reach"] is None else float(row["p_reach"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "world_start": self.start,
            "world_end": self.end,
            "world_change": self.change,
            "share_drawn": self.drawn,
            "weight": self.weight,
            "p_reach": self.p_reach,
        }


def by_stretch(
    draws: WorldDraws, hit: np.ndarray, weights: np.ndarray | None, years_ahead: int
) -> list[Stretch]:
    """The stretches the paths drew, the world's worst first (by its change over
    ``min(years_ahead, horizon)`` years). ``hit``: per path, whether it reached the
    target by the target year; ``weights``: the evidence's (``None``: every path alike).
    """
    if years_ahead < 1:
        raise ValueError(f"years ahead must be at least 1, got {years_ahead}")
    n_paths, n = hit.size, draws.years.size
    if draws.index.size != n_paths:
        raise ValueError(f"{draws.index.size} drawn stretches for {n_paths} paths")
    w = np.full(n_paths, 1.0 / n_paths) if weights is None else np.asarray(weights, float)
    count = np.bincount(draws.index, minlength=n)
    mass = np.bincount(draws.index, weights=w, minlength=n)
    reached = np.bincount(draws.index, weights=w * hit, minlength=n)
    total = float(mass.sum())
    change = draws.swings[:, min(years_ahead, draws.horizon) - 1]
    span = draws.horizon
    return [
        Stretch(
            start=int(draws.years[j]),
            end=int(draws.years[j]) + span,
            change=float(change[j]),
            drawn=float(count[j] / n_paths),
            weight=float(mass[j] / total),
            p_reach=float(min(reached[j] / mass[j], 1.0)) if mass[j] > 0 else None,
        )
        for j in np.argsort(change, kind="stable")
        if count[j] > 0
    ]


@dataclass(frozen=True)
class Group:
    """Consecutive stretches, worst world first: their years, weight and P(reach)."""

    stretches: tuple[Stretch, ...]
    weight: float
    p_reach: float | None

    @property
    def starts(self) -> tuple[int, int]:
        return self.stretches[0].start, self.stretches[-1].start


def thirds(stretches: list[Stretch]) -> list[Group]:
    """The stretches in three groups of (nearly) equal count, worst world first, each
    with its weight and its P(reach) (the stretches' P, weighted). Fewer than three
    stretches → one group each; none → none."""
    if not stretches:
        return []
    groups = np.array_split(np.arange(len(stretches)), min(3, len(stretches)))
    out = []
    for g in groups:
        members = tuple(stretches[i] for i in g)
        weight = sum(s.weight for s in members)
        p = sum(s.weight * s.p_reach for s in members if s.p_reach is not None)
        out.append(Group(members, weight, min(p / weight, 1.0) if weight > 0 else None))
    return out


_YEARS = {3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


def _from(group: Group) -> str:
    starts = sorted(s.start for s in group.stretches)
    listed = ", ".join(str(y) for y in starts[:-1])
    return f"from {listed} and {starts[-1]}" if listed else f"from {starts[-1]}"


def world_words(stretches: list[Stretch], target_year: int, base_year: int) -> str:
    """What the world's next years do to P(reach by ``target_year``), in one sentence
    (``""`` without stretches): its worst, middle and best third of the stretches the
    stores hold, and, where figures since ``base_year`` moved the weights, the worst
    third's weight after them."""
    groups = thirds(stretches)
    if len(groups) < 3:
        return ""
    low, mid, high = groups
    span = stretches[0].end - stretches[0].start
    stretch_words = f"{len(stretches)} {_YEARS.get(span, str(span))}-year stretches"
    if probability(low.p_reach) == probability(mid.p_reach) == probability(high.p_reach):
        return (
            f"P(reach by {target_year}) is {probability(low.p_reach)} whichever of the "
            f"{stretch_words} of the stores' pairs the world's next years go as."
        )
    wide = abs((high.p_reach or 0.0) - (low.p_reach or 0.0)) >= MOVES
    sentence = (
        f"P(reach by {target_year}) {'turns on' if wide else 'moves little with'} the "
        "world's next years, which a pair's own figures do not foresee: "
        f"{probability(low.p_reach)} if they go as the worst third of the "
        f"{stretch_words} of the stores' pairs did ({_from(low)}), "
        f"{probability(mid.p_reach)} as the middle third, {probability(high.p_reach)} as "
        f"the best ({_from(high)})."
    )
    drawn = sum(s.drawn for s in low.stretches)
    if abs(low.weight - drawn) >= 0.005:
        sentence += (
            f" The figures since {base_year} make the worst third weigh "
            f"{probability(low.weight)} of the answer rather than {probability(drawn)}."
        )
    return sentence
