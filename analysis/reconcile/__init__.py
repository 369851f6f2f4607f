"""Reconciliation: one best annual series for a pair, with every alternative kept.

Input is an observations frame in the data model of ``data.schema`` (the columns
``series, reporter, partner, flow, commodity, period_start, period_end, measure,
comparator, value, unit, kind, source_id, ref``) and a mapping ``source_id → category``
(``official``, ``international``, ``press``). Values are in base units (USD, tonnes).

Candidates for a calendar year, per (reporter, partner, series, flow):

* **direct** — a level for that year, from the reporter's side (``side='reporter'``) or
  the partner's records with the flow turned round (``side='partner'``: the partner's
  imports are the reporter's exports, valued CIF instead of FOB; no factor applied).
* **sum** — turnover as exports + imports of one source and side (both must exist).
* **growth** — a level for year *Y* and the year-on-year growth for *Y* from the same
  source give the level for *Y − 1* = level / (1 + growth); 563 / 1.28 = 439.8.

Precedence, best first (the first difference decides):

1. exact or approximate figures before bounds (``>``, ``<``);
2. the reporter's own records before the partner's and before mirror estimates;
3. exact (``=``) before approximate (``~``);
4. stated before derived from a growth rate;
5. source category: official statistics, international (IMF …), press;
6. kind: reported, estimated, derived, mirror;
7. corroboration: a value stated by more sources before one stated by fewer.

Figures still equal on every rule but different in value are *contested*: the first in
the store's order is chosen, :func:`contested` lists the rivals, and the claims checker
judges a claim against each of them rather than trusting that order.

Ties keep every source that states the same value (corroboration): the point cites them
all. Part-year windows (Q1, Jan–Jul …) are returned apart from the annual series and
never mixed into it.
"""

from __future__ import annotations

from analysis.reconcile.candidates import SWAP_FLOW, monthly_checks
from analysis.reconcile.pipeline import Prepared, choose, prepare, reconcile
from analysis.reconcile.ranking import (
    CATEGORY_RANK,
    KIND_RANK,
    METHOD_RANK,
    _choose,
    contested,
    rank_key,
)
from analysis.reconcile.result import CANDIDATE_COLUMNS, Reconciled

__all__ = [
    "CANDIDATE_COLUMNS",
    "CATEGORY_RANK",
    "KIND_RANK",
    "METHOD_RANK",
    "SWAP_FLOW",
    "Prepared",
    "Reconciled",
    "_choose",
    "choose",
    "contested",
    "monthly_checks",
    "prepare",
    "rank_key",
    "reconcile",
]
