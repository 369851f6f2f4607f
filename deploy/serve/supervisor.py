"""The deployment in the foreground: start the app processes and nginx, restart what
exits or hangs, stop everything on SIGTERM or SIGINT."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pwd
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from deploy.serve.nginx import find_nginx, render_config
from deploy.serve.processes import (
    App,
    ServeError,
    _check_reachable,
    _die_with_parent,
    _worker_user,
    free_port,
    healthy,
)

STARTUP_TIMEOUT_S = 120.0
# A process whose health endpoint has not answered for this long is taken for hung.
HUNG_AFTER_S = 30.0
PROBE_EVERY_S = 5.0


STOP_GRACE_S = 10.0


class Deployment:
    """The processes of one ``tradedash serve``; see the module docstring."""

    def __init__(
        self,
        processes: int,
        *,
        port: int = 8501,
        host: str = "127.0.0.1",
        store: str | None = None,
        run_dir: Path | None = None,
        nginx: str | None = None,
        upload_limit_mb: int = 50,
        log: IO[str] = sys.stderr,
    ) -> None:
        if processes < 1:
            raise ServeError(f"--processes must be at least 1, got {processes}")
        self.processes = processes
        self.port = port
        self.host = host
        self.store = store
        self.run_dir = (
            run_dir or Path(tempfile.gettempdir()) / f"tradedash-serve-{port}"
        ).absolute()
        self.nginx_bin = find_nginx(nginx)
        self.out = log
        self.upload_limit_mb = upload_limit_mb
        self.secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
        self.apps: list[App] = []
        self.nginx: subprocess.Popen[bytes] | None = None
        self.stopping = threading.Event()
        self._lock_fd: int | None = None
        self._prober: threading.Thread | None = None

    # -- start -----------------------------------------------------------------------
    def start(self) -> None:
        self._prepare_run_dir()
        logs = self.run_dir / "logs"
        self.apps = [
            App(f"a{i + 1}", free_port(), logs / f"app-a{i + 1}.log") for i in range(self.processes)
        ]
        for app in self.apps:
            self._spawn(app)
        self._wait_apps_healthy()
        self._write_config()
        self._start_nginx()
        self._write_state()
        self._prober = threading.Thread(target=self._probe_loop, daemon=True)
        self._prober.start()
        self.say(
            f"serving http://{self.host}:{self.port} through nginx to {self.processes} "
            f"app process(es) on {', '.join(a.address for a in self.apps)}; "
            f"run directory {self.run_dir}"
        )

    def say(self, text: str) -> None:
        self.out.write(f"tradedash serve: {text}\n")
        self.out.flush()

    def _prepare_run_dir(self) -> None:
        run = self.run_dir
        run.mkdir(parents=True, exist_ok=True)
        st = run.lstat()
        if run.is_symlink() or st.st_uid != os.geteuid():
            raise ServeError(f"{run} is not a directory of this user's: choose --run-dir")
        fd = os.open(run / "serve.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ServeError(
                f"another tradedash serve runs with {run} (see {run / 'serve.json'})"
            ) from None
        self._lock_fd = fd
        user = _worker_user()
        if user:
            _check_reachable(run, pwd.getpwnam("nobody"))
        # nginx's worker (nobody, when started as root) must reach its temp directory.
        os.chmod(run, 0o711 if user else 0o700)
        (run / "logs").mkdir(exist_ok=True)
        temp = run / "temp"
        temp.mkdir(exist_ok=True)
        if user:
            pw = pwd.getpwnam("nobody")
            os.chmod(temp, 0o700)
            os.chown(temp, pw.pw_uid, pw.pw_gid)

    def _app_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            STREAMLIT_SERVER_ADDRESS="127.0.0.1",
            STREAMLIT_SERVER_HEADLESS="true",
            STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
            STREAMLIT_SERVER_COOKIE_SECRET=self.secret,
        )
        if self.store:
            env["TRADEDASH_STORE"] = self.store
        return env

    def _spawn(self, app: App) -> None:
        with open(app.log, "ab") as fh:
            app.proc = subprocess.Popen(
                [sys.executable, "-m", "dashboard.cli", "run", "--port", str(app.port)],
                env=self._app_env(),
                stdin=subprocess.DEVNULL,
                stdout=fh,
                stderr=fh,
                preexec_fn=_die_with_parent,
            )
        app.started_at = time.monotonic()
        app.healthy_at = None

    def _wait_apps_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        waiting = list(self.apps)
        while waiting:
            for app in list(waiting):
                assert app.proc is not None
                if app.proc.poll() is not None:
                    raise ServeError(
                        f"app process {app.name} exited with {app.proc.returncode} at start; "
                        f"see {app.log}"
                    )
                if healthy(app.port, timeout=1.0):
                    app.healthy_at = time.monotonic()
                    waiting.remove(app)
            if waiting and time.monotonic() > deadline:
                raise ServeError(
                    f"app process(es) {', '.join(a.name for a in waiting)} did not answer "
                    f"in {STARTUP_TIMEOUT_S:.0f} s; see {self.run_dir / 'logs'}"
                )
            time.sleep(0.2)

    def _write_config(self) -> None:
        text = render_config(
            self.apps,
            listen=f"{self.host}:{self.port}",
            run_dir=self.run_dir,
            upload_limit_mb=self.upload_limit_mb,
            user=_worker_user(),
        )
        path = self.run_dir / "nginx.conf"
        path.write_text(text, encoding="utf-8")

    def _nginx_argv(self) -> list[str]:
        run = self.run_dir
        # -e: the error log from the first moment, before the config is read (the
        # compiled-in default is the system's /var/log/nginx, not writable unprivileged).
        return [
            self.nginx_bin,
            "-p", str(run), "-c", str(run / "nginx.conf"), "-e", str(run / "logs" / "error.log"),
        ]  # fmt: skip

    def _start_nginx(self) -> None:
        self.nginx = subprocess.Popen(
            self._nginx_argv(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 20
        while not healthy(self.port, host=self._probe_host(), timeout=1.0):
            if self.nginx.poll() is not None:
                raise ServeError(f"nginx exited at start:\n{self._error_log_tail()}")
            if time.monotonic() > deadline:
                raise ServeError(f"nginx did not answer in 20 s:\n{self._error_log_tail()}")
            time.sleep(0.1)

    def _probe_host(self) -> str:
        return "127.0.0.1" if self.host in ("0.0.0.0", "", "*") else self.host.strip("[]")

    def _error_log_tail(self, lines: int = 10) -> str:
        with contextlib.suppress(OSError):
            text = (self.run_dir / "logs" / "error.log").read_text(errors="replace")
            return "\n".join(text.splitlines()[-lines:])
        return "(no error log)"

    # -- supervise -------------------------------------------------------------------
    def run_forever(self) -> int:
        """Supervise until SIGTERM/SIGINT, then stop everything; the exit status."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stopping.set())
        try:
            while not self.stopping.wait(0.25):
                self.supervise()
        finally:
            self.stop()
        return 0

    def supervise(self) -> None:
        """One round: restart what died, or hung, and is due."""
        now = time.monotonic()
        changed = False
        for app in self.apps:
            assert app.proc is not None
            code = app.proc.poll()
            if code is None:
                continue
            if app.next_start == 0.0:
                app.exits = [t for t in app.exits if now - t < 60] + [now]
                pause = 0.0 if len(app.exits) < 3 else min(30.0, 2.0 ** (len(app.exits) - 2))
                app.next_start = now + pause
                self.say(
                    f"app process {app.name} (pid {app.proc.pid}, port {app.port}) exited "
                    f"with {code}; starting it again" + (f" in {pause:.0f} s" if pause else "")
                )
            if now >= app.next_start:
                self._spawn(app)
                app.restarts += 1
                app.next_start = 0.0
                changed = True
        if self.nginx is not None and self.nginx.poll() is not None:
            self.say(f"nginx exited with {self.nginx.returncode}; starting it again")
            with contextlib.suppress(ServeError):
                self._start_nginx()
            changed = True
        if changed:
            self._write_state()

    def _probe_loop(self) -> None:
        """Active health checks: kill a process that stopped answering; the supervisor
        then starts it again."""
        while not self.stopping.wait(PROBE_EVERY_S):
            for app in self.apps:
                proc = app.proc
                if proc is None or proc.poll() is not None:
                    continue
                now = time.monotonic()
                if healthy(app.port):
                    app.healthy_at = now
                    continue
                since = app.healthy_at or app.started_at
                limit = HUNG_AFTER_S if app.healthy_at else STARTUP_TIMEOUT_S
                if now - since > limit and not self.stopping.is_set():
                    self.say(
                        f"app process {app.name} (pid {proc.pid}) has not answered its "
                        f"health check for {now - since:.0f} s; killing it"
                    )
                    with contextlib.suppress(ProcessLookupError):
                        proc.kill()

    def state(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "url": f"http://{self.host}:{self.port}",
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "config": str(self.run_dir / "nginx.conf"),
            "apps": [
                {
                    "name": a.name,
                    "port": a.port,
                    "pid": a.proc.pid if a.proc else None,
                    "restarts": a.restarts,
                    "log": str(a.log),
                }
                for a in self.apps
            ],
        }

    def _write_state(self) -> None:
        path = self.run_dir / "serve.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.state(), indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    # -- stop ------------------------------------------------------------------------
    def stop(self) -> None:
        """SIGTERM to nginx and every app process, SIGKILL after a grace period."""
        self.stopping.set()
        procs = [p for p in [self.nginx, *(a.proc for a in self.apps)] if p is not None]
        for p in procs:
            if p.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    p.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        with contextlib.suppress(FileNotFoundError):
            (self.run_dir / "serve.json").unlink()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        self.say("stopped")


@contextlib.contextmanager
def deployment(processes: int, **kwargs: Any) -> Iterator[Deployment]:
    """A started deployment, supervised on a thread, stopped when the block ends."""
    d = Deployment(processes, **kwargs)
    try:
        d.start()
    except BaseException:
        d.stop()
        raise
    thread = threading.Thread(target=_supervise, args=(d,), daemon=True)
    thread.start()
    try:
        yield d
    finally:
        d.stop()
        thread.join(5)


def _supervise(d: Deployment) -> None:
    while not d.stopping.wait(0.25):
        d.supervise()


def main(processes: int, port: int, **kwargs: Any) -> int:
    """``tradedash serve``: start, supervise until SIGTERM/SIGINT, stop; the exit status.

    ``kwargs`` are :class:`Deployment`'s. A SIGTERM during start-up stops what started.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    d = Deployment(processes, port=port, **kwargs)
    try:
        d.start()
    except KeyboardInterrupt:
        d.stop()
        return 0
    except BaseException:
        d.stop()
        raise
    return d.run_forever()
