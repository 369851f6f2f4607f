"""A real S3 API on loopback for the tests: moto's standalone server.

``python -m tests.support.s3_server PORT`` serves moto's S3 on ``127.0.0.1:PORT``. moto
5.2 honours ``If-Match`` and ``If-None-Match`` on PUT (412 Precondition Failed), but it
checks and then writes in two steps, and its own server answers requests on several
threads: two racing conditional PUTs could both pass the check there. AWS S3 serialises
conditional writes to one key, so this server answers one request at a time
(``threaded=False``), which makes moto's check-and-write as atomic as S3's.
:func:`start` runs it as a child process and returns once it answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Test credentials for the loopback server; no AWS configuration of the machine is read,
# and no instance-metadata endpoint is asked.
ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


def main(port: int) -> None:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import run_simple

    app = DomainDispatcherApplication(create_backend_app)
    run_simple("127.0.0.1", port, app, threaded=False, request_handler=MotoRequestHandler)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def start(log: Path) -> Iterator[str]:
    """The server's endpoint URL while the block runs; the server is stopped after."""
    port = _free_port()
    with open(log, "ab") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.s3_server", str(port)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=fh,
            stderr=fh,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the S3 server exited with {proc.returncode}; see {log}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the S3 server did not listen in 60 s; see {log}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def client(endpoint: str):
    import boto3

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=ENV["AWS_SECRET_ACCESS_KEY"],
        region_name=ENV["AWS_DEFAULT_REGION"],
    )


def objects(endpoint: str, bucket: str) -> dict[str, tuple[str, str, int]]:
    """Every object in ``bucket``: key → (ETag, last modified, size)."""
    c = client(endpoint)
    out = {}
    for page in c.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            out[obj["Key"]] = (obj["ETag"], obj["LastModified"].isoformat(), obj["Size"])
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]))
