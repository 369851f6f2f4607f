"""An amount typed by a person: ``1e9``, ``1 bn``, ``1,000,000,000``, ``1000M``, ``$1.5B``.

The scenario page's target and the command line's ``--target`` read through
:func:`parse_amount`, so both accept the same spellings and refuse the same mistakes with
the same reason. A value that cannot be read exactly is refused, never guessed: ``1,5``
(a decimal comma or a misplaced thousands separator) is an error, not 15 or 1.5.
"""

from __future__ import annotations

import math
import re

#: Scale words and letters, lower case, with their multiplier.
SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
    "tn": 1e12, "trillion": 1e12,
}  # fmt: skip
#: Unit words a person may add, by the unit of the amount.
UNIT_WORDS = {"USD": ("usd", "us$", "$"), "t": ("tonnes", "tons", "t")}
_NUMBER = re.compile(
    r"""(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d*)?   # 1,000,000 or 1,000.5
        |\d+\.?\d*|\.\d+)                       # 1000, 1000., 1.5, .5
        (?:[eE](?P<exp>[+-]?\d+))?$""",
    re.VERBOSE,
)
_SPLIT = re.compile(r"^(?P<num>[0-9.,eE+-]+?)\s*(?P<scale>[a-z]*)$")


class AmountError(ValueError):
    """A typed amount that cannot be read; the message says why and what is accepted."""


ACCEPTED = "a number such as 1e9, 1 bn, 1,000,000,000 or 1000M"


def parse_amount(text: object, unit: str = "USD") -> float:
    """The value of ``text`` in base units (US dollars, tonnes), above zero.

    Accepted: digits with an optional decimal point (``1000000000``, ``1.5``), commas
    grouping thousands (``1,000,000,000``), an exponent (``1e9``), a scale (``k``,
    ``M``/``mn``/``million``, ``B``/``bn``/``billion``, ``tn``/``trillion``; ``Mt`` for
    tonnes) and the unit (``$``, ``USD``; ``t``); a space groups thousands or sets off the
    scale. ``AmountError`` for anything else, for zero, a negative, or a value too large
    to be a trade figure.
    """
    raw = str(text if text is not None else "").strip()
    if not raw:
        raise AmountError(f"the amount is empty: type {ACCEPTED}")
    # A space between digits groups thousands (1 000 000) or is a mistake (1 5).
    s = re.sub(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))", ",", raw.lower())
    if re.search(r"\d\s+\d", s):
        raise AmountError(f"{raw!r}: a space between digits groups thousands in threes")
    s = re.sub(r"\s+", "", s)
    for word in UNIT_WORDS.get(unit, ()):  # "$1bn", "1bn USD", "1.5 Mt" → "1.5m"
        s = s.removeprefix(word) if word.endswith("$") else s.removesuffix(word)
    if s.startswith("-"):
        raise AmountError(f"{raw!r} is negative: a target is above zero")
    m = _SPLIT.match(s)
    if not m:
        raise AmountError(f"{raw!r} is not {ACCEPTED}")
    num, scale = m["num"], m["scale"]
    if scale and scale not in SCALES:
        raise AmountError(
            f"{raw!r}: {scale!r} is not a scale (k, M, bn, tn, thousand, million, billion)"
        )
    n = _NUMBER.match(num.lstrip("+"))
    if not n:
        if re.fullmatch(r"\d+,\d{1,2}|\d+(,\d+)+", num):
            raise AmountError(
                f"{raw!r}: commas group thousands in threes (1,000,000); "
                "write a decimal with a point (1.5)"
            )
        raise AmountError(f"{raw!r} is not {ACCEPTED}")
    mantissa = n["digits"].replace(",", "")
    value = float(f"{mantissa}e{n['exp'] or 0}") * SCALES.get(scale, 1.0)  # inf, not an error
    if not math.isfinite(value) or value > 1e15:
        raise AmountError(f"{raw!r} is too large: at most 1e15")
    if value <= 0:
        raise AmountError(f"{raw!r} is zero: a target is above zero")
    return value


def plain(value: float) -> str:
    """The numeric form of an amount for a URL or a file: ``1000000000``, ``2.5``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def grouped(value: float) -> str:
    """An amount with thousands separators: ``1,000,000,000``; decimals kept if any."""
    v = float(value)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,}"
