"""A real HTTP server on loopback that replays recorded responses, for the API clients.

Each route (a path, optionally with the query parameters that must match) holds a queue
of responses: status, headers, body, and how to send it (``cut`` sends the headers of
the whole body and only part of it, then closes). The last response of a queue repeats.
Every request is recorded (path, query, headers, time), so a test can say what was asked,
how often, and with which key.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut: int | None = None  # send only this many bytes of the body, then close
    delay: float = 0.0  # seconds to wait before answering (a server slower than a timeout)


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float


class Replay:
    def __init__(self) -> None:
        self.routes: list[tuple[str, dict[str, str], list[Reply]]] = []
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.base = ""

    def add(self, path: str, *replies: Reply, **query: str) -> None:
        """Replies for ``path`` (and, when given, requests whose query has ``query``)."""
        self.routes.append((path, query, list(replies)))

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def _reply(self, path: str, query: dict[str, str]) -> Reply:
        with self.lock:
            for route, want, queue in self.routes:
                if route == path and all(query.get(k) == v for k, v in want.items()):
                    return queue.pop(0) if len(queue) > 1 else queue[0]
        return Reply(404, b'{"error": "no such route in the replay"}')


def _handler(replay: Replay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            with replay.lock:
                replay.seen.append(Seen(parts.path, query, dict(self.headers), time.monotonic()))
            reply = replay._reply(parts.path, query)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self._send(reply)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up waiting (a timeout test)
                return
            if reply.cut is not None:
                self.close_connection = True

        def _send(self, reply: Reply) -> None:
            self.send_response(reply.status)
            self.send_header("Content-Length", str(len(reply.body)))
            for k, v in reply.headers.items():
                self.send_header(k, v)
            if reply.cut is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body if reply.cut is None else reply.body[: reply.cut])
            self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test reads replay.seen instead

    return Handler


@contextmanager
def serve() -> Iterator[Replay]:
    replay = Replay()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(replay))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    replay.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()


# -- recorded shapes ------------------------------------------------------------------

RECORD = {
    "typeCode": "C", "freqCode": "A", "refPeriodId": 20230101, "refYear": 2023,
    "refMonth": 52, "period": "2023", "reporterCode": 398, "reporterISO": "KAZ",
    "reporterDesc": "Kazakhstan", "flowCode": "X", "flowDesc": "Export", "partnerCode": 795,
    "partnerISO": "TKM", "partnerDesc": "Turkmenistan", "partner2Code": 0,
    "partner2ISO": "W00", "partner2Desc": "World", "classificationCode": "H6",
    "classificationSearchCode": "HS", "isOriginalClassification": True, "cmdCode": "TOTAL",
    "cmdDesc": "All Commodities", "aggrLevel": 0, "isLeaf": False, "customsCode": "C00",
    "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT",
    "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": None, "isQtyEstimated": False,
    "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": None,
    "isAltQtyEstimated": False, "netWgt": None, "isNetWgtEstimated": False, "grossWgt": None,
    "isGrossWgtEstimated": False, "cifvalue": None, "fobvalue": 1.0, "primaryValue": 1.0,
    "legacyEstimationFlag": 0, "isReported": True, "isAggregate": False,
}  # fmt: skip


def kaz_tkm(years: range, base: float = 100e6) -> bytes:
    """A Comtrade response in the documented shape: KAZ's exports and imports with TKM."""
    data = []
    for y in years:
        for flow, share in (("X", 1.0), ("M", 0.4)):
            rec = copy.deepcopy(RECORD)
            value = round(base * share + (y - 2000) * 1e6, 2)
            rec.update(period=str(y), refYear=y, refPeriodId=y * 10000 + 101, flowCode=flow,
                       flowDesc="Export" if flow == "X" else "Import", primaryValue=value,
                       fobvalue=value if flow == "X" else None,
                       cifvalue=value if flow == "M" else None)  # fmt: skip
            data.append(rec)
    return json.dumps({"elapsedTime": "0.1 secs", "count": len(data), "data": data,
                       "error": ""}).encode()  # fmt: skip
