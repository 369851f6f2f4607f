"""The data's figures a claim is set against: the reconciled level, or the same figures
stated by other sources, each with who states them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from analysis import periods
from analysis.bounds import Interval
from analysis.claims.bands import claim_band, format_value
from analysis.claims.verdict import Claim, _Fig
from analysis.reconcile import SWAP_FLOW, Reconciled
from analysis.units import unit_of
from analysis.wording import COMPARATOR_WORDS


def _judge(band: Interval, fig: _Fig) -> bool | None:
    iv = fig.interval
    if (band.lo <= iv.lo and iv.hi <= band.hi) or (not fig.bounded and band.contains(fig.value)):
        return True
    return False if iv.hi < band.lo or iv.lo > band.hi else None


def _who(sources: Iterable[str], categories: Mapping[str, str]) -> str:
    src = list(dict.fromkeys(sources))
    press = [s for s in src if categories.get(s, "press") == "press"]
    parts = [f"{s} ({categories[s]} statistics)" for s in src if s not in press]
    if press:
        parts.append(f"{len(press)} other outlet{'s' * (len(press) > 1)} ({', '.join(press)})")
    return " and ".join(parts)


def _fig(
    value: float,
    comp: str,
    measure: str,
    unit: str,
    sources: tuple[str, ...],
    how: str,
    cats: Mapping[str, str],
) -> _Fig:
    iv = Interval(value, value) if comp == "=" else claim_band(value, comp, measure, unit)
    short = COMPARATOR_WORDS[comp] + format_value(value, unit, share=measure == "share_pct")
    return _Fig(value, iv, comp in "<>", sources, f"{short}{how} from {_who(sources, cats)}", short)


def _level_fig(
    rec: Reconciled, start: str, end: str, categories: Mapping[str, str], stated_only: bool = False
) -> _Fig | None:
    """The best level for a window from the reconciled data (the claim's source left out)."""
    w = periods.window(start, end)
    if w.is_year:
        a = rec.alternatives[rec.alternatives["year"] == w.first_year].sort_values("rank")
        a = a[a["method"] != "growth"] if stated_only else a
        if a.empty:
            return None
        top = a.iloc[0]
        same = a[
            (a["value"] == top["value"])
            & (a["comparator"] == top["comparator"])
            & (a["method"] == top["method"])
        ]
        how = {"stated": "", "sum": " (exports + imports, derived here)"}.get(
            top["method"], f" (derived here: {top['note']})"
        ) + (" (a mirror estimate)" if top["kind"] == "mirror" else "")
    elif w.within_year and not rec.part_year.empty:
        p = rec.part_year[
            (rec.part_year["period_start"] == start) & (rec.part_year["period_end"] == end)
        ]
        order = p["comparator"].map({"=": 0, "~": 1}).fillna(2)
        same = p.assign(o=order, n=-p["source_ids"].map(len)).sort_values(["o", "n"]).iloc[:1]
        if same.empty:
            return None
        top, how = same.iloc[0], ""
    else:
        return None
    sources = tuple(dict.fromkeys(s for ids in same["source_ids"] for s in ids))
    comp = str(top["comparator"])
    return _fig(float(top["value"]), comp, "level", _unit(rec), sources, how, categories)


def _same_figures(claim: Claim, obs: pd.DataFrame, categories: Mapping[str, str]) -> _Fig | None:
    """Other sources' figure for the claim's own series, window and measure (corroboration)."""
    s = obs[
        (obs["series"] == claim.series)
        & (obs["measure"] == claim.measure)
        & (obs["period_start"] == claim.period_start)
        & (obs["period_end"] == claim.period_end)
        & (obs["source_id"] != claim.source_id)
    ]
    if "commodity" in s.columns:
        s = s[s["commodity"].astype(str) == claim.commodity]
    elif claim.commodity != "TOTAL":
        return None
    if "share_of" in s.columns:
        s = s[s["share_of"].astype(str) == claim.share_of]
    rep, par, flow = s["reporter"].astype(str), s["partner"].astype(str), s["flow"].astype(str)
    s = s[
        ((rep == claim.reporter) & (par == claim.partner) & (flow == claim.flow))
        | ((rep == claim.partner) & (par == claim.reporter) & (flow == SWAP_FLOW[claim.flow]))
    ]
    if s.empty:
        return None
    s = s.assign(o=s["comparator"].astype(str).map({"=": 0, "~": 1}).fillna(2)).sort_values("o")
    top = s.iloc[0]
    same = s[(s["value"] == top["value"]) & (s["comparator"] == top["comparator"])]
    how = f" ({', '.join(same['ref'].astype(str))})"
    sources = tuple(dict.fromkeys(same["source_id"].astype(str)))
    comp, unit = str(top["comparator"]), claim.unit
    return _fig(float(top["value"]), comp, claim.measure, unit, sources, how, categories)


def _unit(rec: Reconciled) -> str:
    return unit_of(rec.series)


def _year_earlier(month: str) -> str:
    return periods.years_back(month)
