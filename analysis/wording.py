"""How numbers, units, comparators and periods read: one module for every page, table,
chart, claim note and command-line table. Pure: values in, text out; nothing parses the
text back.

Values arrive in base units (``USD``, ``t``, ``percent``, ``ratio``; rates as fractions
where the function says so). The forms, by magnitude:

* US dollars: billions with two decimals from $1B (``$1.50B``), millions with one below
  (``$439.8M``), thousands with one below $1M (``$25.3K``), whole dollars below $1K.
* Tonnes: million tonnes from 1 Mt, with two or three decimals (``1.30 Mt``,
  ``1.245 Mt``), whole tonnes below (``272,960 t``).
* A value that is whole at that precision drops its decimals (``$1B``, ``$563M``,
  ``15 Mt``); a range reads both ends in the scale of the larger (``0.95 Mt–1.05 Mt``).
* Percent: one decimal (``28.0%``); ratios two and a times sign (``3.86×``).
* Signs: ``+`` when asked for, and the minus sign ``−`` (U+2212, as the charts' axes use)
  on every negative value.
* Comparators: ``above``, ``below``, ``about``; exact figures carry no word.
* Periods: ``2023``, ``2019–2023``, ``Q1 2024``, ``Mar 2024``, ``Jan–Sep 2025``,
  ``Nov 2023–Feb 2024``.

Missing values (``None``, NaN) read as ``""`` (a blank cell); infinite ones as
``unbounded``.
"""

from __future__ import annotations

import math

from analysis import periods

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MINUS = "−"
COMPARATOR_WORDS = {"=": "", "~": "about ", ">": "above ", "<": "below "}
#: The Trade page's flows as titles.
FLOW_TITLES = {
    "turnover": "Turnover",
    "exports": "Exports",
    "imports": "Imports",
    "balance": "Balance (exports − imports)",
}
#: Internal names (series, sources, methods, columns, terms) in the words a reader sees on
#: a page, a table header, a select box or a figure. The URL and the command line keep the
#: names; every page reads them here, through :func:`label`.
LABELS = {
    # series
    "trade_value": "trade turnover (USD)",
    "rail_freight": "rail freight (tonnes)",
    "rail_capacity": "rail line capacity (tonnes a year)",
    "trade_target": "stated trade target",
    "trade_quantity": "traded quantity",
    # sources and aggregates
    "imf_dots": "IMF Direction of Trade Statistics",
    "AGG_EMDE": "emerging and developing economies (IMF group)",
    # simulation methods
    "pooled": "similar earlier cases (pooled)",
    "parametric": "steady growth with its past spread",
    "bootstrap": "past years' growth drawn again",
    "random_walk": "no trend, typical swings",
    # terms
    "seed": "draw number",
    "nowcast": "full-year estimate",
    "flat_share": "months elapsed as a share of the year (no earlier figures for this window)",
    "tension": "close call",
    "contradiction": "contradiction",
    "pp": "percentage points",
    "embedded": "data shipped with the app",
    "user": "user store",
    # columns of the Trade series table
    "kind": "figure is",
    "side": "whose records",
    "method": "how it was derived",
}


def label(name: object) -> str:
    """An internal name in plain words (:data:`LABELS`); a name without one reads as itself."""
    return LABELS.get(str(name), str(name))


#: Trade values by flow, as a claim or a table names them.
_TRADE_FLOWS = {"total": "trade turnover", "export": "exports", "import": "imports"}


def series_label(series: str, flow: str = "total") -> str:
    """A series and flow in words: ``trade turnover (USD)``, ``exports (USD)``,
    ``rail freight (tonnes)``; another flow of another series follows after a comma."""
    if series == "trade_value" and flow in _TRADE_FLOWS:
        return f"{_TRADE_FLOWS[flow]} (USD)"
    return label(series) if flow in ("total", "") else f"{label(series)}, {flow}"


#: (scale, suffix, most decimals, fewest decimals) of each unit's scales, largest first.
_SCALES = {
    "USD": ((1e9, "B", 2, 2), (1e6, "M", 1, 1), (1e3, "K", 1, 1), (1.0, "", 0, 0)),
    "t": ((1e6, " Mt", 3, 2), (1.0, " t", 0, 0)),
}
_PREFIX = {"USD": "$", "t": ""}
_Scale = tuple[float, str, int, int]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _fixed(x: float, most: int, fewest: int) -> str:
    """``x`` with thousands separators and up to ``most`` decimals, trailing zeros dropped
    down to ``fewest``; no decimals at all when the value is whole at that precision."""
    whole, _, frac = f"{x:,.{most}f}".partition(".")
    if not frac.strip("0"):
        return whole
    return f"{whole}.{frac.rstrip('0').ljust(fewest, '0')}"


def _scale(v: float, unit: str) -> _Scale:
    """The scale a magnitude ``v`` (≥ 0) reads in: the largest it rounds to one of."""
    scales = _SCALES[unit]
    return next((sc for sc in scales if round(v / sc[0], sc[2]) >= 1), scales[-1])


def _text(v: float, unit: str, signed: bool, scale: _Scale | None = None) -> str:
    a = abs(v)
    if unit in _SCALES:
        factor, suffix, most, fewest = scale or _scale(a, unit)
        body = f"{_PREFIX[unit]}{_fixed(a / factor, most, fewest)}{suffix}"
    elif unit == "percent":
        body = f"{a:,.1f}%"
    elif unit == "ratio":
        body = f"{a:,.2f}×"
    else:
        body = f"{a:,.4g} {unit}"
    if not any(ch in "123456789" for ch in body):
        return body  # a value that rounds to zero has no sign
    return (MINUS if v < 0 else "+" if signed and v > 0 else "") + body


def amount(value: object, unit: str = "USD", *, signed: bool = False) -> str:
    """A value in its unit: ``$563M``, ``1.30 Mt``, ``272,960 t``, ``28.0%``, ``3.86×``.

    ``signed`` puts ``+`` before positive values (growth rates, differences).
    """
    if _missing(value):
        return ""
    v = float(value)  # type: ignore[arg-type]
    return "unbounded" if math.isinf(v) else _text(v, unit, signed)


def difference(value: object, unit: str, points: str = "pp") -> str:
    """A signed difference of two values in ``unit``; of percentages, in points: ``+2.0 pp``
    (the pages pass ``points=label("pp")``: ``+2.0 percentage points``)."""
    text = amount(value, unit, signed=True)
    return text[:-1] + f" {points}" if unit == "percent" and text.endswith("%") else text


def rate(fraction: float, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``0.122`` → ``12.2%`` (``+28.0%`` when signed)."""
    return amount(fraction * 100, "percent", signed=signed)


def probability(p: float | None) -> str:
    """A probability as a whole percentage: ``0.734`` → ``73%``; ``""`` when missing."""
    return "" if p is None or _missing(p) else f"{p:.0%}"


def count(n: int, noun: str) -> str:
    """``1 pair``, ``816 pairs``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def stated(value: object, unit: str, comparator: str = "=", *, signed: bool = False) -> str:
    """A figure as stated: ``$563M``, ``above $100M``, ``about 1.30 Mt``."""
    return COMPARATOR_WORDS.get(comparator, f"{comparator} ") + amount(value, unit, signed=signed)


def span(lo: float, hi: float, unit: str, *, signed: bool = False) -> str:
    """A range: ``$556.9M–$569.1M``; open on one side: ``above $100M``; a point: itself."""
    if math.isinf(hi) and math.isinf(lo):
        return "unbounded"
    if math.isinf(hi):
        return stated(lo, unit, ">", signed=signed)
    if math.isinf(lo):
        return stated(hi, unit, "<", signed=signed)
    # Both ends in the scale of the larger, so a range never mixes "t" and "Mt".
    scale = _scale(max(abs(lo), abs(hi)), unit) if unit in _SCALES else None
    a, b = _text(lo, unit, signed, scale), _text(hi, unit, signed, scale)
    return a if a == b else f"{a}–{b}"


def years(start_year: int, end_year: int) -> str:
    """A window of whole years: ``2019–2023``; one year alone, ``2023``."""
    return period(periods.year_window(start_year)[0], periods.year_window(end_year)[1])


def period(start: str, end: str, *, with_year: bool = True) -> str:
    """A window of months: ``2023``, ``2019–2023``, ``Q1 2024``, ``Mar 2024``,
    ``Jan–Sep 2025``, ``Nov 2023–Feb 2024``. Without the year (``with_year=False``) a window
    within one year reads ``Q1``, ``Jan–Sep``, ``Mar`` or ``full year``."""
    w = periods.window(start, end)
    y0, y1 = w.first_year, w.last_year
    if w.whole_years:
        if not with_year and w.within_year:
            return "full year"
        return str(y0) if w.within_year else f"{y0}–{y1}"
    m0, m1 = MONTHS[periods.month_of_year(w.start) - 1], MONTHS[periods.month_of_year(w.end) - 1]
    if not w.within_year:
        return f"{m0} {y0}–{m1} {y1}"
    months = m0 if w.months == 1 else f"{m0}–{m1}"
    if w.quarter is not None:
        months = f"Q{w.quarter}"
    return f"{months} {y0}" if with_year else months


def figure(
    value: object, unit: str, comparator: str, start: str, end: str, *, signed: bool = False
) -> str:
    """(value, unit, comparator, window) as one phrase: ``Q1 2024: above $100M``."""
    return f"{period(start, end)}: {stated(value, unit, comparator, signed=signed)}"


def base_from_growth(value: object, unit: str, growth_pct: float) -> str:
    """How a level a year earlier follows from a level and its growth, in words:
    ``$563M / (1 + 28.0%)``; ``1.30 Mt / (1 − 5.0%)`` for a fall."""
    sign = MINUS if growth_pct < 0 else "+"
    return f"{amount(value, unit)} / (1 {sign} {amount(abs(growth_pct), 'percent')})"
