"""UN Comtrade files: Comtrade Plus CSV or tab-separated bulk files, and the legacy layout.

Both layouts are recognised from the header, matched case-insensitively (``cifvalue``,
``cifValue`` and ``CIFValue`` all occur). Text is UTF-8 or, failing that, ISO-8859-1.

Units and policies, each on purpose:

* ``primaryValue`` (legacy ``Trade Value (US$)``) is in USD and is stored as is, a
  ``trade_value`` level. Valuation: FOB for exports and re-exports, CIF for imports and
  re-imports, except when the file says otherwise: the flow's usual column
  (``fobvalue`` / ``cifvalue``) is blank and the other one equals ``primaryValue``.
* Flows ``X``/``M``/``RX``/``RM`` (legacy ``2``/``1``/``3``/``4``) become export, import,
  re_export, re_import; re-exports and re-imports stay apart. Other flow codes (domestic
  exports, processing trade, ...) are subsets of these and are skipped with a warning.
* Only all-modes rows (``motCode`` 0, or no mode column) give ``trade_value``: a
  per-mode row would count the same goods twice. A railway row (``motCode`` 3100, legacy
  ``Railway``) gives a ``rail_freight`` level instead: ``netWgt`` kg / 1000 = tonnes.
  A railway row without a positive net weight gives nothing (Comtrade writes 0 for "not
  available") and is counted in a warning.
* A product row (``cmdCode`` not ``TOTAL``) for all modes with a positive ``netWgt``
  also gives a ``trade_quantity`` level: kg / 1000 = tonnes, fractions kept (``0`` is
  "not available" and gives none; a total's weight mixes goods and is not kept);
  ``isNetWgtEstimated`` true → ``kind=estimated``.
* Rows with a second partner (``partner2Code`` not 0) or a customs procedure other than
  all (``C00``) are breakdowns of other rows: skipped with a warning.
* Reporter and partner come from the ISO column when it holds a known code (padding
  spaces, as in ``'X1 '``, are ignored), else from the name (``...Desc``), else (no name
  either) from Comtrade's numeric code. Comtrade's own areas (``W00`` World, ``S19``
  "Other Asia, nes", ``_X`` "Areas, nes", bunkers, free zones, the regional ``nes`` rows,
  …) and its numeric
  codes that are not M49's (842 for the USA) are listed in ``codes/comtrade_areas.csv``
  with the documented code each is given (``WLD``, ``AGG_*``: aggregates, flagged).
* ``cmdCode`` ``TOTAL`` is all goods; any other code (an HS code) is kept as the
  ``commodity``, never added into the total.
* ``kind`` is ``estimated`` when ``isReported`` is false or ``legacyEstimationFlag``
  (legacy ``Flag``) is not 0, else ``reported``.
* The same figure twice in one file is an error naming the second row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from data.importers.base import Parsed, file_columns, file_stem, finish, parties
from data.importers.textio import Records, decode_text, fail_at, numbers, read_payload, read_records
from data.provenance import Source, slug

FORMAT = "comtrade"
# role → (Comtrade Plus header, legacy header); "" where a layout has no such column.
COLUMNS = {
    "freq": ("freqCode", ""),
    "period": ("period", "Period"),
    "reporter_iso": ("reporterISO", "Reporter ISO"),
    "reporter_desc": ("reporterDesc", "Reporter"),
    "partner_code": ("partnerCode", "Partner Code"),
    "partner_iso": ("partnerISO", "Partner ISO"),
    "partner_desc": ("partnerDesc", "Partner"),
    "partner2": ("partner2Code", "2nd Partner Code"),
    "flow": ("flowCode", "Trade Flow Code"),
    "reporter_code": ("reporterCode", "Reporter Code"),
    "cmd": ("cmdCode", "Commodity Code"),
    "customs": ("customsCode", "Customs Proc. Code"),
    "mot": ("motCode", "Mode of Transport Code"),
    "mot_desc": ("motDesc", "Mode of Transport"),
    "net_wgt": ("netWgt", "Netweight (kg)"),
    "value": ("primaryValue", "Trade Value (US$)"),
    "cif": ("cifvalue", "CIF Trade Value (US$)"),
    "fob": ("fobvalue", "FOB Trade Value (US$)"),
    "is_reported": ("isReported", ""),
    "wgt_estimated": ("isNetWgtEstimated", ""),
    "classification": ("classificationCode", "Classification"),
    "estimated_flag": ("legacyEstimationFlag", "Flag"),
}
REQUIRED = ("period", "flow", "cmd", "value")
FLOWS = {
    "X": ("export", "fob"), "M": ("import", "cif"),
    "RX": ("re_export", "fob"), "RM": ("re_import", "cif"),
    "2": ("export", "fob"), "1": ("import", "cif"),
    "3": ("re_export", "fob"), "4": ("re_import", "cif"),
}  # fmt: skip
# Other spellings of legacy headers, as written in real downloads (lower case).
ALIASES = {"trade flow code": ("tradeflow code",)}
AREAS_FILE = Path(__file__).with_name("codes") / "comtrade_areas.csv"


def _areas() -> tuple[dict[str, tuple[str, bool]], dict[str, str], dict[str, str]]:
    """Comtrade's own areas by its ISO-like code; that code by number and by name."""
    with open(AREAS_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    iso = [r["comtrade_iso"].strip().upper() for r in rows]
    by_iso = {i: (r["code"], r["aggregate"] == "true") for i, r in zip(iso, rows, strict=True)}
    by_num = {r["comtrade_code"].strip(): i for i, r in zip(iso, rows, strict=True)}
    by_name = {r["comtrade_name"].strip(): i for i, r in zip(iso, rows, strict=True)}
    return by_iso, by_num, by_name


# Comtrade's own partner codes that are not ISO 3166, its numbers that are not M49's, and
# the names of its areas (for files without the ISO column).
EXTRA_CODES, NUMERIC_CODES, AREA_NAMES = _areas()
WANTED = {h.lower() for pair in COLUMNS.values() for h in pair if h} | {
    a for alts in ALIASES.values() for a in alts
}
RAIL = "3100"
LICENCE = (
    "UN Comtrade, United Nations Statistics Division; UN Comtrade terms of use "
    '(re-use with attribution: "Source: UN Comtrade")'
)


def sniff(head_text: str) -> bool:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    cols = {c.strip().strip('"').lower() for c in first.replace("\t", ",").split(",")}
    # Identifying columns only: a file missing a required one is still recognised, so the
    # error names the missing column instead of "unrecognised format".
    plus = {"reportercode", "partnercode", "flowcode"}
    legacy = {"trade flow code", "reporter code", "partner code"}
    cols |= {key for key, alts in ALIASES.items() if cols & set(alts)}
    return plus <= cols or legacy <= cols


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """Comtrade CSV/TSV bytes to observations and one source (pure)."""
    text = decode_text(name, raw)
    first = text.split("\n", 1)[0]
    rec = read_records(name, text, "\t" if "\t" in first else ",", columns=WANTED)
    return tidy_records(name, rec, checksum)


def _find(rec: Records, header: str) -> str | None:
    """The file's column for ``header``, or for one of its other spellings."""
    for wanted in (header, *ALIASES.get(header.lower(), ())):
        found = rec.column(wanted)
        if found is not None:
            return found
    return None


def tidy_records(
    name: str, rec: Records, checksum: str = "", *, fmt: str = FORMAT, via: str = ""
) -> Parsed:
    """Comtrade records (text cells, headers as written) to observations (pure).

    ``via`` names the channel in the source's title (``"API"`` for the JSON responses).
    """
    legacy = rec.column("primaryValue") is None and rec.column("Trade Value (US$)") is not None
    col = {
        role: _find(rec, pair[int(legacy)]) if pair[int(legacy)] else None
        for role, pair in COLUMNS.items()
    }
    for role in REQUIRED:
        if col[role] is None:
            rec.need(name, COLUMNS[role][int(legacy)])
    for side in ("reporter", "partner"):
        if col[f"{side}_iso"] is None and col[f"{side}_desc"] is None:
            rec.need(name, COLUMNS[f"{side}_desc"][int(legacy)])
    warnings: list[str] = []
    rec = _drop_breakdowns(name, rec, col, warnings)
    f, row_of = rec.frame, rec.row_of

    start, end = _periods(name, f, col, row_of)
    flow_info = _text(f, col["flow"]).str.upper().map(FLOWS)
    flow = flow_info.map(lambda t: t[0]).to_numpy(dtype=object)
    valuation = _valuation(f, col, flow_info.map(lambda t: t[1]))
    reporter, partner = (
        _side(name, f, col, row_of, "reporter"),
        _side(name, f, col, row_of, "partner"),
    )
    cmd = _text(f, col["cmd"])
    commodity = cmd.where(cmd.str.upper() != "TOTAL", "TOTAL")
    value = numbers(f[str(col["value"])], file=name, column=str(col["value"]), row_of=row_of)
    flag = _text(f, col["estimated_flag"])
    estimated = _text(f, col["is_reported"]).str.lower().isin(["false", "0"])
    estimated |= flag.ne("") & pd.to_numeric(flag, errors="coerce").ne(0)
    rail, all_modes, kg = _modes(name, f, col, row_of)
    tonnage = rail & np.isfinite(kg) & (kg > 0)
    _count(warnings, name, rail & ~tonnage, "railway row(s) without a net weight: no tonnage")
    _count(warnings, name, ~rail & ~all_modes, "row(s) for one other mode of transport skipped")
    source_id = f"{FORMAT}:{slug(file_stem(name), 80)}"
    note = _notes(f, col, commodity, reporter["code"], partner["code"])
    base = pd.DataFrame({
        "reporter": reporter["code"], "partner": partner["code"],
        "partner_aggregate": partner["aggregate"], "flow": flow, "commodity": commodity,
        "period_start": start, "period_end": end, "measure": "level", "comparator": "=",
        "kind": np.where(estimated.to_numpy(dtype=bool), "estimated", "reported"),
        "source_id": source_id,
        "ref": [f"line {n}" for n in row_of], "note": note,
    })  # fmt: skip
    trade = base[all_modes].assign(
        series="trade_value", value=value[all_modes], unit="USD", valuation=valuation[all_modes]
    )
    freight = base[tonnage].assign(
        series="rail_freight",
        value=kg[tonnage] / 1000.0,
        unit="t",
        valuation="unknown",
        note="net weight of goods carried by rail (Comtrade mode 3100), kg / 1000",
    )
    weighed = all_modes & commodity.ne("TOTAL").to_numpy(dtype=bool) & np.isfinite(kg) & (kg > 0)
    wgt_estimated = _text(f, col["wgt_estimated"]).str.lower().isin(["true", "1"])
    quantity = base[weighed].assign(
        series="trade_quantity",
        value=kg[weighed] / 1000.0,
        unit="t",
        valuation="unknown",
        kind=np.where((estimated | wgt_estimated).to_numpy(dtype=bool), "estimated", "reported")[
            weighed
        ],
        note=[
            "; ".join(p for p in ("net weight (Comtrade netWgt), kg / 1000", n) if p)
            for n in note[weighed]
        ],
    )
    table = finish(pd.concat([trade, freight, quantity], ignore_index=True))
    rows = np.concatenate([row_of[all_modes], row_of[tonnage], row_of[weighed]])
    columns = file_columns(
        col["value"],
        reporter=col["reporter_iso"] or col["reporter_desc"],
        partner=col["partner_iso"] or col["partner_desc"],
        partner_aggregate=col["partner_iso"] or col["partner_desc"],
        flow=col["flow"], commodity=col["cmd"], period_start=col["period"],
        period_end=col["period"],
    )  # fmt: skip
    names = sorted(set(_text(f, col["reporter_desc"])) - {""}) or sorted(set(reporter["code"]))
    source = Source(
        source_id=source_id, category="international",
        publisher="United Nations Statistics Division (UN Comtrade)",
        publisher_of_figure="national statistical offices reporting to UN Comtrade",
        title=f"UN Comtrade{' (legacy layout)' if legacy else ''}{' ' + via if via else ''}: "
        "merchandise trade of "
        f"{', '.join(names[:5])} by partner", url="https://comtradeplus.un.org/",
        licence=LICENCE, checksum=checksum, file=name,
    )  # fmt: skip
    return Parsed(name, fmt, table, [source], rows.tolist(), warnings, columns)


def _notes(
    f: pd.DataFrame,
    col: dict[str, str | None],
    commodity: pd.Series,
    reporter: pd.Series,
    partner: pd.Series,
) -> np.ndarray:
    """The HS edition of a product row (codes differ between editions), and a reporter
    that is its own partner (Comtrade's re-imports of the reporter's own goods)."""
    edition = _text(f, col["classification"]).str.upper()
    product = commodity.ne("TOTAL") & edition.str.fullmatch(r"H\d").fillna(False)
    own = reporter.to_numpy(dtype=object) == partner.to_numpy(dtype=object)
    notes = np.where(product.to_numpy(dtype=bool), "HS edition " + edition, "").astype(object)
    for i in np.flatnonzero(own):
        mark = "the reporter is its own partner: goods of its own, re-imported"
        notes[i] = f"{notes[i]}; {mark}" if notes[i] else mark
    return notes


def _text(f: pd.DataFrame, column: str | None) -> pd.Series:
    """A column's stripped text, or blanks when the file has no such column."""
    return f[column].str.strip() if column else pd.Series([""] * len(f), dtype=object)


def _side(
    name: str, f: pd.DataFrame, col: dict[str, str | None], row_of: np.ndarray, side: str
) -> pd.DataFrame:
    """Reporter or partner: the ISO column, else the numeric code, else the name."""
    iso = _text(f, col[f"{side}_iso"])
    desc = _text(f, col[f"{side}_desc"])
    number = _text(f, col[f"{side}_code"])
    if side == "partner":
        iso = iso.where(number != "0", "W00")
    known = iso.str.upper().isin(list(EXTRA_CODES)).to_numpy(dtype=bool).copy()
    known |= iso.map(_is_iso3).to_numpy(dtype=bool)
    # Without a known ISO code: Comtrade's area names, then (with no name) the number.
    area = desc.map(AREA_NAMES).fillna("")
    iso = iso.where(known | area.eq(""), area)
    iso = iso.where(known | area.ne("") | desc.ne("") | number.eq(""), number.map(_from_number))
    return parties(
        iso,
        _text(f, col[f"{side}_desc"]),
        file=name,
        code_column=col[f"{side}_iso"] or str(col[f"{side}_desc"]),
        name_column=col[f"{side}_desc"],
        row_of=row_of,
        extra=EXTRA_CODES,
    )


def _is_iso3(code: str) -> bool:
    return len(code) == 3 and pycountry.countries.get(alpha_3=code.upper()) is not None


def _from_number(number: str) -> str:
    """Comtrade's numeric code as a code :func:`parties` knows, or "" when it is unknown."""
    if number in NUMERIC_CODES:
        return NUMERIC_CODES[number]
    if number.isdigit():
        country = pycountry.countries.get(numeric=number.zfill(3))
        if country is not None:
            return str(country.alpha_3)
    return ""


def _modes(
    name: str, f: pd.DataFrame, col: dict[str, str | None], row_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Railway rows, all-modes rows, and net weight in kg (NaN where blank)."""
    mot, desc = _text(f, col["mot"]).str.upper(), _text(f, col["mot_desc"]).str.lower()
    rail = (mot.eq(RAIL) | desc.eq("railway")).to_numpy(dtype=bool)
    total = mot.isin(["0", "TOTAL"]) | (mot.eq("") & (desc.eq("") | desc.str.startswith("total")))
    kg = (
        numbers(f[col["net_wgt"]], file=name, column=col["net_wgt"], row_of=row_of, blank_ok=True)
        if col["net_wgt"]
        else np.full(len(f), np.nan)
    )
    return rail, ~rail & total.to_numpy(dtype=bool), kg


def _drop_breakdowns(
    name: str, rec: Records, col: dict[str, str | None], warnings: list[str]
) -> Records:
    """Rows that break another row down (second partner, customs procedure, sub-flow).

    Blank flows and commodities are errors here, before any row is dropped.
    """
    f = rec.frame
    keep = np.ones(len(f), dtype=bool)
    for role in ("flow", "cmd"):
        blank = _text(f, col[role]).eq("").to_numpy(dtype=bool)
        fail_at(blank, "value is missing", file=name, row_of=rec.row_of, column=col[role])
    checks = [
        (col["partner2"], lambda s: s.isin(["", "0"]), "row(s) with a second partner skipped"),
        (
            col["customs"],
            lambda s: s.str.upper().isin(["", "C00"]),
            "row(s) for one customs procedure skipped (C00 carries the total)",
        ),
        (
            col["flow"],
            lambda s: s.str.upper().isin(list(FLOWS)),
            "row(s) with another flow code (a subset of exports or imports) skipped",
        ),
    ]
    for column, ok, message in checks:
        if column:
            good = ok(_text(f, column)).to_numpy(dtype=bool)
            _count(warnings, name, keep & ~good, message)
            keep &= good
    return Records(f[keep].reset_index(drop=True), rec.row_of[keep])


def _periods(
    name: str, f: pd.DataFrame, col: dict[str, str | None], row_of: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``2023`` → 2023-01..2023-12; ``202303`` → 2023-03..2023-03."""
    period = f[str(col["period"])].str.strip()
    freq = _text(f, col["freq"]).str.upper()
    annual = period.str.fullmatch(r"\d{4}").to_numpy(dtype=bool)
    monthly = period.str.fullmatch(r"\d{6}").to_numpy(dtype=bool)

    def check(mask: np.ndarray, message: str) -> None:
        fail_at(mask, message, file=name, row_of=row_of, column=col["period"], values=period)

    check(~annual & ~monthly, "{value!r} is not a year (YYYY) or a month (YYYYMM)")
    check(annual & freq.eq("M").to_numpy(dtype=bool), "{value!r} is a year in a monthly row")
    check(monthly & freq.eq("A").to_numpy(dtype=bool), "{value!r} is a month in an annual row")
    year = pd.to_numeric(period.str[:4]).to_numpy(dtype=int)
    month = np.where(monthly, pd.to_numeric(period.str[4:6].where(monthly, "1")), 0)
    check(monthly & ((month < 1) | (month > 12)), "{value!r}: month must be 01 to 12")
    check((year < 1900) | (year > 2100), "{value!r} is not a plausible year")
    years, months = period.str[:4], period.str[4:6].where(pd.Series(monthly), "")
    start = years + "-" + months.where(months.ne(""), "01")
    end = years + "-" + months.where(months.ne(""), "12")
    return start.to_numpy(dtype=object), end.to_numpy(dtype=object)


def _valuation(f: pd.DataFrame, col: dict[str, str | None], usual: pd.Series) -> np.ndarray:
    """The flow's usual valuation unless its column is blank and the other matches."""
    out = usual.to_numpy(dtype=object).copy()
    if not (col["cif"] and col["fob"]):
        return out
    value = pd.to_numeric(f[str(col["value"])].str.strip(), errors="coerce").to_numpy()
    cif = pd.to_numeric(f[col["cif"]].str.strip(), errors="coerce").to_numpy()
    fob = pd.to_numeric(f[col["fob"]].str.strip(), errors="coerce").to_numpy()
    out[(out == "cif") & np.isnan(cif) & (fob == value)] = "fob"
    out[(out == "fob") & np.isnan(fob) & (cif == value)] = "cif"
    return out


def _count(warnings: list[str], name: str, mask: np.ndarray, message: str) -> None:
    if mask.any():
        warnings.append(f"{name}: {int(mask.sum())} {message}")


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
