"""UN Comtrade Plus API responses (JSON), as saved from ``/data/v1/get/...`` or the preview.

A response is an object whose ``data`` holds one record per figure, with the same field
names as the Comtrade Plus CSV (``reporterCode``, ``flowCode``, ``cmdCode``, ``motCode``,
``primaryValue`` …); ``count``, ``elapsedTime`` and ``error`` may sit beside it. The
records go through the Comtrade importer's own rules (:mod:`data.importers.comtrade`),
so a JSON response and a CSV download of the same query give the same observations:

* only the all-modes record (``motCode`` 0) gives ``trade_value``; the per-mode records
  beside it (``motCode`` 1000, 2000, 2100 …) break the same goods down and are skipped,
  so nothing is counted twice; a railway record (3100) gives ``rail_freight`` tonnes;
* ``primaryValue`` is in USD; ``cifvalue`` / ``fobvalue`` say the valuation; ``null``
  is a blank cell;
* ``isReported`` false → ``kind=estimated``.

A response with an ``error`` message, a ``data`` that is not a list of records, or no
records at all is refused: nothing is taken from it. Row numbers in errors count the
records of ``data`` from 1.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from data import schema
from data.importers import comtrade
from data.importers.base import Parsed
from data.importers.textio import Records, read_payload

FORMAT = "comtrade_api"
# Fields whose presence in the first record marks a Comtrade response.
IDENTIFYING = ('"reportercode"', '"flowcode"', '"partnercode"')


# The envelope Comtrade puts around ``data`` (an empty response has nothing else).
ENVELOPE = ('"elapsedtime"', '"count"')


def sniff(head_text: str) -> bool:
    """A JSON object with ``data`` and Comtrade's record fields, or its envelope."""
    text = head_text.lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return False
    lower = text.lower()
    if '"data"' not in lower:
        return False
    return all(k in lower for k in IDENTIFYING) or all(k in lower for k in ENVELOPE)


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def records(name: str, raw: bytes) -> Records:
    """The ``data`` records as text cells in Comtrade's CSV columns (pure)."""
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
    if not isinstance(doc, dict) or "data" not in doc:
        raise schema.ValidationError("a Comtrade response is an object with 'data'", file=name)
    error = doc.get("error")
    data = doc["data"]
    if error and not data:
        raise schema.ValidationError(f"the response is an error: {str(error)[:200]}", file=name)
    if not isinstance(data, list):
        raise schema.ValidationError("'data' is not a list of records", file=name, column="data")
    if not data:
        raise schema.ValidationError("the response holds no records ('data' is empty)", file=name)
    columns: dict[str, None] = {}
    for i, rec in enumerate(data, start=1):
        if not isinstance(rec, dict):
            raise schema.ValidationError("the record is not an object", file=name, row=i)
        # Only the fields the Comtrade rules read: another field may hold anything.
        columns.update(dict.fromkeys(k for k in rec if str(k).lower() in comtrade.WANTED))
    cells = {c: [_cell(name, rec.get(c), i, c) for i, rec in enumerate(data, 1)] for c in columns}
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in cells.items()})
    return Records(frame, np.arange(1, len(data) + 1, dtype=np.int64))


def _cell(name: str, value: Any, row: int, column: str) -> str:
    """A JSON value as the text a CSV download would hold; ``null`` is blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise schema.ValidationError(
                f"{value!r} is not a finite number", file=name, row=row, column=column
            )
        return repr(value)
    if isinstance(value, int | str):
        return str(value)
    raise schema.ValidationError(
        f"a {type(value).__name__} where a value belongs", file=name, row=row, column=column
    )


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """A Comtrade Plus API response to observations and one source (pure)."""
    return comtrade.tidy_records(name, records(name, raw), checksum, fmt=FORMAT, via="API")


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
