"""One consistent state of a store: the observations and the sources they cite."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from data import schema
from data.provenance import Source


@dataclass
class Snapshot:
    """One consistent state of a store: the observations and the sources they cite."""

    table: pa.Table
    sources: dict[str, Source] = field(default_factory=dict)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The observations as pandas, converted once per snapshot and then shared: treat
        it as read-only (cached snapshots are handed to every session)."""
        return schema.from_arrow(self.table)

    def __len__(self) -> int:
        return self.table.num_rows
