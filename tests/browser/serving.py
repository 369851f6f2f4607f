"""Starting and stopping ``tradedash serve`` for the proxy tests, and what they read from it:
the run state, an app process's session counters, a page of another origin."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, free_port


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    base: str
    run_dir: Path
    log: Path

    def state(self) -> dict:
        return json.loads((self.run_dir / "serve.json").read_text())

    def app(self, name: str) -> dict:
        return next(a for a in self.state()["apps"] if a["name"] == name)


def start_serve(tmp: Path, processes: int, env: dict[str, str]) -> Served:
    """``tradedash serve`` as a user would start it, its log in ``tmp``.

    The run directory is a fresh one under the temp directory, as by default: started as
    root, nginx's worker runs as nobody and must reach it (pytest's own temp directories
    are private to their user).
    """
    port = free_port()
    run_dir = Path(tempfile.mkdtemp(prefix=f"tradedash-test-serve-{port}-"))
    log = tmp / f"serve-{port}.log"
    with open(log, "ab") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "serve", "--processes", str(processes),
             "--port", str(port), "--run-dir", str(run_dir)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=fh, stderr=fh,
        )  # fmt: skip
    served = Served(proc, f"http://127.0.0.1:{port}", run_dir, log)
    deadline = time.monotonic() + 150
    while not (run_dir / "serve.json").is_file():
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_serve(served)
            pytest.fail(f"tradedash serve did not start:\n{log.read_text()}")
        time.sleep(0.2)
    return served


def stop_serve(served: Served) -> list[int]:
    """SIGTERM, and the pids it had started (to check they are gone)."""
    pids: list[int] = []
    if (served.run_dir / "serve.json").is_file():
        state = served.state()
        pids = [state["nginx_pid"], *(a["pid"] for a in state["apps"])]
    served.proc.send_signal(signal.SIGTERM)
    try:
        served.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait()
    for log in (served.run_dir / "logs").glob("*.log"):  # kept beside serve's own log
        shutil.copy(log, served.log.with_name(f"{served.log.stem}-{log.name}"))
    shutil.rmtree(served.run_dir, ignore_errors=True)
    return pids


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[-1].split()[0]
    except (ProcessLookupError, FileNotFoundError):
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped


@contextmanager
def page_server(host: str) -> Iterator[str]:
    """A page of another origin, served on ``host`` while the block runs."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html><body>another site</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def metrics(port: int) -> dict[str, float]:
    """One app process's session counters, read from it directly."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=5) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r'^(session_events_total\{type="(\w+)"\}|active_sessions) (\S+)$', line)
        if m:
            out[m[2] or "active"] = float(m[3])
    return out
