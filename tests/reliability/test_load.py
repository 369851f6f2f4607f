"""A bounded load test on loopback: N sessions drive the scenario page for a fixed time.

Each session is a websocket client speaking Streamlit's own protocol (``bench.wsclient``):
it loads ``/scenarios`` and moves the target-year slider again and again. Reported: reruns,
errors (a failed run, a dropped connection, or an exception shown on the page) and the
p50/p95 latency of a rerun. The README's "sessions one process supports" is
:data:`SUPPORTED_SESSIONS`; at that count there must be no error.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.wsclient import Session
from tests.browser.conftest import start_server

pytestmark = pytest.mark.reliability
SUPPORTED_SESSIONS = 20
DURATION_S = float(os.environ.get("TRADEDASH_LOAD_SECONDS", "20"))
QUERY = "target_usd=1000000000&target_year=2028"


async def _drive(base: str, n: int, duration: float) -> dict[str, object]:
    latencies: list[float] = []
    errors: list[str] = []
    required: set[str] = set()

    async def one(i: int) -> None:
        try:
            async with Session(base, "scenarios", QUERY) as s:
                first = await s.rerun()
                if first.status != 0 or first.exceptions:
                    errors.append(f"session {i}: first run failed")
                    return
                end = time.monotonic() + duration
                k = 0
                while time.monotonic() < end:
                    year = 2025 + (7 * i + k) % 20
                    out = await s.rerun({"target_year": year})
                    k += 1
                    if out.status != 0 or out.exceptions:
                        errors.append(f"session {i}: run {k} status {out.status}")
                    latencies.append(out.seconds)
                    if year == 2028:
                        required.add(out.metrics.get("Required growth", "?"))
        except Exception as exc:  # a dropped connection is an error to count, not a crash
            errors.append(f"session {i}: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(one(i) for i in range(n)))
    lat = sorted(latencies)
    pick = (lambda q: lat[min(len(lat) - 1, round(q * (len(lat) - 1)))] * 1e3) if lat else None
    return {
        "sessions": n,
        "reruns": len(lat),
        "errors": errors,
        "p50_ms": pick(0.5) if pick else None,
        "p95_ms": pick(0.95) if pick else None,
        "required_at_2028": required,
    }


def test_one_process_holds_the_supported_sessions_without_error(tmp_path):
    proc, base = start_server(tmp_path)
    try:
        with ThreadPoolExecutor(1) as pool:
            r = pool.submit(asyncio.run, _drive(base, SUPPORTED_SESSIONS, DURATION_S)).result()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    print(
        f"\nload: {r['sessions']} sessions for {DURATION_S:.0f} s: {r['reruns']} reruns "
        f"({r['reruns'] / DURATION_S:.1f}/s), errors {len(r['errors'])}, "
        f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms"
    )
    assert r["errors"] == []
    assert r["reruns"] >= SUPPORTED_SESSIONS  # every session got answers
    # the answers were right, not just fast (and there were answers at 2028 to check)
    assert r["required_at_2028"] == {"12.2%"}
