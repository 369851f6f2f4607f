"""Annual turnover of every pair at once: the reconciliation's rules, on arrays.

:func:`analysis.reconcile.reconcile` chooses one best value per year for *one* pair; a
world store holds 51,000 ordered pairs, and reconciling them one by one takes minutes.
:func:`turnover_panel` applies the same precedence to every pair in one pass, for the
candidates a world of annual trade statistics has:

* a stated annual turnover (``flow='total'``) of one source and side, and
* exports + imports of one source and side, both stated for the year (``=`` or ``~``).

Each candidate is ranked as :func:`analysis.reconcile.rank_key` ranks it — bound, foreign
(the partner's records, or a mirror), approximate, source category, kind (a sum is
``derived``, or ``mirror`` when either flow is) — and the first in that order wins; ties
go to the reporter's own source first, then the source id, where ``reconcile`` keeps the
order of the rows (the two agree on the IMF DOTS store: tested on a sample of its pairs).

Left to ``reconcile``: bounds (``>``, ``<``: never a level to model), years derived from
a growth rate (563 / 1.28) and twelve-month sums. Those need a press figure or monthly
data, which a pair-by-pair view reads through ``reconcile`` itself.

Each unordered pair appears once, the reporter being the alphabetically first of the two
codes, so the same trade is not counted twice (A's records of A–B and B's of B–A).
Aggregates (World, regions) are left out: they are not a pair of economies. Values in
base units (USD); years with no candidate are NaN; zero and negative turnovers are kept
as stated (a model of log levels must treat them as missing, and says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import flows, periods
from analysis.reconcile import CATEGORY_RANK, KIND_RANK

PANEL_COLUMNS = (
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "measure",
    "comparator",
    "value",
    "kind",
    "source_id",
)


@dataclass(frozen=True)
class Panel:
    """Turnover by pair and year: ``values[i, j]`` is pair ``i`` in year ``years[j]``.

    ``reporters``/``partners``: the pair's codes (reporter alphabetically first);
    ``values``: float64, base units, NaN where no year was stated.
    """

    reporters: np.ndarray
    partners: np.ndarray
    years: np.ndarray
    values: np.ndarray
    series: str = "trade_value"

    def __len__(self) -> int:
        return len(self.reporters)

    def index_of(self, reporter: str, partner: str) -> int:
        """Row of the pair (either way round); ``KeyError`` when the panel lacks it."""
        a, b = sorted((reporter, partner))
        hit = np.flatnonzero((self.reporters == a) & (self.partners == b))
        if not len(hit):
            raise KeyError(f"no turnover for {reporter}–{partner} in the panel")
        return int(hit[0])

    def until(self, year: int) -> Panel:
        """The panel as known at the end of ``year``: later years dropped."""
        keep = self.years <= year
        return Panel(
            self.reporters, self.partners, self.years[keep], self.values[:, keep], self.series
        )


def _coded(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, categories)`` of a column, categories as text: a world of rows has a few
    thousand distinct values per column, so every test runs on those, then indexes."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        cats = np.asarray(column.cat.categories.astype(str), dtype=object)
        return column.cat.codes.to_numpy(dtype=np.int64), cats
    cats_, codes = np.unique(column.astype(str).to_numpy(dtype=object), return_inverse=True)
    return codes.astype(np.int64), cats_.astype(object)


def _year_if(text: str, month_of_year: int, otherwise: int) -> int:
    """The year of a ``YYYY-MM`` text when it is that month of the year, else ``otherwise``."""
    m = periods.month(text)
    return periods.year(m) if periods.month_of_year(m) == month_of_year else otherwise


def _on_codes(column: pd.Series, fn) -> np.ndarray:  # type: ignore[no-untyped-def]
    codes, cats = _coded(column)
    per_cat = np.asarray([fn(c) for c in cats])
    if not len(per_cat):
        return np.zeros(len(codes), dtype=per_cat.dtype if per_cat.size else bool)
    return per_cat[codes]


def turnover_panel(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    *,
    series: str = "trade_value",
) -> Panel:
    """Every unordered pair's best annual turnover (see the module docstring).

    ``obs``: observations in the data model (at least :data:`PANEL_COLUMNS`, plus
    ``series``, ``commodity`` and ``partner_aggregate`` when present: other series,
    product detail and aggregates are left out; so are codes ``WLD`` and ``AGG_*``).
    ``categories``: ``source_id → category`` (unknown sources rank as press).
    """
    f = obs
    n = len(f)
    keep = np.ones(n, dtype=bool)
    if "series" in f.columns:
        keep &= _on_codes(f["series"], lambda c: c == series)
    if "commodity" in f.columns:
        keep &= _on_codes(f["commodity"], lambda c: c == "TOTAL")
    if "partner_aggregate" in f.columns:
        keep &= ~f["partner_aggregate"].to_numpy(dtype=bool)
    keep &= _on_codes(f["measure"], lambda c: c == "level")
    keep &= _on_codes(f["comparator"], lambda c: c in ("=", "~"))
    flow = _on_codes(f["flow"], lambda c: {"export": 0, "import": 1, "total": 2}.get(c, -1))
    keep &= flow >= 0
    s_year = _on_codes(f["period_start"], lambda c: _year_if(c, 1, -1))
    e_year = _on_codes(f["period_end"], lambda c: _year_if(c, 12, -2))
    keep &= s_year == e_year
    # One vocabulary of economies for both columns.
    rc, rcats = _coded(f["reporter"])
    pc_, pcats = _coded(f["partner"])
    names = np.unique(np.concatenate([rcats, pcats]).astype(str)).astype(object)
    rep = np.searchsorted(names.astype(str), rcats.astype(str))[rc] if n else rc
    par = np.searchsorted(names.astype(str), pcats.astype(str))[pc_] if n else pc_
    bad_name = np.array([c == "WLD" or c.startswith("AGG_") for c in names], dtype=bool)
    if len(names):
        keep &= ~bad_name[rep] & ~bad_name[par]
    keep &= rep != par
    src, scats = _coded(f["source_id"])
    cat_rank = np.array(
        [CATEGORY_RANK.get(categories.get(s, "press"), 9) for s in scats], dtype=np.int64
    )
    kcodes, kcats = _coded(f["kind"])
    kind_rank = np.array([KIND_RANK.get(k, 9) for k in kcats], dtype=np.int64)
    is_mirror = np.array([k == "mirror" for k in kcats], dtype=bool)
    approx = _on_codes(f["comparator"], lambda c: c == "~")
    idx = np.flatnonzero(keep)
    if not len(idx):
        empty = np.empty(0, dtype=object)
        return Panel(empty, empty, np.empty(0, np.int64), np.empty((0, 0)), series)
    r, p = rep[idx], par[idx]
    own = r < p
    a, b = np.where(own, r, p), np.where(own, p, r)
    fl = flow[idx]
    # A row of b's records is the partner side, its flow turned round (b's exports are
    # a's imports).
    fl = np.where(own | (fl == 2), fl, 1 - fl)
    d = pd.DataFrame(
        {
            "a": a,
            "b": b,
            "own": own,
            "source": src[idx],
            "year": s_year[idx],
            "flow": fl,
            "value": f["value"].to_numpy(dtype=np.float64)[idx],
            "approx": approx[idx],
            "mirror": is_mirror[kcodes[idx]],
            "kind_rank": kind_rank[kcodes[idx]],
        }
    )
    on = ["a", "b", "own", "source", "year"]
    # The same figure from the same source read twice (the embedded store and a user
    # store holding the same workbook) is one figure.
    d = d.drop_duplicates([*on, "flow"])
    x = d[d["flow"] == 0].set_index(on)
    m = d[d["flow"] == 1].set_index(on)
    sums = x[["value", "approx", "mirror"]].join(
        m[["value", "approx", "mirror"]], how="inner", suffixes=("_x", "_m")
    )
    # Turnover from the same source's exports and imports: the one rule of analysis.flows.
    value, approx_sum, mirror = flows.turnover_arrays(
        sums["value_x"].to_numpy(),
        sums["value_m"].to_numpy(),
        sums["approx_x"].to_numpy(),
        sums["approx_m"].to_numpy(),
        sums["mirror_x"].to_numpy(),
        sums["mirror_m"].to_numpy(),
    )
    cand_sum = pd.DataFrame(
        {
            "value": value,
            "approx": approx_sum,
            "mirror": mirror,
            "kind_rank": np.where(mirror, KIND_RANK["mirror"], KIND_RANK["derived"]),
        },
        index=sums.index,
    ).reset_index()
    tot = d.loc[d["flow"] == 2, [*on, "value", "approx", "mirror", "kind_rank"]]
    cands = pd.concat([tot, cand_sum], ignore_index=True)
    own_c = cands["own"].to_numpy(dtype=bool)
    cands = cands.assign(
        r_foreign=(~own_c | cands["mirror"].to_numpy(dtype=bool)).astype(np.int64),
        r_approx=cands["approx"].to_numpy(dtype=np.int64),
        r_cat=cat_rank[cands["source"].to_numpy(dtype=np.int64)],
        r_side=(~own_c).astype(np.int64),
    )
    cands = cands.sort_values(
        ["a", "b", "year", "r_foreign", "r_approx", "r_cat", "kind_rank", "r_side", "source"],
        kind="stable",
    )
    best = cands.drop_duplicates(["a", "b", "year"], keep="first")
    pair_key = best["a"].to_numpy(dtype=np.int64) * len(names) + best["b"].to_numpy(np.int64)
    uniq, pair_id = np.unique(pair_key, return_inverse=True)
    year = best["year"].to_numpy(dtype=np.int64)
    years = np.arange(int(year.min()), int(year.max()) + 1)
    values = np.full((len(uniq), len(years)), np.nan)
    values[pair_id, year - years[0]] = best["value"].to_numpy()
    return Panel(names[uniq // len(names)], names[uniq % len(names)], years, values, series)
