"""What is traded: the product figures the sources state, and the HS detail a store holds.

Observations in (the data model of ``data.schema``), with ``source_id → category``;
frames out. Two kinds of product rows (``commodity`` not ``TOTAL``):

* **stated figures**: what a publication says of a product or group (agri-food above 30 %
  of Kazakh exports to Turkmenistan, wheat ×1.5, flour ×4, tomatoes the second import):
  every product row of a press source, and every non-level row (a share, a growth) of a
  statistical one. Each keeps its measure, comparator, window and source.
* **HS detail**: levels of single products from a statistical table (a Comtrade file with
  products): US dollars (``trade_value``) and, where the table gives net weight, tonnes
  (``trade_quantity``) of the same product, year, flow and source.

Policy: a product's figures are never added into the all-goods total, nor summed across
sources. Only calendar-year levels make a year's top products; the value per tonne is
left blank (NaN) where no net weight or a zero one is stated, never guessed. The pair
means the reporter's records and the partner's, the flow turned round for the latter.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis import periods
from analysis.wording import period, stated

#: Names of the HS codes and groups the stores use; any other code reads ``HS <code>``.
PRODUCT_NAMES = {
    "HS01-24": "agri-food (HS 01–24)",
    "0702": "tomatoes",
    "1001": "wheat",
    "1101": "wheat flour",
    "1001+1101": "wheat and flour",
}
#: How each measure reads in the figures' table.
MEASURE_WORDS = {
    "level": "level",
    "growth_pct_yoy": "growth on the same months a year earlier",
    "multiple": "multiple over the window",
    "change_abs": "change on a year earlier",
    "target": "target",
}
SHARE_WORDS = {
    "pair_flow": "share of the pair's trade in that direction",
    "partner_product_exports": "share of the partner's exports of the product",
    "other": "share (the note says of what)",
}
_SWAP = {"export": "import", "import": "export"}
FIGURE_COLUMNS = [
    "product", "commodity", "flow", "series", "measure", "period", "figure", "value", "unit",
    "comparator", "period_start", "period_end", "source_id", "note",
]  # fmt: skip
TOP_COLUMNS = ["commodity", "product", "value_usd", "share_pct", "weight_t", "usd_per_t",
               "source_ids"]  # fmt: skip


def product_name(code: str) -> str:
    """``1001`` → ``wheat``; an unnamed code → ``HS 2710``."""
    return PRODUCT_NAMES.get(code) or f"HS {code}"


def _pair_products(obs: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """The pair's product rows, the partner's records with their flow turned round."""
    if obs.empty:
        return obs.iloc[0:0]
    rep, par = obs["reporter"].astype(str), obs["partner"].astype(str)
    products = obs["commodity"].astype(str) != "TOTAL"
    own = obs[products & (rep == reporter) & (par == partner)]
    other = obs[products & (rep == partner) & (par == reporter)].copy()
    flows = other["flow"].astype(str)
    other["flow"] = flows.map(_SWAP).fillna(flows)
    out = pd.concat([own, other], ignore_index=True)
    for col in ("series", "flow", "commodity", "measure", "source_id", "comparator", "unit"):
        out[col] = out[col].astype(str)
    out["share_of"] = out["share_of"].astype(str) if "share_of" in out else ""
    return out


def _is_detail(rows: pd.DataFrame, categories: Mapping[str, str]) -> np.ndarray:
    category = rows["source_id"].map(lambda s: categories.get(s, "press"))
    return ((category != "press") & (rows["measure"] == "level")).to_numpy(dtype=bool)


def product_figures(
    obs: pd.DataFrame, categories: Mapping[str, str], reporter: str, partner: str
) -> pd.DataFrame:
    """The stated product figures of the pair, newest window first within each product.

    Columns :data:`FIGURE_COLUMNS`: ``figure`` is the value as stated (``above 30.0%``,
    ``+50.0%``, ``about 19,500 t``), ``measure`` in words, ``period`` its window.
    """
    rows = _pair_products(obs, reporter, partner)
    rows = rows[~_is_detail(rows, categories)] if len(rows) else rows
    if rows.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS)

    out = pd.DataFrame(
        {
            "product": rows["commodity"].map(product_name),
            "commodity": rows["commodity"],
            "flow": rows["flow"],
            "series": rows["series"],
            "measure": [
                SHARE_WORDS.get(s, "share") if m == "share_pct" else MEASURE_WORDS.get(m, m)
                for m, s in zip(rows["measure"], rows["share_of"], strict=True)
            ],
            "period": [
                period(str(a), str(b))
                for a, b in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            "figure": [
                stated(float(v), u, c, signed=m == "growth_pct_yoy")
                for v, u, c, m in zip(
                    rows["value"], rows["unit"], rows["comparator"], rows["measure"], strict=True
                )
            ],
            "value": rows["value"].astype(float),
            "unit": rows["unit"],
            "comparator": rows["comparator"],
            "period_start": rows["period_start"].astype(str),
            "period_end": rows["period_end"].astype(str),
            "source_id": rows["source_id"],
            "note": rows["note"].astype(str) if "note" in rows else "",
        }
    )
    end = periods.months(out["period_end"])
    out = out.assign(_end=end).sort_values(
        ["product", "_end", "source_id"], ascending=[True, False, True], kind="stable"
    )
    return out.drop(columns="_end").reset_index(drop=True)


def _detail(
    obs: pd.DataFrame, categories: Mapping[str, str], reporter: str, partner: str
) -> pd.DataFrame:
    """The pair's HS detail rows of calendar years, with a ``year`` column."""
    rows = _pair_products(obs, reporter, partner)
    if rows.empty:
        return rows
    rows = rows[_is_detail(rows, categories)]
    full = periods.full_years(rows["period_start"], rows["period_end"])
    rows = rows[full].copy()
    rows["year"] = periods.years(rows["period_start"])
    return rows


def detail_years(
    obs: pd.DataFrame, categories: Mapping[str, str], reporter: str, partner: str
) -> list[int]:
    """Calendar years for which a store holds the pair's HS detail in US dollars, newest
    first (empty when none does)."""
    rows = _detail(obs, categories, reporter, partner)
    if rows.empty:
        return []
    usd = rows[rows["series"] == "trade_value"]
    return sorted({int(y) for y in usd["year"]}, reverse=True)


def top_products(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    reporter: str,
    partner: str,
    year: int,
    flow: str = "export",
    n: int = 10,
) -> pd.DataFrame:
    """The ``n`` largest products by value of ``year`` and ``flow``, largest first.

    Columns :data:`TOP_COLUMNS`: ``value_usd`` (US dollars), ``share_pct`` (percent of the
    same source's all-goods level of that year and flow where it states one, else of the
    products it lists), ``weight_t`` (tonnes, NaN where not stated), ``usd_per_t`` (NaN
    where the weight is missing or zero), ``source_ids``. A product stated by several
    sources is taken from the first source by id; their values are never added.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    rows = _detail(obs, categories, reporter, partner)
    if rows.empty:
        return pd.DataFrame(columns=TOP_COLUMNS)
    rows = rows[(rows["year"] == year) & (rows["flow"] == flow)]
    usd = rows[rows["series"] == "trade_value"].sort_values(["commodity", "source_id"])
    usd = usd.drop_duplicates("commodity")
    if usd.empty:
        return pd.DataFrame(columns=TOP_COLUMNS)
    tonnes = rows[rows["series"] == "trade_quantity"].set_index(["commodity", "source_id"])["value"]
    tonnes = tonnes[~tonnes.index.duplicated()]
    weight = [
        float(tonnes.get((c, s), np.nan))
        for c, s in zip(usd["commodity"], usd["source_id"], strict=True)
    ]
    # Each source's all-goods level of the year and flow, the denominator of the shares.
    whole = obs[
        (obs["commodity"].astype(str) == "TOTAL")
        & (obs["series"].astype(str) == "trade_value")
        & (obs["measure"].astype(str) == "level")
        & (obs["reporter"].astype(str) == reporter)
        & (obs["partner"].astype(str) == partner)
        & (obs["flow"].astype(str) == flow)
        & (obs["period_start"].astype(str) == f"{year}-01")
        & (obs["period_end"].astype(str) == f"{year}-12")
    ]
    totals = dict(zip(whole["source_id"].astype(str), whole["value"].astype(float), strict=True))
    listed = usd.groupby("source_id")["value"].sum()
    value = usd["value"].astype(float).to_numpy()
    denominator = np.array(
        [totals.get(s, float(listed[s])) for s in usd["source_id"]], dtype="float64"
    )
    w = np.array(weight, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_t = np.where(w > 0, value / w, np.nan)
        share = np.where(denominator > 0, value / denominator * 100, np.nan)
    out = pd.DataFrame(
        {
            "commodity": usd["commodity"].to_numpy(),
            "product": usd["commodity"].map(product_name).to_numpy(),
            "value_usd": value,
            "share_pct": share,
            "weight_t": w,
            "usd_per_t": per_t,
            "source_ids": [(s,) for s in usd["source_id"]],
        }
    )
    out = out.sort_values(["value_usd", "commodity"], ascending=[False, True], kind="stable")
    return out.head(n).reset_index(drop=True)
