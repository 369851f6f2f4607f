"""Where a store's objects live: a local directory, an S3 bucket, or another filesystem.

A store is a few named objects: the manifest ``store.meta.json`` (the commit point) and
the content-addressed data files it names. :class:`data.store.Store` keeps the format and
the commit protocol; a backend only moves bytes, and says how a writer commits:

- :class:`LocalBackend` — a directory. Writers serialise on an OS file lock (``.lock``,
  dropped by the kernel when a process dies); every file is written to a temp file in the
  same directory, fsynced and renamed into place, so readers see the old file or the new.
- :class:`S3Backend` — ``s3://bucket/prefix``. Object stores have no rename and no lock.
  Each PUT is atomic per object, so the manifest stays the commit point, written with a
  conditional PUT: ``If-Match: <ETag read>`` when replacing it, ``If-None-Match: *`` when
  creating it. A writer overtaken by another gets :class:`Conflict` (HTTP 412, or 409 when
  two conditional writes race) and the store re-reads and retries; nothing is lost. Data
  files are put with ``If-None-Match: *`` under their content hash, so an existing one is
  never overwritten. Endpoint from ``AWS_ENDPOINT_URL``, credentials and region from the
  usual AWS variables and files (boto3's own chain).
- :class:`FileSystemBackend` — any other filesystem pyarrow or fsspec knows (``gs://``,
  ``hdfs://``, ``abfs://``, ``memory://`` …), **read-only**: they offer no conditional
  write, so there is no safe commit, and a write is refused rather than risked.

An unknown scheme is an error (:class:`StoreError`), never a local folder of that name.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
from filelock import FileLock


class StoreError(RuntimeError):
    """The store cannot be read or written as a tradedash store."""


class Conflict(Exception):
    """Another writer committed the manifest first: re-read and retry."""


@dataclass(frozen=True)
class Blob:
    """An object's bytes and the version they were read at (compare-and-swap token)."""

    payload: bytes
    version: str


# A URI has a scheme of two or more characters ("C:/…" is a Windows path) and "://".
_URI = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+)://(?P<rest>.*)$")
# "s3:/bucket/x" is what Path("s3://bucket/x") makes of a URI: a typo, never a folder.
_MANGLED = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]+):/(?!/)")


def is_uri(where: str | os.PathLike[str]) -> bool:
    return isinstance(where, str) and _URI.match(where) is not None


def open_backend(where: str | os.PathLike[str]) -> Backend:
    """The backend for a store location: a path, ``file://``, ``s3://`` or another URI.

    Raises :class:`StoreError` for a scheme that neither pyarrow nor fsspec knows.
    """
    if not isinstance(where, str):
        return LocalBackend(Path(where))
    m = _URI.match(where)
    if m is None:
        bad = _MANGLED.match(where)
        if bad and bad["scheme"].lower() in _REMOTE_HINTS:
            raise StoreError(
                f"{where!r} is not a store location: did you mean {bad['scheme']}://…?"
            )
        return LocalBackend(Path(where))
    scheme, rest = m["scheme"].lower(), m["rest"]
    if scheme == "file":
        return LocalBackend(Path("/" + rest.lstrip("/")))
    if scheme == "s3":
        bucket, _, prefix = rest.partition("/")
        if not bucket:
            raise StoreError(f"{where!r}: an S3 store is s3://bucket or s3://bucket/prefix")
        return S3Backend(bucket, prefix.strip("/"))
    return FileSystemBackend.for_uri(where, scheme)


_REMOTE_HINTS = {"s3", "gs", "gcs", "hdfs", "abfs", "abfss", "az", "file", "memory"}


class Backend(ABC):
    """Named objects under one location; see the module docstring for the protocol."""

    location: str
    #: seconds a data file no manifest names is kept before pruning (another writer's
    #: file between its upload and its commit); 0 where writers hold a lock
    prune_grace_s: float = 0.0

    @abstractmethod
    def get(self, name: str) -> Blob | None:
        """The object's bytes and version, or None if there is none."""

    @abstractmethod
    def version(self, name: str) -> str | None:
        """The object's current version without its bytes (one stat or HEAD)."""

    @abstractmethod
    def source(self, name: str, checksum: str | None) -> str | pa.NativeFile:
        """What pyarrow reads a data file from. Raises FileNotFoundError if it is gone."""

    @abstractmethod
    def put(self, name: str, payload: bytes) -> bool:
        """Write a content-addressed object; False if it existed already (same bytes)."""

    @abstractmethod
    def commit(self, name: str, payload: bytes, expected: str | None) -> None:
        """Replace ``name`` if its version is still ``expected`` (None: it must not
        exist); else raise :class:`Conflict`."""

    @abstractmethod
    def names(self, prefix: str) -> list[tuple[str, float]]:
        """Objects whose name starts with ``prefix``, with their age in seconds."""

    @abstractmethod
    def delete(self, name: str) -> None:
        """Remove an object; no error if it is gone."""

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """Held around read-merge-commit; a lock where the backend has one."""
        return contextlib.nullcontext()

    def cleanup(self) -> None:  # noqa: B027 - most backends leave nothing behind
        """Remove leftovers of interrupted writes (temp files), where there are any."""


# -- local directory ------------------------------------------------------------------


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


# -- S3 ---------------------------------------------------------------------------------

# Data files are immutable (named by content), so a downloaded one stays valid for good:
# each process keeps the last few in memory and reads row groups from there.
_DOWNLOADS: OrderedDict[tuple[str, str], pa.Buffer] = OrderedDict()
_DOWNLOADS_KEPT = 2
_DOWNLOADS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=8)
def _s3_client(endpoint: str | None, region: str | None, profile: str | None, key: str) -> Any:
    """One boto3 client per configuration and process (clients are thread-safe).

    boto3 reads ``AWS_ENDPOINT_URL``, the credentials and the region itself; the
    arguments only key the cache, so a changed environment gets a new client.
    """
    try:
        import boto3
        from botocore.config import Config
    except ImportError as exc:  # pragma: no cover - boto3 is a dependency
        raise StoreError("s3:// stores need boto3 (pip install boto3)") from exc
    session = boto3.session.Session()
    config = Config(
        retries={"mode": "standard", "max_attempts": 5},
        connect_timeout=10,
        read_timeout=120,
    )
    return session.client("s3", config=config)


class S3Backend(Backend):
    """``s3://bucket/prefix``: conditional PUTs on the manifest, immutable data files."""

    # A data file younger than this that no manifest names may be another writer's,
    # uploaded and not yet committed: it is left for a later prune.
    prune_grace_s = 15 * 60.0

    def __init__(self, bucket: str, prefix: str) -> None:
        self.bucket = bucket
        self.prefix = prefix
        self.location = f"s3://{bucket}/{prefix}".rstrip("/")
        self._checked_conditional = False

    @property
    def client(self) -> Any:
        env = os.environ
        return _s3_client(
            env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL"),
            env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION"),
            env.get("AWS_PROFILE"),
            env.get("AWS_ACCESS_KEY_ID", ""),
        )

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def _error(self, exc: Exception, name: str) -> StoreError:
        code, msg = _s3_code(exc), str(exc)
        return StoreError(f"{self.location}/{name}: {code or type(exc).__name__}: {msg}")

    def _call(self, name: str, fn: Any, **kwargs: Any) -> Any:
        """One S3 call; 404s come back as FileNotFoundError, other errors as StoreError."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(Bucket=self.bucket, Key=self.key(name), **kwargs)
        except ClientError as exc:
            code = _s3_code(exc)
            if code in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(f"{self.location}/{name}") from exc
            if code in ("PreconditionFailed", "412", "ConditionalRequestConflict", "409"):
                raise Conflict(name) from exc
            raise self._error(exc, name) from exc
        except BotoCoreError as exc:  # endpoint unreachable, no credentials …
            raise self._error(exc, name) from exc

    def get(self, name: str) -> Blob | None:
        try:
            resp = self._call(name, self.client.get_object)
        except FileNotFoundError:
            return None
        return Blob(resp["Body"].read(), str(resp["ETag"]))

    def version(self, name: str) -> str | None:
        try:
            return str(self._call(name, self.client.head_object)["ETag"])
        except FileNotFoundError:
            return None

    def source(self, name: str, checksum: str | None) -> str | pa.NativeFile:
        cache_key = (self.location, name)
        with _DOWNLOADS_LOCK:
            buf = _DOWNLOADS.get(cache_key)
            if buf is not None:
                _DOWNLOADS.move_to_end(cache_key)
        if buf is None:
            blob = self.get(name)
            if blob is None:
                raise FileNotFoundError(f"{self.location}/{name}")
            digest = "sha256:" + hashlib.sha256(blob.payload).hexdigest()
            if checksum is not None and digest != checksum:
                raise StoreError(f"{self.location}/{name}: checksum does not match the manifest")
            buf = pa.py_buffer(blob.payload)
            with _DOWNLOADS_LOCK:
                _DOWNLOADS[cache_key] = buf
                while len(_DOWNLOADS) > _DOWNLOADS_KEPT:
                    _DOWNLOADS.popitem(last=False)
        return pa.BufferReader(buf)

    def put(self, name: str, payload: bytes) -> bool:
        self._require_conditional_puts()
        try:
            self._call(name, self.client.put_object, Body=payload, IfNoneMatch="*")
        except Conflict:
            return False  # the same content is there already
        return True

    def commit(self, name: str, payload: bytes, expected: str | None) -> None:
        self._require_conditional_puts()
        cond = {"IfNoneMatch": "*"} if expected is None else {"IfMatch": expected}
        try:
            self._call(
                name,
                self.client.put_object,
                Body=payload,
                ContentType="application/json",
                **cond,
            )
        except FileNotFoundError as exc:  # If-Match on a manifest deleted meanwhile
            raise Conflict(name) from exc

    def names(self, prefix: str) -> list[tuple[str, float]]:
        from botocore.exceptions import BotoCoreError, ClientError

        base = self.key("")
        out = []
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=base + prefix
            )
            now = time.time()
            for page in pages:
                for obj in page.get("Contents", []):
                    name = obj["Key"][len(base) :]
                    if "/" not in name:
                        out.append((name, now - obj["LastModified"].timestamp()))
        except (ClientError, BotoCoreError) as exc:
            raise self._error(exc, prefix + "*") from exc
        return out

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._call(name, self.client.delete_object)

    def _require_conditional_puts(self) -> None:
        """Refuse to write where ``If-None-Match`` is ignored: two writers would then
        overwrite each other's manifest. Checked once per process and store with a probe
        object, created twice (the second PUT must fail) and deleted."""
        if self._checked_conditional:
            return
        probe = f".tradedash-probe-{uuid.uuid4().hex}"
        try:
            self._call(probe, self.client.put_object, Body=b"", IfNoneMatch="*")
            try:
                self._call(probe, self.client.put_object, Body=b"", IfNoneMatch="*")
            except Conflict:
                self._checked_conditional = True
                return
            raise StoreError(
                f"{self.location}: the S3 endpoint ignores If-None-Match on PUT, so two "
                "writers could overwrite each other; tradedash does not write there"
            )
        finally:
            self.delete(probe)


def _s3_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


# -- other filesystems (read-only) --------------------------------------------------------


class FileSystemBackend(Backend):
    """A store on a filesystem pyarrow or fsspec knows, read through ``pyarrow.fs``.

    Read-only: these filesystems have no conditional write, so a commit cannot be made
    safe against a second writer; :meth:`commit` and :meth:`put` refuse.
    """

    def __init__(self, fs: Any, path: str, location: str) -> None:
        self.fs = fs
        self.path = path.rstrip("/")
        self.location = location

    @classmethod
    def for_uri(cls, uri: str, scheme: str) -> FileSystemBackend:
        import pyarrow.fs as pafs

        try:
            fs, path = pafs.FileSystem.from_uri(uri)
            return cls(fs, path, uri.rstrip("/"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError, TypeError):
            pass
        try:
            import fsspec
            from fsspec.core import url_to_fs
        except ImportError:
            fsspec = None
        if fsspec is not None and scheme in fsspec.available_protocols():
            try:
                ffs, path = url_to_fs(uri)
            except (ImportError, ValueError) as exc:
                raise StoreError(f"{uri!r}: fsspec knows {scheme}:// but: {exc}") from exc
            return cls(pafs.PyFileSystem(pafs.FSSpecHandler(ffs)), path, uri.rstrip("/"))
        raise StoreError(
            f"{uri!r}: unknown store scheme {scheme!r}; a store is a local directory, "
            "s3://bucket/prefix, or a URI of a filesystem pyarrow or fsspec knows"
        )

    def _path(self, name: str) -> str:
        return f"{self.path}/{name}" if self.path else name

    def get(self, name: str) -> Blob | None:
        version = self.version(name)
        if version is None:
            return None
        with self.fs.open_input_stream(self._path(name)) as fh:
            return Blob(fh.read(), version)

    def version(self, name: str) -> str | None:
        import pyarrow.fs as pafs

        info = self.fs.get_file_info(self._path(name))
        if info.type == pafs.FileType.NotFound:
            return None
        return f"{info.mtime_ns}-{info.size}"

    def source(self, name: str, checksum: str | None) -> str | pa.NativeFile:
        blob = self.get(name)
        if blob is None:
            raise FileNotFoundError(f"{self.location}/{name}")
        digest = "sha256:" + hashlib.sha256(blob.payload).hexdigest()
        if checksum is not None and digest != checksum:
            raise StoreError(f"{self.location}/{name}: checksum does not match the manifest")
        return pa.BufferReader(blob.payload)

    def _read_only(self) -> StoreError:
        return StoreError(
            f"{self.location}: read-only store: this filesystem has no conditional write "
            "to commit the manifest safely; import into a local directory or s3:// store"
        )

    def put(self, name: str, payload: bytes) -> bool:
        raise self._read_only()

    def commit(self, name: str, payload: bytes, expected: str | None) -> None:
        raise self._read_only()

    def names(self, prefix: str) -> list[tuple[str, float]]:
        return []

    def delete(self, name: str) -> None:
        raise self._read_only()
