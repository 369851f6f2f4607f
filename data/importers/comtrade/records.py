"""Reading a Comtrade export into observations: sniff, read, tidy and load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.importers.base import Parsed, file_columns, file_stem, finish
from data.importers.comtrade.fields import (
    _count,
    _drop_breakdowns,
    _modes,
    _notes,
    _periods,
    _side,
    _text,
    _valuation,
)
from data.importers.comtrade.layout import ALIASES, COLUMNS, FLOWS, LICENCE, REQUIRED, WANTED
from data.importers.textio import Records, decode_text, numbers, read_payload, read_records
from data.provenance import Source, slug

FORMAT = "comtrade"


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


def load(path: Path) -> Parsed:
    return tidy(path.name, *read(path))
