"""Which unit a figure is in: the one rule, used by validation, reconciliation, the claims
checker and the pages.

An amount (a ``level``, a ``target``, a ``change_abs``) is in the unit of its series:
US dollars for trade values and targets, tonnes for quantities, freight, capacity and
transit. A growth rate or a share is in percent and a multiple is a ratio, whatever the
series.
"""

from __future__ import annotations

#: The unit of each series' amounts.
SERIES_UNITS = {
    "trade_value": "USD",
    "trade_quantity": "t",
    "trade_target": "USD",
    "rail_freight": "t",
    "rail_capacity": "t",
    "transit_rail_instc_east": "t",
    "transit_rail_via_kaz_to_tkm": "t",
}
#: Measures whose unit does not depend on the series.
MEASURE_UNITS = {
    "growth_pct_yoy": "percent",
    "multiple": "ratio",
    "share_pct": "percent",
}


def unit_of(series: str, measure: str = "level") -> str:
    """The unit of a figure of ``series`` and ``measure``; ``ValueError`` naming an unknown
    series."""
    if measure in MEASURE_UNITS:
        return MEASURE_UNITS[measure]
    try:
        return SERIES_UNITS[series]
    except KeyError:
        known = ", ".join(SERIES_UNITS)
        raise ValueError(f"unknown series {series!r} (known: {known})") from None
