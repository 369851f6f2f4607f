"""IMF International Merchandise Trade Statistics (IMTS) in SDMX-CSV.

Columns used (matched case-insensitively): ``COUNTRY`` (reporter), ``INDICATOR``,
``COUNTERPART_COUNTRY`` (partner), ``FREQUENCY``, ``TIME_PERIOD``, ``OBS_VALUE``; optional
``UNIT_MULT``, ``SCALE`` (see below), ``OBS_STATUS``, ``UNIT_MEASURE``. The SDMX-ML and
SDMX-JSON messages (:mod:`data.importers.sdmx`) are read into these columns and follow
the same rules. Other housekeeping columns
(``DATAFLOW``, ...) are ignored.

Policies, each on purpose:

* Any code cell may be a bare code (``KAZ``), a code with its label (``KAZ: Kazakhstan,
  Rep. of``: the code is taken) or an IMF name (``Kazakhstan, Rep. of``, resolved by
  ``data.countries``). ``G001`` and ``W00`` (the IMF's World codes) are ``WLD``, ``G998``
  (the European Union in IMTS) is ``AGG_EU``.
* ``XG_FOB_USD`` → export, FOB; ``MG_CIF_USD`` → import, CIF. Other indicators (the
  balance ``TBG_USD``, imports FOB, ...) are skipped with a warning: storing imports at
  both valuations would give one key two figures.
* Frequencies ``A`` (``2023``), ``Q`` (``2023-Q1``: Jan..Mar) and ``M`` (``2023-M03`` or
  ``2023-03``: one month). A period that does not fit its frequency is an error.
* **Scale.** ``UNIT_MULT`` (the SDMX 2.x attribute, which the IMF's legacy services and
  DOTS files carry) multiplies: values are US dollars times ten to its power (``6`` or
  ``Millions`` = millions), stored in USD. ``SCALE`` (the attribute of the IMF's SDMX 3.0
  structures, IMTS among them) is the unit the IMF *displays* a series in: its
  ``OBS_VALUE`` is already in US dollars, so ``SCALE`` is not applied. (The recorded
  IMTS response says ``SCALE="6"`` beside 2019551635133 for US exports to the World in
  2023, which DOTS gives as 2019551.635133 with ``UNIT_MULT`` 6: the same dollars.) The
  values are checked against the rule: a value above 1e14 USD (four times world trade)
  after scaling is refused, naming the row, as a scale applied to values already in
  dollars. A blank ``OBS_VALUE`` is no observation, skipped with a warning; a
  ``UNIT_MEASURE`` other than US dollars is an error.
* ``OBS_STATUS`` ``E`` → ``kind=estimated``, else ``reported``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data import schema
from data.importers.base import Parsed, file_columns, file_stem, finish, parties
from data.importers.textio import (
    Records,
    decode_text,
    fail_at,
    numbers,
    read_payload,
    read_records,
    scaled,
)
from data.provenance import Source, slug

FORMAT = "imf_imts"
REQUIRED = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE")
INDICATORS = {"XG_FOB_USD": ("export", "fob"), "MG_CIF_USD": ("import", "cif")}
EXTRA_CODES = {"G001": ("WLD", True), "W00": ("WLD", True), "G998": ("AGG_EU", True)}
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
    return tidy_records(name, read_records(name, decode_text(name, raw)), checksum)


def tidy_records(
    name: str,
    rec: Records,
    checksum: str = "",
    *,
    fmt: str = FORMAT,
    origin: Origin | None = None,
    extra_codes: Mapping[str, tuple[str, bool]] | None = None,
) -> Parsed:
    """IMTS observations as text cells in the SDMX-CSV columns to observations (pure).

    ``origin`` describes the publication (the IMTS defaults otherwise); ``extra_codes``
    adds a message's own partner codes to :data:`EXTRA_CODES`.
    """
    origin = origin or Origin()
    extra = {**EXTRA_CODES, **(extra_codes or {})}
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
    scale = _scale(name, f, rec.column("UNIT_MULT"), row_of)
    display = rec.column("SCALE")
    shown = _scale(name, f, display, row_of)  # checked, never applied (see above)
    value = numbers(f[col["OBS_VALUE"]], file=name, column=col["OBS_VALUE"], row_of=row_of)
    value = scaled(value, f[col["OBS_VALUE"]], scale)
    _check_magnitude(name, value, row_of, col["OBS_VALUE"], rec.column("UNIT_MULT"))
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
    status_col = rec.column("OBS_STATUS")
    estimated = (
        f[status_col].map(lambda s: split_code(s)[0].upper()).eq("E").to_numpy(dtype=bool)
        if status_col
        else np.zeros(len(f), dtype=bool)
    )
    reporter, partner = (
        _countries(name, f[col[c]], col[c], row_of, extra)
        for c in ("COUNTRY", "COUNTERPART_COUNTRY")
    )
    source_id = f"{origin.prefix}:{slug(file_stem(name), 80)}"
    table = finish(pd.DataFrame({
        "series": "trade_value", "reporter": reporter["code"], "partner": partner["code"],
        "partner_aggregate": partner["aggregate"], "flow": flow, "commodity": "TOTAL",
        "period_start": start, "period_end": end, "measure": "level", "comparator": "=",
        "value": value, "unit": "USD", "valuation": valuation,
        "kind": np.where(estimated, "estimated", "reported"), "source_id": source_id,
        "ref": [f"line {n}" for n in row_of], "note": _scale_notes(shown),
    }))  # fmt: skip
    columns = file_columns(
        col["OBS_VALUE"], reporter=col["COUNTRY"], partner=col["COUNTERPART_COUNTRY"],
        partner_aggregate=col["COUNTERPART_COUNTRY"], flow=col["INDICATOR"],
        period_start=col["TIME_PERIOD"], period_end=col["TIME_PERIOD"],
    )  # fmt: skip
    source = Source(
        source_id=source_id, category="international", publisher="International Monetary Fund",
        publisher_of_figure=origin.publisher_of_figure, title=origin.title, url=origin.url,
        licence=origin.licence, checksum=checksum, file=name,
    )  # fmt: skip
    return Parsed(name, fmt, table, [source], row_of.tolist(), warnings, columns)


@dataclass(frozen=True)
class Origin:
    """Who published an IMF file and under which title (IMTS unless said otherwise)."""

    prefix: str = "imf-imts"
    publisher_of_figure: str = "IMF, International Merchandise Trade Statistics"
    title: str = (
        "International Merchandise Trade Statistics (IMTS): exports FOB and imports CIF "
        "by partner, US dollars"
    )
    url: str = "https://data.imf.org/"
    licence: str = LICENCE


# No economy's goods trade with one partner in one year comes near this (world
# merchandise trade was about 2.4e13 USD in 2023): a larger value is a scale applied twice.
MAX_TRADE_USD = 1e14


def _check_magnitude(
    name: str, usd: np.ndarray, row_of: np.ndarray, column: str, mult_column: str | None
) -> None:
    big = np.isfinite(usd) & (np.abs(usd) > MAX_TRADE_USD)
    scaled = f" after {mult_column}" if mult_column else ""
    fail_at(
        big,
        f"{{value}} USD{scaled} is more than any economy trades with one partner "
        f"({MAX_TRADE_USD:.0e} USD): the values are not in the unit the file states",
        file=name,
        row_of=row_of,
        column=column,
        values=pd.Series(usd).map(lambda v: f"{v:.4g}"),
    )


def _countries(
    name: str,
    cells: pd.Series,
    column: str,
    row_of: np.ndarray,
    extra: Mapping[str, tuple[str, bool]],
) -> pd.DataFrame:
    split = cells.map(split_code)
    return parties(
        split.map(lambda t: t[0]),
        split.map(lambda t: t[1] or t[0]),
        file=name,
        code_column=column,
        name_column=column,
        row_of=row_of,
        extra=extra,
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


def _scale_notes(shown: np.ndarray) -> np.ndarray:
    """The note for rows whose SCALE names a display unit that was not applied."""
    power = np.rint(np.log10(shown)).astype(int)
    return np.where(
        power != 0,
        np.char.add(
            np.char.add("SCALE ", power.astype(str)),
            " is the IMF's display unit: OBS_VALUE is in US dollars, stored as given",
        ).astype(object),
        "",
    )


def _power(text: str) -> int | None:
    t = text.strip().lower()
    if t in ("", "0"):
        return 0
    if re.fullmatch(r"-?\d{1,2}", t):
        return int(t)
    return SCALE_WORDS.get(t)


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
