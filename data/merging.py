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
    """The one duplicate check: every row of ``added`` whose key is stored already, or
    repeats an earlier row of ``added``, is a problem naming its value column; the first
    one's message leads the error."""
    first = _first_of_key(stored, added)
    repeats = first != np.arange(stored.num_rows, stored.num_rows + added.num_rows)
    if not repeats.any():
        return
    hits = np.flatnonzero(repeats)
    in_store = int(np.count_nonzero(repeats & (first < stored.num_rows)))
    # Every repeated row is listed (the first MAX_PROBLEMS), the first one's message leading.
    problems = [
        _repeat(added, i, int(first[i]) - stored.num_rows, where, in_store)
        for i in hits[: schema.MAX_PROBLEMS]
    ]
    raise schema.ValidationError.listing(problems, total=len(hits))


def _repeat(
    added: pa.Table,
    i: int,
    earlier: int,
    where: Callable[[int | None, str | None], tuple[str | None, int | None, str | None]],
    in_store: int,
) -> schema.Problem:
    """Row ``i`` of ``added`` repeats a stored figure (``earlier`` < 0) or the import's
    row ``earlier``: the problem naming it."""
    f, row, column = where(i, "value")
    value = _figure(added, i)
    if earlier < 0:
        why = (
            "this figure is already in the store (source "
            f"{schema.value_at(added, 'source_id', i)!r}); "
            f"{in_store} row(s) of this import are stored already"
        )
        return schema.Problem(f, row, column, value, why)
    f0, row0, _ = where(earlier, "value")
    at = f"row {row0}" if f0 == f else f"{f0}, row {row0}"
    why = (
        f"repeats the figure of {at} (same series, reporter, partner, flow, commodity, "
        "period, measure and source)"
    )
    return schema.Problem(f, row, column, value, why)


def _figure(added: pa.Table, i: int) -> str:
    """Row ``i``'s figure as the store holds it (``100000000 USD``: an importer converts a
    file's units), so a repeated row can be told from its neighbours."""
    v = float(str(schema.value_at(added, "value", i)))
    number = str(int(v)) if v.is_integer() else repr(v)
    return f"{number} {schema.value_at(added, 'unit', i)}"


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
