"""What to ask each public API for: one request per chunk, each under the API's limits.

Pure: a :class:`Query` and a source's name give the list of :class:`Chunk` requests (URL,
query parameters, headers); nothing here opens a connection. The URL shapes, taken from
each API's documentation and from recorded responses (see the README's *Fetching from the
APIs*):

``--base-url`` (or ``$TRADEDASH_COMTRADE_URL``, ``$TRADEDASH_IMF_URL``,
``$TRADEDASH_WITS_URL``: a mirror, a proxy, a test server) replaces a source's host.

* **comtrade** — UN Comtrade Plus data API. Without a key, the preview endpoint
  ``{base}/public/v1/preview/C/{freq}/HS`` (at most 500 records a request); with
  ``COMTRADE_API_KEY``, ``{base}/data/v1/get/C/{freq}/HS`` with the key in the
  ``Ocp-Apim-Subscription-Key`` header (never in the URL). Parameters: ``reporterCode``,
  ``partnerCode`` (Comtrade's numeric codes), ``period`` (comma-separated years
  ``2023`` or months ``202303``), ``cmdCode``, ``flowCode`` (``X``, ``M``),
  ``partner2Code=0``, ``customsCode=C00``, ``motCode=0`` (all modes: no breakdown to
  count twice), ``maxRecords``, ``format=JSON``, ``includeDesc=true``. A request names at
  most 12 periods and is sized so its records stay under the limit.
* **imf** — the IMF's SDMX 3.0 data API for IMTS:
  ``{base}/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/{R}.{indicators}.{P}.{freq}``
  with ``c[TIME_PERIOD]=ge:Y1+le:Y2`` and ``Accept:
  application/vnd.sdmx.data+xml;version=3.0.0`` (SDMX-ML 3.0, the format of the recorded
  response). Indicators ``XG_FOB_USD`` (exports) and ``MG_CIF_USD`` (imports), joined by
  ``+``. At most 10 years a request.
* **wits** — the WITS SDMX API (trade statistics, annual only):
  ``{base}/API/V1/SDMX/V21/datasource/tradestats-trade/reporter/{r}/year/{y;y}/partner/
  {p}/product/{Total|code}/indicator/{XPRT-TRD-VL;MPRT-TRD-VL}?format=JSON``. At most 10
  years a request.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from data import schema

SOURCES = ("comtrade", "imf", "wits")
DEFAULT_BASE = {
    "comtrade": "https://comtradeapi.un.org",
    "imf": "https://api.imf.org",
    "wits": "https://wits.worldbank.org",
}
KEY_ENV = "COMTRADE_API_KEY"
KEY_HEADER = "Ocp-Apim-Subscription-Key"
PREVIEW_LIMIT = 500
KEYED_LIMIT = 100_000
COMTRADE_MAX_PERIODS = 12
SDMX_MAX_YEARS = 10
IMF_ACCEPT = "application/vnd.sdmx.data+xml;version=3.0.0"
# IMTS's own partner codes for the documented aggregates.
IMF_CODES = {"WLD": "G001", "AGG_EU": "G998"}
_AREAS = Path(__file__).resolve().parents[1] / "importers" / "codes" / "comtrade_areas.csv"


@dataclass(frozen=True)
class Query:
    """What a person asks for: a pair, years, a frequency, a commodity, the flows."""

    reporter: str
    partner: str
    years: tuple[int, int]
    freq: str = "A"
    commodity: str = "TOTAL"
    flow: str = "all"

    def __post_init__(self) -> None:
        for side in ("reporter", "partner"):
            code = getattr(self, side)
            documented = side == "partner" and code in ("WLD", "AGG_EU")
            if not documented and not (len(code) == 3 and code.isalpha() and code.isupper()):
                raise schema.ValidationError(f"--{side} {code!r} is not an ISO alpha-3 code")
        first, last = self.years
        if not 1900 <= first <= last <= 2100:
            raise schema.ValidationError(f"--years {first}:{last} is not a range of years")
        if self.freq not in ("A", "M"):
            raise schema.ValidationError(f"--freq {self.freq!r} is not A or M")
        if self.flow not in ("export", "import", "all"):
            raise schema.ValidationError(f"--flow {self.flow!r} is not export, import or all")
        c = self.commodity
        if c != "TOTAL" and not (c.isdigit() and len(c) in (2, 4, 6)):
            raise schema.ValidationError(f"--commodity {c!r} is not TOTAL or an HS code")

    @property
    def flows(self) -> tuple[str, ...]:
        return ("export", "import") if self.flow == "all" else (self.flow,)


@dataclass(frozen=True)
class Chunk:
    """One request: its name (stable across runs: the cache key and the source id), the
    URL, parameters and headers; ``secret_headers`` are sent but never recorded."""

    source: str
    name: str
    url: str
    params: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    secret_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    suffix: str = ".json"
    years: tuple[int, int] = (0, 0)


def plan(source: str, query: Query, *, base_url: str | None = None, key: str = "") -> list[Chunk]:
    """The chunks that cover ``query`` from ``source``."""
    if source not in SOURCES:
        raise schema.ValidationError(f"unknown source {source!r} (one of {', '.join(SOURCES)})")
    base = (base_url or os.environ.get(f"TRADEDASH_{source.upper()}_URL", "").strip()
            or DEFAULT_BASE[source]).rstrip("/")  # fmt: skip
    if source == "comtrade":
        return _comtrade(base, query, key)
    if query.freq != "A" and source == "wits":
        raise schema.ValidationError("WITS trade statistics are annual: use --freq A")
    return _imf(base, query) if source == "imf" else _wits(base, query)


def _windows(first: int, last: int, size: int) -> list[tuple[int, int]]:
    return [(y, min(y + size - 1, last)) for y in range(first, last + 1, size)]


def comtrade_code(iso3: str) -> str:
    """Comtrade's numeric code for an economy (its own where it differs from M49's)."""
    with open(_AREAS, encoding="utf-8", newline="") as fh:
        own = {r["comtrade_iso"]: r["comtrade_code"] for r in csv.DictReader(fh)}
    if iso3 == "WLD":
        return "0"
    if iso3 in own:
        return own[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise schema.ValidationError(f"{iso3!r} has no Comtrade code")
    return str(int(country.numeric))


def _comtrade(base: str, q: Query, key: str) -> list[Chunk]:
    limit = KEYED_LIMIT if key else PREVIEW_LIMIT
    months = q.freq == "M"
    per_year = 12 if months else 1
    # Records a period can give: one per flow (motCode 0, C00, partner2 0).
    per_period = len(q.flows)
    periods_per_chunk = max(1, min(COMTRADE_MAX_PERIODS, limit // per_period))
    # (year, month) pairs, month 0 for a whole year; Comtrade's codes are made from them.
    wanted = [
        (y, m if months else 0) for y in range(q.years[0], q.years[1] + 1)
        for m in range(1, per_year + 1)
    ]  # fmt: skip
    endpoint = "data/v1/get" if key else "public/v1/preview"
    url = f"{base}/{endpoint}/C/{q.freq}/HS"
    flow = ",".join({"export": "X", "import": "M"}[f] for f in q.flows)
    chunks = []
    for i in range(0, len(wanted), periods_per_chunk):
        part = [f"{y}{m:02d}" if m else str(y) for y, m in wanted[i : i + periods_per_chunk]]
        params = (
            ("reporterCode", comtrade_code(q.reporter)), ("partnerCode", comtrade_code(q.partner)),
            ("period", ",".join(part)), ("cmdCode", q.commodity), ("flowCode", flow),
            ("partner2Code", "0"), ("customsCode", "C00"), ("motCode", "0"),
            ("maxRecords", str(limit)), ("format", "JSON"), ("includeDesc", "true"),
        )  # fmt: skip
        name = _name("comtrade", q, part[0], part[-1])
        secret = ((KEY_HEADER, key),) if key else ()
        years = (wanted[i][0], wanted[min(i + periods_per_chunk, len(wanted)) - 1][0])
        chunks.append(Chunk("comtrade", name, url, params, (), secret, ".json", years))
    return chunks


def _imf(base: str, q: Query) -> list[Chunk]:
    indicators = "+".join({"export": "XG_FOB_USD", "import": "MG_CIF_USD"}[f] for f in q.flows)
    if q.commodity != "TOTAL":
        raise schema.ValidationError("IMF IMTS has no product detail: use --commodity TOTAL")
    partner = IMF_CODES.get(q.partner, q.partner)
    key = f"{q.reporter}.{indicators}.{partner}.{q.freq}"
    url = f"{base}/external/sdmx/3.0/data/dataflow/IMF.STA/IMTS/+/{key}"
    return [
        Chunk(
            "imf",
            _name("imf", q, str(a), str(b)),
            url,
            (("c[TIME_PERIOD]", f"ge:{a}+le:{b}"), ("dimensionAtObservation", "TIME_PERIOD")),
            (("Accept", IMF_ACCEPT),),
            (),
            ".xml",
            (a, b),
        )
        for a, b in _windows(q.years[0], q.years[1], SDMX_MAX_YEARS)
    ]


def _wits(base: str, q: Query) -> list[Chunk]:
    indicators = ";".join({"export": "XPRT-TRD-VL", "import": "MPRT-TRD-VL"}[f] for f in q.flows)
    product = "Total" if q.commodity == "TOTAL" else q.commodity
    chunks = []
    for a, b in _windows(q.years[0], q.years[1], SDMX_MAX_YEARS):
        years = ";".join(str(y) for y in range(a, b + 1))
        url = (
            f"{base}/API/V1/SDMX/V21/datasource/tradestats-trade/reporter/{q.reporter.lower()}"
            f"/year/{years}/partner/{q.partner.lower()}/product/{product}/indicator/{indicators}"
        )
        chunks.append(
            Chunk("wits", _name("wits", q, str(a), str(b)), url, (("format", "JSON"),), (), (),
                  ".json", (a, b))
        )  # fmt: skip
    return chunks


def _name(source: str, q: Query, first: str, last: str) -> str:
    """``fetch-comtrade-kaz-tkm-a-total-all-2015-2025``: one chunk, the same every run."""
    parts = [
        "fetch", source, q.reporter, q.partner, q.freq, q.commodity, q.flow,
        first if first == last else f"{first}-{last}",
    ]  # fmt: skip
    return "-".join(parts).lower()
