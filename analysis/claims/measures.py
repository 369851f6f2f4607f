"""One check per measure of a claim: level, growth, multiple, change and share."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from analysis import periods
from analysis.bounds import Interval, growth_interval, multiple_interval, ratio_interval
from analysis.claims.bands import band_text, format_value
from analysis.claims.figures import _judge, _level_fig, _same_figures, _unit, _year_earlier
from analysis.claims.verdict import _UNDECIDED, Claim, Verdict, VerdictKind, _Fig
from analysis.errors import GrowthUndefined
from analysis.growth import windows_for
from analysis.reconcile import Reconciled
from analysis.wording import period as period_label


def _check_share(
    claim: Claim,
    rec: Reconciled,
    whole: Reconciled | None,
    obs: pd.DataFrame,
    cats: Mapping[str, str],
) -> Verdict:
    """A product's share of the pair's flow: the product's level over all goods' level for
    the same flow and window, both without the claim's source (ranges divided)."""
    ps, pe = claim.period_start, claim.period_end
    note = ""
    indep: _Fig | None = None
    if claim.share_of != "pair_flow" or claim.series != "trade_value" or whole is None:
        note = {
            "partner_product_exports": "A share of the partner's exports of the product needs "
            "those exports to every destination, which no source here gives.",
        }.get(claim.share_of, "No source here gives the whole this share is taken of.")
    else:
        part = _level_fig(rec, ps, pe, cats)
        total = _level_fig(whole, ps, pe, cats)
        if part is None or total is None:
            what = f"{claim.commodity} level" if part is None else "all-goods level"
            note = f"No {what} for {period_label(ps, pe)} outside this source."
        else:
            try:
                r = ratio_interval(part.interval, total.interval)
                pct = Interval(r.lo * 100, r.hi * 100)
                central = part.value / total.value * 100 if total.value > 0 else math.nan
                indep = _Fig(
                    central, pct, part.bounded or total.bounded, part.sources + total.sources, ""
                )
                note = (
                    f"Independent check from levels without this source: {claim.commodity} "
                    f"{part.text}; all goods {total.text}: share "
                    f"{band_text(pct, 'percent', share=True)}."
                )
            except GrowthUndefined as e:
                note = f"The share is undefined: {e.reason}."
    holds = _judge(claim.band, indep) if indep and math.isfinite(indep.value) else None
    if holds is not None:
        return _done(claim, _outcome(holds), note + " Verdict from the levels.", indep)
    same = _same_figures(claim, obs, cats)
    if same and _judge(claim.band, same) is not None:
        note += f" The same share is stated as {same.text}: corroboration, not independent."
        return _done(claim, _outcome(_judge(claim.band, same)), note, same)
    return _done(claim, "not_checkable", note + _UNDECIDED * bool(indep), indep)


def _outcome(holds: bool | None) -> VerdictKind:
    return "not_checkable" if holds is None else "supported" if holds else "contradicted"


def _done(
    claim: Claim,
    kind: VerdictKind,
    note: str,
    fig: _Fig | None = None,
    base: float | None = None,
    readings: list[dict[str, object]] | None = None,
) -> Verdict:
    band = band_text(claim.band, claim.unit, share=claim.measure == "share_pct")
    if claim.measure == "share_pct":  # a share is a percentage of a whole, not a change
        band = band.replace("+", "")
    head = f"Claim {claim.ref or claim.id} ({claim.source_id or 'source not found'}): {claim.text}"
    return Verdict(
        claim.id,
        kind,
        float(fig.value) if fig and math.isfinite(fig.value) else None,
        float(claim.value - fig.value) if fig and not fig.bounded else None,
        f"{head}, read as {band}. {note}",
        None if base is None else float(base),
        readings or [],
        claim.text,
        claim.ref,
        claim.source_id,
        list(fig.sources) if fig else [],
    )


def _check_level(claim: Claim, rec: Reconciled, cats: Mapping[str, str]) -> Verdict:
    fig = _level_fig(rec, claim.period_start, claim.period_end, cats)
    if fig is None:
        return _done(
            claim,
            "not_checkable",
            "No other source gives this level for this window (a part-year window is "
            "compared only with other sources' figures for the same months).",
        )
    holds = _judge(claim.band, fig)
    press = all(cats.get(s, "press") == "press" for s in fig.sources)
    lead = ("Corroborated by " if holds else "Compared with ") + (
        "other outlets (no statistics for this window): " if press else "independent data: "
    )
    return _done(claim, _outcome(holds), lead + fig.text + "." + _UNDECIDED * (holds is None), fig)


def _check_growth(
    claim: Claim, rec: Reconciled, obs: pd.DataFrame, cats: Mapping[str, str]
) -> Verdict:
    band = claim.band
    ps, pe, g = claim.period_start, claim.period_end, claim.value
    before = period_label(_year_earlier(ps), _year_earlier(pe))
    cur = _level_fig(rec, ps, pe, cats, stated_only=True)
    prev = _level_fig(rec, _year_earlier(ps), _year_earlier(pe), cats, stated_only=True)
    base = cur.value / (1 + g / 100) if cur and not cur.bounded and g > -100 else None
    missing = f"{before} level" if cur else "level for either window"
    indep, note = None, f"No independent {missing} outside this source."
    if cur and prev:
        try:
            iv = growth_interval(prev.interval, cur.interval)
            c = (cur.value / prev.value - 1) * 100 if prev.value > 0 else math.nan
            bounded = cur.bounded or prev.bounded
            pct = Interval(iv.lo * 100, iv.hi * 100)
            # One source may give both years (an official table): cited once.
            both = tuple(dict.fromkeys(cur.sources + prev.sources))
            indep = _Fig(c, pct, bounded, both, "")
            note = (
                f"Independent check from levels without this source: {period_label(ps, pe)} "
                f"{cur.text}; "
                f"{before} {prev.text}: growth {band_text(indep.interval, 'percent')}."
            )
        except GrowthUndefined as e:
            note = f"Growth against {before} is undefined: {e.reason}."
    circ = rec.alternatives[
        (rec.alternatives["method"] == "growth")
        & (rec.alternatives["period_start"] == _year_earlier(ps))
    ]
    if prev is None and cur is not None and not circ.empty:
        only = format_value(circ["value"].iloc[0], _unit(rec))
        note += (
            f" The only {before} figure, {only}, is derived from other outlets' own level "
            "and growth: checking with it would be circular."
        )
    if base is not None:
        note += f" The claim implies a {before} base of {format_value(base, _unit(rec))}."
    same = _same_figures(claim, obs, cats)
    if same:
        note += f" The same growth is stated as {same.text}: corroboration, not independent."
    holds = _judge(band, indep) if indep and math.isfinite(indep.value) else None
    if holds is not None:
        return _done(claim, _outcome(holds), note + " Verdict from the levels.", indep, base)
    if same and _judge(band, same) is not None:
        note += " Verdict rests on other outlets' identical figure only."
        return _done(claim, _outcome(_judge(band, same)), note, same, base)
    return _done(claim, "not_checkable", note + _UNDECIDED * bool(indep), indep, base)


def _combine(said: set[bool | None]) -> VerdictKind:
    if {True, False} <= said:
        return "ambiguous"
    return "supported" if True in said else "contradicted" if said == {False} else "not_checkable"


def _check_multiple(claim: Claim, rec: Reconciled, cats: Mapping[str, str]) -> Verdict:
    whole = periods.window(claim.period_start, claim.period_end)
    y0, y1 = whole.first_year, whole.last_year
    if not whole.whole_years or y1 <= y0:
        return _done(claim, "not_checkable", "Multiples are checked over whole years only.")
    band = claim.band
    end = _level_fig(rec, *periods.year_window(y1), cats)
    readings: list[dict[str, object]] = []
    figs: list[_Fig | None] = []
    levels = [f"{y1} {end.text}"] if end else []
    for w in windows_for(y1 - y0 + 1, y1 + 1, end_year=y1):
        start = _level_fig(rec, *periods.year_window(w.start_year), cats)
        label, fig, holds = f"from a {w.start_year} base, {w.label}", None, None
        levels += [f"{w.start_year} {start.text}"] if start else []
        if start is None or end is None:
            label += f": no {y1 if end is None else w.start_year} level without this source"
        else:
            try:
                m = multiple_interval(start.interval, end.interval)
                bounded, sources = start.bounded or end.bounded, start.sources + end.sources
                fig = _Fig(end.value / start.value, m, bounded, sources, "")
                holds = _judge(band, fig)
                label += f": {start.short} → {end.short} = {band_text(m, 'ratio')}"
                if holds is None and not start.bounded:
                    need = Interval(band.lo * start.value, band.hi * start.value)
                    label += f"; holds if {y1} was {band_text(need, _unit(rec))}"
            except GrowthUndefined as e:
                label += f": undefined, {e.reason}"
        readings.append({"label": label, "data_value": fig.value if fig else None, "holds": holds})
        figs.append(fig)
    kind = _combine({r["holds"] for r in readings})  # type: ignore[misc]
    words = {True: "holds", False: "does not hold", None: "cannot be decided"}
    note = " ".join(f"Reading {r['label']}: {words[r['holds']]}." for r in readings)  # type: ignore[index]
    note += " Which base year is meant is not stated." if kind == "ambiguous" else ""
    note += f" Levels without this source: {'; '.join(levels)}." if levels else ""
    base = end.value / claim.value if end and not end.bounded and claim.value > 0 else None
    return _done(claim, kind, note, figs[0], base, readings)


def _check_change(claim: Claim, rec: Reconciled, cats: Mapping[str, str]) -> Verdict:
    ps, pe = claim.period_start, claim.period_end
    before = period_label(_year_earlier(ps), _year_earlier(pe))
    cur = _level_fig(rec, ps, pe, cats)
    prev = _level_fig(rec, _year_earlier(ps), _year_earlier(pe), cats)
    base = cur.value - claim.value if cur and not cur.bounded else None
    if cur is None or prev is None or cur.bounded or prev.bounded:
        note = f"No exact {before if cur else 'this window'} level outside this source."
        if cur is not None and base is not None:
            implied = format_value(base, _unit(rec))
            note += f" With {period_label(ps, pe)} at {cur.text}, it implies {before} = {implied}."
        return _done(claim, "not_checkable", note, None, base)
    d = cur.value - prev.value
    fig = _Fig(d, Interval(d, d), False, cur.sources + prev.sources, "")
    holds = _judge(claim.band, fig)
    return _done(claim, _outcome(holds), f"Levels: {cur.text}; {before} {prev.text}.", fig, base)
