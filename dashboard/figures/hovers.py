"""The sources of a chart point, as its hover lists them: the citation and, beneath it, the
source's web address as text (a hover cannot hold a link to click; the cards and tables
beside the chart link them). Pure, no Streamlit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

#: Sources a hover lists before counting the rest: with their addresses, more made the box
#: taller than a phone's chart.
HOVER_SOURCES = 3


def address(url: object) -> str:
    """``url`` as a hover shows it (``stat.gov.kz/…``, scheme and ``www.`` dropped); ``""``
    unless it is an http(s) address."""
    text = str(url or "").strip()
    if not re.match(r"https?://\S+$", text, re.I):
        return ""
    return re.sub(r"^https?://(www[.])?", "", text, flags=re.I)


def source_lines(
    ids: Iterable[str], citations: Mapping[str, str], links: Mapping[str, str] | None = None
) -> list[str]:
    """Hover lines for ``ids``: each source's citation and, where it has one, its address
    (``↗ stat.gov.kz/…``), the first :data:`HOVER_SOURCES`, then ``and N more``. Lines are
    indented; :func:`dashboard.safety.hover` escapes and wraps them."""
    ids = list(dict.fromkeys(ids))
    lines: list[str] = []
    for s in ids[:HOVER_SOURCES]:
        lines.append(f"  {citations.get(s, s)}")
        where = address((links or {}).get(s, ""))
        if where:
            lines.append(f"  ↗ {where}")
    if len(ids) > HOVER_SOURCES:
        lines.append(f"  and {len(ids) - HOVER_SOURCES} more (Claims and sources lists them)")
    return lines
