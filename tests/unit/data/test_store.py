"""The store: atomic writes, refused imports leave it byte-identical, both stores read."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import backends, importers, parquet, schema, store
from data.backends import local
from data.importers import press
from data.provenance import Source
from data.schema import ValidationError
from tests.conftest import FIXTURES, tree_digest

PRESS = FIXTURES / "press"


def test_import_then_read_back(tmp_path):
    s = store.Store(tmp_path / "s")
    snap, _ = importers.import_paths(s, [PRESS / "valid.csv"])
    back = s.read(verify=True)
    assert len(back) == len(snap) == 4
    assert set(back.sources) == {x.source_id for x in press.load(PRESS / "valid.csv").sources}
    meta = s.manifest()
    assert meta["row_count"] == 4 and meta["checksum"].startswith("sha256:")


def test_same_file_twice_is_refused_and_store_unchanged(tmp_path):
    s = store.Store(tmp_path / "s")
    importers.import_paths(s, [PRESS / "valid.csv"])
    before = tree_digest(s.root)
    with pytest.raises(ValidationError) as err:
        importers.import_paths(s, [PRESS / "valid.csv"])
    assert err.value.file == "valid.csv" and err.value.row == 2
    assert tree_digest(s.root) == before


@pytest.mark.parametrize("bad", ["negative_value.csv", "month_13.csv", "unknown_name.csv"])
def test_rejected_import_leaves_store_byte_identical(tmp_path, bad):
    s = store.Store(tmp_path / "s")
    importers.import_paths(s, [PRESS / "valid.csv"])
    before = tree_digest(s.root)
    with pytest.raises(ValidationError):
        importers.import_paths(s, [PRESS / bad])
    assert tree_digest(s.root) == before


def test_failure_mid_write_keeps_previous_version(tmp_path, monkeypatch):
    s = store.Store(tmp_path / "s")
    importers.import_paths(s, [PRESS / "valid.csv"])
    before = tree_digest(s.root)
    real = local.atomic_write_bytes
    calls = []

    def crash_on_manifest(path, payload):
        calls.append(path.name)
        if path.name == store.MANIFEST:
            raise OSError("disk full")  # the data file is written, the commit point is not
        real(path, payload)

    monkeypatch.setattr(local, "atomic_write_bytes", crash_on_manifest)  # LocalBackend calls it
    snap = s.read()
    with pytest.raises(OSError):
        s.write(snap.table.slice(0, 1), snap.sources.values())
    assert calls[-1] == store.MANIFEST
    monkeypatch.setattr(local, "atomic_write_bytes", real)
    assert len(s.read(verify=True)) == 4
    # the orphan data file is the only difference; the next write prunes it
    after = tree_digest(s.root)
    assert {k: v for k, v in after.items() if k in before} == before


def test_atomic_write_leaves_no_temp_file_on_error(tmp_path, monkeypatch):
    target = tmp_path / "f.bin"
    target.write_bytes(b"old")

    def boom(fd):
        raise OSError("fsync failed")

    monkeypatch.setattr(store.os, "fsync", boom)
    with pytest.raises(OSError):
        backends.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_embedded_and_user_store_read_together(tmp_path):
    user = tmp_path / "user"
    importers.import_paths(store.Store(user), [PRESS / "valid.csv"])
    both = store.read_all(user)
    embedded = store.embedded_store().read()
    assert len(both) == len(embedded) + 4


def test_pair_filter_returns_only_the_pair():
    snap = store.embedded_store().read(store.pair_filter("KAZ", "TKM"))
    f = snap.frame
    assert len(f) > 0
    pairs = set(zip(f["reporter"].astype(str), f["partner"].astype(str), strict=True))
    assert pairs <= {("KAZ", "TKM"), ("TKM", "KAZ")}


def _many_pairs(codes: list[str], years: range) -> pa.Table:
    """Every ordered pair of ``codes``, one export figure a year each (one source)."""
    rows = [
        {"series": "trade_value", "reporter": a, "partner": b, "partner_aggregate": False,
         "flow": "export", "commodity": "TOTAL", "period_start": f"{y}-01",
         "period_end": f"{y}-12", "measure": "level", "share_of": "", "comparator": "=",
         "value": 1.0 + y, "unit": "USD", "valuation": "fob", "kind": "reported",
         "source_id": "grid", "ref": f"{a}{b}{y}", "note": ""}
        for a in codes for b in codes if a != b for y in years
    ]  # fmt: skip
    return schema.to_arrow(pd.DataFrame(rows))


def test_a_pair_lookup_reads_only_the_row_groups_of_its_pair(tmp_path, monkeypatch):
    codes = sorted(
        {
            "KAZ",
            "TKM",
            "UZB",
            "KGZ",
            "TJK",
            "CHN",
            "RUS",
            "IRN",
            "TUR",
            "AZE",
            "GEO",
            "ARM",
            "AFG",
            "PAK",
            "IND",
            "DEU",
            "FRA",
            "ITA",
            "USA",
            "JPN",
        }
    )
    years = range(1995, 2025)  # 20 × 19 pairs × 30 years = 11,400 rows
    monkeypatch.setattr(parquet, "ROW_GROUP_SIZE", 120)  # about 95 row groups
    s = store.Store(tmp_path / "grid")
    s.write(_many_pairs(codes, years), [Source("grid", "official", "A statistics office")])
    path = s.root / s.manifest()["data_file"]
    meta = pq.read_metadata(path)
    assert meta.num_row_groups >= 90
    # Which groups hold a KAZ–TKM row, found by reading every group whole.
    pq_file = pq.ParquetFile(path)
    holding = set()
    for g in range(meta.num_row_groups):
        t = pq_file.read_row_group(g, columns=["reporter", "partner"]).to_pandas().astype(str)
        pairs = set(zip(t["reporter"], t["partner"], strict=True))
        if pairs & {("KAZ", "TKM"), ("TKM", "KAZ")}:
            holding.add(g)
    read: list[int] = []
    original = pq.ParquetFile.read_row_groups

    def spy(self, row_groups, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.extend(row_groups)
        return original(self, row_groups, *args, **kwargs)

    def whole_file(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a pair lookup read the whole file")

    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", spy)
    monkeypatch.setattr(pq.ParquetFile, "read", whole_file)
    snap = s.read(store.pair_filter("KAZ", "TKM"))
    assert len(snap) == 2 * len(years)  # both directions, every year
    assert holding <= set(read)  # nothing of the pair is missed
    assert len(read) <= len(holding) + 2  # at most a group either side of each run
    assert len(read) < meta.num_row_groups / 10


def test_user_store_location(tmp_path, monkeypatch):
    monkeypatch.setenv("TRADEDASH_STORE", str(tmp_path / "env"))
    assert store.user_store().root == tmp_path / "env"
    assert store.user_store(tmp_path / "flag").root == tmp_path / "flag"
    monkeypatch.delenv("TRADEDASH_STORE")
    assert "tradedash" in str(store.user_store().root)


def test_two_files_quoting_one_article_cite_one_source_listing_both(tmp_path):
    s = store.Store(tmp_path / "s")
    importers.import_paths(s, [PRESS / "valid.csv"])
    importers.import_paths(s, [PRESS / "products_and_shares.csv"])
    snap = s.read(verify=True)
    f = snap.frame.set_index("ref")
    assert f.loc["y006", "source_id"] == f.loc["x001", "source_id"]  # Outlet A's article
    article = snap.sources[str(f.loc["x001", "source_id"])]
    assert article.file == "valid.csv; products_and_shares.csv"
    assert len(article.checksum.split("; ")) == 2
    assert all(c.startswith("sha256:") for c in article.checksum.split("; "))


def test_a_data_file_with_the_same_source_id_and_other_content_is_refused(tmp_path):
    s = store.Store(tmp_path / "s")
    first = tmp_path / "a" / "stats.csv"
    second = tmp_path / "b" / "stats.csv"
    for path, value in ((first, "1"), (second, "2")):
        path.parent.mkdir()
        path.write_text(
            "series,reporter,partner,flow,period_start,period_end,measure,comparator,value,"
            "unit,source_publisher\n"
            f"trade_value,KAZ,TKM,export,2023-01,2023-12,level,=,{value},USD_million,Office\n"
        )
    importers.import_paths(s, [first])
    before = tree_digest(s.root)
    with pytest.raises(ValidationError, match="already stored for a different file"):
        importers.import_paths(s, [second])
    assert tree_digest(s.root) == before


def test_a_store_written_before_share_of_existed_reads_with_blank_shares(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    s = store.Store(tmp_path / "s")
    importers.import_paths(s, [PRESS / "valid.csv"])
    path = s.root / s.manifest()["data_file"]
    old = pq.read_table(path).drop_columns(["share_of"])  # the 17-column layout
    assert "share_of" not in old.column_names
    pq.write_table(old, path)
    back = store.Store(s.root).read()
    assert back.table.schema.field("share_of").type == pa.dictionary(pa.int32(), pa.string())
    assert set(back.frame["share_of"]) == {""} and len(back) == 4
