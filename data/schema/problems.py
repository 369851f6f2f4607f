"""What validation reports: a problem names file, row and column; the error carries them."""

from __future__ import annotations

from dataclasses import dataclass

#: How many problems a rejected file lists at most; ``total`` counts past it.
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    """One problem of a rejected file, located as :class:`ValidationError` locates its first:
    the fields of the error CSV (file, row, column, value, problem)."""

    file: str | None
    row: int | None
    column: str | None
    value: str
    problem: str


class ValidationError(ValueError):
    """Bad input, with the file, row and column it was found in.

    ``row`` counts as a person reading the file would: the first data row after a
    header is row 2 in a CSV; importers pass the number that finds the line.

    The message is the first problem's; ``problems`` lists every problem found (at most
    :data:`MAX_PROBLEMS`, the first among them) and ``total`` counts them all.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str = "",
        problems: list[Problem] | None = None,
        total: int | None = None,
    ) -> None:
        self.file, self.row, self.column, self.reason = file, row, column, message
        self.problems = problems or [Problem(file, row, column, value, message)]
        self.total = max(total or 0, len(self.problems))
        where = []
        if file:
            where.append(file)
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)

    @classmethod
    def listing(cls, problems: list[Problem], total: int | None = None) -> ValidationError:
        """The error of every problem in ``problems`` (non-empty), led by the first: at
        most :data:`MAX_PROBLEMS` kept, ``total`` (default: their number) counting all."""
        first = problems[0]
        return cls(
            first.problem,
            file=first.file,
            row=first.row,
            column=first.column,
            value=first.value,
            problems=problems[:MAX_PROBLEMS],
            total=len(problems) if total is None else total,
        )


@dataclass(frozen=True)
class Issue:
    """One problem found by :func:`find_issues`, before it is raised."""

    row: int | None
    column: str | None
    message: str
    value: str = ""


class Issues(list[Issue]):
    """:func:`find_issues`'s answer: at most :data:`MAX_PROBLEMS` problems, and ``total``
    counting every one."""

    total: int = 0
