"""Where a store lives, a local path or a URI, and the backend that opens it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from data.backends.base import Backend, StoreError
from data.backends.filesystem import FileSystemBackend
from data.backends.local import LocalBackend
from data.backends.s3 import S3Backend

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
