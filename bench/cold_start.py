"""``cold_start``: process start until ``/_stcore/health`` answers ``ok``.

Subject: ``python -m dashboard.cli run --port P`` (what ``tradedash run`` does). Baseline:
``python -m streamlit run bench/bare_app.py --server.port P``, started the same way (from
the project directory, so the same ``.streamlit/config.toml`` applies). Health is polled
every 20 ms: ``wait_healthy`` in the browser tests polls every 250 ms, too coarse here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from bench.common import BARE_APP, ROOT, Result, alternate, free_port, stop

POLL_S = 0.02
TIMEOUT_S = 90.0


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as resp:
            return bool(resp.read().decode().strip() == "ok")
    except OSError:
        return False


def _start_ms(argv: list[str], port: int, store: str) -> float:
    env = {**os.environ, "TRADEDASH_STORE": store, "BENCH_POINTS": "39"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        while not _healthy(base):
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(argv)} exited with {proc.returncode}")
            if time.perf_counter() - start > TIMEOUT_S:
                raise TimeoutError(f"{base} not healthy in {TIMEOUT_S:.0f} s")
            time.sleep(POLL_S)
        return (time.perf_counter() - start) * 1e3
    finally:
        stop(proc)


def run_cold_start(quick: bool) -> list[Result]:
    runs = 3 if quick else 7

    with tempfile.TemporaryDirectory(prefix="bench-store-") as store:

        def app() -> float:
            port = free_port()
            argv = [sys.executable, "-m", "dashboard.cli", "run", "--port", str(port)]
            return _start_ms(argv, port, store)

        def bare() -> float:
            port = free_port()
            argv = [sys.executable, "-m", "streamlit", "run", str(BARE_APP)]
            return _start_ms([*argv, "--server.port", str(port)], port, store)

        a, b = alternate(app, bare, runs)
    return [
        Result(
            name="cold_start",
            unit="ms",
            samples=a,
            baseline_name="cold_start_bare_streamlit",
            baseline_samples=b,
            notes=["process start → /_stcore/health body 'ok'; polled every 20 ms"],
        )
    ]
