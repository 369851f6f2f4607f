"""A store on any other fsspec filesystem."""

from __future__ import annotations

import hashlib
from typing import Any

import pyarrow as pa

from data.backends.base import Backend, Blob, StoreError


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
