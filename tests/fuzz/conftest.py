"""Fuzz suite plumbing: the ``fuzz`` marker, one base store per format, the summary.

Example counts: ``TRADEDASH_FUZZ_EXAMPLES`` (default 30, derandomised, for the normal
suite); set it (``make fuzz`` uses 1000) for a long, randomised run.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.fuzz import tally
from tests.fuzz.harness import Arena

SUMMARY = ROOT / "tests" / "artifacts" / "fuzz-summary.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: property-based fuzzing of the importers (TRADEDASH_FUZZ_EXAMPLES)"
    )


@pytest.fixture(scope="session")
def arenas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Arena]:
    """Per format, a store holding a valid import of another format's file.

    Another format's file, so that an unchanged seed imports (the success path is
    fuzzed too) while a rejected one still has a store to corrupt.
    """

    class Lazy(dict):
        def __missing__(self, fmt: str) -> Arena:
            base = (
                FIXTURES / "long" / "national_stats.csv"
                if fmt == "press"
                else FIXTURES / "press" / "valid.csv"
            )
            arena = self[fmt] = Arena.build(tmp_path_factory.mktemp(f"fuzz-{fmt}"), base)
            return arena

    return Lazy()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not tally.COUNTS:
        return
    terminalreporter.section("fuzz summary")
    for fmt, entry in sorted(tally.COUNTS.items()):
        terminalreporter.write_line(
            f"fuzz: {fmt} cases={entry['cases']} failures={entry['failures']} "
            f"(imported={entry['imported']} rejected={entry['rejected']})"
        )
        for signature in entry["distinct"]:
            terminalreporter.write_line(f"    {signature}")
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(
        json.dumps(dict(sorted(tally.COUNTS.items())), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
