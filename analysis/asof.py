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

from analysis import periods

_PUBLISHED = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2]))?(?:-\d{2})?")


def month_error(month: str | None) -> str | None:
    """Why ``month`` cannot be an ``as_of`` month, or ``None`` when it can (or is blank,
    which is the latest)."""
    try:
        month_index(month) if month else None
    except ValueError as err:
        return str(err)
    return None


def month_index(month: str) -> int:
    """``YYYY-MM`` as its month ordinal (:func:`analysis.periods.month`); bad text →
    ``ValueError``."""
    try:
        return periods.month(str(month))
    except ValueError:
        raise ValueError(f"as_of must be a month in YYYY-MM form, got {month!r}") from None


def month_text(index: int) -> str:
    return periods.text(index)


def published_index(published: str) -> int | None:
    """The month a publication date stands for (its last possible month), or ``None``."""
    m = _PUBLISHED.match(str(published or "").strip())
    if not m:
        return None
    return periods.of(int(m.group(1)), int(m.group(2)) if m.group(2) else 12)


def last_full_year(as_of: str) -> int:
    """The last calendar year wholly on or before ``as_of`` (2024-04 → 2023)."""
    i = month_index(as_of)
    return periods.year(i) if periods.month_of_year(i) == 12 else periods.year(i) - 1


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
