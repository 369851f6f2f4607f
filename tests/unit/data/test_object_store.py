"""The store on object storage, against a real S3 API on loopback (moto's server).

What an S3 store must keep that a directory keeps with rename and flock: readers see
whole states, a refused import changes no object, and two writers never lose an update
(the manifest is committed with a conditional PUT; the loser re-reads and retries).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid

import pytest

from data import backends, importers, store
from data.schema import ValidationError
from tests.conftest import FIXTURES, ROOT
from tests.support import s3_server

PRESS = FIXTURES / "press" / "valid.csv"
LONG = FIXTURES / "long" / "national_stats.csv"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    with s3_server.start(tmp_path_factory.mktemp("s3") / "server.log") as url:
        yield url


@pytest.fixture
def bucket(endpoint, monkeypatch):
    """A fresh bucket, and the environment a user would set to reach it."""
    for k, v in {**s3_server.ENV, "AWS_ENDPOINT_URL": endpoint}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = f"team-{uuid.uuid4().hex[:12]}"
    s3_server.client(endpoint).create_bucket(Bucket=name)
    backends._DOWNLOADS.clear()
    return name


def test_the_loopback_s3_honours_conditional_puts(endpoint):
    """The fixture itself: a server that ignored the headers would make the tests below
    prove nothing."""
    from botocore.exceptions import ClientError

    c = s3_server.client(endpoint)
    c.create_bucket(Bucket="conditional-check")
    first = c.put_object(Bucket="conditional-check", Key="m", Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError, match="PreconditionFailed"):
        c.put_object(Bucket="conditional-check", Key="m", Body=b"2", IfNoneMatch="*")
    c.put_object(Bucket="conditional-check", Key="m", Body=b"3", IfMatch=first["ETag"])
    with pytest.raises(ClientError, match="PreconditionFailed"):
        c.put_object(Bucket="conditional-check", Key="m", Body=b"4", IfMatch=first["ETag"])
    assert c.get_object(Bucket="conditional-check", Key="m")["Body"].read() == b"3"


def test_import_then_read_back(bucket, endpoint):
    s = store.Store(f"s3://{bucket}/team/store")
    snap, _ = importers.import_paths(s, [PRESS])
    assert len(snap) == 4
    keys = set(s3_server.objects(endpoint, bucket))
    meta = s.manifest()
    assert keys == {"team/store/store.meta.json", f"team/store/{meta['data_file']}"}
    backends._DOWNLOADS.clear()  # as a fresh process would
    fresh = store.user_store(f"s3://{bucket}/team/store")
    back = fresh.read(verify=True)
    assert len(back) == 4 and set(back.sources) == set(snap.sources)
    assert fresh.read(store.pair_filter("KAZ", "TKM")).table.num_rows == 4
    assert fresh.read_columns(["reporter", "partner"]).num_rows == 4
    both = store.read_all(f"s3://{bucket}/team/store")
    assert len(both) == len(store.embedded_store().read()) + 4


def test_a_refused_import_changes_no_object(bucket, endpoint):
    s = store.Store(f"s3://{bucket}/store")
    importers.import_paths(s, [PRESS])
    before = s3_server.objects(endpoint, bucket)
    with pytest.raises(ValidationError, match="already in the store"):
        importers.import_paths(s, [PRESS])
    with pytest.raises(ValidationError):
        importers.import_paths(s, [FIXTURES / "press" / "month_13.csv"])
    importers.import_paths(s, [LONG], dry_run=True)
    assert s3_server.objects(endpoint, bucket) == before


def test_an_import_into_an_empty_bucket_that_is_refused_writes_nothing(bucket, endpoint):
    s = store.Store(f"s3://{bucket}/store")
    with pytest.raises(ValidationError):
        importers.import_paths(s, [FIXTURES / "press" / "negative_value.csv"])
    assert s3_server.objects(endpoint, bucket) == {}


def test_two_writers_that_read_the_same_state_both_land(bucket, endpoint):
    """Both writers read the empty store before either commits (a barrier holds them):
    one commit wins, the other's conditional PUT fails, and it merges again into the
    winner's state and commits. Nothing is lost and no orphan data file is left."""
    location = f"s3://{bucket}/store"
    barrier = threading.Barrier(2, timeout=30)
    outcomes: dict[str, object] = {}

    def writer(path):
        s = store.Store(location)
        seen = [0]

        def hold_first_read(p):
            seen[0] += 1
            if seen[0] == 1:
                barrier.wait()  # both have read the same (empty) manifest

        real_update = s.update

        def update(change, **kw):
            def change_after_barrier(current):
                hold_first_read(current)
                return change(current)

            return real_update(change_after_barrier, **kw)

        s.update = update  # type: ignore[method-assign]
        try:
            importers.import_paths(s, [path])
            outcomes[path.name] = s.last_attempts
        except Exception as exc:  # reported below, with the other writer's outcome
            outcomes[path.name] = exc

    threads = [threading.Thread(target=writer, args=(p,)) for p in (PRESS, LONG)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(v, int) for v in outcomes.values()), outcomes
    assert sorted(outcomes.values()) == [1, 2]  # one retried, and both landed
    final = store.Store(location).read(verify=True)
    assert len(final) == _rows(PRESS) + _rows(LONG)
    assert set(final.sources) == _sources(PRESS) | _sources(LONG)
    data_files = {k for k in s3_server.objects(endpoint, bucket) if k.endswith(".parquet")}
    # The winner's file (kept as the previous state) and the merged one; the loser's
    # first file, which no manifest ever named, was removed.
    assert len(data_files) == 2
    assert f"store/{store.Store(location).manifest()['data_file']}" in data_files


def test_a_stale_manifest_version_is_refused_not_overwritten(bucket):
    s = store.Store(f"s3://{bucket}/store")
    importers.import_paths(s, [PRESS])
    blob = s.backend.get(store.MANIFEST)
    assert blob is not None
    importers.import_paths(s, [LONG])  # another writer moves the manifest on
    current = s.backend.get(store.MANIFEST)
    with pytest.raises(backends.Conflict):
        s.backend.commit(store.MANIFEST, b"{}", blob.version)
    with pytest.raises(backends.Conflict):
        s.backend.commit(store.MANIFEST, b"{}", None)  # "create" over an existing one
    assert s.backend.get(store.MANIFEST) == current


def test_old_data_files_are_pruned_after_the_grace_period(bucket, endpoint, monkeypatch):
    s = store.Store(f"s3://{bucket}/store")
    importers.import_paths(s, [PRESS])
    first = s.manifest()["data_file"]
    importers.import_paths(s, [LONG])
    monkeypatch.setattr(backends.S3Backend, "prune_grace_s", 0.0)
    snap = s.read()
    s.write(snap.table.slice(0, 3), snap.sources.values())
    names = {k.rsplit("/", 1)[-1] for k in s3_server.objects(endpoint, bucket)}
    assert first not in names and len([n for n in names if n.endswith(".parquet")]) == 2


def _rows(path) -> int:
    return len(next(iter(importers.load_all([path]))).observations)


def _sources(path) -> set[str]:
    return {s.source_id for s in next(iter(importers.load_all([path]))).sources}


def _cli(args, env, cwd):
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_command_line_imports_into_and_reads_from_s3(bucket, endpoint, tmp_path):
    """As a user would: the store named on the command line, the endpoint and the
    credentials in the environment; two imports at once both land."""
    env = {**s3_server.ENV, "AWS_ENDPOINT_URL": endpoint}
    location = f"s3://{bucket}/team"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dashboard.cli",
                "import",
                str(p),
                "--store",
                location,
                "--format",
                "json",
            ],
            cwd=tmp_path,
            env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in (PRESS, LONG)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert {json.loads(o)["store"] for o, _ in outs} == {location}
    got = _cli(["series", "--store", location, "--format", "json"], env, tmp_path)
    assert got.returncode == 0, got.stderr
    points = json.loads(got.stdout)["points"]
    cited = {sid for p in points for sid in p["source_ids"]}
    assert cited & _sources(PRESS)  # the imported figures are in the series
    snap = store.Store(location).read(verify=True)
    assert len(snap) == _rows(PRESS) + _rows(LONG)
    assert set(snap.sources) == _sources(PRESS) | _sources(LONG)
    assert list(tmp_path.iterdir()) == []  # nothing written locally


@pytest.mark.parametrize("location", ["s4://x/y", "s3:/x/y", "nosuchfs://bucket/p"])
def test_an_unknown_scheme_is_an_error_never_a_local_folder(
    location, tmp_path, monkeypatch, capsys
):
    from dashboard import cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["import", str(PRESS), "--store", location]) == 2
    err = capsys.readouterr().err
    assert err.startswith("tradedash:") and location.split(":")[0] in err
    monkeypatch.setenv("TRADEDASH_STORE", location)
    assert cli.main(["series", "--format", "json"]) == 2
    assert cli.main(["run", "--port", "1"]) == 2
    assert list(tmp_path.iterdir()) == []


def test_a_store_on_a_filesystem_fsspec_knows_is_read_only(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    local = store.Store(tmp_path / "s")
    importers.import_paths(local, [PRESS])
    mem = fsspec.filesystem("memory")
    for p in local.root.iterdir():
        if not p.name.startswith("."):
            mem.pipe(f"/published/{p.name}", p.read_bytes())
    remote = store.user_store("memory://published")
    assert len(remote.read(verify=True)) == 4
    with pytest.raises(store.StoreError, match="read-only"):
        importers.import_paths(remote, [LONG])
    assert sorted(mem.ls("/published", detail=False)) == sorted(
        f"/published/{p.name}" for p in local.root.iterdir() if not p.name.startswith(".")
    )
