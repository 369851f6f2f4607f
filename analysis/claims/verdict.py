"""A claim, the verdict on it, and the figures a verdict cites; claims read from a store's
rows and verdicts written as a frame."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

import pandas as pd

from analysis.bounds import Interval
from analysis.claims.bands import claim_band, format_value
from analysis.wording import COMPARATOR_WORDS, series_label
from analysis.wording import period as period_label

VerdictKind = Literal["supported", "contradicted", "ambiguous", "not_checkable"]


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


def verdicts_frame(verdicts: Iterable[Verdict]) -> pd.DataFrame:
    """One row per verdict, the columns of :meth:`Verdict.to_dict`."""
    return pd.DataFrame([v.to_dict() for v in verdicts], columns=list(Verdict.__dataclass_fields__))
