"""Reconciliation: one best annual series for a pair, with every alternative kept.

Input is an observations frame in the data model of ``data.schema`` (the columns
``series, reporter, partner, flow, commodity, period_start, period_end, measure,
comparator, value, unit, kind, source_id, ref``) and a mapping ``source_id → category``
(``official``, ``international``, ``press``). Values are in base units (USD, tonnes).

Candidates for a calendar year, per (reporter, partner, series, flow):

* **direct** — a level for that year, from the reporter's side (``side='reporter'``) or
  the partner's records with the flow turned round (``side='partner'``: the partner's
  imports are the reporter's exports, valued CIF instead of FOB; no factor applied).
* **sum** — turnover as exports + imports of one source and side (both must exist).
* **growth** — a level for year *Y* and the year-on-year growth for *Y* from the same
  source give the level for *Y − 1* = level / (1 + growth); 563 / 1.28 = 439.8.

Precedence, best first (the first difference decides):

1. exact or approximate figures before bounds (``>``, ``<``);
2. the reporter's own records before the partner's and before mirror estimates;
3. exact (``=``) before approximate (``~``);
4. stated before derived from a growth rate;
5. source category: official statistics, international (IMF …), press;
6. kind: reported, estimated, derived, mirror;
7. corroboration: a value stated by more sources before one stated by fewer.

Figures still equal on every rule but different in value are *contested*: the first in
the store's order is chosen, :func:`contested` lists the rivals, and the claims checker
judges a claim against each of them rather than trusting that order.

Ties keep every source that states the same value (corroboration): the point cites them
all. Part-year windows (Q1, Jan–Jul …) are returned apart from the annual series and
never mixed into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import periods
from analysis.flows import turnover
from analysis.units import unit_of
from analysis.wording import base_from_growth

CATEGORY_RANK = {"official": 0, "international": 1, "press": 2, "derived": 3}
METHOD_RANK = {"stated": 0, "sum": 0, "months": 1, "growth": 2}
KIND_RANK = {"reported": 0, "estimated": 1, "derived": 2, "mirror": 3}
SWAP_FLOW = {
    "export": "import",
    "import": "export",
    "total": "total",
    "re_export": "re_import",
    "re_import": "re_export",
}
_TOL = 1e-9

CANDIDATE_COLUMNS = [
    "year", "period_start", "period_end", "value", "comparator", "kind", "side",
    "method", "source_ids", "refs", "category", "note",
]  # fmt: skip


@dataclass
class Reconciled:
    """The best annual series and everything it was chosen from.

    ``best``: one row per year (columns of :data:`CANDIDATE_COLUMNS` plus ``rank``);
    ``alternatives``: every candidate, ``chosen`` marking the best; ``part_year``: stated
    part-year levels, identical figures from several sources merged into one point.
    """

    reporter: str
    partner: str
    series: str
    flow: str
    unit: str
    best: pd.DataFrame
    alternatives: pd.DataFrame
    part_year: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    commodity: str = "TOTAL"

    def values(self, *, include_bounds: bool = False) -> pd.Series:
        """Best values by year as an annual series (bounds left out unless asked)."""
        b = self.best
        values = b["value"].to_numpy(dtype="float64")
        years = b["year"].to_numpy(dtype="int64")
        if not include_bounds:  # numpy, not a boolean frame index: this runs every rerun
            keep = np.isin(b["comparator"].to_numpy(dtype=object), ["=", "~"])
            values, years = values[keep], years[keep]
        return pd.Series(
            values, index=pd.Index(years, name="year"), name=f"{self.series}_{self.flow}"
        )

    def last_exact_year(self) -> int | None:
        """The last year whose best figure is exact (``=``), else the last approximate
        (``~``) one; ``None`` when every year is a bound or there is none.

        The base of growth and the headline: a later "about" figure (a minister's "about
        1.5 Mt a year", no year stated) is shown, but not started from.
        """
        comparator = self.best["comparator"].to_numpy(dtype=object)
        years = self.best["year"].to_numpy(dtype=np.int64)
        for wanted in ("=", "~"):
            hit = years[comparator == wanted]
            if len(hit):
                return int(hit.max())
        return None

    def points(self) -> list[dict[str, object]]:
        """Annual points first, then part-year points: the CLI's JSON ``points``."""
        out = []
        for frame in (self.best, self.part_year):
            for r in frame.itertuples(index=False):
                out.append(
                    {
                        "period_start": r.period_start,
                        "period_end": r.period_end,
                        "value": float(r.value),
                        "comparator": r.comparator,
                        "kind": r.kind,
                        "source_ids": list(r.source_ids),
                    }
                )
        return out


def _is_year(start: pd.Series, end: pd.Series) -> np.ndarray:
    return periods.full_years(start, end)


def _subset(
    obs: pd.DataFrame,
    reporter: str,
    partner: str,
    series: str,
    exclude: set[str],
    commodity: str = "TOTAL",
) -> pd.DataFrame:
    # Compare on the raw (often categorical) columns: cheap on big frames; only the few
    # matching rows are turned into plain text below.
    rep, par = obs["reporter"], obs["partner"]
    mask = ((rep == reporter) & (par == partner)) | ((rep == partner) & (par == reporter))
    mask &= obs["series"] == series
    # One product (or all goods) at a time: a product's figures never enter the total.
    if "commodity" in obs.columns:
        mask &= obs["commodity"] == commodity
    elif commodity != "TOTAL":
        mask &= False
    sub = obs.loc[mask].copy()
    if exclude:
        sub = sub[~sub["source_id"].astype(str).isin(exclude)]
    for col in (
        "reporter",
        "partner",
        "series",
        "flow",
        "period_start",
        "period_end",
        "measure",
        "comparator",
        "kind",
        "source_id",
        "ref",
    ):
        sub[col] = sub[col].astype(str)
    sub["side"] = np.where(sub["reporter"] == reporter, "reporter", "partner")
    # On the partner's records the flow turns round: their imports are our exports.
    turned = sub["side"] == "partner"
    sub.loc[turned, "flow"] = sub.loc[turned, "flow"].map(SWAP_FLOW)
    sub["year"] = periods.years(sub["period_start"])
    return sub


def _candidates(
    levels: pd.DataFrame, growth: pd.DataFrame, flow: str, categories: Mapping[str, str]
) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for r in levels[levels["flow"] == flow].itertuples(index=False):
        rows.append(
            _row(
                r.year,
                r.value,
                r.comparator,
                r.kind,
                r.side,
                "stated",
                [r.source_id],
                [r.ref],
                categories,
                getattr(r, "note", "") or "",
            )
        )
    if flow == "total":
        rows.extend(_sums(levels, categories))
    base = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    g_rows = growth[(growth["flow"] == flow) & growth["comparator"].isin(["=", "~"])]
    for r in g_rows.itertuples(index=False):
        same = base[
            (base["year"] == r.year)
            & base["comparator"].isin(["=", "~"])
            & base["source_ids"].map(lambda s, sid=r.source_id: sid in s)
        ]
        for lvl in same.itertuples(index=False):
            if r.value <= -100:
                continue
            comp = "=" if lvl.comparator == "=" and r.comparator == "=" else "~"
            prev = float(lvl.value) / (1 + float(r.value) / 100)
            rows.append(
                _row(
                    r.year - 1,
                    prev,
                    comp,
                    "derived",
                    lvl.side,
                    "growth",
                    list(lvl.source_ids),
                    [*lvl.refs, r.ref],
                    categories,
                    f"{base_from_growth(lvl.value, unit_of(r.series), r.value)} from the "
                    f"{r.year} level and growth of one source",
                )
            )
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def _sums(levels: pd.DataFrame, categories: Mapping[str, str]) -> list[dict[str, object]]:
    """Turnover as exports + imports of one source and side, year by year."""
    flow = levels["flow"]
    on = ["source_id", "side", "year"]
    pairs = turnover(levels[flow == "export"], levels[flow == "import"], on)
    rows = []
    for r in pairs.itertuples(index=False):
        rows.append(
            _row(
                r.year,
                r.value,
                r.comparator,
                r.kind,
                r.side,
                "sum",
                [r.source_id],
                [r.ref_x, r.ref_m],
                categories,
                "exports + imports of one source",
            )
        )
    return rows


def _month_sums(
    part: pd.DataFrame, flow: str, categories: Mapping[str, str]
) -> list[dict[str, object]]:
    """Annual totals built from twelve monthly levels of one source and side (derived).

    Ranked below a stated annual figure, so where both exist the stated one is chosen
    and :func:`monthly_checks` compares the two.
    """
    m = part[
        (part["flow"] == flow)
        & (part["period_start"] == part["period_end"])
        & (part["comparator"] == "=")
    ]
    rows = []
    for (src, side, year), g in m.groupby(["source_id", "side", "year"]):
        if g["period_start"].nunique() != 12 or len(g) != 12:
            continue
        kind = "mirror" if (g["kind"] == "mirror").any() else "derived"
        rows.append(
            _row(
                int(year),
                float(g["value"].sum()),
                "=",
                kind,
                str(side),
                "months",
                [str(src)],
                [f"{g['ref'].iloc[0]}..{g['ref'].iloc[-1]}"],
                categories,
                "sum of 12 monthly figures of one source",
            )
        )
    return rows


def monthly_checks(r: Reconciled) -> pd.DataFrame:
    """Years where a 12-month sum and a stated annual figure both exist: the difference.

    Columns ``year, months_sum, annual, annual_source_ids, diff_pct`` (sum − annual, as a
    percentage of the annual figure); empty when there is nothing to compare.
    """
    a = r.alternatives
    cols = ["year", "months_sum", "annual", "annual_source_ids", "diff_pct"]
    if a.empty:
        return pd.DataFrame(columns=cols)
    sums = a[a["method"] == "months"].drop_duplicates("year").set_index("year")
    stated = a[(a["method"].isin(["stated", "sum"])) & (a["comparator"] == "=")]
    stated = stated.sort_values(["year", "rank"]).drop_duplicates("year").set_index("year")
    years = sorted(set(sums.index) & set(stated.index))
    rows = [
        {
            "year": y,
            "months_sum": float(sums.loc[y, "value"]),
            "annual": float(stated.loc[y, "value"]),
            "annual_source_ids": stated.loc[y, "source_ids"],
            "diff_pct": (float(sums.loc[y, "value"]) / float(stated.loc[y, "value"]) - 1) * 100
            if stated.loc[y, "value"]
            else float("nan"),
        }
        for y in years
    ]
    return pd.DataFrame(rows, columns=cols)


def _row(
    year: int,
    value: float,
    comparator: str,
    kind: str,
    side: str,
    method: str,
    source_ids: list[str],
    refs: list[str],
    categories: Mapping[str, str],
    note: str,
) -> dict[str, object]:
    cats = [categories.get(s, "press") for s in source_ids]
    category = min(cats, key=lambda c: CATEGORY_RANK.get(c, 9))
    y = int(year)
    return {
        "year": y,
        "period_start": f"{y:04d}-01",
        "period_end": f"{y:04d}-12",
        "value": float(value),
        "comparator": comparator,
        "kind": kind,
        "side": side,
        "method": method,
        "source_ids": tuple(source_ids),
        "refs": tuple(refs),
        "category": category,
        "note": note,
    }


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


def _part_year(levels: pd.DataFrame, flow: str) -> pd.DataFrame:
    p = levels[(levels["flow"] == flow) & (levels["side"] == "reporter")]
    cols = ["period_start", "period_end", "value", "comparator", "kind", "source_ids"]
    if p.empty:
        return pd.DataFrame(columns=cols)
    # One point per distinct figure, its sources in order of appearance, the points sorted
    # (a group-by on five keys, done in Python: a few rows, on every choice).
    keys = zip(*(p[c].tolist() for c in cols[:-1]), strict=True)
    points: dict[tuple[object, ...], dict[object, None]] = {}
    for key, source in zip(keys, p["source_id"].tolist(), strict=True):
        if not any(pd.isna(k) for k in key):  # as a group-by, rows with a missing key drop out
            points.setdefault(key, {})[source] = None
    if not points:
        return pd.DataFrame(columns=cols)
    rows = [(*key, tuple(points[key])) for key in sorted(points)]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({c: p[c].dtype for c in cols[:-1]})


@dataclass
class Prepared:
    """Every candidate for one (reporter, partner, series, flow), before any choice.

    Choosing from it with some sources left out (:func:`choose`) equals reconciling
    without them, because every candidate cites all the sources it was built from.
    """

    reporter: str
    partner: str
    series: str
    flow: str
    unit: str
    candidates: pd.DataFrame
    part_levels: pd.DataFrame
    commodity: str = "TOTAL"


def prepare(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    *,
    commodity: str = "TOTAL",
) -> Prepared:
    """Gather the candidates of :func:`reconcile` once, to choose from many times."""
    sub = _subset(obs, reporter, partner, series, set(), commodity)
    year = _is_year(sub["period_start"], sub["period_end"]) if len(sub) else np.array([], bool)
    is_level = sub["measure"].to_numpy() == "level"
    levels = sub[is_level]
    annual_levels = levels[year[is_level]] if len(sub) else levels
    growth = sub[(sub["measure"] == "growth_pct_yoy") & year] if len(sub) else sub
    cands = _candidates(annual_levels, growth, flow, categories)
    part = levels[~year[is_level]] if len(sub) else levels
    part = part[periods.same_year(part["period_start"], part["period_end"])] if len(part) else part
    months = _month_sums(part, flow, categories)
    if months:
        cands = pd.concat(
            [cands, pd.DataFrame(months, columns=CANDIDATE_COLUMNS)], ignore_index=True
        )
    return Prepared(reporter, partner, series, flow, unit_of(series), cands, part, commodity)


def choose(prepared: Prepared, exclude_sources: Iterable[str] = ()) -> Reconciled:
    """The best series from prepared candidates, leaving out ``exclude_sources``."""
    p = prepared
    exclude = set(exclude_sources)
    cands, part = p.candidates, p.part_levels
    if exclude:
        if len(cands):
            cands = cands[~cands["source_ids"].map(lambda ids: bool(exclude.intersection(ids)))]
        part = part[~part["source_id"].isin(exclude)]
    best, alts = _choose(cands.reset_index(drop=True))
    return Reconciled(
        p.reporter,
        p.partner,
        p.series,
        p.flow,
        p.unit,
        best,
        alts,
        _part_year(part, p.flow),
        commodity=p.commodity,
    )


def reconcile(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    *,
    exclude_sources: Iterable[str] = (),
    commodity: str = "TOTAL",
) -> Reconciled:
    """The best annual series for ``reporter``→``partner``, with its alternatives.

    ``exclude_sources`` leaves sources out (the claims checker excludes a claim's own
    source). ``commodity`` picks all goods (``TOTAL``, the default) or one product's
    rows (an HS code or group): products are never summed into the total, nor the total
    split into products. No data gives empty frames, not an error. Units follow the rows
    (USD or t).
    """
    prepared = prepare(obs, categories, reporter, partner, series, flow, commodity=commodity)
    return choose(prepared, exclude_sources)
