"""The precedence between candidates for a year (the rules in :mod:`analysis.reconcile`),
the choice of the best and the figures still contested after it."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.reconcile.result import CANDIDATE_COLUMNS, Reconciled

CATEGORY_RANK = {"official": 0, "international": 1, "press": 2, "derived": 3}
METHOD_RANK = {"stated": 0, "sum": 0, "months": 1, "growth": 2}
KIND_RANK = {"reported": 0, "estimated": 1, "derived": 2, "mirror": 3}


_TOL = 1e-9


def rank_key(c: pd.DataFrame) -> np.ndarray:
    """The precedence as sortable integers, one row per candidate and one column per rule,
    most significant first (see the module docstring): bound, foreign (partner side or
    mirror), approximate, derived from growth, source category, kind, and last the
    corroboration (more sources stating the same value for the year rank first)."""
    comparator = c["comparator"].to_numpy(dtype=object)
    kind = c["kind"].to_numpy(dtype=object)

    def ranked(table: Mapping[str, int], values: np.ndarray) -> np.ndarray:
        return np.fromiter((table.get(v, 9) for v in values), dtype=np.int64, count=len(values))

    rules = np.column_stack(
        [
            np.isin(comparator, [">", "<"]),
            (c["side"].to_numpy(dtype=object) != "reporter") | (kind == "mirror"),
            comparator == "~",
            ranked(METHOD_RANK, c["method"].to_numpy(dtype=object)),
            ranked(CATEGORY_RANK, c["category"].to_numpy(dtype=object)),
            ranked(KIND_RANK, kind),
        ]
    ).astype(np.int64)
    return np.column_stack([rules, -_support(c, rules)]).astype(np.int64)


def _support(c: pd.DataFrame, rules: np.ndarray) -> np.ndarray:
    """Per candidate: how many distinct sources state its value (within the tolerance) for
    its year with the same standing (every other rule equal) and comparator.

    Two figures of equal standing that disagree are told apart by how many outlets back
    each, not by the order the rows happen to be stored in.
    """
    years = c["year"].to_numpy()
    comparator = c["comparator"].to_numpy(dtype=object)
    value = c["value"].to_numpy(dtype=np.float64)
    source_ids = c["source_ids"].to_numpy(dtype=object)
    groups: dict[tuple[object, ...], list[int]] = {}
    for i in range(len(c)):
        groups.setdefault((years[i], *rules[i], comparator[i]), []).append(i)
    support = np.zeros(len(c), dtype=np.int64)
    for members in groups.values():
        for i in members:
            tol = _TOL * max(abs(value[i]), 1.0)
            same = [j for j in members if abs(value[j] - value[i]) <= tol]
            support[i] = len({s for j in same for s in source_ids[j]})
    return support


def _choose(cands: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each year's best candidate (``rank`` 0) and every candidate ranked within its year.

    Arrays, not frame operations: the claims checker chooses once per claim, and pandas'
    sort, merge and group-by cost twenty times the arithmetic on frames this small.
    """
    if cands.empty:
        empty = cands.assign(rank=pd.Series(dtype=int), chosen=pd.Series(dtype=bool))
        return empty.drop(columns="chosen"), empty
    keys = rank_key(cands)
    years = cands["year"].to_numpy(dtype=np.int64)
    # Year first, then the rules in order; stable, so ties keep the candidates' order.
    order = np.lexsort((*keys.T[::-1], years))
    keys, years = keys[order], years[order]
    n = len(order)
    starts = np.r_[True, years[1:] != years[:-1]]
    top = np.maximum.accumulate(np.where(starts, np.arange(n), 0))  # each year's first row
    rank = np.arange(n) - top
    ranked = cands.iloc[order].assign(rank=rank, chosen=rank == 0)
    # Corroboration: every candidate ranked equal to the chosen one, with the same value
    # and comparator, is cited too.
    comparator = ranked["comparator"].to_numpy(dtype=object)
    value = ranked["value"].to_numpy(dtype=np.float64)
    tie = (keys == keys[top]).all(axis=1) & (comparator == comparator[top])
    tie &= np.abs(value - value[top]) <= _TOL * np.maximum(np.abs(value[top]), 1.0)
    cited: dict[int, dict[str, None]] = {}
    source_ids = ranked["source_ids"].to_numpy(dtype=object)
    for i in np.flatnonzero(tie):
        cited.setdefault(int(years[i]), {}).update(dict.fromkeys(source_ids[i]))
    best = ranked.loc[ranked["chosen"], [*CANDIDATE_COLUMNS, "rank"]].reset_index(drop=True)
    best["source_ids"] = [
        tuple(cited[y]) if y in cited else np.nan for y in best["year"].to_numpy(dtype=np.int64)
    ]
    alts = ranked[[*CANDIDATE_COLUMNS, "rank", "chosen"]].reset_index(drop=True)
    return best, alts


def contested(r: Reconciled, year: int) -> list[tuple[float, str, tuple[str, ...]]]:
    """The figures for ``year`` that rank equal on every rule but state different values:
    ``(value, comparator, source_ids)`` per distinct figure, the chosen one first; ``[]``
    when the year's choice is clear (one figure at the top, or none)."""
    a = r.alternatives
    if a.empty:
        return []
    g = a[a["year"].to_numpy() == year].reset_index(drop=True)
    if len(g) < 2:
        return []
    keys = rank_key(g)
    top = int(np.flatnonzero(g["rank"].to_numpy() == 0)[0])
    equal = np.flatnonzero((keys == keys[top]).all(axis=1))
    figures: dict[tuple[float, str], dict[str, None]] = {}
    value = g["value"].to_numpy(dtype=np.float64)
    comparator = g["comparator"].to_numpy(dtype=object)
    for i in [top, *equal[equal != top]]:
        key = next(
            (
                k
                for k in figures
                if k[1] == comparator[i] and abs(k[0] - value[i]) <= _TOL * max(abs(k[0]), 1.0)
            ),
            (float(value[i]), str(comparator[i])),
        )
        figures.setdefault(key, {}).update(dict.fromkeys(g["source_ids"].iloc[i]))
    if len(figures) < 2:
        return []
    return [(v, c, tuple(ids)) for (v, c), ids in figures.items()]
