"""Latest available: the newest period a source says it has, beside what the stores hold.

One request per source to its availability endpoint, where it has one:

* **comtrade** — Comtrade Plus's data availability, ``{base}/public/v1/getDA/C/{freq}/HS``
  without a key, ``{base}/data/v1/getDa/C/{freq}/HS`` with ``COMTRADE_API_KEY`` (in the
  header, as for data), with ``reporterCode``. It answers per *reporter*: one record per
  period the reporter has published (``period`` ``2023`` or ``202303``, ``lastReleased``),
  whatever the partner.
* **imf** — the SDMX 3.0 availability query for the pair's own key,
  ``{base}/external/sdmx/3.0/availability/dataflow/IMF.STA/IMTS/+/{key}/TIME_PERIOD``
  (``mode=exact``), asking for SDMX-JSON 2.0 structure: the ``TIME_PERIOD`` of its cube
  region gives the newest period (a ``timeRange``'s end, ``validTo`` or the values).
  SDMX-ML 3.0 (``KeyValue id="TIME_PERIOD"``, ``EndPeriod``) is read too.
* **wits** — WITS trade statistics' data availability,
  ``{base}/API/V1/wits/datasource/tradestats-trade/dataavailability/country/{r}/year/all``:
  the years a *reporter* has (XML ``year`` elements, or JSON ``year`` fields).

None of this is needed to fetch: a 404, a failure or a body that cannot be read is
"not offered" with its reason, never an error.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pandas as pd
import requests

from analysis.periods import full_years
from analysis.periods import years as years_of
from data.fetch import http
from data.fetch.sources import (
    DEFAULT_BASE,
    IMF_CODES,
    KEY_ENV,
    KEY_HEADER,
    SOURCES,
    Query,
    comtrade_code,
)

IMF_STRUCTURE = "application/vnd.sdmx.structure+json;version=2.0.0"
# Availability is a convenience: fail fast rather than hold up a page.
LATEST_POLICY = http.Policy(attempts=2, initial=1.0, max_wait=10.0, connect_timeout=5.0,
                            read_timeout=30.0)  # fmt: skip
SCOPE = {
    "comtrade": "reporter (any partner)",
    "imf": "pair",
    "wits": "reporter (any partner)",
}


@dataclass(frozen=True)
class Request:
    url: str
    params: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    secret_headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Latest:
    """What one source says: ``offered`` and its newest ``period`` (``2024`` or
    ``2024-03``), or why it is not offered (``reason``)."""

    source: str
    offered: bool
    period: str
    scope: str
    url: str
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def request_for(source: str, query: Query, *, base_url: str | None = None,
                key: str = "") -> Request:  # fmt: skip
    """The availability request for ``query`` from ``source`` (no key in url or params)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    base = (base_url or os.environ.get(f"TRADEDASH_{source.upper()}_URL", "").strip()
            or DEFAULT_BASE[source]).rstrip("/")  # fmt: skip
    if source == "comtrade":
        path = "data/v1/getDa" if key else "public/v1/getDA"
        secret = ((KEY_HEADER, key),) if key else ()
        params = (("reporterCode", comtrade_code(query.reporter)),)
        return Request(f"{base}/{path}/C/{query.freq}/HS", params, (), secret)
    if source == "imf":
        indicators = "+".join(
            {"export": "XG_FOB_USD", "import": "MG_CIF_USD"}[f] for f in query.flows
        )
        partner = IMF_CODES.get(query.partner, query.partner)
        key_ = f"{query.reporter}.{indicators}.{partner}.{query.freq}"
        url = f"{base}/external/sdmx/3.0/availability/dataflow/IMF.STA/IMTS/+/{key_}/TIME_PERIOD"
        return Request(url, (("mode", "exact"),), (("Accept", IMF_STRUCTURE),))
    url = (
        f"{base}/API/V1/wits/datasource/tradestats-trade/dataavailability/country/"
        f"{query.reporter.lower()}/year/all"
    )
    return Request(url, (), ())


def latest_available(
    source: str,
    query: Query,
    *,
    base_url: str | None = None,
    policy: http.Policy = LATEST_POLICY,
    session: requests.Session | None = None,
) -> Latest:
    """Ask ``source`` for the newest period it has for ``query``; never raises for what
    the server answers (a 404, an error, a body that cannot be read): ``offered=False``."""
    key = os.environ.get(KEY_ENV, "").strip() if source == "comtrade" else ""
    scope = SCOPE.get(source, "")
    if source == "wits" and query.freq != "A":
        return Latest(source, False, "", scope, "", "WITS trade statistics are annual")
    req = request_for(source, query, base_url=base_url, key=key)
    url = req.url + ("?" + urlencode(req.params) if req.params else "")
    own = session is None
    session = session or requests.Session()
    try:
        response = http.get(session, req.url, req.params, req.headers, req.secret_headers,
                            policy=policy)  # fmt: skip
    except http.FetchError as exc:
        return Latest(source, False, "", scope, url, f"not offered: {_reason(exc, key)}")
    finally:
        if own:
            session.close()
    if response.status == 404:
        return Latest(source, False, "", scope, url, "not offered: HTTP 404")
    try:
        period = parse(source, response.body, query.freq)
    except ValueError as exc:
        return Latest(source, False, "", scope, url, f"not offered: {exc}")
    if period is None:
        return Latest(source, True, "", scope, url, "the source lists no period")
    return Latest(source, True, period, scope, url)


def _reason(exc: Exception, key: str) -> str:
    text = str(exc).replace("; run again to resume", "")
    return text.replace(key, "***") if key else text


def parse(source: str, body: bytes, freq: str) -> str | None:
    """The newest period in an availability response (``2024`` or ``2024-03``), None
    when it lists none; ``ValueError`` when the body is not the documented shape."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise ValueError("empty body")
    if text[:1] == b"<":
        try:
            root = ET.fromstring(text)
        except ET.ParseError as exc:
            raise ValueError(f"not readable as XML ({exc})") from None
        periods = _xml_periods(root, source)
    else:
        try:
            doc = json.loads(text.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"not readable as JSON ({exc})") from None
        periods = _json_periods(doc, source, freq)
    found = [p for p in (normal(x, freq) for x in periods) if p]
    return max(found) if found else None


def normal(value: object, freq: str) -> str | None:
    """``2024``, ``202403``, ``2024-03``, ``2024-M03``, ``2024-12-31T23:59:59`` → the
    period at ``freq`` (``2024`` or ``2024-03``); None when it is none of those."""
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-?M?(\d{2})(?:-\d{2}(?:T[\d:.]+Z?)?)?)?", text)
    if not m:
        return None
    year, month = m.group(1), m.group(2)
    if freq == "A":
        return year
    return f"{year}-{month}" if month else None


def _json_periods(doc: object, source: str, freq: str) -> list[object]:
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    if source == "comtrade":
        data = doc.get("data")
        if not isinstance(data, list):
            raise ValueError("no data[] list")
        return [r.get("period") for r in data
                if isinstance(r, dict) and r.get("freqCode", freq) == freq]  # fmt: skip
    if source == "imf":
        constraints = (doc.get("data") or {}).get("dataConstraints")
        if not isinstance(constraints, list):
            raise ValueError("no data.dataConstraints list")
        out: list[object] = []
        for c in constraints:
            for region in (c or {}).get("cubeRegions") or []:
                for kv in (region.get("keyValues") or []) + (region.get("components") or []):
                    if kv.get("id") != "TIME_PERIOD":
                        continue
                    end = ((kv.get("timeRange") or {}).get("endPeriod") or {}).get("period")
                    out += [end, kv.get("validTo")]
                    out += [v.get("value") if isinstance(v, dict) else v
                            for v in kv.get("values") or []]  # fmt: skip
        return [x for x in out if x]
    years: list[object] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k.lower() == "year" and not isinstance(v, (dict, list)):
                    years.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    return years


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml_periods(root: ET.Element, source: str) -> list[object]:
    if source == "wits":
        return [e.text for e in root.iter() if _local(e.tag).lower() == "year" and e.text]
    if source == "imf":
        out: list[object] = []
        for kv in root.iter():
            if _local(kv.tag) not in ("KeyValue", "Component") or kv.get("id") != "TIME_PERIOD":
                continue
            for e in kv.iter():
                if _local(e.tag) in ("EndPeriod", "Value") and e.text:
                    out.append(e.text)
            if kv.get("validTo"):
                out.append(kv.get("validTo"))
        return out
    raise ValueError("Comtrade's availability answers JSON")


def store_latest(frame: pd.DataFrame, reporter: str, partner: str, freq: str) -> str:
    """The newest full year (``freq`` A) or month (M) of the pair's trade values, as
    reported by ``reporter`` in the rows given; ``""`` when there is none."""
    if not len(frame):
        return ""
    f = frame[(frame["reporter"].astype(str) == reporter)
              & (frame["partner"].astype(str) == partner)
              & (frame["series"].astype(str) == "trade_value")]  # fmt: skip
    start, end = f["period_start"].astype(str), f["period_end"].astype(str)
    if freq == "A":
        years = years_of(start[full_years(start, end)])
        return str(years.max()) if len(years) else ""
    months = start[start == end]
    return str(months.max()) if len(months) else ""
