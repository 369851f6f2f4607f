"""The layout of a Comtrade export: its columns and their aliases, its flows, the area codes
and the licence."""

from __future__ import annotations

import csv
from pathlib import Path

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


AREAS_FILE = Path(__file__).parent.with_name("codes") / "comtrade_areas.csv"


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
