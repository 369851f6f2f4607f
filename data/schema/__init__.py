"""The tradedash data model: one table of observations, one list of sources.

An *observation* is one number that one source states about the trade (or the rail
freight, or a target) between a reporter and a partner over a window of months.

| column              | type    | meaning |
|---------------------|---------|---------|
| series              | str     | what is measured: ``trade_value`` (goods, USD), ``trade_quantity`` (tonnes of one product traded between the pair), ``rail_freight`` (tonnes moved by rail between the pair), ``rail_capacity`` (line capacity, tonnes a year), ``transit_rail_instc_east`` (third-country transit on the North–South corridor's eastern branch) and ``transit_rail_via_kaz_to_tkm`` (third-country rail cargo through Kazakhstan to Turkmenistan): transit is never mixed with rail_freight, nor one transit series with the other; ``trade_target`` (a stated political target) |
| reporter, partner   | str     | ISO 3166 alpha-3, or a documented code for aggregates and historical economies (see ``data.countries``) |
| partner_aggregate   | bool    | the partner is a group (World, a region) rather than one economy |
| flow                | str     | ``export`` (reporter → partner), ``import`` (partner → reporter), ``total`` (turnover = exports + imports), ``re_export``, ``re_import`` (kept apart, never added to the others) |
| commodity           | str     | ``TOTAL`` for all goods, else an HS code (``1001`` wheat) or a group of them (``1001+1101`` wheat and flour, ``HS01-24`` HS chapters 01–24, agri-food); a product's figures are never added into ``TOTAL`` |
| period_start        | str     | first month of the window, ``YYYY-MM`` |
| period_end          | str     | last month of the window, inclusive, ``YYYY-MM``; a calendar year is ``YYYY-01``..``YYYY-12`` |
| measure             | str     | ``level``, ``growth_pct_yoy`` (against the same window a year earlier), ``multiple`` (end level ÷ start level over the window), ``change_abs`` (against the same window a year earlier), ``target``, ``share_pct`` (a percentage of the whole that ``share_of`` names) |
| share_of            | str     | only for ``share_pct`` (``""`` otherwise): ``pair_flow`` (share of the pair's flow in that direction, all goods: agri-food is over 30 % of Kazakh exports to Turkmenistan), ``partner_product_exports`` (share of the partner's exports of that product that go to the reporter), ``other`` (the note says of what) |
| comparator          | str     | ``=`` exact, ``>`` above, ``<`` below, ``~`` approximately |
| value               | float64 | in base units: USD (not millions), tonnes (not millions), percent, ratio |
| unit                | str     | ``USD``, ``t``, ``percent``, ``ratio`` |
| valuation           | str     | ``fob``, ``cif`` or ``unknown`` |
| kind                | str     | ``reported`` (as published), ``estimated`` (the publisher's own estimate), ``mirror`` (built from the other side's records), ``derived`` (computed here; the note says how) |
| source_id           | str     | key into the sources list |
| ref                 | str     | where in the source the number stands (row id, sheet and cell) |
| note                | str     | scope remarks in plain words ("" when none) |

The unique key is :data:`KEY`: the same figure (what, who, when, which measure) from the
same source can be stored only once.

A *source* (see ``data.provenance.Source``) says who published a figure, where and when,
under which licence, and the checksum of the raw file where there is one.

Validation is an explicit pyarrow schema plus row checks in :func:`find_issues`, run once,
by the store's ``merge``, on the Arrow table every importer returns: pyarrow gives the
types and a zero-copy path to Parquet; the row checks look at each column's distinct values
and map them back, and every failure is located by the importer's file, row and column.
"""

from __future__ import annotations

from data.schema.columns import (
    ADDED_COLUMNS,
    ARROW_SCHEMA,
    COLUMNS,
    COMPARATORS,
    FLOWS,
    KEY,
    KINDS,
    MEASURES,
    SERIES,
    SHARE_OF,
    SORT_ORDER,
    TOTAL,
    TRANSIT_SERIES,
    UNITS,
    VALUATIONS,
)
from data.schema.keys import key_ids, key_text, pack, repeated, single_array, value_at
from data.schema.problems import MAX_PROBLEMS, Issue, Issues, Problem, ValidationError
from data.schema.tables import concat, empty_table, from_arrow, to_arrow, with_added_columns
from data.schema.validation import find_issues

__all__ = [
    "ADDED_COLUMNS",
    "ARROW_SCHEMA",
    "COLUMNS",
    "COMPARATORS",
    "FLOWS",
    "KEY",
    "KINDS",
    "MAX_PROBLEMS",
    "MEASURES",
    "SERIES",
    "SHARE_OF",
    "SORT_ORDER",
    "TOTAL",
    "TRANSIT_SERIES",
    "UNITS",
    "VALUATIONS",
    "Issue",
    "Issues",
    "Problem",
    "ValidationError",
    "concat",
    "empty_table",
    "find_issues",
    "from_arrow",
    "key_ids",
    "key_text",
    "pack",
    "repeated",
    "single_array",
    "to_arrow",
    "value_at",
    "with_added_columns",
]
