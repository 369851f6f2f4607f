"""Shared pieces: the result record, alternating timed runs, the machine, the servers.

Every benchmark measures its baseline in the same run, alternating subject and baseline
(A B, B A, A B …) so that a slow minute on a shared machine hits both sides alike.
Numbers are reported, never asserted: a benchmark does not fail on noise.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
CACHE = BENCH / ".cache"  # generated data; never committed
RESULTS = BENCH / "results"
BARE_APP = BENCH / "bare_app.py"
PACKAGES = ("streamlit", "pandas", "pyarrow", "duckdb", "plotly", "numpy")


class Skipped(RuntimeError):
    """The benchmark cannot run here; the message says why."""


@dataclass
class Target:
    """What the issue asks for: ``of`` is ``ratio`` or ``median``; one bound is set."""

    of: str
    max: float | None = None
    min: float | None = None

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        if self.max is not None and value > self.max:
            return False
        return not (self.min is not None and value < self.min)

    def text(self) -> str:
        what = "ratio" if self.of == "ratio" else "median"
        if self.max is not None:
            return f"{what} ≤ {self.max:g}"
        return f"{what} ≥ {self.min:g}"


@dataclass
class Result:
    """One row of ``latest.json``: the subject's runs and its baseline's, same run."""

    name: str
    unit: str
    samples: list[float]
    baseline_name: str | None = None
    baseline_samples: list[float] = field(default_factory=list)
    target: Target | None = None
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    # Further conditions of the target beyond the ratio or median (e.g. p95 ≤ 1 s).
    conditions: dict[str, bool] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_samples) if self.baseline_samples else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    def met(self) -> bool | None:
        if self.target is None:
            return None
        met = self.target.met(self.ratio if self.target.of == "ratio" else self.median)
        return None if met is None else met and all(self.conditions.values())

    def record(self, env: dict[str, Any], quick: bool) -> dict[str, Any]:
        b = self.baseline_samples
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.samples),
            "max": max(self.samples),
            "runs": len(self.samples),
            "samples": self.samples,
            "baseline_name": self.baseline_name,
            "baseline_median": self.baseline_median,
            "baseline_min": min(b) if b else None,
            "baseline_max": max(b) if b else None,
            "baseline_samples": b,
            "ratio": self.ratio,
            "higher_is_better": self.higher_is_better,
            "target": asdict(self.target) if self.target else None,
            "target_met": self.met(),
            "target_conditions": self.conditions,
            "quick": quick,
            "notes": self.notes,
            "extra": self.extra,
            **env,
        }


def alternate(
    subject: Callable[[], float],
    baseline: Callable[[], float] | None,
    runs: int,
    warmup: int = 1,
) -> tuple[list[float], list[float]]:
    """``runs`` measured values of each side after ``warmup`` unmeasured ones.

    Each callable returns its own measured value (it knows what to time). The order flips
    every round so neither side always runs first.
    """
    for _ in range(warmup):
        subject()
        if baseline is not None:
            baseline()
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if baseline is None:
            a.append(subject())
        elif i % 2 == 0:
            a.append(subject())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(subject())
    return a, b


def timed_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def environment() -> dict[str, Any]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "packages": versions,
        "cpu_count": os.cpu_count(),
        "machine": {
            "platform": platform.platform(),
            "cpu_model": cpu_model(),
            "load_avg_at_start": list(os.getloadavg()),
        },
    }


def rss_mb(pid: int, key: str = "VmRSS") -> float:
    """A process's resident set (or ``VmHWM``, its peak) in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"{key} not in /proc/{pid}/status")


# -- servers ------------------------------------------------------------------------------

# Options compared by the throughput benchmark, as Streamlit environment variables (every
# option, hidden ones included, can be set this way).
# Streamlit's own defaults for the settings the shipped config tunes: the baseline.
DEFAULT_ENV = {
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true",
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "auto",
    "STREAMLIT_RUNNER_MAGIC_ENABLED": "true",
}
# What .streamlit/config.toml ships (set here too, so the comparison does not depend on
# the working directory).
TUNED_ENV = {
    "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false",  # no full gc.collect() after every rerun
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",  # no watchers on the app's modules
    "STREAMLIT_RUNNER_MAGIC_ENABLED": "false",  # no AST rewrite of the pages
}


def _browser_helpers() -> Any:
    """The browser tests' helpers (``start_server``, ``wait_healthy`` …), imported."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.browser import conftest

    return conftest


def chromium_args() -> list[str]:
    return list(_browser_helpers().CHROMIUM_ARGS)


def chromium_executable() -> str:
    return os.environ.get("TRADEDASH_CHROMIUM") or "/usr/bin/chromium"


def free_port() -> int:
    return int(_browser_helpers().free_port())


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def dashboard_server(
    store: Path, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The dashboard exactly as the browser tests serve it (loopback, headless)."""
    proc, base = _browser_helpers().start_server(store, extra_env)
    # start_server pipes stderr; drain it, or a chatty server blocks once the pipe is full.
    threading.Thread(target=_drain, args=(proc,), daemon=True).start()
    try:
        yield proc, base
    finally:
        stop(proc)


def _drain(proc: subprocess.Popen[bytes]) -> None:
    if proc.stderr is not None:
        for _line in proc.stderr:
            pass


def streamlit_argv(script: Path, port: int) -> list[str]:
    """``streamlit run`` with the arguments ``tests/browser/conftest.start_server`` uses."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def bare_env(points: int, store: Path, figure: str = "line") -> dict[str, str]:
    env = {**os.environ, "TRADEDASH_STORE": str(store), "BENCH_POINTS": str(points)}
    return env | {"BENCH_FIGURE": figure}


@contextmanager
def bare_server(
    points: int, store: Path, figure: str = "line"
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``bench/bare_app.py`` served the same way as the dashboard (``figure``: ``line``, or
    ``scenario`` for the scenario page's own figure)."""
    port = free_port()
    proc = subprocess.Popen(
        streamlit_argv(BARE_APP, port),
        cwd=ROOT,
        env=bare_env(points, store, figure),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _browser_helpers().wait_healthy(base, proc)
        yield proc, base
    finally:
        stop(proc)


def overview_chart_points() -> int:
    """Points in the overview's turnover chart (every trace), built as the page builds it."""
    from dashboard import services
    from dashboard.figures import overview as figures
    from dashboard.views import cards
    from dashboard.views.scenarios import DEFAULT_TARGET_YEAR, stated_target

    snap = services.load_pair("KAZ", "TKM")
    turnover = services.reconciled(snap, "KAZ", "TKM")
    year = cards.headline_year(turnover)
    if year is None:
        return 0
    fig = figures.series_figure(turnover, {})
    target, _ = stated_target(snap.frame)
    if year < DEFAULT_TARGET_YEAR:
        last = float(turnover.values().loc[year])
        fig = figures.with_target(fig, year, last, target, DEFAULT_TARGET_YEAR, x_from=year - 15)
    return sum(len(t.x) for t in fig.data if getattr(t, "x", None) is not None)
