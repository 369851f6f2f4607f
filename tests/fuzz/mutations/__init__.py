"""Hypothesis strategies that turn a seed file into a mutated one.

Three layers, stacked: table edits (a cell, a header, a row), byte edits (truncation,
flips, encodings, a huge line), and whole-file replacements (empty, another file type,
a gzip bomb). Each case records the edits it went through, so a failure reads as a
recipe.
"""

from __future__ import annotations

from tests.fuzz.mutations.documents import (
    JSON_ODDITIES,
    benign_json,
    benign_xml,
    document_case,
    edit_json,
    edit_xml,
)
from tests.fuzz.mutations.pools import (
    COUNTRIES,
    ENUMS,
    FLOWS,
    HUGE,
    INVALID_UTF8,
    NAME_STEMS,
    PERIODS,
    UNITS,
    VALUES,
    Case,
    cell_value,
    pool_for,
)
from tests.fuzz.mutations.tables import parquet_case, table_bytes
from tests.fuzz.mutations.text import (
    benign,
    edit_bytes,
    edit_grid,
    file_name,
    gzip_bomb,
    reencode,
    replacement,
    text_case,
    write_grid,
)
from tests.fuzz.mutations.workbooks import (
    BNS_NAMES,
    BNS_UNITS,
    DOTS_NAMES,
    DOTS_YEARS,
    SHEET_NAMES,
    bns_case,
    dots_case,
    dots_cell,
    edit_member,
)

__all__ = [
    "BNS_NAMES",
    "BNS_UNITS",
    "COUNTRIES",
    "DOTS_NAMES",
    "DOTS_YEARS",
    "ENUMS",
    "FLOWS",
    "HUGE",
    "INVALID_UTF8",
    "JSON_ODDITIES",
    "NAME_STEMS",
    "PERIODS",
    "SHEET_NAMES",
    "UNITS",
    "VALUES",
    "Case",
    "benign",
    "benign_json",
    "benign_xml",
    "bns_case",
    "cell_value",
    "document_case",
    "dots_case",
    "dots_cell",
    "edit_bytes",
    "edit_grid",
    "edit_json",
    "edit_member",
    "edit_xml",
    "file_name",
    "gzip_bomb",
    "parquet_case",
    "pool_for",
    "reencode",
    "replacement",
    "table_bytes",
    "text_case",
    "write_grid",
]
