"""Every page's footer, built from the sources of the figures it shows (as datasette
builds its footer from metadata): who published them, by kind, each linked to its
source where it has a web address, and the terms they come under. Markdown, escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analysis.reconcile import Reconciled
from dashboard.safety import md_escape, md_link
from data.provenance import Source

#: How each kind of source is named in a footer.
KINDS = {
    "international": "international statistics",
    "official": "official statistics",
    "press": "the press",
}
#: Publishers named per kind before "and N more" (the Claims page lists them all).
NAMED = 8


def sources_footer(
    source_ids: Iterable[str], sources: Mapping[str, Source], what: str = "figures"
) -> str:
    """The footer of a page showing ``what`` cited by ``source_ids``: ``Sources of the
    figures on this page — international statistics: IMF, Direction of Trade Statistics;
    official statistics: …; the press: … Terms: …``. Ids not in ``sources`` are skipped;
    with none held, ``No figures for this pair in the stores.``"""
    held = [sources[i] for i in dict.fromkeys(source_ids) if i in sources]
    if not held:
        return md_escape(f"No {what} for this pair in the stores.")
    by_kind: dict[str, dict[str, str]] = {}  # kind → name → its first web address
    for s in held:
        names = by_kind.setdefault(s.category, {})
        name = s.publisher_of_figure or s.publisher
        if not names.get(name):
            names[name] = s.url
    parts = []
    order = {k: n for n, k in enumerate(KINDS)}
    for kind in sorted(by_kind, key=lambda k: (order.get(k, len(order)), k)):
        listed = sorted(by_kind[kind])
        shown = [md_link(n, by_kind[kind][n]) for n in listed[:NAMED]]
        if len(listed) > NAMED:
            shown.append(md_escape(f"and {len(listed) - NAMED} more"))
        parts.append(md_escape(f"{KINDS.get(kind, kind)}: ") + ", ".join(shown))
    text = md_escape(f"Sources of the {what} on this page — ") + "; ".join(parts) + "."
    terms = sorted({s.licence.strip().rstrip(".") for s in held if s.licence.strip()})
    if terms:
        text += md_escape(" Terms: " + "; ".join(terms) + ".")
    return text + md_escape(" Each point cites its publisher, title and date.")


def shown_ids(*series: Reconciled) -> list[str]:
    """The ids of the sources behind each series' shown figures: its best annual figures
    and its part-year ones, in order, once each."""
    ids = [i for r in series for ids in r.best["source_ids"] for i in ids]
    ids += [i for r in series for ids in r.part_year["source_ids"] for i in ids]
    return list(dict.fromkeys(ids))
