"""Use cases shared by the command line and the pages: load, reconcile, compute, shape.

No Streamlit here, so the CLI starts fast and these functions are testable as they are.
Each ``*_payload`` function returns ``(payload, rows)``: a JSON-ready object (the
documented CLI contract) and a flat frame for ``--format table|csv``.
"""

from __future__ import annotations

# The pages name these types through ``services``.
from analysis.forecast import PooledPrior
from analysis.target import Paths
from dashboard.services.asof import AsOf, as_of_view, latest_month
from dashboard.services.backtest import (
    BACKTEST_SUMMARY,
    backtest_payload,
    backtest_summary,
    gap_floor_payload,
    store_panel,
)
from dashboard.services.batch import (
    BATCH_COLUMNS,
    BATCH_OPTIONAL,
    BATCH_PARALLEL_FROM,
    BATCH_REQUIRED,
    batch_payload,
)
from dashboard.services.claims import (
    claim_verdicts,
    claims_payload,
    contradiction_list,
    figure_verdicts,
)
from dashboard.services.fetching import fetch_source, latest_available
from dashboard.services.imports import build_data, import_files, remove_payload
from dashboard.services.pairs import (
    HEADLINE_PAIR,
    Progress,
    categories,
    citations,
    load_pair,
    publishers,
    stores,
    trade_pairs,
)
from dashboard.services.scenarios import (
    pooled_prior,
    prior_from_panel,
    scenario_paths,
    scenario_payload,
    target_result,
)
from dashboard.services.series import (
    mirror,
    mirror_payload,
    nowcast_payload,
    reconciled,
    series_payload,
)

__all__ = [
    "BACKTEST_SUMMARY",
    "BATCH_COLUMNS",
    "BATCH_OPTIONAL",
    "BATCH_PARALLEL_FROM",
    "BATCH_REQUIRED",
    "HEADLINE_PAIR",
    "AsOf",
    "Paths",
    "PooledPrior",
    "Progress",
    "as_of_view",
    "backtest_payload",
    "backtest_summary",
    "batch_payload",
    "build_data",
    "categories",
    "citations",
    "claim_verdicts",
    "claims_payload",
    "contradiction_list",
    "fetch_source",
    "figure_verdicts",
    "gap_floor_payload",
    "import_files",
    "latest_available",
    "latest_month",
    "load_pair",
    "mirror",
    "mirror_payload",
    "nowcast_payload",
    "pooled_prior",
    "prior_from_panel",
    "publishers",
    "reconciled",
    "remove_payload",
    "scenario_paths",
    "scenario_payload",
    "series_payload",
    "store_panel",
    "stores",
    "target_result",
    "trade_pairs",
]
