"""The data model's vocabulary and columns: series, flows, measures, units, the key and the
Arrow schema every store and importer shares."""

from __future__ import annotations

import pyarrow as pa

SERIES = (
    "trade_value",
    "trade_quantity",
    "rail_freight",
    "rail_capacity",
    "transit_rail_instc_east",
    "transit_rail_via_kaz_to_tkm",
    "trade_target",
)
#: Third-country cargo: never mixed with ``rail_freight`` nor with each other.
TRANSIT_SERIES = ("transit_rail_instc_east", "transit_rail_via_kaz_to_tkm")
FLOWS = ("export", "import", "total", "re_export", "re_import")
MEASURES = ("level", "growth_pct_yoy", "multiple", "change_abs", "target", "share_pct")
#: What a ``share_pct`` is a share of; ``""`` on every other measure.
SHARE_OF = ("pair_flow", "partner_product_exports", "other")
TOTAL = "TOTAL"
COMPARATORS = ("=", ">", "<", "~")
UNITS = ("USD", "t", "percent", "ratio")
VALUATIONS = ("fob", "cif", "unknown")
KINDS = ("reported", "estimated", "mirror", "derived")

COLUMNS = (
    "series",
    "reporter",
    "partner",
    "partner_aggregate",
    "flow",
    "commodity",
    "period_start",
    "period_end",
    "measure",
    "share_of",
    "comparator",
    "value",
    "unit",
    "valuation",
    "kind",
    "source_id",
    "ref",
    "note",
)
#: Columns a store written before they existed lacks, with the value its rows take.
ADDED_COLUMNS = {"share_of": ""}

KEY = (
    "series",
    "reporter",
    "partner",
    "flow",
    "commodity",
    "period_start",
    "period_end",
    "measure",
    "share_of",
    "source_id",
)

# Sorting by the pair first keeps one pair's rows in few row groups, so a pair lookup
# reads a sliver of a world-sized file.
SORT_ORDER = ("reporter", "partner", "series", "flow", "commodity", "period_start", "period_end")

_DICT = pa.dictionary(pa.int32(), pa.string())

ARROW_SCHEMA = pa.schema(
    [
        pa.field("series", _DICT, nullable=False),
        pa.field("reporter", _DICT, nullable=False),
        pa.field("partner", _DICT, nullable=False),
        pa.field("partner_aggregate", pa.bool_(), nullable=False),
        pa.field("flow", _DICT, nullable=False),
        pa.field("commodity", _DICT, nullable=False),
        pa.field("period_start", _DICT, nullable=False),
        pa.field("period_end", _DICT, nullable=False),
        pa.field("measure", _DICT, nullable=False),
        pa.field("share_of", _DICT, nullable=False),
        pa.field("comparator", _DICT, nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("unit", _DICT, nullable=False),
        pa.field("valuation", _DICT, nullable=False),
        pa.field("kind", _DICT, nullable=False),
        pa.field("source_id", _DICT, nullable=False),
        pa.field("ref", pa.string(), nullable=False),
        pa.field("note", _DICT, nullable=False),
    ]
)
