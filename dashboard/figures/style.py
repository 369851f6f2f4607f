"""What every figure shares: the palette, the scale of the y axis, the common layout.

Colours: the Okabe–Ito palette, safe for the common kinds of colour blindness. Values
arrive in base units (USD, tonnes) and are drawn in millions; the Trade and Overview
series of a pair too small for millions in thousands or units (:func:`axis_scale`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
SCALE = 1e6
#: Legends above the plot, left-aligned: below it, a legend that wraps on a phone (390 px)
#: lands on the x axis' title ("Exports" over "year" read "Exyearts").
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0}
LAYOUT = {
    "xaxis_title": "year",
    "hovermode": "closest",
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": LEGEND,
}


#: Ticks of an axis in millions, grouped ("40,000"): plotly's own "40k" on a "USD million"
#: axis read as forty thousand (KAZ–CHN's turnover is 30,060 USD million).
MILLIONS_TICKS = ","


def axis_label(unit: str) -> str:
    """The title of an axis in millions (:func:`axis_scale`'s first scale)."""
    return axis_scale((SCALE,), unit)[1]


#: An axis' scales, largest first: (divisor, word). Millions unless the largest value
#: is under 0.1 million: Kazakhstan–Eswatini's imports ($31K at most) read "0.03" on a
#: "USD million" axis, and "31" on a "USD thousand" one.
AXIS_SCALES = ((1e6, "million"), (1e3, "thousand"), (1.0, ""))


def axis_scale(values: Iterable[Any], unit: str) -> tuple[float, str]:
    """``(divisor, axis title)`` for ``values`` in base units (``unit``: ``USD`` or ``t``):
    millions while the largest absolute value is at least 0.1 million, else thousands
    while it is at least 100, else the unit itself. No finite value → millions."""
    finite = [abs(float(v)) for v in values if v is not None and math.isfinite(float(v))]
    top = max(finite, default=SCALE)
    divisor, word = next(((d, w) for d, w in AXIS_SCALES if top >= d / 10), AXIS_SCALES[-1])
    if unit == "t":
        return divisor, f"{word} tonnes".strip()
    return divisor, f"{unit} {word}".strip()


def scaled(values: Iterable[Any]) -> list[float]:
    """Base units to the axis' millions, as a plain list (the figure JSON stays plain)."""
    return [float(v) / SCALE for v in values]


def gapped(
    years: list[int], values: list[float], texts: list[str]
) -> tuple[list[int], list[float | None], list[str]]:
    """Insert a ``None`` value after each break in the years, so a line is not drawn across
    years without a figure (plotly leaves a gap at ``None``; ``connectgaps`` stays off)."""
    xs: list[int] = []
    ys: list[float | None] = []
    ts: list[str] = []
    for i, (x, y, t) in enumerate(zip(years, values, texts, strict=True)):
        if i and x - years[i - 1] > 1:
            xs.append(years[i - 1] + 1)
            ys.append(None)
            ts.append("")
        xs.append(x)
        ys.append(y)
        ts.append(t)
    return xs, ys, ts
