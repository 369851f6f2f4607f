"""The candidate figures for each calendar year: direct levels, sums and levels from growth;
part-year windows kept apart; the monthly sums checked against the annual figures."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import periods
from analysis.flows import turnover
from analysis.reconcile.ranking import CATEGORY_RANK
from analysis.reconcile.result import CANDIDATE_COLUMNS, Reconciled
from analysis.units import unit_of
from analysis.wording import base_from_growth

SWAP_FLOW = {
    "export": "import",
    "import": "export",
    "total": "total",
    "re_export": "re_import",
    "re_import": "re_export",
}


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
