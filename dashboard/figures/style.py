"""What every figure shares: the palette, the scale of the y axis, the common layout.

Colours: the Okabe–Ito palette, safe for the common kinds of colour blindness. Values
arrive in base units (USD, tonnes) and are drawn in millions.
"""

from __future__ import annotations

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
LAYOUT = {
    "xaxis_title": "year",
    "hovermode": "closest",
    "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
    "legend": {"orientation": "h", "y": -0.2},
}


def axis_label(unit: str) -> str:
    return "million tonnes" if unit == "t" else f"{unit} million"


def scaled(values: Iterable[Any]) -> list[float]:
    """Base units to the axis' millions, as a plain list (the figure JSON stays plain)."""
    return [float(v) / SCALE for v in values]
