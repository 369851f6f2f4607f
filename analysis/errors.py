"""Exceptions raised by the analysis package (all are ``ValueError`` subclasses)."""

from __future__ import annotations

from collections.abc import Iterable


class GrowthUndefined(ValueError):
    """A growth rate or multiple has no meaning for these inputs (a zero or negative start).

    ``reason`` holds the plain-words cause, e.g. ``"start value is zero"``.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"growth is undefined: {reason}")


class MissingYears(ValueError):
    """A computation needs years that the input does not have (absent or NaN).

    ``years`` lists them, sorted; ``what`` names the input (``"series"``, ``"deflator"``).
    """

    def __init__(self, years: Iterable[int], what: str = "series") -> None:
        self.years = tuple(sorted({int(y) for y in years}))
        self.what = what
        listed = ", ".join(str(y) for y in self.years)
        super().__init__(f"{what} has no value for year(s) {listed}")
