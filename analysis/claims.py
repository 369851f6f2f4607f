"""Claims checker: each published figure tested against every *other* source's data.

A :class:`Claim` is one row of the data model (``data.schema``): levels in base units (USD,
tonnes), growth in percent, multiples as ratios. :func:`check_claim` reconciles the data
without the claim's own source (``reconcile(..., exclude_sources={claim.source_id})``) and
returns a :class:`Verdict` — ``supported``, ``contradicted``, ``ambiguous`` (holds under one
reading of the window, fails under the other) or ``not_checkable`` — always with a note.

Tolerance of a claim (:func:`claim_band`), in the claim's unit:

* ``=``: press figures are rounded: half a unit of the last stated digit plus 1 % of the value.
  The digit is read in the unit of publication: millions for USD and tonnes (563e6 is "563",
  band $556.9M–$569.1M, so 178 accepts 178.25), the unit itself for percent and ratios.
* ``~``: levels ±:data:`APPROX_TOLERANCE` (5 %); growth ±5 % of the growth factor (about
  +100 % is +90 %…+110 %); multiples "nearly N" is [0.875 N, 1.05 N] (nearly 4 = 3.5–4.2×).
* ``>`` / ``<``: open on one side.

The data figure is a range too: an exact figure a point, ``~`` ±5 %, a bound open on one side,
computed growth and multiples the range of their inputs (:mod:`analysis.bounds`). Range inside
the band, or (data not a bound) central value inside → supported; no overlap → contradicted;
otherwise the data cannot decide → not_checkable, saying what is known. ``difference`` is
claim − data in the claim's unit (USD or t, percentage points, ×; not relative), ``None`` when
the data is only a bound. ``implied_base`` is the earlier level the claim implies (USD or t).

Policies: other outlets repeating a figure count as data, and the note says when that is all
there is. Growth is checked first from two levels (a level derived from another outlet's growth
figure is left out: circular); other outlets' identical growth figure decides only when levels
cannot. A multiple is judged under both readings of its window (base year = first year, or one
year earlier): one holds and one fails → ambiguous. Targets and capacities are not facts about
past trade: not_checkable. Growth from a zero base is not_checkable with the reason, never NaN.

Products: a claim about one product (``commodity`` an HS code or group) is checked against that
product's figures only, never against all goods. A share of the pair's flow (``share_pct`` with
``share_of='pair_flow'``) is checked as the product's level over the all-goods level for the same
flow and window, both without the claim's source; other shares need a whole no source here gives
(the partner's exports of a product to every destination): corroboration by other outlets, or
not_checkable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import pandas as pd

from analysis import focus, periods
from analysis.bounds import (
    APPROX_TOLERANCE,
    Interval,
    growth_interval,
    multiple_interval,
    ratio_interval,
)
from analysis.errors import GrowthUndefined
from analysis.growth import windows_for
from analysis.reconcile import SWAP_FLOW, Prepared, Reconciled, choose, contested, prepare
from analysis.units import unit_of
from analysis.wording import COMPARATOR_WORDS, amount, series_label, span
from analysis.wording import period as period_label

VerdictKind = Literal["supported", "contradicted", "ambiguous", "not_checkable"]
ROUNDING_SLACK = 0.01  #: relative slack added to half a unit of the last stated digit
NEARLY_BAND = (0.875, 1.05)  #: "nearly N times" reads as [0.875 N, 1.05 N]
NOT_FACTS = ("rail_capacity", "trade_target")
#: What a share is a share of, in words (``share_of`` of the data model).
SHARE_WORDS = {
    "pair_flow": "the pair's flow (all goods)",
    "partner_product_exports": "the partner's exports of the product",
    "other": "another whole (see the note)",
}
_TEXT_FIELDS = (
    "series",
    "reporter",
    "partner",
    "flow",
    "period_start",
    "period_end",
    "measure",
    "comparator",
    "unit",
    "source_id",
)
_UNDECIDED = " The data's range overlaps the claim's only in part: it cannot decide."


@dataclass(frozen=True)
class Claim:
    """One stated figure; ``value`` in base units (USD, t) or percent / ratio.

    ``id`` names the claim (press row ``p001``, headline ``h1``), ``ref`` the row it comes from,
    ``source_id`` the publication left out of the data when the claim is checked.
    """

    id: str
    series: str
    reporter: str
    partner: str
    flow: str
    period_start: str
    period_end: str
    measure: str
    comparator: str
    value: float
    unit: str
    source_id: str = ""
    ref: str = ""
    note: str = ""
    commodity: str = "TOTAL"
    share_of: str = ""

    @property
    def text(self) -> str:
        """Plain words, e.g. ``KAZ–TKM trade turnover (USD), 2023: growth +28.0%``; a
        product's claim names it: ``KAZ–TKM exports (USD), HS01-24, …: share …``."""
        what = "" if self.measure == "level" else self.measure.split("_")[0] + " "
        share = self.measure == "share_pct"
        figure = COMPARATOR_WORDS[self.comparator] + format_value(
            self.value, self.unit, share=share
        )
        if share:
            figure += f" of {SHARE_WORDS.get(self.share_of, self.share_of)}"
        product = "" if self.commodity == "TOTAL" else f", {self.commodity}"
        pair = f"{self.reporter}–{self.partner} {series_label(self.series, self.flow)}{product}"
        return f"{pair}, {period_label(self.period_start, self.period_end)}: {what}{figure}"

    @property
    def band(self) -> Interval:
        """The range the claim allows, see :func:`claim_band`."""
        return claim_band(self.value, self.comparator, self.measure, self.unit)


@dataclass
class Verdict:
    """The outcome for one claim; ``data_value`` and ``difference`` in the claim's unit."""

    id: str
    verdict: VerdictKind
    data_value: float | None
    difference: float | None
    note: str
    implied_base: float | None = None
    readings: list[dict[str, object]] = field(default_factory=list)
    claim: str = ""
    ref: str = ""
    source_id: str = ""
    data_sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``id, verdict, data_value, difference, note`` plus the extras."""
        return asdict(self)


@dataclass(frozen=True)
class _Fig:
    value: float  # central value from the stated numbers (a bound's own number)
    interval: Interval
    bounded: bool
    sources: tuple[str, ...]
    text: str
    short: str = ""


def format_value(value: float, unit: str, *, share: bool = False) -> str:
    """A claim's number in words (``analysis.wording``): ``$563M``, ``1.30 Mt``,
    ``272,960 t``, ``3.86×``; a percentage is a growth rate, signed (``+28.0%``), unless it is
    a ``share`` (``30.0%``)."""
    return amount(value, unit, signed=unit == "percent" and not share)


def claim_band(value: float, comparator: str, measure: str, unit: str) -> Interval:
    """The range a stated figure allows (policy in the module docstring)."""
    if comparator in "<>":
        return Interval(value, math.inf) if comparator == ">" else Interval(-math.inf, value)
    if comparator == "~":
        if measure == "multiple":
            return Interval(value * NEARLY_BAND[0], value * NEARLY_BAND[1])
        half = APPROX_TOLERANCE * abs(100 + value if measure == "growth_pct_yoy" else value)
        return Interval(value - half, value + half)
    scale = 1e6 if unit in ("USD", "t") else 1.0
    decimals = len(f"{abs(value) / scale:.9f}".rstrip("0").split(".")[1])
    half = 0.5 * 10.0**-decimals * scale + ROUNDING_SLACK * abs(value)
    return Interval(value - half, value + half)


def band_text(band: Interval, unit: str, *, share: bool = False) -> str:
    """A range in words: ``$556.9M–$569.1M``, ``above $100M``, or the point itself; signed
    percentages as :func:`format_value`."""
    return span(band.lo, band.hi, unit, signed=unit == "percent" and not share)


def claims_from_frame(obs: pd.DataFrame, *, press_only: bool = True) -> list[Claim]:
    """Rows as :class:`Claim`, sorted by id (only ``press:`` sources unless told otherwise)."""
    rows = obs[obs["source_id"].astype(str).str.startswith("press:")] if press_only else obs
    out = []
    for i, r in enumerate(rows.itertuples(index=False)):
        ref, note = (x if isinstance(x, str) else "" for x in (r.ref, r.note))
        cid = ref or f"{r.source_id}#{i}"
        fields = {k: str(getattr(r, k)) for k in _TEXT_FIELDS}
        extra = {k: str(getattr(r, k, d)) for k, d in (("commodity", "TOTAL"), ("share_of", ""))}
        out.append(Claim(cid, **fields, **extra, value=float(r.value), ref=ref, note=note))
    return sorted(out, key=lambda c: c.id)


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


def _year_earlier(month: str) -> str:
    return periods.years_back(month)


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


# fmt: off
#: Headline claims, one measure each: h2 and h4 state a level and a growth, split a / b so
#: each part gets its own verdict. ``source_id`` is found by :func:`check_headlines` from ``ref``.
HEADLINE_CLAIMS: tuple[Claim, ...] = tuple(
    Claim(i, s, *focus.PAIR, "total", a, b, m, c, v, u, ref=r, note=n)
    for i, r, s, a, b, m, c, v, u, n in (
        ("h1", "p004", "trade_value", "2019-01", "2023-12", "multiple", "~", 4.0, "ratio",
         "trade nearly quadrupled over the past five years"),
        ("h2a", "p001", "trade_value", "2023-01", "2023-12", "level", "=", 563e6, "USD",
         "turnover reached $563M in 2023"),
        ("h2b", "p002", "trade_value", "2023-01", "2023-12", "growth_pct_yoy", "=", 28.0,
         "percent", "turnover grew 28% in 2023"),
        ("h3", "p003", "trade_value", "2024-01", "2024-03", "level", ">", 100e6, "USD",
         "above $100M in the first quarter of 2024"),
        ("h4a", "p047", "rail_freight", "2023-01", "2023-12", "level", "=", 1.3e6, "t",
         "rail freight reached 1.3 Mt in 2023"),
        ("h4b", "p048", "rail_freight", "2023-01", "2023-12", "growth_pct_yoy", "=", 20.0,
         "percent", "rail freight grew 20% in 2023"),
    )
)
# fmt: on


def check_headlines(obs: pd.DataFrame, categories: Mapping[str, str]) -> list[Verdict]:
    """Verdicts on :data:`HEADLINE_CLAIMS`, each without the one source stating it (by ref)."""
    refs = dict(zip(obs["ref"].astype(str), obs["source_id"].astype(str), strict=True))
    claims = [replace(c, source_id=refs.get(c.ref, "")) for c in HEADLINE_CLAIMS]
    return check_claims(claims, obs, categories)


def verdicts_frame(verdicts: Iterable[Verdict]) -> pd.DataFrame:
    """One row per verdict, the columns of :meth:`Verdict.to_dict`."""
    return pd.DataFrame([v.to_dict() for v in verdicts], columns=list(Verdict.__dataclass_fields__))
