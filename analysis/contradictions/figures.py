"""The figures compared: each stated or derived figure as a range, merged where several
sources state the same, and the :class:`Contradiction` reported between two of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

from analysis import periods
from analysis.bounds import Interval, ratio_interval
from analysis.claims import claim_band, format_value
from analysis.flows import turnover
from analysis.wording import COMPARATOR_WORDS, base_from_growth
from analysis.wording import period as period_label

Severity = Literal["contradiction", "tension"]
_COLUMNS = (
    "reporter",
    "partner",
    "series",
    "flow",
    "period_start",
    "period_end",
    "measure",
    "comparator",
    "unit",
    "source_id",
    "ref",
    "commodity",
)


@dataclass(frozen=True)
class Contradiction:
    """Two figures that clash. Refs are CSV row ids; a derived figure joins its rows with ``+``.

    ``check`` is ``same_window``, ``derived_vs_stated`` or ``nested_growth``; ``period`` is the
    window (``YYYY-MM..YYYY-MM``, both windows for nested growth); ``commodity`` is ``TOTAL``
    (all goods) or the product both figures are about; ``official_supports`` says which side
    official statistics support (``a``, ``b``, ``both``, ``neither``; ``""``: none bear on it).
    """

    a_ref: str
    b_ref: str
    a_source: str
    b_source: str
    series: str
    period: str
    severity: Severity
    explanation: str
    check: str = "same_window"
    commodity: str = "TOTAL"
    official_supports: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready fields."""
        return asdict(self)


@dataclass
class _Figure:
    flow: str
    start: str
    end: str
    measure: str
    comparator: str
    value: float
    unit: str
    interval: Interval
    how: str = ""  # "" for a stated figure, else how it was derived here
    members: list[tuple[str, str]] = field(default_factory=list)  # (ref, source_id)

    @property
    def rows(self) -> set[str]:
        return {p for ref, _ in self.members for p in ref.split("+")}

    @property
    def short(self) -> str:
        return COMPARATOR_WORDS[self.comparator] + format_value(self.value, self.unit)

    def describe(self, categories: Mapping[str, str]) -> str:
        refs = ", ".join(f"{r} {s} ({categories.get(s, 'press')})" for r, s in self.members)
        return f"{self.short}{f' (derived: {self.how})' if self.how else ''} [{refs}]"


def _stated(g: pd.DataFrame) -> list[_Figure]:
    return [
        _Figure(
            r.flow,
            r.period_start,
            r.period_end,
            r.measure,
            r.comparator,
            float(r.value),
            r.unit,
            claim_band(float(r.value), r.comparator, r.measure, r.unit),
            members=[(r.ref, r.source_id)],
        )
        for r in g.itertuples(index=False)
    ]


def _derived(g: pd.DataFrame) -> list[_Figure]:
    """Exports + imports of one source; the level a year earlier from a level and its growth."""
    out: list[_Figure] = []
    exact = g[g["comparator"].isin(["=", "~"])]
    stated = exact[exact["measure"] == "level"]
    levels = {
        (r.source_id, r.flow, r.period_start, r.period_end): r
        for r in stated.itertuples(index=False)
    }
    flow = stated["flow"]
    on = ["source_id", "period_start", "period_end"]
    for r in turnover(stated[flow == "export"], stated[flow == "import"], on).itertuples():
        ie, ii = (
            claim_band(float(v), c, "level", u)
            for v, c, u in (
                (r.value_x, r.comparator_x, r.unit_x),
                (r.value_m, r.comparator_m, r.unit_m),
            )
        )
        how = (
            f"exports {_words(r.comparator_x, r.value_x, r.unit_x)} + "
            f"imports {_words(r.comparator_m, r.value_m, r.unit_m)}"
        )
        out.append(
            _Figure(
                "total",
                r.period_start,
                r.period_end,
                "level",
                r.comparator,
                float(r.value),
                r.unit_x,
                Interval(ie.lo + ii.lo, ie.hi + ii.hi),
                how,
                [(f"{r.ref_x}+{r.ref_m}", r.source_id)],
            )
        )
    for r in exact[exact["measure"] == "growth_pct_yoy"].itertuples(index=False):
        lv = levels.get((r.source_id, r.flow, r.period_start, r.period_end))
        gi = claim_band(float(r.value), r.comparator, r.measure, r.unit)
        if lv is None or 1 + gi.lo / 100 <= 0:
            continue
        li = claim_band(float(lv.value), lv.comparator, "level", lv.unit)
        iv = ratio_interval(li, Interval(1 + gi.lo / 100, 1 + gi.hi / 100))
        comp = "=" if lv.comparator == r.comparator == "=" else "~"
        how = base_from_growth(lv.value, lv.unit, float(r.value))
        if lv.comparator != "=":
            how = COMPARATOR_WORDS[lv.comparator] + how
        start, end = (periods.years_back(m) for m in (r.period_start, r.period_end))
        out.append(
            _Figure(
                r.flow,
                start,
                end,
                "level",
                comp,
                lv.value / (1 + r.value / 100),
                lv.unit,
                iv,
                how,
                [(f"{lv.ref}+{r.ref}", r.source_id)],
            )
        )
    return out


def _words(comparator: str, value: float, unit: str) -> str:
    return COMPARATOR_WORDS[comparator] + format_value(float(value), unit)


def _merge(figs: list[_Figure]) -> list[_Figure]:
    merged: dict[tuple[object, ...], _Figure] = {}
    for f in figs:
        key = (f.flow, f.start, f.end, f.measure, f.comparator, round(f.value, 6), f.how)
        if key in merged:
            merged[key].members.extend(f.members)
        else:
            merged[key] = f
    for f in merged.values():
        f.members.sort()
    return list(merged.values())


def _label_of(series: str, commodity: str) -> str:
    """``trade_value``, or ``trade_value [HS01-24]`` for a product's figures."""
    return series if commodity == "TOTAL" else f"{series} [{commodity}]"


def _label(f: _Figure, years_back: int = 0) -> str:
    start, end = (periods.years_back(m, years_back) for m in (f.start, f.end))
    return period_label(start, end)
