"""``throughput`` and ``memory_soak``: N sessions driving the scenario page, one server.

Each simulated session is a websocket client speaking Streamlit's own protocol
(:mod:`bench.wsclient`): it opens /scenarios?target_usd=1000000000&target_year=2028,
then moves the target-year slider, waits for ``script_finished``, moves it again …
Session *i*'s *k*-th rerun asks for year ``2025 + (7 i + k) mod 36``: 36 years against
the scenario cache's 32 entries, so reruns mix cache hits and misses as many users would.

The same app is served twice on loopback: with Streamlit's default settings
(:data:`bench.common.DEFAULT_ENV`) and with the shipped config's tuned ones
(:data:`bench.common.TUNED_ENV`). Per N, the run is bounded in time:
a warm-up sixth, then five equal windows whose completed reruns per second are the five
samples; the latencies after the warm-up give p50 and p95.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import DEFAULT_ENV, TUNED_ENV, Result, Target, dashboard_server, rss_mb
from bench.wsclient import Session

PAGE = "scenarios"
QUERY = "target_usd=1000000000&target_year=2028"
SESSIONS = (1, 5, 10, 20)
WINDOWS = 5
MAX_RERUNS_PER_SESSION = 10_000


@dataclass
class Load:
    """Completed reruns of one load run: (finish time from start, latency s, status)."""

    duration: float
    warmup: float
    done: list[tuple[float, float, int]] = field(default_factory=list)

    def rates(self) -> list[float]:
        width = (self.duration - self.warmup) / WINDOWS
        counts = [0] * WINDOWS
        for t, _, _ in self.done:
            k = int((t - self.warmup) // width)
            if 0 <= k < WINDOWS and t <= self.duration:
                counts[k] += 1
        return [c / width for c in counts]

    def overall(self) -> float:
        """Completed reruns per second over the whole measured period (all windows)."""
        return len(self.latencies_ms()) / (self.duration - self.warmup)

    def latencies_ms(self) -> list[float]:
        return sorted(lat * 1e3 for t, lat, _ in self.done if self.warmup <= t <= self.duration)

    def failures(self) -> int:
        return sum(1 for _, _, status in self.done if status != 0)


def percentile(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


async def _drive(base: str, n: int, duration: float) -> Load:
    """N sessions load the page; the clock starts once all are connected."""
    load = Load(duration=duration, warmup=duration / 6)
    gate = asyncio.Event()
    connected: list[int] = []
    clock: list[float] = []

    async def one(i: int) -> None:
        async with Session(base, PAGE, QUERY) as s:
            await s.rerun()  # the page load: learns the widget ids
            connected.append(i)
            if len(connected) == n:
                clock.append(time.perf_counter())
                gate.set()
            await gate.wait()
            end = clock[0] + duration
            k = 0
            while time.perf_counter() < end and k < MAX_RERUNS_PER_SESSION:
                out = await s.rerun({"target_year": 2025 + (7 * i + k) % 36})
                load.done.append((time.perf_counter() - clock[0], out.seconds, out.status))
                k += 1

    await asyncio.gather(*(one(i) for i in range(n)))
    return load


def drive(base: str, n: int, duration: float) -> Load:
    return asyncio.run(_drive(base, n, duration))


def _result(n: int, tuned: Load, default: Load) -> Result:
    lat_t, lat_d = tuned.latencies_ms(), default.latencies_ms()
    p95 = percentile(lat_t, 0.95)
    res = Result(
        name=f"throughput_n{n}",
        unit="reruns/s",
        samples=tuned.rates(),
        baseline_name=f"throughput_n{n}_default_settings",
        baseline_samples=default.rates(),
        higher_is_better=True,
        extra={
            "sessions": n,
            "duration_s": tuned.duration,
            "windows": WINDOWS,
            "p50_ms": percentile(lat_t, 0.5),
            "p95_ms": p95,
            "baseline_p50_ms": percentile(lat_d, 0.5),
            "baseline_p95_ms": percentile(lat_d, 0.95),
            "overall_rate": tuned.overall(),
            "baseline_overall_rate": default.overall(),
            "reruns": len(lat_t),
            "baseline_reruns": len(lat_d),
            "failed_reruns": tuned.failures(),
            "baseline_failed_reruns": default.failures(),
            "tuned_settings": TUNED_ENV,
        },
    )
    if n == max(SESSIONS):
        res.target = Target("ratio", min=5.0)
        res.conditions = {"p95 ≤ 1000 ms": p95 is not None and p95 <= 1000}
    return res


def run_throughput(quick: bool) -> list[Result]:
    duration = 5.0 if quick else 15.0
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store,
        dashboard_server(Path(store), DEFAULT_ENV) as (_, default_base),
        dashboard_server(Path(store), TUNED_ENV) as (_, tuned_base),
    ):
        for i, n in enumerate(SESSIONS):
            # The order flips with N, so neither configuration always goes first.
            if i % 2 == 0:
                default, tuned = drive(default_base, n, duration), drive(tuned_base, n, duration)
            else:
                tuned, default = drive(tuned_base, n, duration), drive(default_base, n, duration)
            results.append(_result(n, tuned, default))
    results[0].notes.append(
        "websocket clients speaking Streamlit's protocol (no browser rendering), all in "
        "one process beside the server; default = Streamlit's defaults, tuned = the shipped "
        "config: " + ", ".join(f"{k}={v}" for k, v in TUNED_ENV.items())
    )
    return results


SOAK_WARMUP_FRACTION = 0.2


def slope_mb_per_min(samples: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of (seconds, MB) samples, in MB per minute."""
    if len(samples) < 2:
        return None
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mm = sum(m for _, m in samples) / n
    var = sum((t - mt) ** 2 for t, _ in samples)
    if var == 0:
        return None
    return 60.0 * sum((t - mt) * (m - mm) for t, m in samples) / var


def run_memory_soak(quick: bool) -> list[Result]:
    """RSS of a fresh tuned server under load from 10 sessions, sampled each second.

    Ten minutes (one in quick mode). The slope is fitted to the samples after the
    warm-up (the first fifth: caches filling, allocator arenas growing), and reported
    for each quarter of the rest too, so a late rise or a flattening shows.
    """
    duration = 60.0 if quick else 600.0
    n = 10
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store,
        dashboard_server(Path(store), TUNED_ENV) as (proc, base),
    ):
        drive(base, 1, 1.0)  # one page load and a few reruns: imports and caches in place
        start_rss = rss_mb(proc.pid)
        t0 = time.perf_counter()

        def sample() -> None:
            while not stop.wait(1.0):
                samples.append((time.perf_counter() - t0, rss_mb(proc.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        load = drive(base, n, duration)
        stop.set()
        sampler.join()
        end_rss = rss_mb(proc.pid)
        peak = rss_mb(proc.pid, "VmHWM")
    rss = [m for _, m in samples]
    warm = duration * SOAK_WARMUP_FRACTION
    after = [(t, m) for t, m in samples if t >= warm]
    quarter = (duration - warm) / 4
    quarters = [
        slope_mb_per_min(
            [(t, m) for t, m in after if warm + k * quarter <= t < warm + (k + 1) * quarter]
        )
        for k in range(4)
    ]
    slope = slope_mb_per_min(after)
    extra = {
        "sessions": n,
        "duration_s": duration,
        "warmup_s": warm,
        "start_mb": start_rss,
        "end_mb": end_rss,
        "max_sampled_mb": max(rss, default=end_rss),
        "peak_vmhwm_mb": peak,
        "growth_mb": end_rss - start_rss,
        "reruns": len(load.done),
        "failed_reruns": load.failures(),
        "median_rss_mb": statistics.median(rss) if rss else end_rss,
        "slope_mb_per_min": slope,
        "quarter_slopes_mb_per_min": quarters,
        "rss_at_warmup_mb": after[0][1] if after else None,
        "tuned_settings": TUNED_ENV,
    }
    res = Result(
        name="memory_soak_rss",
        unit="MB",
        samples=rss or [end_rss],
        extra=extra,
        notes=[f"server RSS each second under {n} sessions for {duration:.0f} s (tuned)"],
    )
    trend = Result(
        name="memory_soak_slope",
        unit="MB/min",
        samples=[slope] if slope is not None else [float("nan")],
        target=Target("median", max=1.0),
        extra=extra,
        notes=[
            f"least-squares slope of RSS after a {warm:.0f} s warm-up, {n} sessions for "
            f"{duration:.0f} s; by quarter of the rest: "
            + ", ".join("–" if q is None else f"{q:+.2f}" for q in quarters)
            + " MB/min"
        ],
    )
    return [res, trend]
