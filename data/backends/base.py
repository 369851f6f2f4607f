"""What every backend offers a store, and the errors a store raises."""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from dataclasses import dataclass

import pyarrow as pa


class StoreError(RuntimeError):
    """The store cannot be read or written as a tradedash store."""


class Conflict(Exception):
    """Another writer committed the manifest first: re-read and retry."""


@dataclass(frozen=True)
class Blob:
    """An object's bytes and the version they were read at (compare-and-swap token)."""

    payload: bytes
    version: str


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
