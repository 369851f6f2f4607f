"""Mirror statistics: one country's exports beside its partner's imports of the same goods.

For a pair (A, B) and each year, two directions: A → B compares A's exports (FOB, as A
records them) with B's imports from A (CIF, as B records them), and B → A the reverse.
Imports include freight and insurance, so they are brought to FOB by dividing by the
CIF/FOB ``factor`` (1.06 by default, the IMF's conventional factor; adjustable).

``gap_pct`` = (importer's CIF / factor − exporter's FOB) / exporter's FOB × 100: positive
when the importer records more than the exporter. A zero or negative exporter figure
leaves the gap undefined (``gap_defined`` False, with a reason), never a bare NaN.

Flags say when a side is not an independent measurement: ``estimated`` (the publisher's
own estimate) or ``mirror`` (built from the other side's records, as Turkmenistan's IMF
figures are since 2004 — then the gap only shows the factor, not a discrepancy).
Values in base units (USD).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.reconcile import reconcile

DEFAULT_FACTOR = 1.06

MIRROR_COLUMNS = [
    "year", "direction", "exporter", "importer", "export_fob", "export_kind",
    "export_source_ids", "import_cif", "import_kind", "import_source_ids",
    "import_fob_adjusted", "gap_pct", "gap_defined", "flags",
]  # fmt: skip


def _own_side(
    obs: pd.DataFrame, categories: Mapping[str, str], reporter: str, partner: str, flow: str
) -> pd.DataFrame:
    """The best figure per year from ``reporter``'s own records only (no mirror fill)."""
    alts = reconcile(obs, categories, reporter, partner, "trade_value", flow).alternatives
    own = alts[
        (alts["side"] == "reporter")
        & alts["comparator"].isin(["=", "~"])
        & (alts["method"] == "stated")
    ]
    return own.sort_values(["year", "rank"]).drop_duplicates("year").set_index("year")


def mirror_table(
    obs: pd.DataFrame,
    categories: Mapping[str, str],
    a: str,
    b: str,
    *,
    factor: float = DEFAULT_FACTOR,
) -> pd.DataFrame:
    """Both directions of the pair, year by year (columns :data:`MIRROR_COLUMNS`).

    A year appears when both sides have a figure for it. ``factor`` must be positive.
    """
    if not factor > 0:
        raise ValueError(f"the CIF/FOB factor must be positive, got {factor}")
    rows = []
    for exporter, importer in ((a, b), (b, a)):
        exp = _own_side(obs, categories, exporter, importer, "export")
        imp = _own_side(obs, categories, importer, exporter, "import")
        for year in sorted(set(exp.index) & set(imp.index)):
            e, i = exp.loc[year], imp.loc[year]
            fob = float(e["value"])
            adjusted = float(i["value"]) / factor
            flags = sorted({k for k in (e["kind"], i["kind"]) if k in ("estimated", "mirror")})
            defined = fob > 0
            rows.append(
                {
                    "year": int(year),
                    "direction": f"{exporter}→{importer}",
                    "exporter": exporter,
                    "importer": importer,
                    "export_fob": fob,
                    "export_kind": e["kind"],
                    "export_source_ids": tuple(e["source_ids"]),
                    "import_cif": float(i["value"]),
                    "import_kind": i["kind"],
                    "import_source_ids": tuple(i["source_ids"]),
                    "import_fob_adjusted": adjusted,
                    "gap_pct": (adjusted - fob) / fob * 100 if defined else float("nan"),
                    "gap_defined": defined,
                    "flags": ",".join(flags) if defined else "exporter figure is zero or negative",
                }
            )
    return pd.DataFrame(rows, columns=MIRROR_COLUMNS)
