"""``tradedash serve --processes 2`` in a real Chromium: two app processes behind Debian's
nginx, the user store on S3 (moto's server on loopback), as a team would run it.

Each app process reports its own websocket sessions (``/_stcore/metrics``: connects,
reconnects, active sessions), so a test can tell which process holds a session.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import CHART_FRAME, ROOT, SCENARIO_CARDS_JS, scenario_card
from tests.browser.serving import Served, alive, metrics, page_server, start_serve, stop_serve
from tests.browser.test_server import _open, _run
from tests.support import s3_server

pytestmark = pytest.mark.browser

# What each page shows once its script has run (headings, or a figure of the page).
PAGES = {
    "/": ("text", "$562.9M"),  # Kazakhstan's official 2023 turnover
    "/trade": ("heading", "Trade"),
    "/scenarios": ("card", "Required growth"),  # drawn by the chart's component, via nginx
    "/rail": ("heading", "Rail freight: Kazakhstan–Turkmenistan"),
    "/claims": ("heading", "Claims and sources"),
    "/data": ("text", "4 observations"),  # the user store, read from S3
}
UPLOAD_LIMIT_MB = 1


@pytest.fixture(scope="module")
def s3_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    """An S3 endpoint on loopback with a team store holding one imported file."""
    tmp = tmp_path_factory.mktemp("s3")
    with s3_server.start(tmp / "s3.log") as endpoint:
        bucket = f"team-{uuid.uuid4().hex[:10]}"
        s3_server.client(endpoint).create_bucket(Bucket=bucket)
        env = {**s3_server.ENV, "AWS_ENDPOINT_URL": endpoint}
        store = f"s3://{bucket}/tradedash"
        got = subprocess.run(
            [sys.executable, "-m", "dashboard.cli", "import",
             str(ROOT / "tests" / "fixtures" / "press" / "valid.csv"), "--store", store],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert got.returncode == 0, got.stderr
        yield {**env, "TRADEDASH_STORE": store}


@pytest.fixture(scope="module")
def served(tmp_path_factory, s3_env) -> Iterator[Served]:
    env = {**s3_env, "TRADEDASH_UPLOAD_LIMIT_MB": str(UPLOAD_LIMIT_MB)}
    s = start_serve(tmp_path_factory.mktemp("serve"), 2, env)
    yield s
    pids = stop_serve(s)
    assert s.proc.returncode == 0
    assert not [p for p in pids if alive(p)]


OPEN_WEBSOCKET = """url => new Promise(done => {
    const ws = new WebSocket(url, "streamlit");
    ws.onopen = () => { ws.close(); done("open"); };
    ws.onclose = e => done("closed " + e.code);
    setTimeout(() => done("timeout"), 10000);
})"""


def sticky(page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get("tradedash_sticky", "")


def test_every_page_loads_through_nginx(served, page):
    for path, (kind, text) in PAGES.items():
        page.goto(served.base + path)
        if kind == "heading":
            page.get_by_role("heading", name=text, exact=True).first.wait_for()
        elif kind == "card":
            scenario_card(page, text).wait_for()
        else:
            page.get_by_text(text).first.wait_for()
        assert page.locator("[data-testid='stException']").count() == 0, path
        assert page.get_by_text("Connection error").count() == 0, path
        assert sticky(page) in {"a1", "a2"}, path


def test_health_is_passed_through_and_the_upload_limit_holds(served):
    with urllib.request.urlopen(served.base + "/_stcore/health", timeout=5) as resp:
        assert resp.read().decode().strip() == "ok"
    body = b"x" * ((UPLOAD_LIMIT_MB + 2) * 1024 * 1024)
    req = urllib.request.Request(
        served.base + "/_stcore/upload_file/session/file", data=body, method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=30)
    assert err.value.code == 413  # refused by nginx, before any app process
    # A body under the limit but over nginx's memory buffer goes through a temp file in
    # the run directory (written by nginx's worker, unprivileged) and on to the app, which
    # answers for itself (403: no XSRF token).
    small = urllib.request.Request(
        served.base + "/_stcore/upload_file/session/file", data=b"y" * 300_000, method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(small, timeout=30)
    assert err.value.code == 403
    log = (served.run_dir / "logs" / "error.log").read_text()
    assert f"buffered to a temporary file {served.run_dir}/temp/client_body/" in log


def test_a_session_keeps_its_process_over_50_reruns(served, page):
    ports = {a["name"]: a["port"] for a in served.state()["apps"]}
    before = {name: metrics(port) for name, port in ports.items()}
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(served.base + "/scenarios?target_usd=1000000000&target_year=2028")
    cards = page.frame_locator(CHART_FRAME).first.get_by_test_id("scenarioCard")
    card = cards.filter(has_text="Required growth")
    card.filter(has_text="12.2%").first.wait_for()
    mine = sticky(page)
    slider = page.get_by_test_id("stSlider").get_by_role("slider")
    slider.focus()
    values = ["12.2%"]  # 2028; the first step learns 2029's, then the steps alternate
    idle = page.locator("[data-testid='stStatusWidget']")
    for k in range(50):
        # Each step starts on a finished run: a key pressed while the page is being
        # redrawn can land on the slider about to be replaced.
        idle.wait_for(state="hidden", timeout=60_000)
        slider.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
        if k == 0:
            page.wait_for_function(
                f"v => {SCENARIO_CARDS_JS}.map(c => c.querySelector('[data-testid="
                "scenarioCardValue]')).every(e => e.innerText.trim() !== v)",
                arg=values[0],
            )
            values.append(card.first.get_by_test_id("scenarioCardValue").inner_text().strip())
        else:
            card.filter(has_text=values[1 if k % 2 == 0 else 0]).first.wait_for()
        assert sticky(page) == mine
    after = {name: metrics(port) for name, port in ports.items()}
    assert len(sockets) == 1  # one websocket for the whole session: never re-established
    other = next(n for n in ports if n != mine)
    assert after[mine]["connect"] == before[mine]["connect"] + 1
    assert after[mine]["active"] >= 1
    assert after[other]["connect"] == before[other]["connect"]
    assert after[mine]["reconnect"] == before[mine]["reconnect"]
    # A download is an HTTP request to the process that ran the script: it must get there.
    with page.expect_download() as info:
        page.get_by_role("button", name="Scenario table (CSV)").click()
    assert info.value.failure() is None
    # the CSV: its parameters and sources as '#' lines, then the table's header
    body = Path(info.value.path()).read_text("utf-8")
    assert body.startswith("# tradedash scenario")
    header = next(ln for ln in body.splitlines() if not ln.startswith("#"))
    assert header.startswith("year,")
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_websocket_from_a_foreign_origin_is_refused_through_the_proxy(served, page):
    """Directly, the app refuses such a websocket (``test_server``); through the proxy,
    nginx refuses it before it reaches an app process, by the same rule (Origin's host
    and port against Host), and lets the dashboard's own origin through."""
    ws = served.base.replace("http://", "ws://") + "/_stcore/stream"
    assert _run(_open(ws, "http://evil.example")) == "refused 403"
    port = served.base.rsplit(":", 1)[1]
    assert _run(_open(ws, f"http://127.0.0.1:{int(port) + 1}")) == "refused 403"
    assert _run(_open(ws, served.base)) == "accepted"
    # In the browser: a page of another origin opens a websocket to the dashboard, and
    # nginx logs one more refused handshake (so the browser did not stop it itself).
    access = served.run_dir / "logs" / "access.log"
    refused = r'"GET /_stcore/stream HTTP/1.1" 403 '
    before = len(re.findall(refused, access.read_text()))
    # The other site is on loopback too (127.0.0.2): Chromium itself refuses a public
    # page's request to a loopback address, which would prove nothing here.
    with page_server("127.0.0.2") as elsewhere:
        page.goto(elsewhere)
        assert page.evaluate(OPEN_WEBSOCKET, ws) == "closed 1006"  # handshake refused
    page.goto(served.base + "/_stcore/health")  # the dashboard's own origin: accepted
    assert page.evaluate(OPEN_WEBSOCKET, ws) == "open"
    deadline = time.monotonic() + 5
    while len(re.findall(refused, access.read_text())) == before:
        assert time.monotonic() < deadline, "nginx logged no refused handshake"
        time.sleep(0.1)


def _fresh_load(browser, base: str) -> tuple[float, str]:
    """A new session (no cookie) loads the overview: seconds taken, and its process."""
    ctx = browser.new_context()
    try:
        p = ctx.new_page()
        start = time.monotonic()
        p.goto(base + "/", timeout=30_000)
        p.get_by_text("$562.9M").first.wait_for(timeout=30_000)
        assert p.locator("[data-testid='stException']").count() == 0
        return time.monotonic() - start, sticky(p)
    finally:
        ctx.close()


def _watch_return(served: Served, victim: dict, killed_at: float, back: list[float]) -> None:
    """Seconds from the kill until the process answers on its port with a new pid."""
    while time.monotonic() - killed_at < 40:
        app = served.app(victim["name"])
        if app["pid"] != victim["pid"]:
            try:
                metrics(app["port"])
                back.append(time.monotonic() - killed_at)
                return
            except OSError:
                pass
        time.sleep(0.1)


def test_a_killed_process_new_sessions_load_at_once_and_it_is_back_within_20s(served, browser):
    victim = served.app("a1")
    # A session on each process: the one on a1 is about to lose its process; the one on
    # a2 keeps a websocket open there, so nginx's least_conn picks the idle a1 for the
    # next new session, and must fail over.
    pages = {}
    for name in ("a1", "a2"):
        ctx = browser.new_context()
        ctx.add_cookies([{"name": "tradedash_sticky", "value": name, "url": served.base}])
        pages[name] = ctx.new_page()
    sockets: list[str] = []
    old = pages["a1"]
    old.on("websocket", lambda ws: sockets.append(ws.url))
    for name, p in pages.items():
        p.goto(served.base + "/")
        p.get_by_text("$562.9M").first.wait_for()
        assert sticky(p) == name

    # A fresh session's load before the kill, as the yardstick for "at once".
    before = _fresh_load(browser, served.base)[0]
    access = served.run_dir / "logs" / "access.log"
    logged = len(access.read_text().splitlines())

    os.kill(victim["pid"], signal.SIGKILL)
    killed_at = time.monotonic()
    back: list[float] = []
    watcher = threading.Thread(target=_watch_return, args=(served, victim, killed_at, back))
    watcher.start()
    loads = [_fresh_load(browser, served.base) for _ in range(2)]
    watcher.join(40)
    # The first new session came while a1 was down: nginx tried a1, was refused, and a2
    # served it, without waiting for the restart.
    assert loads[0][1] == "a2", loads
    assert loads[0][0] < max(15.0, 3 * before), (before, loads)
    a1, a2 = (served.app(n)["port"] for n in ("a1", "a2"))
    new_lines = access.read_text().splitlines()[logged:]
    # nginx either tried a1, was refused and went on to a2 in the same request, or had
    # already marked a1 failed (its websocket dropped) and went to a2 at once: both end
    # on a2, with no sticky cookie yet.
    served_by_a2 = (f"upstream=127.0.0.1:{a1}, 127.0.0.1:{a2} sticky=- ",
                    f"upstream=127.0.0.1:{a2} sticky=- ")  # fmt: skip
    assert any(
        '"GET / HTTP/1.1" 200 ' in line and any(u in line for u in served_by_a2)
        for line in new_lines
    ), new_lines[:8]
    assert back and back[0] < 20, f"the killed process was back after {back or 'never'} s"
    # The session that was on the dead process reconnected (to either process) and shows
    # the page again.
    deadline = time.monotonic() + 30
    while len(sockets) < 2 and time.monotonic() < deadline:
        old.wait_for_timeout(200)
    assert len(sockets) >= 2
    old.get_by_text("$562.9M").first.wait_for()
    for p in pages.values():
        p.context.close()


def test_sigterm_stops_everything_it_started(tmp_path, s3_env):
    s = start_serve(tmp_path, 1, s3_env)
    with urllib.request.urlopen(s.base + "/_stcore/health", timeout=5) as resp:
        assert resp.read() == b"ok"
    pids = stop_serve(s)
    assert s.proc.returncode == 0
    assert len(pids) == 2 and not [p for p in pids if alive(p)]
    with pytest.raises(OSError):
        urllib.request.urlopen(s.base + "/_stcore/health", timeout=2)
    assert "stopped" in s.log.read_text()
