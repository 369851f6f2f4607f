"""A store under an S3 prefix: conditional PUTs of the manifest, downloads kept in memory."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import threading
import time
import uuid
from collections import OrderedDict
from typing import Any

import pyarrow as pa

from data.backends.base import Backend, Blob, Conflict, StoreError

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
