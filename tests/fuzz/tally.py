"""Cases run and failures seen, per fuzzed format, for the end-of-run summary."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

COUNTS: dict[str, dict[str, Any]] = defaultdict(
    lambda: {"cases": 0, "failures": 0, "imported": 0, "rejected": 0, "distinct": []}
)
# Distinct failure signatures kept per format; shrinking re-runs the same failure often.
KEEP = 20


def case(fmt: str) -> None:
    COUNTS[fmt]["cases"] += 1


def outcome(fmt: str, result: str) -> None:
    COUNTS[fmt][result] += 1


def failure(fmt: str, exc: BaseException) -> None:
    entry = COUNTS[fmt]
    entry["failures"] += 1
    signature = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    if signature not in entry["distinct"] and len(entry["distinct"]) < KEEP:
        entry["distinct"].append(signature)
