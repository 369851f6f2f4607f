"""What was known at a month: the ``as_of`` rule of every forecast.

``as_of`` is a month, ``YYYY-MM``. An observation is known at ``as_of`` when its period
ends on or before that month and, where its source has a publication date, the source was
published by then. A publication date given to the year only (``2024``) counts as its
December, one given to the month (``2024-05``) as that month: a figure is never taken as
known before it can have been. A source without a date is judged by its periods alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_PUBLISHED = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:-\d{2})?")


def month_index(month: str) -> int:
    """``YYYY-MM`` as a count of months (year × 12 + month − 1); bad text → ``ValueError``."""
    m = _MONTH.match(str(month))
    if not m:
        raise ValueError(f"as_of must be a month in YYYY-MM form, got {month!r}")
    return int(m.group(1)) * 12 + int(m.group(2)) - 1


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def published_index(published: str) -> int | None:
    """The month a publication date stands for (its last possible month), or ``None``."""
    m = _PUBLISHED.match(str(published or "").strip())
    if not m:
        return None
    month = int(m.group(2)) if m.group(2) else 12
    return int(m.group(1)) * 12 + month - 1


def last_full_year(as_of: str) -> int:
    """The last calendar year wholly on or before ``as_of`` (2024-04 → 2023)."""
    i = month_index(as_of)
    return i // 12 if i % 12 == 11 else i // 12 - 1


def known_mask(
    period_end: Iterable[str],
    source_ids: Iterable[str],
    published: Mapping[str, str],
    as_of: str,
    *,
    use_publication: bool = True,
) -> np.ndarray:
    """Per observation: known at ``as_of`` (module docstring).

    ``published``: ``source_id → publication date`` as the sources state it.
    ``use_publication=False`` judges by periods only: the backtest's pseudo-real-time
    reading of a single vintage (every year known in its December).
    """
    limit = month_index(as_of)
    ends = np.asarray(list(period_end), dtype=object)
    uniq, inv = np.unique(ends.astype(str), return_inverse=True)
    ok = np.array([month_index(e) <= limit for e in uniq], dtype=bool)[inv]
    if use_publication:
        srcs = np.asarray(list(source_ids), dtype=object).astype(str)
        su, sinv = np.unique(srcs, return_inverse=True)
        months = [published_index(published.get(s, "")) for s in su]
        ok &= np.array([m is None or m <= limit for m in months], dtype=bool)[sinv]
    return ok
