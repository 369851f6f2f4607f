"""What mutations draw from: values, periods, codes, names; and the :class:`Case` a strategy
returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from data import schema

VALUES = (
    "nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "--", "-", "",
    " ", "-5", "-0.0", "0", "1,234", "1,234.5", "1.2.3", "0x1F", "1_000", "١٢٣", "null",
    "N/A", "n/a", "TRUE", "=1+1", '"', '"unclosed', "\x00", "é", "\ufeff1", "12 e",
    "99999999999999999999999999", "-1e308", "1e308", "2023", "KAZ", "x" * 300,
)  # fmt: skip
PERIODS = (
    "2023-13", "2023-00", "0000-01", "99999-01", "202313", "202300", "0000", "99999",
    "2023-M13", "2023-M00", "2023-Q5", "2023-Q0", "0", "-2023", "2023", "202303", "2023-03",
    "2023-3", "1899", "2101", "9999-12", "2023-12-01", "2023/03", "", "0001-01", "2024-01",
)  # fmt: skip
COUNTRIES = (
    "Atlantis", "XXX", "ZZZ", "kaz", "KAZ", "TKM", "", "0", "W00", "G001", "WLD", "EUN", "_X",
    "World", "Côte d'Ivoire", "C\xf4te", "Turkmenistan", "AGG_EU", "A", "123",
    "KAZ: Kazakhstan", "Kazakhstan, Rep. of", "Nowhere, Rep. of", "ROM", "UNS",
)  # fmt: skip
FLOWS = (
    "X", "M", "RX", "RM", "1", "2", "3", "4", "5", "export", "import", "total", "Export",
    "Gross Imp.", "re_export", "EXPORT", "", "XG_FOB_USD", "MG_CIF_USD", "TBG_USD", "x",
)  # fmt: skip
UNITS = (
    "USD_million", "USD", "kg", "t", "", "furlongs", "percent", "ratio", "6", "Millions",
    "-3", "99", "abc", "USD: US dollar", "EUR",
)  # fmt: skip
_SCHEMA_CODES = (
    schema.SERIES, schema.MEASURES, schema.COMPARATORS, schema.VALUATIONS, schema.KINDS,
)  # fmt: skip
ENUMS = (
    *(v for allowed in _SCHEMA_CODES for v in allowed),
    "A", "Q", "M", "true", "false", "maybe", "official", "press", "gossip", "C00", "TOTAL",
)  # fmt: skip
INVALID_UTF8 = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82")
HUGE = 5 * 1024 * 1024
NAME_STEMS = ("fuzz", "x" * 200, "Ünïcödé", "my file (1)", ".hidden", "_", "DOTS_2023", "a.b.c")


@dataclass
class Case:
    """One fuzzed file: its name and bytes, the edits behind it, and a patched gzip cap."""

    fmt: str
    name: str
    payload: bytes
    ops: list[str] = field(default_factory=list)
    cap: int | None = None
    # A valid file in another dress (quoting, BOM, gzip, fewer rows): it must import.
    valid: bool = False

    def __repr__(self) -> str:
        return f"Case({self.fmt}, {self.name!r}, {len(self.payload)} bytes, ops={self.ops})"


def pool_for(column: str) -> tuple[str, ...]:
    """Values worth trying in a column, judged from its name."""
    c = column.lower()
    if any(k in c for k in ("value", "wgt", "qty", "weight")):
        return VALUES
    if any(k in c for k in ("period", "year", "time", "published")):
        return PERIODS
    if any(k in c for k in ("iso", "country", "reporter", "partner", "desc", "name")):
        return COUNTRIES
    if any(k in c for k in ("flow", "indicator")):
        return FLOWS
    if any(k in c for k in ("unit", "scale", "mult")):
        return UNITS
    return ENUMS + VALUES


# -- table edits ---------------------------------------------------------------------------


@st.composite
def cell_value(draw: st.DrawFn, column: str) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=12))
    return draw(st.sampled_from(pool_for(column)))
