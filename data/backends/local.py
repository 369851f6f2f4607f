"""A store in a local directory: atomic writes (temp file, fsync, rename) under a file lock."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
from filelock import FileLock

from data.backends.base import Backend, Blob, Conflict, StoreError


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers see the old file or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _stat_version(st: os.stat_result) -> str:
    # Every write replaces the file by a rename: a new inode and modification time.
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


class LocalBackend(Backend):
    """A directory, written with temp file + fsync + rename under an OS file lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)

    def get(self, name: str) -> Blob | None:
        try:
            with open(self.root / name, "rb") as fh:
                version = _stat_version(os.fstat(fh.fileno()))
                return Blob(fh.read(), version)
        except FileNotFoundError:
            return None

    def version(self, name: str) -> str | None:
        try:
            return _stat_version(os.stat(self.root / name))
        except FileNotFoundError:
            return None

    def source(self, name: str, checksum: str | None) -> str | pa.NativeFile:
        path = self.root / name
        if checksum is None:
            return str(path)
        payload = path.read_bytes()
        if "sha256:" + hashlib.sha256(payload).hexdigest() != checksum:
            raise StoreError(f"{path}: checksum does not match the manifest")
        return pa.BufferReader(payload)

    def put(self, name: str, payload: bytes) -> bool:
        atomic_write_bytes(self.root / name, payload)
        return True

    def commit(self, name: str, payload: bytes, expected: str | None) -> None:
        # Writers hold the lock (writing()), so this check only catches a writer that
        # did not take it.
        if self.version(name) != expected:
            raise Conflict(name)
        atomic_write_bytes(self.root / name, payload)

    def names(self, prefix: str) -> list[tuple[str, float]]:
        now = time.time()
        out = []
        for p in self.root.glob(prefix + "*"):
            with contextlib.suppress(FileNotFoundError):
                out.append((p.name, now - p.stat().st_mtime))
        return out

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            (self.root / name).unlink()

    @contextlib.contextmanager
    def writing(self, timeout: float = 120.0) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / ".lock"), timeout=timeout):
            yield

    def cleanup(self) -> None:
        for p in self.root.glob(".*.tmp"):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
