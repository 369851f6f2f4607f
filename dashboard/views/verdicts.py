"""The claims checker's verdicts where a figure is shown: a figure whose stated row is
contradicted or ambiguous on the Claims page is flagged on its card and hover, and a figure
derived from such a row says so. Plain words only; ids stay in the link to /claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from analysis.reconcile import Reconciled
from analysis.wording import amount
from dashboard.safety import more_hover

#: Verdicts that keep a figure from being shown as plain fact.
DOUBTFUL = ("contradicted", "ambiguous")
WORDS = {
    "contradicted": "contradicted by other sources",
    "ambiguous": "disputed: sources disagree",
}
ADJECTIVES = {"contradicted": "contradicted", "ambiguous": "disputed"}


@dataclass(frozen=True)
class Flag:
    """One shown figure resting on a doubtful row: ``ref`` is the row (the Claims page's
    id), ``year`` the figure's year, ``derived`` when the figure is computed from the row
    (a level from a stated growth) rather than stated by it."""

    year: int
    ref: str
    verdict: str
    claim: str
    derived: bool
    text: str

    @property
    def short(self) -> str:
        """One line for a hover: the year, what the row is, the verdict."""
        if self.derived:
            return f"⚠ {self.year}: derived from a {ADJECTIVES[self.verdict]} figure (see Claims)"
        return f"⚠ {self.year}: {WORDS[self.verdict]} (see Claims)"


def refs_of(r: Reconciled, years: Iterable[int]) -> tuple[str, ...]:
    """The rows (refs) behind the best figures of ``years``, in order, each once."""
    b = r.best[r.best["year"].isin(list(years))]
    return tuple(dict.fromkeys(str(ref) for refs in b["refs"] for ref in refs if ref))


def figure_flags(
    r: Reconciled, years: Iterable[int], verdicts: Mapping[str, Mapping[str, Any]]
) -> list[Flag]:
    """A flag for each doubtful row behind the best figures of ``years``.

    ``verdicts`` maps a ref to its verdict (``services.figure_verdicts``); a ref with no
    verdict (not a press figure) or a supported one gives none.
    """
    out: list[Flag] = []
    for row in r.best[r.best["year"].isin(list(years))].sort_values("year").itertuples():
        derived = row.kind == "derived" or row.method == "growth"
        for ref in row.refs:
            v = verdicts.get(str(ref))
            if v is None or v["verdict"] not in DOUBTFUL:
                continue
            text = verdict_words(v)
            if derived:
                text = (
                    f"{row.year}'s {amount(float(row.value), r.unit)} is derived here from "
                    f"this figure. {text}"
                )
            out.append(Flag(int(row.year), str(ref), str(v["verdict"]), str(v["claim"]),
                            derived, text))  # fmt: skip
    return out


_ONE_REF = r"[a-z]\d{3}(?:[–-][a-z]\d{3})?"
#: Row ids in brackets, one or a list (``(p001)``, ``(n022, n017, p006)``): dropped from words.
_REF = re.compile(rf"\s*\((?:{_ONE_REF})(?:,\s*{_ONE_REF})*\)")
_LIST = re.compile(r"\(([^()]*,[^()]*)\)")


def plain_note(note: str, publishers: Mapping[str, str]) -> str:
    """The claims checker's note in plain words: its leading restatement of the claim
    dropped, each source id named by its publisher (each publisher once in a list), row ids
    left out."""
    note = re.sub(r"^Claim \S+ \([^)]*\): [^.]*(?:\.\d[^.]*)*\.\s*", "", str(note))
    for sid in sorted(publishers, key=len, reverse=True):  # dots_10 before dots_1
        note = note.replace(sid, publishers[sid])
    note = _REF.sub("", note)
    return _LIST.sub(lambda m: "(" + ", ".join(dict.fromkeys(
        x.strip() for x in m.group(1).split(","))) + ")", note)  # fmt: skip


def verdict_words(v: Mapping[str, Any]) -> str:
    """A verdict in plain words: what it is, the claim, the checker's reasons with each
    source named by its publisher (``publishers`` in the verdict dict) rather than by id."""
    publishers: Mapping[str, str] = v.get("publishers") or {}
    note = plain_note(str(v.get("note", "")), publishers)
    said = publishers.get(str(v.get("source_id", "")), "")
    who = f" ({said})" if said else ""
    head = WORDS.get(str(v["verdict"]), str(v["verdict"]).replace("_", " "))
    claim = str(v.get("claim", "")).replace("_", " ")
    return f"{head[0].upper()}{head[1:]}: {claim}{who}. {note}".strip()


def card_years(r: Reconciled, year: int) -> tuple[int, ...]:
    """The years a level card for ``year`` shows or rests on: the year before (its delta)
    and every later year (its caption)."""
    return tuple(sorted({int(y) for y in r.best["year"] if int(y) >= year - 1}))


def all_years(r: Reconciled) -> tuple[int, ...]:
    return tuple(sorted({int(y) for y in r.best["year"]}))


def delta_rests_on(flags: Iterable[Flag], year: int) -> bool:
    """Whether a year-on-year delta for ``year`` rests on a doubtful figure (its own year's
    or the previous year's)."""
    return any(f.year in (year, year - 1) for f in flags)


def flag_hovers(fig: go.Figure, flags: Iterable[Flag], trace_names: Iterable[str]) -> go.Figure:
    """Add each flag's line to the hover of its year's point on the named traces."""
    by_year: dict[int, list[str]] = {}
    for f in flags:
        by_year.setdefault(f.year, []).append(f.short)
    names = set(trace_names)
    for t in fig.data:
        if t.name not in names or t.hovertext is None or isinstance(t.hovertext, str):
            continue
        texts = list(t.hovertext)
        for i, x in enumerate(t.x):
            lines = by_year.get(int(x)) if x is not None and texts[i] else None
            if lines:
                texts[i] = more_hover(texts[i], *dict.fromkeys(lines))
        t.hovertext = texts
    return fig


def claims_link(flag: Flag) -> dict[str, str]:
    """The Claims page's query for this flag's row: the press figures with it selected."""
    return {"claim": flag.ref, "verdict": flag.verdict}
