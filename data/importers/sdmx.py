"""SDMX data messages: the IMF's IMTS and DOTS, and WITS trade statistics.

Three encodings, each read by the smallest honest means:

* **SDMX-ML** (XML: 2.1 or 3.0, generic or structure-specific) and **SDMX-JSON** (1.0,
  2.0) are read with ``sdmx1``, the maintained SDMX library. A structure-specific message
  is read without its data structure definition (the file does not carry it): ``sdmx1``
  then takes every series attribute (``SCALE``, ``OVERLAP`` …) as part of the series
  key, which keeps them all as columns here.
* The IMF's **legacy CompactData JSON** (``dataservices.imf.org/REST/SDMX_JSON.svc``:
  SDMX 2.0 CompactData turned into JSON, attributes as ``@NAME``) is not SDMX-JSON, and
  ``sdmx1`` does not read it (it expects ``header``/``meta`` and ``dataSets``/``data``):
  a reader of twenty lines here flattens ``CompactData.DataSet.Series[].Obs[]``. A
  single series or observation may be an object instead of a one-item list (that is how
  the XML-to-JSON rendering writes them); both are read.

Every observation becomes one row of text cells (dimensions, attributes, ``OBS_VALUE``),
numbered from 1 in document order (that number is the "row" of an error). The rows go
to the importer of their dataflow, recognised by the dimensions:

* ``COUNTRY``, ``COUNTERPART_COUNTRY``, ``INDICATOR`` — IMF IMTS: the rules of
  :mod:`data.importers.imts`, the scale rule included (``UNIT_MULT`` multiplies,
  ``SCALE`` is a display unit, and a value that cannot be a trade figure is refused).
* ``REF_AREA``, ``COUNTERPART_AREA``, ``INDICATOR`` — IMF DOTS: two-letter ISO codes
  become alpha-3; ``W00`` is the World, ``B0`` the European Union, ``U2`` the euro area
  (aggregates); indicators ``TXG_FOB_USD`` (exports FOB) and ``TMG_CIF_USD`` (imports
  CIF) are kept, others (``TMG_FOB_USD``, ``TBG_USD``) skipped with a warning, as IMTS.
* ``REPORTER``, ``PARTNER``, ``PRODUCTCODE``, ``INDICATOR`` — WITS: indicators
  ``XPRT-TRD-VL`` / ``MPRT-TRD-VL`` (export / import trade value) are **in thousands of
  US dollars** (WITS's definition, and the indicator's name in the message says "US$
  Thousand"; a name that says otherwise is refused), stored × 1000 in USD through the
  rules of :mod:`data.importers.wits`. Product groups that overlap (HS sections, SITC
  groups, stages of processing) are kept as separate commodities, never added up;
  ``Total`` is the total. Other indicators (shares, counts) are skipped with a warning.

A message with no observation, or of another dataflow, is refused. XML with a DOCTYPE or
entity declarations is refused before parsing (no SDMX message has one; they are how XML
bombs work).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from data import schema
from data.importers import imts, wits
from data.importers.base import Parsed
from data.importers.textio import Records, read_payload

FORMAT = "sdmx"
DOTS_CODES = {"W00": ("WLD", True), "B0": ("AGG_EU", True), "U2": ("AGG_EURO_AREA", True)}
DOTS_INDICATORS = {"TXG_FOB_USD": "XG_FOB_USD", "TMG_CIF_USD": "MG_CIF_USD"}
WITS_FLOWS = {"XPRT-TRD-VL": "Export", "MPRT-TRD-VL": "Import"}
# The root element's name ends in "Data" (StructureSpecificData, GenericData …), after
# the XML declaration, comments and (refused later, but recognised) a DOCTYPE.
_XML_START = re.compile(
    r"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>\s*)*"
    r"<([A-Za-z_][\w.-]*:)?\w*Data\b",
    re.S,
)


def sniff(head_text: str) -> bool:
    """An SDMX data message: XML whose root is a ``…Data`` element, or SDMX-JSON."""
    text = head_text.lstrip("\ufeff")
    if _XML_START.match(text):
        return "sdmx" in text[:4096].lower()
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return False
    return _json_kind(stripped[:65536]) is not None


def _json_kind(text: str) -> str | None:
    if re.match(r'\{\s*"CompactData"\s*:', text):
        return "compact"
    if '"dataSets"' in text or ('"data"' in text and '"meta"' in text and '"structure' in text):
        return "sdmx-json"
    return None


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """An SDMX message to observations and one source (pure)."""
    rows, encoding, doc = flatten(name, raw)
    if not rows:
        raise schema.ValidationError("the message holds no observations", file=name)
    frame = pd.DataFrame(rows).fillna("").astype(str)
    cols = set(frame.columns)
    rec = Records(frame, np.arange(1, len(frame) + 1, dtype=np.int64))
    if {"COUNTRY", "COUNTERPART_COUNTRY", "INDICATOR"} <= cols:
        return imts.tidy_records(name, rec, checksum, fmt=FORMAT, origin=_imts_origin(encoding))
    if {"REF_AREA", "COUNTERPART_AREA", "INDICATOR"} <= cols:
        return _dots(name, rec, checksum, encoding)
    if {"REPORTER", "PARTNER", "PRODUCTCODE", "INDICATOR"} <= cols:
        return _wits(name, rec, checksum, doc)
    raise schema.ValidationError(
        "an SDMX message of a dataflow tradedash does not read (dimensions: "
        + ", ".join(sorted(cols - {"OBS_VALUE"}))
        + "); supported: IMF IMTS, IMF DOTS, WITS trade statistics",
        file=name,
    )


def flatten(name: str, raw: bytes) -> tuple[list[dict[str, str]], str, Any]:
    """Every observation as a dict of text cells, the encoding's name, the parsed JSON."""
    text_head = raw[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    if text_head.lstrip().startswith("{"):
        try:
            doc = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise schema.ValidationError(f"not UTF-8 JSON ({exc.reason})", file=name) from None
        except json.JSONDecodeError as exc:
            raise schema.ValidationError(
                f"not readable as JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                "truncated?",
                file=name,
            ) from None
        if isinstance(doc, dict) and "CompactData" in doc:
            return list(_compact_rows(name, doc)), "IMF CompactData JSON", doc
        return _sdmx1_rows(name, raw, "JSON"), "SDMX-JSON", doc
    if re.search(rb"<!(DOCTYPE|ENTITY)", raw[:65536], re.I):
        raise schema.ValidationError("XML with a DOCTYPE or entities is refused", file=name)
    _well_formed(name, raw)
    version = "3.0" if b"sdmxml/schemas/v3_0" in raw[:8192] else "2.1"
    return _sdmx1_rows(name, raw, "XML"), f"SDMX-ML {version}", None


def _well_formed(name: str, raw: bytes) -> None:
    """Malformed XML (a truncated download) is refused before ``sdmx1`` sees it.

    The parser loads no DTD, resolves no entity and opens no network connection.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise schema.ValidationError(
            f"not well-formed XML ({exc.msg}); truncated?", file=name
        ) from None


def _sdmx1_rows(name: str, raw: bytes, fmt: str) -> list[dict[str, str]]:
    import sdmx  # imported here: only SDMX files pay for it

    logger = logging.getLogger("sdmx")
    level = logger.level
    # Without the structure sdmx1 logs that it guesses; the guess is what is wanted here.
    logger.setLevel(logging.ERROR)
    try:
        # sdmx1 prints its parser's stacks to stdout when a message surprises it: the
        # error raised here says what went wrong instead.
        with contextlib.redirect_stdout(io.StringIO()):
            msg = sdmx.read_sdmx(io.BytesIO(raw), format=fmt)
    except Exception as exc:  # sdmx1 raises many types (XMLSyntaxError, KeyError, …)
        raise schema.ValidationError(
            f"not a readable SDMX-{'ML' if fmt == 'XML' else fmt} data message "
            f"({type(exc).__name__}: {str(exc)[:200]}); truncated?",
            file=name,
        ) from None
    finally:
        logger.setLevel(level)
    datasets = getattr(msg, "data", None)
    if datasets is None:
        raise schema.ValidationError("an SDMX message without data (a structure?)", file=name)
    rows: list[dict[str, str]] = []
    for ds in datasets:
        groups = [
            ({k: str(v.value) for k, v in g.values.items()}, _attrs(g.attrib))
            for g in getattr(ds, "group", {})
        ]
        for obs in ds.obs:
            key = {k: str(v.value) for k, v in obs.key.values.items()}
            row: dict[str, str] = {}
            for gkey, gattrs in groups:
                if all(key.get(k) == v for k, v in gkey.items()):
                    row.update(gattrs)
            if obs.series_key is not None:
                row.update(_attrs(obs.series_key.attrib))
            row.update(key)
            row.update(_attrs(obs.attached_attribute))
            row["OBS_VALUE"] = _number_text(obs.value)
            rows.append(row)
    return rows


def _attrs(attrib: Any) -> dict[str, str]:
    out = {}
    for k, v in attrib.items():
        value = getattr(v, "value", v)
        value = getattr(value, "id", value)  # a Code → its id
        if "}" not in str(k):  # namespaced XML housekeeping (ns1:type …)
            out[str(k)] = str(value)
    return out


def _number_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if np.isfinite(value) else str(value)
    return str(value).strip()


def _items(node: Any) -> list[Any]:
    """An XML-to-JSON child: absent, one object, or a list of objects."""
    if node is None:
        return []
    return node if isinstance(node, list) else [node]


def _compact_rows(name: str, doc: dict[str, Any]) -> Iterator[dict[str, str]]:
    data = doc["CompactData"]
    dataset = data.get("DataSet") if isinstance(data, dict) else None
    if not isinstance(dataset, dict):
        raise schema.ValidationError("CompactData without a DataSet", file=name)
    n = 0
    for series in _items(dataset.get("Series")):
        if not isinstance(series, dict):
            raise schema.ValidationError("a Series that is not an object", file=name, row=n + 1)
        keys = {k[1:]: str(v) for k, v in series.items() if k.startswith("@")}
        for obs in _items(series.get("Obs")):
            n += 1
            if not isinstance(obs, dict):
                raise schema.ValidationError("an Obs that is not an object", file=name, row=n)
            row = dict(keys)
            row.update({k[1:]: _number_text(v) for k, v in obs.items() if k.startswith("@")})
            row.setdefault("OBS_VALUE", "")
            yield row


def _imts_origin(encoding: str) -> imts.Origin:
    return imts.Origin(
        prefix="imf-imts",
        title="International Merchandise Trade Statistics (IMTS), "
        f"{encoding} message: exports FOB and imports CIF by partner, US dollars",
    )


def _dots(name: str, rec: Records, checksum: str, encoding: str) -> Parsed:
    """DOTS rows renamed onto the IMTS columns: the same rules, DOTS's codes."""
    f = rec.frame.rename(
        columns={
            "REF_AREA": "COUNTRY",
            "COUNTERPART_AREA": "COUNTERPART_COUNTRY",
            "FREQ": "FREQUENCY",
        }
    )
    for column in ("COUNTRY", "COUNTERPART_COUNTRY"):
        f[column] = f[column].map(_alpha3)
    f["INDICATOR"] = f["INDICATOR"].map(lambda c: DOTS_INDICATORS.get(c.strip(), c))
    origin = imts.Origin(
        prefix="imf-dots",
        publisher_of_figure="IMF, Direction of Trade Statistics",
        title=f"Direction of Trade Statistics (DOTS), {encoding} message: exports FOB and "
        "imports CIF by partner, US dollars",
        licence=(
            "IMF, Direction of Trade Statistics (DOTS); IMF data terms of use "
            "(free re-use with attribution)"
        ),
    )
    parsed = imts.tidy_records(
        name, Records(f, rec.row_of), checksum, fmt=FORMAT, origin=origin, extra_codes=DOTS_CODES
    )
    return _named_as_sent(parsed, _DOTS_NAMES)


# The message's own names for the columns the shared rules read, for errors at merge.
_WITS_NAMES = {
    "ReporterISO3": "REPORTER", "PartnerISO3": "PARTNER", "Year": "TIME_PERIOD",
    "TradeFlowName": "INDICATOR", "ProductCode": "PRODUCTCODE",
    wits.VALUE: "",  # an SDMX-JSON observation is an array: its value has no name
}  # fmt: skip
_DOTS_NAMES = {
    "COUNTRY": "REF_AREA",
    "COUNTERPART_COUNTRY": "COUNTERPART_AREA",
    "FREQUENCY": "FREQ",
}


def _named_as_sent(parsed: Parsed, names: dict[str, str]) -> Parsed:
    """``parsed`` with its error columns renamed to the message's own."""
    parsed.columns = {k: names.get(v, v) for k, v in parsed.columns.items()}
    return parsed


def _alpha3(code: str) -> str:
    """A DOTS two-letter ISO code as alpha-3; DOTS's own codes (W00, B0 …) as they are."""
    text = code.strip().upper()
    if len(text) == 2 and text.isalpha() and text not in DOTS_CODES:
        country = pycountry.countries.get(alpha_2=text)
        if country is not None:
            return str(country.alpha_3)
    return text


def _wits(name: str, rec: Records, checksum: str, doc: Any) -> Parsed:
    """WITS rows onto the WITS CSV's columns (values stay in thousands: wits scales them)."""
    f = rec.frame
    _check_wits_units(name, doc)
    indicator = f["INDICATOR"].str.strip()
    known = indicator.isin(list(WITS_FLOWS)).to_numpy(dtype=bool)
    warnings = []
    if (~known).any():
        other = indicator[~known].value_counts().to_dict()
        warnings.append(
            f"{name}: {int((~known).sum())} observation(s) of other indicators skipped "
            f"({', '.join(f'{k}: {v}' for k, v in other.items())})"
        )
    freq = f["FREQ"].str.strip() if "FREQ" in f.columns else pd.Series("A", index=f.index)
    bad = known & freq.ne("A").to_numpy(dtype=bool)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise schema.ValidationError(
            f"{freq.iloc[i]!r}: WITS trade values are annual (A)",
            file=name,
            row=int(rec.row_of[i]),
            column="FREQ",
        )
    g = f[known]
    if not len(g):
        raise schema.ValidationError(
            "no export or import trade value in the message ("
            + ", ".join(sorted(set(indicator)))
            + ")",
            file=name,
            column="INDICATOR",
        )
    rows = pd.DataFrame(
        {
            "ReporterISO3": g["REPORTER"],
            "PartnerISO3": g["PARTNER"],
            "Year": g.get("TIME_PERIOD", pd.Series("", index=g.index)),
            "TradeFlowName": g["INDICATOR"].str.strip().map(WITS_FLOWS),
            "ProductCode": g["PRODUCTCODE"],
            wits.VALUE: g["OBS_VALUE"],
        }
    ).reset_index(drop=True)
    parsed = wits.tidy_records(
        name, Records(rows, rec.row_of[known]), checksum, fmt=FORMAT, via="SDMX"
    )
    parsed.warnings[:0] = warnings
    return _named_as_sent(parsed, _WITS_NAMES)


def _check_wits_units(name: str, doc: Any) -> None:
    """The message's own name for each value indicator must say US$ thousand."""
    if not isinstance(doc, dict):
        return
    structure = doc.get("structure") or {}
    dims = structure.get("dimensions", {}) if isinstance(structure, dict) else {}
    for part in ("series", "observation", "dataset"):
        for dim in dims.get(part, []) if isinstance(dims, dict) else []:
            if not isinstance(dim, dict) or dim.get("id") != "INDICATOR":
                continue
            for value in dim.get("values", []):
                if not isinstance(value, dict) or value.get("id") not in WITS_FLOWS:
                    continue
                label = str(value.get("name", ""))
                if label and "thousand" not in label.lower():
                    raise schema.ValidationError(
                        f"indicator {value['id']} is named {label!r}: tradedash reads WITS "
                        "trade values in US$ thousand only",
                        file=name,
                        column="INDICATOR",
                    )


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
