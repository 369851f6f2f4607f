"""A Comtrade export's fields in the data model's terms: notes, sides, transport modes,
periods and valuation, with a warning counted for each row left out."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pycountry

from data.importers.base import parties
from data.importers.comtrade.layout import AREA_NAMES, EXTRA_CODES, FLOWS, NUMERIC_CODES, RAIL
from data.importers.textio import Records, fail_at, numbers


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
