"""World Bank WITS trade data downloads (UN Comtrade data served by WITS), CSV.

Columns, matched case-insensitively: ``ReporterISO3``, ``ReporterName``, ``PartnerISO3``,
``PartnerName``, ``Year``, ``TradeFlowName``, ``TradeFlowCode``, ``ProductCode``,
``ProductDescription``, ``TradeValue in 1000 USD``, ``NetWeight in KGM``, ``Quantity``,
``QtyUnit``.

Units and policies, each on purpose:

* ``TradeValue in 1000 USD`` is thousands of US dollars: stored × 1000 in USD. Thousands
  separators (``"1,234.5"``) are read. A blank value is no observation (skipped, counted
  in a warning). Net weight and quantity are not stored: WITS gives no transport mode.
* Annual data only: ``Year`` 2023 → 2023-01..2023-12.
* ``TradeFlowName`` ``Export``, ``Gross Exp.`` and ``Gross Exports`` (WITS spells it both
  ways) → export (FOB); ``Import``, ``Gross Imp.`` and ``Gross Imports`` → import (CIF);
  ``Re-Export``/``Re-Import`` kept apart. Where the name is blank or not one of these,
  ``TradeFlowCode`` decides (1–4, Comtrade's codes; 5 and 6, WITS's gross imports and
  exports); a file may carry either column or both. Other flows are skipped with a
  warning naming them, and a file of nothing else is refused.
* ``ProductCode`` ``Total``/``TOTAL``/``999999`` (all products) → ``TOTAL``; any other
  code is kept as the ``commodity``, never added into the total.
* Reporter and partner: the ISO3 column when it is a known code (``WLD`` is the World,
  an aggregate), else WITS's own codes below, else the name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.importers.base import Parsed, file_columns, file_stem, finish, parties, skipped
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

FORMAT = "wits"
VALUE = "TradeValue in 1000 USD"
FLOW_NAMES = {
    "export": ("export", "fob"), "gross exp.": ("export", "fob"),
    "gross exports": ("export", "fob"),
    "import": ("import", "cif"), "gross imp.": ("import", "cif"),
    "gross imports": ("import", "cif"),
    "re-export": ("re_export", "fob"), "re-import": ("re_import", "cif"),
}  # fmt: skip
# Comtrade's codes 1–4, and WITS's own for its gross flows (5 Gross Imp., 6 Gross Exp.).
FLOW_CODES = {
    "1": "import", "2": "export", "3": "re-export", "4": "re-import",
    "5": "gross imp.", "6": "gross exp.",
}  # fmt: skip
TOTAL_CODES = ("TOTAL", "999999")
# WITS codes that are not ISO 3166 alpha-3.
EXTRA_CODES = {
    "ROM": ("ROU", False), "ZAR": ("COD", False), "TMP": ("TLS", False),
    "SER": ("SRB", False), "MNT": ("MNE", False), "KSV": ("XKX", False),
    "EUN": ("AGG_EU", True), "UNS": ("AGG_NSPEC", True),
}  # fmt: skip
LICENCE = (
    "World Bank, World Integrated Trade Solution (WITS), data from UN Comtrade; "
    "WITS terms of use (re-use with attribution)"
)


def sniff(head_text: str) -> bool:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    cols = {c.strip().strip('"').lower() for c in first.split(",")}
    # Identifying columns only, so a file missing another one gets an error naming it.
    return {"reporteriso3", "partneriso3", "productcode"} <= cols


def read(path: Path) -> tuple[bytes, str]:
    """File content (gzip decompressed, size capped) and its on-disk checksum (I/O only)."""
    return read_payload(path)


def tidy(name: str, raw: bytes, checksum: str = "") -> Parsed:
    """WITS CSV bytes to observations and one source (pure)."""
    return tidy_records(name, read_records(name, decode_text(name, raw)), checksum)


def tidy_records(
    name: str, rec: Records, checksum: str = "", *, fmt: str = FORMAT, via: str = "CSV"
) -> Parsed:
    """WITS rows as text cells in the CSV download's columns to observations (pure).

    ``via`` names the channel in the source's title (``"SDMX"`` for API messages).
    """
    value_col = rec.need(name, VALUE)
    year_col, product_col = rec.need(name, "Year"), rec.need(name, "ProductCode")
    rep_iso, rep_name = rec.column("ReporterISO3"), rec.column("ReporterName")
    par_iso, par_name = rec.column("PartnerISO3"), rec.column("PartnerName")
    if not (rep_iso or rep_name):
        rec.need(name, "ReporterISO3")
    if not (par_iso or par_name):
        rec.need(name, "PartnerISO3")
    name_col, code_col = rec.column("TradeFlowName"), rec.column("TradeFlowCode")
    flow_col = name_col or code_col or rec.need(name, "TradeFlowName", "TradeFlowCode")
    f0 = rec.frame
    none = pd.Series([""] * len(f0), dtype=object)
    as_written = f0[name_col].str.strip() if name_col else none
    by_name = as_written.str.lower()
    codes = f0[code_col].str.strip() if code_col else none
    by_code = codes.map(lambda c: FLOW_CODES.get(c, ""))
    # The name where it is one WITS uses, else the code's flow.
    flow_text = by_name.where(by_name.isin(list(FLOW_NAMES)), by_code)
    fail_at(
        (by_name.eq("") & codes.eq("")).to_numpy(dtype=bool),
        "value is missing",
        file=name,
        row_of=rec.row_of,
        column=flow_col,
    )
    known = flow_text.isin(list(FLOW_NAMES)).to_numpy(dtype=bool)
    blank = f0[value_col].str.strip().eq("").to_numpy(dtype=bool)
    shown = as_written.where(as_written.ne(""), codes)
    warnings = [
        f"{name}: {w}"
        for w in (
            skipped("with an unknown trade flow", ~known, shown),
            skipped("without a value", known & blank),
        )
        if w
    ]
    keep = known & ~blank
    f, row_of = f0[keep].reset_index(drop=True), rec.row_of[keep]
    flows = flow_text[keep].reset_index(drop=True)
    year = f[year_col].str.strip()
    fail_at(
        ~year.str.fullmatch(r"(19|20)\d{2}").to_numpy(dtype=bool),
        "{value!r} is not a year (YYYY)",
        file=name,
        row_of=row_of,
        column=year_col,
        values=year,
    )
    product = f[product_col].str.strip()
    fail_at(
        product.eq("").to_numpy(dtype=bool),
        "value is missing",
        file=name,
        row_of=row_of,
        column=product_col,
    )
    value = numbers(f[value_col], file=name, column=value_col, row_of=row_of, thousands=True)

    reporter, partner = (
        parties(
            f[iso] if iso else pd.Series([""] * len(f)),
            f[nm] if nm else None,
            file=name,
            code_column=iso or str(nm),
            name_column=nm,
            row_of=row_of,
            extra=EXTRA_CODES,
        )
        for iso, nm in ((rep_iso, rep_name), (par_iso, par_name))
    )
    source_id = f"{FORMAT}:{slug(file_stem(name), 80)}"
    table = finish(pd.DataFrame({
        "series": "trade_value", "reporter": reporter["code"], "partner": partner["code"],
        "partner_aggregate": partner["aggregate"],
        "flow": flows.map(lambda s: FLOW_NAMES[s][0]),
        "commodity": product.where(~product.str.upper().isin(TOTAL_CODES), "TOTAL"),
        "period_start": year + "-01", "period_end": year + "-12", "measure": "level",
        "comparator": "=", "value": scaled(value, f[value_col], 1000.0), "unit": "USD",
        "valuation": flows.map(lambda s: FLOW_NAMES[s][1]), "kind": "reported",
        "source_id": source_id, "ref": [f"line {n}" for n in row_of], "note": "",
    }))  # fmt: skip
    columns = file_columns(
        value_col, reporter=rep_iso or rep_name, partner=par_iso or par_name,
        partner_aggregate=par_iso or par_name, flow=flow_col, commodity=product_col,
        period_start=year_col, period_end=year_col,
    )  # fmt: skip
    names = sorted(set(f[rep_name].str.strip()) - {""}) if rep_name else []
    source = Source(
        source_id=source_id, category="international", publisher="World Bank (WITS)",
        publisher_of_figure="UN Comtrade, via World Integrated Trade Solution",
        title=f"WITS trade data ({via}): {', '.join(names[:5]) or 'merchandise trade'} by "
        "partner, thousands of US dollars", url="https://wits.worldbank.org/", licence=LICENCE,
        checksum=checksum, file=name,
    )  # fmt: skip
    return Parsed(name, fmt, table, [source], row_of.tolist(), warnings, columns)


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
