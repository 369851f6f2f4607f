"""`tradedash serve`'s supervision, on stand-in processes: what is restarted, and when."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from deploy import serve
from deploy.serve import supervisor


class Proc:
    """A stand-in for a child process: running (``None``) or exited with a code."""

    def __init__(self, pid: int, code: int | None = None) -> None:
        self.pid, self.returncode = pid, code

    def poll(self) -> int | None:
        return self.returncode


@pytest.fixture
def deployment(tmp_path, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(supervisor.time, "monotonic", lambda: clock[0])  # Deployment reads it
    d = serve.Deployment(2, port=1, run_dir=tmp_path, nginx="/bin/true", log=io.StringIO())
    d.apps = [serve.App(f"a{i}", 40000 + i, tmp_path / f"a{i}.log") for i in (1, 2)]
    spawned: list[str] = []

    def spawn(app: serve.App) -> None:
        spawned.append(app.name)
        app.proc = Proc(100 + len(spawned))  # type: ignore[assignment]

    monkeypatch.setattr(d, "_spawn", spawn)
    for app in d.apps:
        app.proc = Proc(1)  # type: ignore[assignment]
    return d, spawned, clock


def test_a_process_that_exits_is_started_again_at_once_and_others_are_left_alone(deployment):
    d, spawned, _clock = deployment
    d.apps[0].proc.returncode = -9
    d.supervise()
    assert spawned == ["a1"]
    assert d.apps[0].restarts == 1 and d.apps[1].restarts == 0
    assert "a1" in d.out.getvalue() and "exited with -9" in d.out.getvalue()
    state = d.state()
    assert [a["restarts"] for a in state["apps"]] == [1, 0]
    d.supervise()  # running again: nothing to do
    assert spawned == ["a1"]


def test_a_process_that_keeps_exiting_waits_longer_each_time(deployment):
    d, spawned, clock = deployment
    for _ in range(2):  # two exits within a minute: restarted at once
        d.apps[0].proc.returncode = 1
        d.supervise()
    assert spawned == ["a1", "a1"]
    d.apps[0].proc.returncode = 1  # the third: a pause of 2 s first
    d.supervise()
    assert spawned == ["a1", "a1"]
    clock[0] += 1.0
    d.supervise()
    assert spawned == ["a1", "a1"]
    clock[0] += 1.5
    d.supervise()
    assert spawned == ["a1", "a1", "a1"]
    assert "in 2 s" in d.out.getvalue()


def test_exits_a_minute_apart_restart_at_once(deployment):
    d, spawned, clock = deployment
    for _ in range(4):
        d.apps[1].proc.returncode = 1
        d.supervise()
        clock[0] += 61.0
    assert spawned == ["a2"] * 4


def test_a_run_directory_nobody_can_reach_is_refused_at_start(tmp_path):
    import pwd
    import tempfile

    worker = pwd.getpwnam("nobody")
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    with pytest.raises(serve.ServeError, match="cannot pass through"):
        serve._check_reachable(private / "run", worker)
    reachable = tempfile.mkdtemp(prefix="tradedash-test-")
    try:
        serve._check_reachable(Path(reachable), worker)  # /tmp and / let anyone through
    finally:
        Path(reachable).rmdir()
