"""``tradedash fetch`` against a real HTTP server on loopback replaying recorded responses.

Recorded responses are the peer files (``shared/data/peer``: what the APIs returned) and
fixtures built here in the documented shape of a Comtrade Plus response. Nothing touches
the internet: every request goes to 127.0.0.1.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from dashboard import cli
from data import schema
from data.fetch import Query, fetch, http
from data.fetch.sources import IMF_ACCEPT, KEY_ENV, KEY_HEADER
from data.provenance import sha256_bytes
from data.store import Store
from tests.conftest import SHARED, tree_digest
from tests.replay import Reply, kaz_tkm, serve

FAST = http.Policy(attempts=5, initial=0.01, max_wait=3.0, jitter=0.01)
PREVIEW = "/public/v1/preview/C/A/HS"
KEYED = "/data/v1/get/C/A/HS"
PEER = SHARED / "peer"

EMPTY = json.dumps({"elapsedTime": "0.0 secs", "count": 0, "data": [], "error": ""}).encode()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


def run(replay, store, cache, query: Query, source: str = "comtrade", **kw):
    return fetch(source, query, store, cache_dir=cache, base_url=replay.base, policy=FAST, **kw)


def values(store: Store) -> dict[tuple[str, str, str], float]:
    f = store.read().frame
    return {
        (str(r.flow), str(r.period_start)[:4], str(r.partner)): float(r.value)
        for r in f.itertuples()
    }


def peer(name: str) -> bytes:
    path = PEER / name
    if not path.is_file():
        pytest.skip("the peer files are not beside the checkout (shared/data/peer missing)")
    return path.read_bytes()


def test_comtrade_preview_replaying_the_recorded_response(store, cache) -> None:
    body = peer("comtradeplus_api_chn_2010_total.json")
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, body, {"Content-Type": "application/json"}))
        result = run(replay, store, cache, Query("CHN", "ARG", (2010, 2010)))
        (seen,) = replay.requests_to(PREVIEW)
    assert seen.query["reporterCode"] == "156" and seen.query["partnerCode"] == "32"
    assert seen.query["period"] == "2010" and seen.query["flowCode"] == "X,M"
    assert seen.query["motCode"] == "0" and seen.query["maxRecords"] == "500"
    assert values(store)[("import", "2010", "ARG")] == 6_804_128_143
    assert values(store)[("export", "2010", "DEU")] == 68_047_133_397
    (source,) = store.read().sources.values()
    assert source.checksum == sha256_bytes(body)
    assert source.url.startswith(replay.base + PREVIEW + "?reporterCode=156")
    assert source.accessed and source.accessed[:4].isdigit()
    raw = cache / "comtrade" / source.file
    assert raw.read_bytes() == body  # the response kept as it came
    assert result.written and [c.status for c in result.chunks] == ["fetched"]


def test_second_run_sends_nothing_and_writes_nothing(store, cache) -> None:
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2015, 2025))))
        q = Query("KAZ", "TKM", (2015, 2024))
        run(replay, store, cache, q)
        before = tree_digest(store.root)
        again = run(replay, store, cache, q)
        assert len(replay.requests_to(PREVIEW)) == 1  # the cache answered
        assert [c.status for c in again.chunks] == ["unchanged"] and not again.written
        assert tree_digest(store.root) == before
        refreshed = run(replay, store, cache, q, refresh=True)
        assert len(replay.requests_to(PREVIEW)) == 2  # --refresh resends
        assert [c.status for c in refreshed.chunks] == ["unchanged"]
    assert tree_digest(store.root) == before


def test_a_result_split_across_chunks_is_one_write(store, cache) -> None:
    with serve() as replay:
        for years in (range(2000, 2012), range(2012, 2024), range(2024, 2026)):
            period = ",".join(str(y) for y in years)
            replay.add(PREVIEW, Reply(200, kaz_tkm(years)), period=period)
        result = run(replay, store, cache, Query("KAZ", "TKM", (2000, 2025)))
        periods = [s.query["period"] for s in replay.requests_to(PREVIEW)]
    assert [p.split(",")[0] for p in periods] == ["2000", "2012", "2024"]
    assert all(len(p.split(",")) <= 12 for p in periods)
    got = values(store)
    assert len(got) == 26 * 2
    assert got[("export", "2025", "TKM")] == 125e6 and got[("import", "2000", "TKM")] == 40e6
    assert store.manifest()["note"].startswith("fetch comtrade KAZ-TKM")
    assert len(store.read().sources) == 3 and len(result.parsed) == 3


def test_429_honours_retry_after(store, cache) -> None:
    with serve() as replay:
        replay.add(
            PREVIEW,
            Reply(429, b'{"statusCode": 429, "message": "Rate limit"}', {"Retry-After": "1"}),
            Reply(200, kaz_tkm(range(2023, 2024))),
        )
        result = run(replay, store, cache, Query("KAZ", "TKM", (2023, 2023)))
        first, second = replay.requests_to(PREVIEW)
    assert second.at - first.at >= 0.95  # waited what the server asked, not the 0.01 s backoff
    assert result.chunks[0].attempts == 2
    assert values(store)[("export", "2023", "TKM")] == 123e6


def test_503_three_times_then_success(store, cache) -> None:
    with serve() as replay:
        replay.add(PREVIEW, *[Reply(503, b"busy")] * 3, Reply(200, kaz_tkm(range(2022, 2024))))
        result = run(replay, store, cache, Query("KAZ", "TKM", (2022, 2023)))
        assert len(replay.requests_to(PREVIEW)) == 4
    assert result.chunks[0].attempts == 4
    assert values(store)[("import", "2022", "TKM")] == pytest.approx(62e6)


def test_5xx_without_end_fails_bounded_and_leaves_the_store(store, cache) -> None:
    with serve() as replay:
        replay.add(PREVIEW, Reply(502, b"bad gateway"))
        with pytest.raises(http.FetchError, match="HTTP 502, after 5 tries; run again"):
            run(replay, store, cache, Query("KAZ", "TKM", (2022, 2023)))
        assert len(replay.requests_to(PREVIEW)) == FAST.attempts
    assert not store.exists()


def test_body_cut_short_on_the_wire_is_retried(store, cache) -> None:
    body = kaz_tkm(range(2023, 2024))
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, body, cut=len(body) // 2), Reply(200, body))
        run(replay, store, cache, Query("KAZ", "TKM", (2023, 2023)))
        assert len(replay.requests_to(PREVIEW)) == 2
    assert values(store)[("export", "2023", "TKM")] == 123e6


def test_truncated_json_fails_the_run_and_the_next_run_resumes(store, cache, tmp_path) -> None:
    """Chunk 2 of 3 answers JSON cut mid-way: nothing is written; the next run sends
    chunk 2 and 3 again, not chunk 1, whose response is in the cache."""
    chunks = (range(2000, 2012), range(2012, 2024), range(2024, 2026))
    seed = Store(tmp_path / "store")
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(1999, 2000))), period="1999")
        run(replay, seed, cache, Query("KAZ", "TKM", (1999, 1999)))
    before = tree_digest(store.root)
    with serve() as replay:
        for i, years in enumerate(chunks):
            body = kaz_tkm(years)
            period = ",".join(str(y) for y in years)
            replies = [Reply(200, body[: len(body) // 2]), Reply(200, body)] if i == 1 else [
                Reply(200, body)]  # fmt: skip
            replay.add(PREVIEW, *replies, period=period)
        with pytest.raises(schema.ValidationError, match="not readable as JSON") as info:
            run(replay, store, cache, Query("KAZ", "TKM", (2000, 2025)))
        assert "fetch-comtrade-kaz-tkm-a-total-all-2012-2023" in str(info.value)
        assert tree_digest(store.root) == before
        sent = [s.query["period"][:4] for s in replay.requests_to(PREVIEW)]
        assert sent == ["2000", "2012"]
        run(replay, store, cache, Query("KAZ", "TKM", (2000, 2025)))
        sent = [s.query["period"][:4] for s in replay.requests_to(PREVIEW)]
    assert sent == ["2000", "2012", "2012", "2024"]
    assert len(values(store)) == 27 * 2


def test_an_empty_data_chunk_adds_nothing(store, cache) -> None:
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, EMPTY), period=",".join(map(str, range(2000, 2012))))
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2012, 2014))), period="2012,2013")
        result = run(replay, store, cache, Query("KAZ", "TKM", (2000, 2013)))
    assert [c.status for c in result.chunks] == ["empty", "fetched"]
    assert sorted({k[1] for k in values(store)}) == ["2012", "2013"]


def test_every_chunk_empty_is_refused(store, cache) -> None:
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, EMPTY))
        with pytest.raises(schema.ValidationError, match=r"no records .* nothing to import"):
            run(replay, store, cache, Query("KAZ", "TKM", (2020, 2023)))
    assert not store.exists()


def test_a_revised_response_replaces_its_earlier_version(store, cache) -> None:
    q = Query("KAZ", "TKM", (2022, 2023))
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2022, 2024))))
        run(replay, store, cache, q)
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2022, 2024), base=200e6)))
        result = run(replay, store, cache, q, refresh=True)
    assert [c.status for c in result.chunks] == ["fetched"]
    got = values(store)
    assert len(got) == 4 and got[("export", "2023", "TKM")] == 223e6


def test_the_key_is_sent_but_never_logged_printed_or_stored(
    store, cache, monkeypatch, caplog, capsys, tmp_path
) -> None:
    secret = "k3y-7f1c0ffee-do-not-leak"
    monkeypatch.setenv(KEY_ENV, secret)
    caplog.set_level(logging.DEBUG)  # requests', urllib3's and ours
    with serve() as replay:
        replay.add(KEYED, Reply(500, b"oops"), Reply(200, kaz_tkm(range(2020, 2024))))
        run(replay, store, cache, Query("KAZ", "TKM", (2020, 2023)))
        code = cli.main(["fetch", "comtrade", "--reporter", "KAZ", "--partner", "TKM",
                         "--years", "2020:2023", "--store", str(tmp_path / "cli"),
                         "--cache", str(tmp_path / "cli-cache"), "--base-url", replay.base,
                         "--format", "json"])  # fmt: skip
        seen = replay.requests_to(KEYED)
        replay.routes.clear()
        replay.add(KEYED, Reply(403, b'{"message": "invalid key"}'))
        with pytest.raises(http.FetchError) as info:
            run(replay, store, cache, Query("KAZ", "TKM", (2010, 2011)))
    assert code == 0
    assert {s.headers.get(KEY_HEADER) for s in seen} == {secret}  # the keyed endpoint, keyed
    assert not replay.requests_to(PREVIEW)
    out, err = capsys.readouterr()
    files = [p for root in (store.root, cache, tmp_path / "cli", tmp_path / "cli-cache")
             for p in root.rglob("*") if p.is_file()]  # fmt: skip
    assert files
    for text in (caplog.text, out, err, str(info.value), *(p.read_text("utf-8", "replace")
                                                         for p in files)):  # fmt: skip
        assert secret not in text
    assert all(secret not in s.url for s in store.read().sources.values())


def test_imf_sdmx_ml_30_replaying_the_recorded_response(store, cache) -> None:
    body = peer("imf_imts_sdmxml30_usa_exports_2023_2024.xml")
    path = "/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/USA.XG_FOB_USD.G001.A"
    with serve() as replay:
        replay.add(path, Reply(200, body, {"Content-Type": "application/xml"}))
        run(replay, store, cache, Query("USA", "WLD", (2023, 2024), flow="export"), "imf")
        (seen,) = replay.requests_to(path)
    assert seen.headers["Accept"] == IMF_ACCEPT
    assert seen.query["c[TIME_PERIOD]"] == "ge:2023+le:2024"
    got = values(store)
    assert got[("export", "2023", "WLD")] == 2_019_551_635_133  # SCALE 6 not applied
    assert got[("export", "2024", "AGG_EU")] == 371_064_529_410
    (source,) = store.read().sources.values()
    assert source.url == (
        replay.base + path + "?c[TIME_PERIOD]=ge:2023+le:2024&dimensionAtObservation=TIME_PERIOD"
    )


def test_imf_404_no_data_is_empty_not_an_error(store, cache) -> None:
    path = "/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/KAZ.XG_FOB_USD+MG_CIF_USD.TKM.A"
    with serve() as replay:
        replay.add(path, Reply(404, b"NoResultsFound"))
        with pytest.raises(schema.ValidationError, match="imf returned no records"):
            run(replay, store, cache, Query("KAZ", "TKM", (2020, 2023)), "imf")
        assert len(replay.requests_to(path)) == 1  # a 404 is an answer: not retried


def test_wits_sdmx_json_replaying_the_recorded_response(store, cache) -> None:
    body = peer("wits_sdmxjson_usa_2017_imports_by_productgroup.json")
    path = (
        "/API/V1/SDMX/V21/datasource/tradestats-trade/reporter/usa/year/2017/partner/wld"
        "/product/Total/indicator/MPRT-TRD-VL"
    )
    with serve() as replay:
        replay.add(path, Reply(200, body))
        run(replay, store, cache, Query("USA", "WLD", (2017, 2017), flow="import"), "wits")
    f = store.read().frame
    total = f[(f["commodity"] == "TOTAL") & (f["flow"] == "import")]
    assert total["value"].item() == 2_407_390_189_460


def test_the_cli_prints_the_chunks_and_exits_2_on_failure(tmp_path, capsys) -> None:
    args = ["fetch", "comtrade", "--reporter", "KAZ", "--partner", "TKM", "--years", "2022:2023",
            "--store", str(tmp_path / "s"), "--cache", str(tmp_path / "c")]  # fmt: skip
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2022, 2024))))
        assert cli.main([*args, "--base-url", replay.base, "--format", "json"]) == 0
        payload = json.loads(capsys.readouterr().out)
        assert payload["written"] and payload["observations"] == 4
        assert payload["chunks"][0]["status"] == "fetched"
        replay.routes.clear()
        replay.add(PREVIEW, Reply(400, b'{"error": "bad request"}'))
        code = cli.main([*args, "--base-url", replay.base, "--years", "2010:2011"])
    assert code == 2
    assert "HTTP 400" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("3", 3.0), ("0", 0.0), ("Wed, 21 Oct 2015 07:28:05 GMT", 5.0), ("soon", None), (None, None)],
)
def test_retry_after_forms(value: str | None, seconds: float | None) -> None:
    from datetime import UTC, datetime

    now = datetime(2015, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert http.retry_after_seconds(value, now) == seconds


def test_a_timeout_is_retried_with_backoff_then_fails_cleanly(store, cache) -> None:
    """A server slower than the read timeout: each try waits the backoff, then the run
    fails naming the URL and the timeout, the store untouched; a slow server that comes
    back in time is read."""
    slow = http.Policy(attempts=3, initial=0.2, max_wait=3.0, jitter=0.01, read_timeout=0.3)
    body = kaz_tkm(range(2022, 2024))
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, body, delay=1.0))
        with pytest.raises(http.FetchError, match=r"ReadTimeout, after 3 tries; run again"):
            fetch("comtrade", Query("KAZ", "TKM", (2022, 2023)), store, cache_dir=cache,
                  base_url=replay.base, policy=slow)  # fmt: skip
        at = [s.at for s in replay.requests_to(PREVIEW)]
    assert len(at) == 3
    gaps = [at[1] - at[0], at[2] - at[1]]
    # each gap: the 0.3 s timeout plus a growing backoff (0.2 s, then 0.4 s)
    assert gaps[0] >= 0.3 + 0.2 - 0.05 and gaps[1] >= 0.3 + 0.4 - 0.05
    assert gaps[1] > gaps[0]
    assert not store.exists()
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, body, delay=1.0), Reply(200, body))
        result = fetch("comtrade", Query("KAZ", "TKM", (2022, 2023)), store, cache_dir=cache,
                       base_url=replay.base, policy=slow)  # fmt: skip
    assert result.chunks[0].attempts == 2 and result.written
    assert values(store)[("export", "2023", "TKM")] == 123e6


def test_a_cached_response_going_stale_is_resent(store, cache) -> None:
    """Recent years are fresh for a day, older ones for 30 days: past that the request is
    sent again (and an unchanged answer writes nothing)."""
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    recent = Query("KAZ", "TKM", (now.year - 1, now.year))
    old = Query("KAZ", "TKM", (2001, 2002))
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(now.year - 1, now.year + 1))),
                   period=f"{now.year - 1},{now.year}")  # fmt: skip
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2001, 2003))), period="2001,2002")
        for q in (recent, old):
            run(replay, store, cache, q)
        before = tree_digest(store.root)

        def sent(q: Query, later: timedelta) -> tuple[int, str]:
            n = len(replay.requests_to(PREVIEW))
            result = run(replay, store, cache, q, now=now + later)
            return len(replay.requests_to(PREVIEW)) - n, result.chunks[0].status

        assert sent(recent, timedelta(hours=23)) == (0, "unchanged")  # still fresh
        assert sent(recent, timedelta(hours=25)) == (1, "unchanged")  # stale: resent
        assert sent(old, timedelta(days=29)) == (0, "unchanged")
        assert sent(old, timedelta(days=31)) == (1, "unchanged")
    assert tree_digest(store.root) == before


def test_the_progress_callback_covers_every_chunk(store, cache) -> None:
    """One call per chunk, in order, with the total, whether sent, cached or empty."""
    from data.fetch.sources import plan

    q = Query("KAZ", "TKM", (2000, 2025))
    names = [c.name for c in plan("comtrade", q)]
    assert len(names) == 3
    with serve() as replay:
        replay.add(PREVIEW, Reply(200, EMPTY), period=",".join(map(str, range(2000, 2012))))
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2012, 2024))),
                   period=",".join(map(str, range(2012, 2024))))  # fmt: skip
        replay.add(PREVIEW, Reply(200, kaz_tkm(range(2024, 2026))), period="2024,2025")
        runs: list[list[tuple[int, int, str]]] = [[], []]
        for calls in runs:  # sent, then answered by the cache
            result = run(replay, store, cache, q, progress=lambda *a, c=calls: c.append(a))
        assert runs == [[(i + 1, 3, n) for i, n in enumerate(names)]] * 2
        assert len(replay.requests_to(PREVIEW)) == 3
    assert [c.status for c in result.chunks] == ["empty", "unchanged", "unchanged"]
