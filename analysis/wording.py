"""How numbers, units, comparators and periods read: one module for every page, table,
chart, claim note and command-line table. Pure: values in, text out.

Values arrive in base units (USD, tonnes, percent, ratio; rates as fractions where the
function says so) and leave as text with their unit.
"""

from __future__ import annotations

import math

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The Trade page's flows as titles.
FLOW_TITLES = {
    "turnover": "Turnover",
    "exports": "Exports",
    "imports": "Imports",
    "balance": "Balance (exports − imports)",
}


def money(value: float, unit: str = "USD") -> str:
    """``563000000`` → ``$563M``; tonnes → ``1.30 Mt``; percent → ``+100%``; ratio → ``4×``."""
    if unit == "t":
        return f"{value / 1e6:.2f} Mt"
    if unit == "percent":
        return f"{value:+g}%"
    if unit == "ratio":
        return f"{value:g}×"
    if abs(value) >= 1e9:
        return f"${value / 1e9:.2f}B"
    return f"${value / 1e6:,.1f}M".replace(".0M", "M")


def short_money(value: float, unit: str = "USD") -> str:
    """:func:`money` without a trailing ``.00``: ``$1B`` rather than ``$1.00B``."""
    return money(value, unit).replace(".00B", "B")


def pct(rate: float, signed: bool = False) -> str:
    """``0.28`` → ``28.0%`` (``+28.0%`` when signed)."""
    return f"{rate * 100:+.1f}%" if signed else f"{rate * 100:.1f}%"


def stated_word(comparator: str) -> str:
    return {">": "over ", "<": "under ", "~": "about "}.get(comparator, "")


def count(n: int, noun: str) -> str:
    """``1 pair``, ``816 pairs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def period_label(period_start: str, period_end: str) -> str:
    """``2020-01``/``2020-03`` → ``Q1 2020``; ``2025-01``/``2025-10`` → ``Jan–Oct 2025``."""
    year, m0, m1 = str(period_start)[:4], int(str(period_start)[5:7]), int(str(period_end)[5:7])
    if m1 - m0 == 2 and m0 % 3 == 1:
        return f"Q{(m0 + 2) // 3} {year}"
    if m0 == m1:
        return f"{MONTHS[m0 - 1]} {year}"
    return f"{MONTHS[m0 - 1]}–{MONTHS[m1 - 1]} {year}"


def month_window_label(start: str, end: str) -> str:
    """``2023-01``..``2023-12`` → ``2023``; ``2020-01``..``2020-07`` → ``Jan–Jul 2020``."""
    if start[:4] == end[:4] and start[5:] == "01" and end[5:] == "12":
        return start[:4]
    if start[:4] == end[:4]:
        a, b = MONTHS[int(start[5:]) - 1], MONTHS[int(end[5:]) - 1]
        return f"{a} {start[:4]}" if a == b else f"{a}–{b} {start[:4]}"
    return f"{start}–{end}"


def unit_value(value: object, unit: str, *, signed: bool = False) -> str:
    """A value in its unit for a table cell; ``""`` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)  # type: ignore[arg-type]
    sign = "+" if signed and v > 0 else ""
    if unit == "percent":
        return f"{sign}{v:.1f}%" if not signed else f"{sign}{v:.1f} pp"
    if unit == "ratio":
        return f"{sign}{v:.2f}×"
    text = money(abs(v), unit)
    return ("−" if v < 0 else sign) + text
