"""Crash safety and concurrency of the store, with real processes.

SIGKILL at random points of an import leaves the old state or the new one, never a mix;
eight importers at once lose nothing while readers read; no lock outlives a crash.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from data import schema
from data.importers import import_paths
from data.store import Store
from tests.reliability.gen import write_press_file

pytestmark = pytest.mark.reliability

ROOT = Path(__file__).resolve().parents[2]
CHILD = [sys.executable, "-m", "tests.reliability.import_child"]
TRIALS = int(os.environ.get("TRADEDASH_CRASH_TRIALS", "20"))


def child(store: Path, *files: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*CHILD, str(store), *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def state(store: Store) -> tuple[int, str]:
    """Open, verify the checksum, validate every row: the store's (rows, checksum)."""
    snap = store.read(verify=True)
    issues = schema.find_issues(snap.table, set(snap.sources))
    assert issues == [], issues[:3]
    return len(snap), store.manifest().get("checksum", "")


def lock_is_free(store: Store) -> bool:
    try:
        with FileLock(str(store.root / ".lock"), timeout=1):
            return True
    except TimeoutError:
        return False


def test_sigkill_mid_import_leaves_old_or_new_state(tmp_path):
    rng = random.Random(20261127)
    base = write_press_file(tmp_path / "base.csv", 30_000, "b")
    s = Store(tmp_path / "store")
    import_paths(s, [base])
    old = state(s)
    pristine = tmp_path / "pristine"
    shutil.copytree(s.root, pristine)
    # time one full import in a child, to spread the kills over its whole life
    extra = write_press_file(tmp_path / "extra.csv", 10_000, "x")
    probe_store = tmp_path / "probe"
    import_paths(Store(probe_store), [base])
    t0 = time.perf_counter()
    assert child(probe_store, extra).wait(timeout=120) == 0
    duration = time.perf_counter() - t0
    new_rows = old[0] + 10_000
    outcomes = {"old": 0, "new": 0}
    for _trial in range(TRIALS):
        proc = child(s.root, extra)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        rows, checksum = state(s)
        assert lock_is_free(s)
        if rows == old[0]:
            assert checksum == old[1]
            outcomes["old"] += 1
        else:
            assert rows == new_rows
            outcomes["new"] += 1
            # back to the old state for the next trial
            shutil.rmtree(s.root)
            shutil.copytree(pristine, s.root)
            assert state(s) == old
    assert sum(outcomes.values()) == TRIALS
    print(
        f"\ncrash trials: {TRIALS}, old state {outcomes['old']}, new state {outcomes['new']}, "
        f"torn 0; one import takes {duration:.2f} s"
    )


def test_eight_concurrent_importers_lose_nothing_while_readers_read(tmp_path):
    s = Store(tmp_path / "store")
    files = [write_press_file(tmp_path / f"f{i}.csv", 2_000, f"w{i}") for i in range(8)]
    procs = [child(s.root, f) for f in files]
    reads, sizes = 0, set()
    deadline = time.monotonic() + 120
    while any(p.poll() is None for p in procs):
        assert time.monotonic() < deadline, "importers did not finish in 120 s"
        if s.exists():
            rows, _ = state(s)  # never torn: checksum and validation hold on every read
            assert rows % 2_000 == 0
            sizes.add(rows)
            reads += 1
        time.sleep(0.01)
    errors = [p.stderr.read().decode() for p in procs if p.returncode != 0]
    assert errors == []
    rows, _ = state(s)
    assert rows == 8 * 2_000  # no lost update
    assert len(s.read().sources) == 8
    assert lock_is_free(s)
    assert reads > 0
    print(f"\nconcurrent writers: 8, reads during the run: {reads}, states seen: {sorted(sizes)}")


def holds_flock(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds a flock on ``path`` (per the kernel's /proc/locks)."""
    st = path.stat()
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in Path("/proc/locks").read_text().splitlines():
        f = line.split()
        if "FLOCK" in f and str(pid) in f and inode in f:
            return True
    return False


def test_import_killed_while_holding_the_lock_leaves_no_stale_lock(tmp_path):
    """The victim is a real import, killed at a moment the kernel shows it holding the store's
    lock (inside read-merge-commit); the next writer gets the lock and the store is whole."""
    s = Store(tmp_path / "store")
    import_paths(s, [write_press_file(tmp_path / "base.csv", 30_000, "b")])
    old_rows, _ = state(s)
    lock = s.root / ".lock"
    victim_file = write_press_file(tmp_path / "victim.csv", 10_000, "v")
    victim = child(s.root, victim_file)
    deadline = time.monotonic() + 60
    while not holds_flock(victim.pid, lock):
        assert victim.poll() is None, "the victim finished without being seen holding the lock"
        assert time.monotonic() < deadline, "the victim never took the lock"
        time.sleep(0.001)
    victim.send_signal(signal.SIGKILL)
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert not holds_flock(victim.pid, lock)
    # the next writer proceeds (a stale lock would make it wait out its timeout)
    t0 = time.perf_counter()
    with s.locked(timeout=5):
        pass
    import_paths(s, [write_press_file(tmp_path / "next.csv", 2_000, "n")])
    waited = time.perf_counter() - t0
    rows, _ = state(s)  # whole: checksum and every row valid
    # killed before its commit landed, or just after: never a part of it
    assert rows in {old_rows + 2_000, old_rows + 10_000 + 2_000}
    assert lock_is_free(s)
    print(f"\nvictim killed holding the lock; next writer done in {waited:.2f} s, rows {rows}")


def test_killed_import_leaves_no_worker_process_behind(tmp_path):
    # Two files past data.importers.PARALLEL_MIN_BYTES: load_all forks a worker per core.
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: imports run in one process")
    files = [write_press_file(tmp_path / f"big{i}.csv", 40_000, f"k{i}") for i in range(2)]
    proc = child(tmp_path / "store", *files)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 30
    while not (workers := children.read_text().split()):
        assert proc.poll() is None and time.monotonic() < deadline, "no worker started"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    def running(pid: str) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.monotonic() + 10
    while any(running(w) for w in workers):
        assert time.monotonic() < deadline, f"workers outlived their parent: {workers}"
        time.sleep(0.05)
