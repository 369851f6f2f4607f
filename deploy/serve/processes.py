"""The app processes: one :class:`App` per port, free ports, health probes, and the
unprivileged worker that must reach the run directory."""

from __future__ import annotations

import ctypes
import grp
import os
import pwd
import signal
import socket
import stat
import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HEALTH_TIMEOUT_S = 5.0


class ServeError(RuntimeError):
    """The deployment cannot start (no nginx, port taken, an app that never answers)."""


@dataclass
class App:
    """One app process: its name in the nginx config, its port, and its history."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    healthy_at: float | None = None  # last answered health probe
    exits: list[float] = field(default_factory=list)
    restarts: int = 0
    next_start: float = 0.0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def healthy(port: int, host: str = "127.0.0.1", timeout: float = HEALTH_TIMEOUT_S) -> bool:
    """Does ``/_stcore/health`` on ``host:port`` answer ``ok``?"""
    try:
        with urllib.request.urlopen(
            f"http://{host}:{port}/_stcore/health", timeout=timeout
        ) as resp:
            return bool(resp.status == 200 and resp.read().strip() == b"ok")
    except OSError:
        return False


# Loaded here, not in the child: between fork and exec a child only makes the call.
_LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None


def _die_with_parent() -> None:
    """In the child: SIGTERM when ``tradedash serve`` dies, even by SIGKILL (Linux)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def _worker_user() -> str | None:
    """``nobody`` and its group when started as root (nginx's worker drops to it)."""
    if os.geteuid() != 0:
        return None
    pw = pwd.getpwnam("nobody")
    return f"{pw.pw_name} {grp.getgrgid(pw.pw_gid).gr_name}"


def _check_reachable(run: Path, worker: pwd.struct_passwd) -> None:
    """Started as root, nginx's worker (``nobody``) writes request bodies under the run
    directory's ``temp/``: every directory above it must let that user through, or the
    first upload fails with a 500. Refuse at start instead, naming the directory."""
    for d in run.parents:
        st = d.stat()
        if st.st_uid == worker.pw_uid:
            bit = stat.S_IXUSR
        elif st.st_gid == worker.pw_gid:
            bit = stat.S_IXGRP
        else:
            bit = stat.S_IXOTH
        if not st.st_mode & bit:
            raise ServeError(
                f"nginx's worker runs as {worker.pw_name} and cannot pass through {d} "
                f"(mode {stat.filemode(st.st_mode)}) to the run directory {run}: "
                "choose a --run-dir it can reach (the default is under the temp directory)"
            )
