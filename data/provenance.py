"""Origins: who published a figure, where, when, under which licence.

Every observation points at one :class:`Source` by ``source_id``. A source is a
publication (one press article, one IMF workbook, one imported file). Sources travel
with the data in the store's ``.meta.json`` sidecar, so a copied store keeps them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

# Precedence classes for reconciliation, best first: a national statistics office's
# figure beats an international compilation, which beats the press.
CATEGORIES = ("official", "international", "press", "derived")


@dataclass(frozen=True)
class Source:
    """One publication that observations cite.

    ``checksum`` is ``sha256:<hex>`` of the raw file the figures were read from, where
    there is one; ``accessed`` is the date the file or page was retrieved. A press
    publication quoted by several files lists each file and checksum, ``"; "``-separated.
    """

    source_id: str
    category: str
    publisher: str
    publisher_of_figure: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    accessed: str = ""
    licence: str = ""
    checksum: str = ""
    file: str = ""

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(
                f"source {self.source_id!r}: category {self.category!r} is not one of "
                + ", ".join(CATEGORIES)
            )
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.:-]{0,119}", self.source_id):
            raise ValueError(f"source id {self.source_id!r} is not a slug (a-z, 0-9, _.:-)")

    def same_publication(self, other: Source) -> bool:
        """Both records describe one press publication, whatever file quoted it.

        A press source is the article, not the compilation that quotes it: two files
        quoting one article cite one source, so its figures are never taken as independent
        of each other. Data files (official, international) are their own publications.
        """
        fields_ = ("category", "publisher", "title", "url", "published")
        return self.category == other.category == "press" and all(
            getattr(self, f) == getattr(other, f) for f in fields_
        )

    def also_quoted_in(self, other: Source) -> Source:
        """This publication's record, listing ``other``'s file and checksum beside its own
        (``"; "``-separated, each once, in the order they were seen)."""

        def joined(a: str, b: str) -> str:
            parts = [p for p in (*a.split("; "), *b.split("; ")) if p]
            return "; ".join(dict.fromkeys(parts))

        return replace(
            self, file=joined(self.file, other.file), checksum=joined(self.checksum, other.checksum)
        )

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Source:
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in raw.items() if k in names})

    def citation(self) -> str:
        """One line for a hover or a footnote: publisher, title, date."""
        parts = [self.publisher]
        if self.publisher_of_figure and self.publisher_of_figure != self.publisher:
            parts.append(f"figure by {self.publisher_of_figure}")
        if self.title:
            parts.append(self.title)
        if self.published:
            parts.append(self.published)
        return " · ".join(p for p in parts if p)


def sha256_file(path: Path) -> str:
    """``sha256:<hex>`` of a file, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def sha256_bytes(payload: bytes) -> str:
    return "sha256:" + hashlib.sha256(payload).hexdigest()


def slug(text: str, limit: int = 40) -> str:
    """A lower-case id fragment from free text."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].strip("-") or "x"


IMF_DOTS_ATTRIBUTION = "IMF, Direction of Trade Statistics"
IMF_LICENCE = (
    "IMF, Direction of Trade Statistics (DOTS); IMF data terms of use "
    "(free re-use with attribution)"
)
