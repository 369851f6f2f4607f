"""Checking claims against reconciled data: every rival figure read, each window's
reconciliation prepared once for all the claims about it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import pandas as pd

from analysis import periods
from analysis.claims.bands import format_value
from analysis.claims.figures import _unit, _who
from analysis.claims.measures import (
    _check_change,
    _check_growth,
    _check_level,
    _check_multiple,
    _check_share,
    _combine,
    _done,
)
from analysis.claims.verdict import NOT_FACTS, Claim, Verdict
from analysis.reconcile import Prepared, Reconciled, choose, contested, prepare
from analysis.wording import COMPARATOR_WORDS


def check_claim(
    claim: Claim,
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    *,
    cache: dict[Window, Prepared] | None = None,
) -> Verdict:
    """Verdict on ``claim`` from ``obs`` without the claim's source (see module docstring).

    ``cache`` (optional, any dict) keeps reconciled series between calls on the same ``obs``.
    """
    if not _checkable(claim):
        return _done(
            claim,
            "not_checkable",
            "A target or a line capacity is a plan or a "
            "property of the line, not a fact about past trade: nothing to check.",
        )
    key = _window(claim)
    cache = {} if cache is None else cache
    if key not in cache:
        _prepare_windows([claim], obs, categories, cache)
    own = {claim.source_id} - {""}
    whole_key = _whole_window(claim)
    whole = cache.get(whole_key) if claim.measure == "share_pct" else None
    rec = choose(cache[key], own)
    v = _check(claim, rec, cache[key], whole, own, obs, categories)
    v = _read_each_rival(claim, v, rec, cache[key], whole, own, obs, categories)
    if claim.series.startswith("transit_"):
        v.note += (
            " Transit is compared only with figures of the same transit series, never with "
            "rail_freight."
        )
    return v


def _check(
    claim: Claim,
    rec: Reconciled | None,
    prepared: Prepared,
    whole: Prepared | None,
    exclude: set[str],
    obs: pd.DataFrame,
    cats: Mapping[str, str],
) -> Verdict:
    """The verdict from the data without ``exclude`` (``rec``: that choice, when made
    already), by the claim's measure."""
    rec = rec if rec is not None else choose(prepared, exclude)
    if claim.measure == "share_pct":
        return _check_share(claim, rec, choose(whole, exclude) if whole else None, obs, cats)
    if claim.measure == "level":
        return _check_level(claim, rec, cats)
    if claim.measure == "growth_pct_yoy":
        return _check_growth(claim, rec, obs, cats)
    if claim.measure == "multiple":
        return _check_multiple(claim, rec, cats)
    return _check_change(claim, rec, cats)


def _years_read(claim: Claim) -> list[int]:
    """The calendar years whose level a claim's check reads, nearest first."""
    window = periods.window(claim.period_start, claim.period_end)
    y0, y1 = window.first_year, window.last_year
    if not window.whole_years:
        return []
    if claim.measure == "multiple":
        return [y1, y0, y0 - 1]
    if claim.measure in ("growth_pct_yoy", "change_abs"):
        return [y1, y1 - 1]
    return [y1]


def _read_each_rival(
    claim: Claim,
    verdict: Verdict,
    rec: Reconciled,
    prepared: Prepared,
    whole: Prepared | None,
    exclude: set[str],
    obs: pd.DataFrame,
    cats: Mapping[str, str],
) -> Verdict:
    """Where figures of equal standing disagree on a year the check reads, the claim is
    judged once against each (the others' sources left out), not against whichever came
    first: one verdict if all readings agree, else ``ambiguous`` with a reading each.
    ``rec`` is the choice without ``exclude`` that ``verdict`` came from."""
    year, rivals = next(
        ((y, found) for y in _years_read(claim) if len(found := contested(rec, y)) > 1),
        (0, []),
    )
    if not rivals:
        return verdict
    unit = _unit(rec)
    readings: list[dict[str, object]] = []
    kinds: set[bool | None] = set()
    parts = []
    for value, comp, sources in rivals:
        others = {s for *_, ids in rivals if ids != sources for s in ids} - set(sources)
        v = _check(claim, None, prepared, whole, exclude | others, obs, cats)
        figure = f"{COMPARATOR_WORDS[comp]}{format_value(value, unit)}"
        parts.append(f"{figure} from {_who(sources, cats)}")
        holds = {"supported": True, "contradicted": False}.get(v.verdict)
        for r in v.readings or [{"label": "", "data_value": v.data_value, "holds": holds}]:
            label = f"the {year} level as {figure} ({', '.join(sources)})"
            label += f", {r['label']}" if r["label"] else ""
            readings.append({**r, "label": label})
            kinds.add(r["holds"])  # type: ignore[arg-type]
    kind = _combine(kinds)
    words = {True: "holds", False: "does not hold", None: "cannot be decided"}
    note = (
        f" Sources of equal standing disagree on the {year} level: {' against '.join(parts)}."
        + "".join(f" Reading {r['label']}: {words[r['holds']]}." for r in readings)  # type: ignore[index]
    )
    return replace(verdict, verdict=kind, note=verdict.note + note, readings=readings)


def _checkable(claim: Claim) -> bool:
    """A fact about past trade: not a target, not a property of the line."""
    return claim.measure != "target" and claim.series not in NOT_FACTS


Window = tuple[str, str, str, str, int, int, str]


def _window(claim: Claim) -> Window:
    """What a claim is checked against: its pair, series, flow and commodity, and the years
    it can touch. Years are reconciled independently (a level for Y may come from Y + 1's
    growth), so only two years before its window to one after are passed on."""
    y0, y1 = periods.year_of(claim.period_start) - 2, periods.year_of(claim.period_end) + 1
    return (claim.reporter, claim.partner, claim.series, claim.flow, y0, y1, claim.commodity)


def _whole_window(claim: Claim) -> Window:
    """The all-goods window a share of the pair's flow is taken of."""
    return (*_window(claim)[:6], "TOTAL")


def _windows(claim: Claim) -> list[Window]:
    wanted = [_window(claim)]
    if claim.measure == "share_pct" and claim.share_of == "pair_flow":
        wanted.append(_whole_window(claim))
    return wanted


def _prepare_windows(
    claims: Iterable[Claim],
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    cache: dict[Window, Prepared],
) -> None:
    """Prepare each claim's window not yet in ``cache``; every row's year is read once."""
    todo = {k: None for c in claims for k in _windows(c) if k not in cache}
    if not todo:
        return
    year = periods.years(obs["period_start"])
    series = obs["series"].astype(str).to_numpy()
    for key in todo:
        near = obs[(series == key[2]) & (year >= key[4]) & (year <= key[5])]
        cache[key] = prepare(near, categories, *key[:4], commodity=key[6])


def check_claims(
    claims: Iterable[Claim], obs: pd.DataFrame, categories: Mapping[str, str]
) -> list[Verdict]:
    """:func:`check_claim` for each claim, in order, reconciling each window only once."""
    claims = list(claims)
    codes = {c.reporter for c in claims} | {c.partner for c in claims}
    obs = obs[obs["reporter"].astype(str).isin(codes) & obs["partner"].astype(str).isin(codes)]
    text = [c for c in obs.columns if isinstance(obs[c].dtype, pd.CategoricalDtype)]
    obs = obs.astype({c: str for c in text})
    cache: dict[Window, Prepared] = {}
    _prepare_windows(filter(_checkable, claims), obs, categories, cache)
    return [check_claim(c, obs, categories, cache=cache) for c in claims]
