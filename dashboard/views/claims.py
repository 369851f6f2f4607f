"""The Claims page's tables: verdicts, contradictions between sources, every source.

Values in the claim's unit, formatted for reading; citations resolved from source ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.wording import amount, difference, label, series_label
from dashboard.safety import md_escape, md_link
from dashboard.views.verdicts import plain_note
from data.provenance import Source

_CATEGORY_ORDER = ("official", "international", "press", "derived")

#: The reading order: verdict and claim first (a phone shows about the first two columns),
#: the id last (it is for links and the technical details).
VERDICT_COLUMNS = ["verdict", "claim", "data_value", "difference", "note", "source", "id"]


def verdict_table(
    verdicts: Sequence[Mapping[str, Any]],
    units: Mapping[str, str],
    citations: Mapping[str, str],
    publishers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per verdict in the order given, values in the claim's unit, formatted.

    ``units`` maps a verdict id to its claim's unit (``USD``, ``t``, ``percent``, ``ratio``).
    With ``publishers`` (source id to publisher), the note is in plain words: publishers
    for source ids, row ids left out (:func:`plain_note`); without, the checker's note as
    it stands (ids kept, for a technical-details table).
    """
    rows = []
    for v in verdicts:
        unit = units.get(str(v["id"]), "USD")
        rows.append(
            {
                "id": v["id"],
                "claim": v.get("claim", ""),
                "verdict": str(v["verdict"]).replace("_", " "),
                "data_value": amount(v.get("data_value"), unit),
                "difference": difference(v.get("difference"), unit, label("pp")),
                "note": v.get("note", "")
                if publishers is None
                else plain_note(str(v.get("note", "")), publishers),
                "source": citations.get(str(v.get("source_id", "")), v.get("source_id", "")),
            }
        )
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


CONTRADICTION_COLUMNS = [
    "severity",
    "check",
    "series",
    "period",
    "figure_a",
    "figure_b",
    "explanation",
]


def linked_first(table: pd.DataFrame, claim_id: str) -> tuple[pd.DataFrame, bool]:
    """``table`` (a verdict table) with the row of ``claim_id`` moved first, the others in
    their order, and whether it holds that row (``table`` unchanged if not)."""
    ids = table["id"].astype(str)
    first = (ids == claim_id).to_numpy() if claim_id else np.zeros(len(table), dtype=bool)
    if not first.any():
        return table, False
    return pd.concat([table[first], table[~first]], ignore_index=True), True


def contradiction_table(
    clashes: Sequence[Mapping[str, Any]], citations: Mapping[str, str]
) -> pd.DataFrame:
    """One row per pair of clashing figures: each side as ``ref — citation``, then why."""
    rows = [
        {
            "severity": label(c["severity"]),
            "check": str(c.get("check", "")).replace("_", " "),
            "series": series_label(str(c["series"])),
            "period": str(c["period"]).replace("..", "–"),
            "figure_a": f"{c['a_ref']} — {citations.get(str(c['a_source']), c['a_source'])}",
            "figure_b": f"{c['b_ref']} — {citations.get(str(c['b_source']), c['b_source'])}",
            "explanation": c["explanation"],
        }
        for c in clashes
    ]
    return pd.DataFrame(rows, columns=CONTRADICTION_COLUMNS)


SOURCE_COLUMNS = [
    "category", "publisher", "title", "url", "published", "body", "accessed", "licence",
    "file", "source_id",
]  # fmt: skip


def sources_table(sources: Iterable[Source], pair: Iterable[str] = ()) -> pd.DataFrame:
    """Every source: who published it, the body that issued the figure, dates, licence.

    Grouped as a reader looks for them: the sources of ``pair`` (ids of the pair's own
    rows) first, then by category (official, international, press, derived), publisher and
    title, so one publisher's many files (224 IMF workbooks) sit together and not ahead of
    the pair's own press and official sources. ``url`` is kept only when it is an http(s)
    address, so a link column never carries a ``javascript:`` or ``data:`` address.
    """
    own = set(pair)

    def order(s: Source) -> tuple[bool, int, str, str, str]:
        cat = _CATEGORY_ORDER.index(s.category) if s.category in _CATEGORY_ORDER else 9
        return (s.source_id not in own, cat, s.publisher.lower(), s.title.lower(), s.source_id)

    rows = [
        {
            "this_pair": s.source_id in own,
            "source_id": s.source_id,
            "category": s.category,
            "publisher": s.publisher,
            "body": s.publisher_of_figure,
            "title": s.title,
            "url": s.url if re.match(r"https?://", s.url or "", re.I) else None,
            "published": s.published,
            "accessed": s.accessed,
            "licence": s.licence,
            "file": s.file,
        }
        for s in sorted(sources, key=order)
    ]
    return pd.DataFrame(rows, columns=["this_pair", *SOURCE_COLUMNS])


# -- verdict cards ----------------------------------------------------------------------
#: A verdict as a card's badge says it.
VERDICT_BADGES = {
    "supported": ("supported", "green"),
    "contradicted": ("contradicted", "red"),
    "ambiguous": ("disputed", "orange"),
    "not_checkable": ("not checkable", "gray"),
}


@dataclass(frozen=True)
class VerdictCard:
    """One claim's verdict for reading: the claim, the verdict, the checker's reason in plain
    words (publishers, not source ids), and its sources as (publisher, title, url): the
    claim's own first, then those it was checked against."""

    id: str
    claim: str
    verdict: str
    data_value: str
    difference: str
    reason: str
    sources: tuple[tuple[str, str, str], ...]

    @property
    def badge(self) -> tuple[str, str]:
        return VERDICT_BADGES.get(self.verdict, (self.verdict.replace("_", " "), "gray"))


def verdict_card(v: Mapping[str, Any], unit: str, sources: Mapping[str, Source]) -> VerdictCard:
    """A :class:`VerdictCard` from a verdict dict (``services.claim_verdicts``)."""
    publishers = {k: s.publisher for k, s in sources.items()}
    ids = [str(v.get("source_id", "")), *(str(i) for i in v.get("data_sources") or ())]
    cited = tuple(
        (s.publisher, s.title or s.publisher, s.url or "")
        for s in (sources.get(i) for i in dict.fromkeys(ids) if i)
        if s is not None
    )
    return VerdictCard(
        id=str(v["id"]),
        claim=str(v.get("claim", "")),
        verdict=str(v["verdict"]),
        data_value=amount(v.get("data_value"), unit),
        difference=difference(v.get("difference"), unit, label("pp")),
        reason=plain_note(str(v.get("note", "")), publishers),
        sources=cited,
    )


def verdict_cards(
    verdicts: Sequence[Mapping[str, Any]], units: Mapping[str, str], sources: Mapping[str, Source]
) -> list[VerdictCard]:
    return [verdict_card(v, units.get(str(v["id"]), "USD"), sources) for v in verdicts]


def card_markdown(card: VerdictCard) -> str:
    """A card's body as Markdown, every string from data escaped and each source a link
    (publisher: title), never a source id."""
    text, colour = card.badge
    lines = [f"**{md_escape(card.claim)}** :{colour}-badge[{md_escape(text)}]"]
    if card.data_value:
        figures = f"Other sources' data: {card.data_value}"
        if card.difference:
            figures += f" · claim − data: {card.difference}"
        lines.append(md_escape(figures))
    if card.reason:
        lines.append(md_escape(card.reason))
    if card.sources:
        lines.append(
            "Sources: " + " · ".join(f"{md_escape(p)}: {md_link(t, u)}" for p, t, u in card.sources)
        )
    return "\n\n".join(lines)
