"""IMF International Merchandise Trade Statistics (IMTS) in SDMX-CSV.

Columns used (matched case-insensitively): ``COUNTRY`` (reporter), ``INDICATOR``,
``COUNTERPART_COUNTRY`` (partner), ``FREQUENCY``, ``TIME_PERIOD``, ``OBS_VALUE``; optional
``UNIT_MULT`` or ``SCALE``, ``OBS_STATUS``, ``UNIT_MEASURE``. Other housekeeping columns
(``DATAFLOW``, ...) are ignored.

Policies, each on purpose:

* Any code cell may be a bare code (``KAZ``), a code with its label (``KAZ: Kazakhstan,
  Rep. of``: the code is taken) or an IMF name (``Kazakhstan, Rep. of``, resolved by
  ``data.countries``). ``G001`` and ``W00`` (the IMF's World codes) are ``WLD``.
* ``XG_FOB_USD`` → export, FOB; ``MG_CIF_USD`` → import, CIF. Other indicators (the
  balance ``TBG_USD``, imports FOB, ...) are skipped with a warning: storing imports at
  both valuations would give one key two figures.
* Frequencies ``A`` (``2023``), ``Q`` (``2023-Q1``: Jan..Mar) and ``M`` (``2023-M03`` or
  ``2023-03``: one month). A period that does not fit its frequency is an error.
* Values are US dollars times ten to the power ``UNIT_MULT``/``SCALE`` (``6`` or
  ``Millions`` = millions), stored in USD. A blank ``OBS_VALUE`` is no observation,
  skipped with a warning; a ``UNIT_MEASURE`` other than US dollars is an error.
* ``OBS_STATUS`` ``E`` → ``kind=estimated``, else ``reported``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.importers.base import Parsed, file_stem, finish, parties, reject_duplicates
from data.importers.textio import decode_text, fail_at, numbers, read_payload, read_records
from data.provenance import Source, slug

FORMAT = "imf_imts"
REQUIRED = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE")
INDICATORS = {"XG_FOB_USD": ("export", "fob"), "MG_CIF_USD": ("import", "cif")}
EXTRA_CODES = {"G001": ("WLD", True), "W00": ("WLD", True)}
SCALE_WORDS = {"units": 0, "thousands": 3, "millions": 6, "billions": 9}
LICENCE = (
    "IMF, International Merchandise Trade Statistics (IMTS); IMF data terms of use "
    "(free re-use with attribution)"
)
_CODE_LABEL = re.compile(r"^([A-Za-z0-9_.-]+)\s*:\s*(.*)$")
_PERIODS = {
    "A": re.compile(r"^(\d{4})$"),
    "Q": re.compile(r"^(\d{4})-?Q([1-4])$"),
    "M": re.compile(r"^(\d{4})-M?(\d{2})$"),
}


def sniff(head_text: str) -> bool:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    cols = {c.strip().strip('"').upper() for c in first.split(",")}
    # Identifying columns only, so a file missing another one gets an error naming it.
    return {"COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY"} <= cols


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def split_code(cell: str) -> tuple[str, str]:
    """``'KAZ: Kazakhstan, Rep. of'`` → ``('KAZ', 'Kazakhstan, Rep. of')``; a name → ('', name).

    A bare code comes back as ``(code, '')``. ``China, P.R.: Mainland`` is a name: the part
    before the colon is not a code (it has spaces and commas).
    """
    text = cell.strip()
    m = _CODE_LABEL.match(text)
    if m:
        return m.group(1), m.group(2).strip()
    if re.fullmatch(r"[A-Z0-9_]+", text):
        return text, ""
    return "", text


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """IMTS SDMX-CSV bytes to observations and one source (pure)."""
    rec = read_records(name, decode_text(name, raw))
    col = {c: rec.need(name, c) for c in REQUIRED}
    warnings: list[str] = []
    indicator = rec.frame[col["INDICATOR"]].map(lambda s: split_code(s)[0].upper())
    known = indicator.isin(list(INDICATORS)).to_numpy(dtype=bool)
    blank = rec.frame[col["OBS_VALUE"]].str.strip().eq("").to_numpy(dtype=bool)
    if (~known).any():
        other = indicator[~known].value_counts().to_dict()
        warnings.append(
            f"{name}: {int((~known).sum())} row(s) with other indicators "
            f"skipped ({', '.join(f'{k}: {v}' for k, v in other.items())})"
        )
    if (known & blank).any():
        warnings.append(f"{name}: {int((known & blank).sum())} row(s) without a value skipped")
    keep = known & ~blank
    f, row_of = rec.frame[keep].reset_index(drop=True), rec.row_of[keep]
    flow = indicator[keep].map(lambda k: INDICATORS[k][0]).to_numpy(dtype=object)
    valuation = indicator[keep].map(lambda k: INDICATORS[k][1]).to_numpy(dtype=object)
    start, end = _periods(name, f, col, row_of)
    scale = _scale(name, f, rec.column("UNIT_MULT") or rec.column("SCALE"), row_of)
    unit_col = rec.column("UNIT_MEASURE")
    if unit_col:
        unit = f[unit_col].map(lambda s: " ".join(split_code(s)).upper())
        fail_at(
            ~unit.str.contains("USD|US DOLLAR").to_numpy(dtype=bool),
            "{value!r} is not US dollars",
            file=name,
            row_of=row_of,
            column=unit_col,
            values=f[unit_col],
        )
    value = numbers(f[col["OBS_VALUE"]], file=name, column=col["OBS_VALUE"], row_of=row_of)
    status_col = rec.column("OBS_STATUS")
    estimated = (
        f[status_col].map(lambda s: split_code(s)[0].upper()).eq("E").to_numpy(dtype=bool)
        if status_col
        else np.zeros(len(f), dtype=bool)
    )
    reporter, partner = (
        _countries(name, f[col[c]], col[c], row_of) for c in ("COUNTRY", "COUNTERPART_COUNTRY")
    )
    source_id = f"imf-imts:{slug(file_stem(name), 80)}"
    frame = finish(pd.DataFrame({
        "series": "trade_value", "reporter": reporter["code"], "partner": partner["code"],
        "partner_aggregate": partner["aggregate"], "flow": flow, "commodity": "TOTAL",
        "period_start": start, "period_end": end, "measure": "level", "comparator": "=",
        "value": value * scale, "unit": "USD", "valuation": valuation,
        "kind": np.where(estimated, "estimated", "reported"), "source_id": source_id,
        "ref": [f"line {n}" for n in row_of], "note": "",
    }))  # fmt: skip
    reject_duplicates(frame, file=name, row_of=row_of, column=col["OBS_VALUE"])
    schema.validate(frame, file=name, row_of=row_of)
    source = Source(
        source_id=source_id, category="international", publisher="International Monetary Fund",
        publisher_of_figure="IMF, International Merchandise Trade Statistics",
        title="International Merchandise Trade Statistics (IMTS): exports FOB and imports CIF "
        "by partner, US dollars", url="https://data.imf.org/", licence=LICENCE,
        checksum=checksum, file=name,
    )  # fmt: skip
    return Parsed(name, FORMAT, frame, [source], row_of.tolist(), warnings)


def _countries(name: str, cells: pd.Series, column: str, row_of: np.ndarray) -> pd.DataFrame:
    split = cells.map(split_code)
    return parties(
        split.map(lambda t: t[0]),
        split.map(lambda t: t[1] or t[0]),
        file=name,
        code_column=column,
        name_column=column,
        row_of=row_of,
        extra=EXTRA_CODES,
    )


def _periods(
    name: str, f: pd.DataFrame, col: dict[str, str], row_of: np.ndarray
) -> tuple[list[str], list[str]]:
    start: list[str] = []
    end: list[str] = []
    freqs = f[col["FREQUENCY"]].map(lambda s: split_code(s)[0].upper())
    for i, (freq, period) in enumerate(zip(freqs, f[col["TIME_PERIOD"]].str.strip(), strict=True)):
        row = int(row_of[i])
        if freq not in _PERIODS:
            raise schema.ValidationError(
                f"{freq!r} is not a frequency (A, Q or M)",
                file=name,
                row=row,
                column=col["FREQUENCY"],
            )
        m = _PERIODS[freq].match(period)
        if not m:
            raise schema.ValidationError(
                f"{period!r} is not a period of frequency {freq}",
                file=name,
                row=row,
                column=col["TIME_PERIOD"],
            )
        year = int(m.group(1))
        sub = int(m.group(2)) if freq != "A" else 0
        if freq == "M" and not 1 <= sub <= 12:
            raise schema.ValidationError(
                f"{period!r}: month must be 01 to 12", file=name, row=row, column=col["TIME_PERIOD"]
            )
        first, last = {"A": (1, 12), "Q": (3 * sub - 2, 3 * sub), "M": (sub, sub)}[freq]
        start.append(f"{year:04d}-{first:02d}")
        end.append(f"{year:04d}-{last:02d}")
    return start, end


def _scale(name: str, f: pd.DataFrame, column: str | None, row_of: np.ndarray) -> np.ndarray:
    """Ten to the power of ``UNIT_MULT``/``SCALE`` per row (1 when the column is absent)."""
    if column is None:
        return np.ones(len(f))
    out = np.empty(len(f))
    for i, cell in enumerate(f[column]):
        code, label = split_code(cell)
        power = _power(code) if code else _power(label)
        if power is None:
            power = _power(label)
        if power is None:
            raise schema.ValidationError(
                f"{cell!r} is not a scale (a power of ten, or Units/Thousands/Millions/Billions)",
                file=name,
                row=int(row_of[i]),
                column=column,
            )
        out[i] = 10.0**power
    return out


def _power(text: str) -> int | None:
    t = text.strip().lower()
    if t in ("", "0"):
        return 0
    if re.fullmatch(r"-?\d{1,2}", t):
        return int(t)
    return SCALE_WORDS.get(t)


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
