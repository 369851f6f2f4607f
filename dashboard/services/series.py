"""The reconciled series of a pair, its mirror and its nowcasts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analysis import periods
from analysis.mirror import DEFAULT_FACTOR, mirror_table
from analysis.nowcasts import nowcast_year
from analysis.reconcile import CATEGORY_RANK, Reconciled, monthly_checks, reconcile
from dashboard.services.pairs import _records, categories, load_pair
from data.store import Snapshot


def mirror(snap: Snapshot, reporter: str, partner: str, factor: float) -> pd.DataFrame:
    """Mirror statistics of the pair (see ``analysis.mirror``)."""
    return mirror_table(snap.frame, categories(snap), reporter, partner, factor=factor)


def reconciled(
    snap: Snapshot,
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    commodity: str = "TOTAL",
) -> Reconciled:
    return reconcile(
        snap.frame, categories(snap), reporter, partner, series, flow, commodity=commodity
    )


def series_payload(
    reporter: str,
    partner: str,
    series: str = "trade_value",
    flow: str = "total",
    store_dir: str | None = None,
    *,
    deflator: Path | None = None,
    price_base: int | None = None,
    commodity: str = "TOTAL",
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash series``: annual best points first, then part-year points.

    ``commodity`` picks all goods (``TOTAL``) or one product or group as the store codes
    it (``1001`` wheat, ``HS01-24`` agri-food); a product's figures never enter ``TOTAL``.

    With ``deflator`` (a CSV of year, index), annual USD values are shown at constant
    ``price_base`` prices (default: the deflator's last year), each point ``derived``;
    part-year points are left out then, as a yearly index does not price them.
    """
    snap = load_pair(reporter, partner, store_dir)
    r = reconciled(snap, reporter, partner, series, flow, commodity.upper())
    points = r.points()
    # The best category among a point's sources: a turnover summed from an official
    # table's exports and imports is ``derived`` in kind and ``official`` in category.
    for p in points:
        ids = p["source_ids"] if isinstance(p["source_ids"], list) else []
        cats = [snap.sources[s].category for s in ids if s in snap.sources]
        p["category"] = min(cats, key=lambda c: CATEGORY_RANK.get(c, 9), default="")
    payload: dict[str, Any] = {
        "reporter": reporter,
        "partner": partner,
        "series": series,
        "flow": flow,
        "commodity": commodity.upper(),
        "unit": r.unit,
        "points": points,
    }
    checks = monthly_checks(r)
    if len(checks):
        # Annual totals built from 12 months, beside the stated annual figure.
        payload["monthly_checks"] = [
            {
                "year": int(c.year),
                "months_sum": c.months_sum,
                "annual": c.annual,
                "annual_source_ids": list(c.annual_source_ids),
                "diff_pct": c.diff_pct,
            }
            for c in checks.itertuples(index=False)
        ]
    if deflator is not None:
        points = _constant_prices(points, r.unit, deflator, price_base, payload)
    rows = pd.DataFrame(
        points,
        columns=[
            "period_start", "period_end", "value", "comparator", "kind", "category", "source_ids"
        ],
    )  # fmt: skip
    rows["source_ids"] = rows["source_ids"].map(lambda ids: ";".join(ids))
    rows.insert(3, "unit", r.unit)
    return payload, rows


def _constant_prices(
    points: list[dict[str, Any]],
    unit: str,
    deflator: Path,
    price_base: int | None,
    payload: dict[str, Any],
) -> list[dict[str, Any]]:
    from analysis.growth import deflate
    from data.deflator import read_deflator

    if unit != "USD":
        raise ValueError(f"only USD series can be deflated; this one is in {unit}")
    index = read_deflator(deflator)
    base = price_base if price_base is not None else int(index.index.max())
    years = {
        i: periods.year_of(str(p["period_start"]))
        for i, p in enumerate(points)
        if periods.is_year(str(p["period_start"]), str(p["period_end"]))
    }
    # Years the deflator does not price are left out, and listed.
    covered = set(index.index.tolist())
    payload["years_without_deflator"] = sorted(set(years.values()) - covered)
    kept = [i for i, y in years.items() if y in covered]
    annual = [points[i] for i in kept]
    nominal = pd.Series([float(p["value"]) for p in annual], index=[years[i] for i in kept])
    real = deflate(nominal, index, base)
    for p, v in zip(annual, real.to_numpy(), strict=True):
        p["value"], p["kind"] = float(v), "derived"
    payload.update(points=annual, price_basis=f"constant {base} USD", deflator=deflator.name)
    return annual


def nowcast_payload(
    reporter: str, partner: str, series: str, year: int, store_dir: str | None = None
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash nowcast``: each part-year figure of ``year`` scaled to a full year."""
    snap = load_pair(reporter, partner, store_dir)
    r = reconciled(snap, reporter, partner, series, "total")
    rows = nowcast_year(r.values(), r.part_year, year)
    published = r.best[r.best["year"] == year]
    payload = {
        "reporter": reporter,
        "partner": partner,
        "series": series,
        "unit": r.unit,
        "year": year,
        "published": [
            {"value": float(p.value), "comparator": p.comparator, "source_ids": list(p.source_ids)}
            for p in published.itertuples()
        ],
        "nowcasts": _records(rows),
    }
    out = rows.copy()
    out["source_ids"] = out["source_ids"].map(lambda ids: ";".join(ids))
    return payload, out


def mirror_payload(
    reporter: str, partner: str, factor: float = DEFAULT_FACTOR, store_dir: str | None = None
) -> tuple[dict[str, Any], pd.DataFrame]:
    """``tradedash mirror``: each side's exports beside the other's imports, CIF/FOB adjusted."""
    rows = mirror(load_pair(reporter, partner, store_dir), reporter, partner, factor)
    records = _records(rows)
    for r in records:
        if not r["gap_defined"]:
            r["gap_pct"] = None
    payload = {
        "reporter": reporter,
        "partner": partner,
        "factor": factor,
        "unit": "USD",
        "rows": records,
    }
    out = rows.copy()
    for col in ("export_source_ids", "import_source_ids"):
        out[col] = out[col].map(lambda ids: ";".join(ids))
    return payload, out
