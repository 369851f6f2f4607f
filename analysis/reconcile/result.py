"""The reconciled series of a pair: the best figure per year and every alternative."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

CANDIDATE_COLUMNS = [
    "year", "period_start", "period_end", "value", "comparator", "kind", "side",
    "method", "source_ids", "refs", "category", "note",
]  # fmt: skip


@dataclass
class Reconciled:
    """The best annual series and everything it was chosen from.

    ``best``: one row per year (columns of :data:`CANDIDATE_COLUMNS` plus ``rank``);
    ``alternatives``: every candidate, ``chosen`` marking the best; ``part_year``: stated
    part-year levels, identical figures from several sources merged into one point.
    """

    reporter: str
    partner: str
    series: str
    flow: str
    unit: str
    best: pd.DataFrame
    alternatives: pd.DataFrame
    part_year: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    commodity: str = "TOTAL"

    def values(self, *, include_bounds: bool = False) -> pd.Series:
        """Best values by year as an annual series (bounds left out unless asked)."""
        b = self.best
        values = b["value"].to_numpy(dtype="float64")
        years = b["year"].to_numpy(dtype="int64")
        if not include_bounds:  # numpy, not a boolean frame index: this runs every rerun
            keep = np.isin(b["comparator"].to_numpy(dtype=object), ["=", "~"])
            values, years = values[keep], years[keep]
        return pd.Series(
            values, index=pd.Index(years, name="year"), name=f"{self.series}_{self.flow}"
        )

    def last_exact_year(self) -> int | None:
        """The last year whose best figure is exact (``=``), else the last approximate
        (``~``) one; ``None`` when every year is a bound or there is none.

        The base of growth and the headline: a later "about" figure (a minister's "about
        1.5 Mt a year", no year stated) is shown, but not started from.
        """
        return self._last_stated()

    def last_growth_base(self) -> int | None:
        """The latest year a growth history can end at: as :meth:`last_exact_year`, among
        the years whose year before also has an exact or approximate figure. Where no year
        has one, :meth:`last_exact_year` (a scenario from it then says why it cannot run).

        A scenario's default base: a later year after a gap is a figure after the base
        year, which the forecast conditions on, rather than a base with no growth before it.
        """
        return self._last_stated(follows_one=True) or self._last_stated()

    def _last_stated(self, *, follows_one: bool = False) -> int | None:
        """The last exact year, else the last approximate one (with ``follows_one``, among
        the years whose year before is exact or approximate)."""
        comparator = self.best["comparator"].to_numpy(dtype=object)
        years = self.best["year"].to_numpy(dtype=np.int64)
        ok = np.ones(len(years), dtype=bool)
        if follows_one:
            ok = np.isin(years - 1, years[np.isin(comparator, ["=", "~"])])
        for wanted in ("=", "~"):
            hit = years[ok & (comparator == wanted)]
            if len(hit):
                return int(hit.max())
        return None

    def points(self) -> list[dict[str, object]]:
        """Annual points first, then part-year points: the CLI's JSON ``points``."""
        out = []
        for frame in (self.best, self.part_year):
            for r in frame.itertuples(index=False):
                out.append(
                    {
                        "period_start": r.period_start,
                        "period_end": r.period_end,
                        "value": float(r.value),
                        "comparator": r.comparator,
                        "kind": r.kind,
                        "source_ids": list(r.source_ids),
                    }
                )
        return out
