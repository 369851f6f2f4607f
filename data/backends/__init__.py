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

from data.backends.base import Backend, Blob, Conflict, StoreError
from data.backends.filesystem import FileSystemBackend
from data.backends.local import LocalBackend, atomic_write_bytes
from data.backends.s3 import _DOWNLOADS, S3Backend
from data.backends.uri import is_uri, open_backend

__all__ = [
    "_DOWNLOADS",
    "Backend",
    "Blob",
    "Conflict",
    "FileSystemBackend",
    "LocalBackend",
    "S3Backend",
    "StoreError",
    "atomic_write_bytes",
    "is_uri",
    "open_backend",
]
