"""The server as shipped: hardened config, health probe, origin checks, start commands."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tomllib
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.browser.conftest import ROOT, free_port, wait_healthy

pytestmark = pytest.mark.browser


def test_shipped_config_is_hardened():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server = cfg["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert "*" not in server.get("corsAllowedOrigins", [])
    assert server["address"] == "127.0.0.1" and server["maxUploadSize"] == 50
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["showErrorDetails"] == "none"


def test_health_probe_body_is_ok(server):
    with urllib.request.urlopen(server + "/_stcore/health", timeout=5) as resp:
        assert resp.status == 200 and resp.read().decode().strip() == "ok"


async def _open(url: str, origin: str) -> str:
    try:
        async with connect(url, origin=origin, open_timeout=10):  # type: ignore[arg-type]
            return "accepted"
    except InvalidStatus as exc:
        return f"refused {exc.response.status_code}"


def _run(coro):
    # Playwright's sync API keeps an event loop on this thread: run ours on another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_websocket_from_a_foreign_origin_is_refused(server):
    ws = server.replace("http://", "ws://") + "/_stcore/stream"
    assert _run(_open(ws, "http://evil.example")) == "refused 403"
    assert _run(_open(ws, server)) == "accepted"


def _start(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("how", ["run --port", "STREAMLIT_SERVER_PORT"])
def test_tradedash_starts_the_dashboard(tmp_path, how):
    port = free_port()
    if how == "run --port":
        proc = _start(["run", "--port", str(port)], {"TRADEDASH_STORE": str(tmp_path)}, tmp_path)
    else:
        proc = _start(
            [], {"STREAMLIT_SERVER_PORT": str(port), "TRADEDASH_STORE": str(tmp_path)}, tmp_path
        )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=90)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
