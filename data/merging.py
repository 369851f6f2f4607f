"""Merging new observations into a store's snapshot: validated once, repeats refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pyarrow as pa

from data import schema
from data.provenance import Source
from data.snapshot import Snapshot

#: Where observation ``i`` of a merge came from, for data-model column ``column``:
#: (file, row, the file's column) as a person would look them up.
Locate = Callable[[int, str | None], tuple[str | None, int | None, str | None]]


def merge(
    current: Snapshot,
    new: pa.Table,
    new_sources: Iterable[Source],
    *,
    file: str | None = None,
    locate: Locate | None = None,
) -> Snapshot:
    """``current`` plus ``new``, validated once; raises :class:`schema.ValidationError`.

    The one place observations are validated (the importers only check their layout):
    ``new`` is an Arrow table with the observations' columns (text dictionary-encoded: its
    dictionaries are checked, not its millions of rows). Then the one duplicate check: a
    figure whose key (``schema.KEY``) repeats an earlier row of the import is refused
    naming both rows, and one already stored is refused too, so importing the same file
    twice is an error, not a silent duplicate. ``locate`` maps a position in ``new`` and a
    data-model column to the file, row and column to name (by default ``file``, the
    position + 1 and the column itself).
    """

    def where(i: int | None, column: str | None) -> tuple[str | None, int | None, str | None]:
        if i is None:
            return file, None, column
        return locate(i, column) if locate is not None else (file, i + 1, column)

    sources = dict(current.sources)
    for s in new_sources:
        prior = sources.get(s.source_id)
        if prior is not None and prior.same_publication(s):
            sources[s.source_id] = prior.also_quoted_in(s)
            continue
        if prior is not None and prior.checksum and s.checksum and prior.checksum != s.checksum:
            raise schema.ValidationError(
                f"source id {s.source_id!r} is already stored for a different file "
                f"({prior.file or 'unknown file'})",
                file=s.file or file,
            )
        sources[s.source_id] = s
    issues = schema.find_issues(new, set(sources), keys=False)
    if issues:
        first = issues[0]
        f, row, column = where(first.row, first.column)
        more = f" ({issues.total - 1} more problem(s) found)" if issues.total > 1 else ""
        if first.row is not None:
            ref = str(schema.value_at(new, "ref", first.row))
            more = f" [{ref}]{more}" if ref else more
        # Every problem, located as the first is, so a person fixes the file in one pass.
        problems = [schema.Problem(*where(i.row, i.column), i.value, i.message) for i in issues]
        raise schema.ValidationError(
            first.message + more,
            file=f,
            row=row,
            column=column,
            value=first.value,
            problems=sorted(problems, key=_problem_order),
            total=issues.total,
        )
    added = new.cast(schema.ARROW_SCHEMA)
    _refuse_repeats(current.table, added, where)
    if not len(current):
        return Snapshot(added, sources)
    table = pa.concat_tables([current.table, added], promote_options="permissive")
    return Snapshot(table.cast(schema.ARROW_SCHEMA), sources)


def _problem_order(p: schema.Problem) -> tuple[str, int, str]:
    """Problems as the file reads: by file, then row (whole-file problems first)."""
    return (p.file or "", -1 if p.row is None else p.row, p.column or "")


def _refuse_repeats(
    stored: pa.Table,
    added: pa.Table,
    where: Callable[[int | None, str | None], tuple[str | None, int | None, str | None]],
) -> None:
    """The one duplicate check: the first row of ``added`` whose key is stored already, or
    repeats an earlier row of ``added``, is an error naming its value column."""
    first = _first_of_key(stored, added)
    repeats = first != np.arange(stored.num_rows, stored.num_rows + added.num_rows)
    if not repeats.any():
        return
    i = int(np.flatnonzero(repeats)[0])
    f, row, column = where(i, "value")
    if first[i] < stored.num_rows:
        in_store = int(np.count_nonzero(repeats & (first < stored.num_rows)))
        raise schema.ValidationError(
            "this figure is already in the store (source "
            f"{schema.value_at(added, 'source_id', i)!r}); "
            f"{in_store} row(s) of this import are stored already",
            file=f,
            row=row,
            column=column,
        )
    f0, row0, _ = where(int(first[i]) - stored.num_rows, "value")
    at = f"row {row0}" if f0 == f else f"{f0}, row {row0}"
    raise schema.ValidationError(
        f"repeats the figure of {at} (same series, reporter, partner, flow, commodity, "
        "period, measure and source)",
        file=f,
        row=row,
        column=column,
    )


def _first_of_key(stored: pa.Table, added: pa.Table) -> np.ndarray:
    """Per row of ``added``: the position (stored rows first, then added) of the first row
    with its key; its own position when the key is new."""
    keys = list(schema.KEY)
    ids = schema.key_ids(pa.concat_tables([stored.select(keys), added.select(keys)]))
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    n = len(ids)
    starts = np.r_[True, ordered[1:] != ordered[:-1]] if n else np.zeros(0, dtype=bool)
    head = order[np.maximum.accumulate(np.where(starts, np.arange(n), 0))] if n else order
    first = np.empty(n, dtype=np.int64)
    first[order] = head
    return first[stored.num_rows :]
