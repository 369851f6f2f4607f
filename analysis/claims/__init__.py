"""Claims checker: each published figure tested against every *other* source's data.

A :class:`Claim` is one row of the data model (``data.schema``): levels in base units (USD,
tonnes), growth in percent, multiples as ratios. :func:`check_claim` reconciles the data
without the claim's own source (``reconcile(..., exclude_sources={claim.source_id})``) and
returns a :class:`Verdict` — ``supported``, ``contradicted``, ``ambiguous`` (holds under one
reading of the window, fails under the other) or ``not_checkable`` — always with a note.

Tolerance of a claim (:func:`claim_band`), in the claim's unit:

* ``=``: press figures are rounded: half a unit of the last stated digit plus 1 % of the value.
  The digit is read in the unit of publication: millions for USD and tonnes (563e6 is "563",
  band $556.9M–$569.1M, so 178 accepts 178.25), the unit itself for percent and ratios.
* ``~``: levels ±:data:`APPROX_TOLERANCE` (5 %); growth ±5 % of the growth factor (about
  +100 % is +90 %…+110 %); multiples "nearly N" is [0.875 N, 1.05 N] (nearly 4 = 3.5–4.2×).
* ``>`` / ``<``: open on one side.

The data figure is a range too: an exact figure a point, ``~`` ±5 %, a bound open on one side,
computed growth and multiples the range of their inputs (:mod:`analysis.bounds`). Range inside
the band, or (data not a bound) central value inside → supported; no overlap → contradicted;
otherwise the data cannot decide → not_checkable, saying what is known. ``difference`` is
claim − data in the claim's unit (USD or t, percentage points, ×; not relative), ``None`` when
the data is only a bound. ``implied_base`` is the earlier level the claim implies (USD or t).

Policies: other outlets repeating a figure count as data, and the note says when that is all
there is. Growth is checked first from two levels (a level derived from another outlet's growth
figure is left out: circular); other outlets' identical growth figure decides only when levels
cannot. A multiple is judged under both readings of its window (base year = first year, or one
year earlier): one holds and one fails → ambiguous. Targets and capacities are not facts about
past trade: not_checkable. Growth from a zero base is not_checkable with the reason, never NaN.

Products: a claim about one product (``commodity`` an HS code or group) is checked against that
product's figures only, never against all goods. A share of the pair's flow (``share_pct`` with
``share_of='pair_flow'``) is checked as the product's level over the all-goods level for the same
flow and window, both without the claim's source; other shares need a whole no source here gives
(the partner's exports of a product to every destination): corroboration by other outlets, or
not_checkable.
"""

from __future__ import annotations

from analysis.claims.bands import NEARLY_BAND, ROUNDING_SLACK, band_text, claim_band, format_value
from analysis.claims.checking import Window, check_claim, check_claims
from analysis.claims.headlines import HEADLINE_CLAIMS, check_headlines
from analysis.claims.verdict import (
    NOT_FACTS,
    SHARE_WORDS,
    Claim,
    Verdict,
    VerdictKind,
    claims_from_frame,
    verdicts_frame,
)

__all__ = [
    "HEADLINE_CLAIMS",
    "NEARLY_BAND",
    "NOT_FACTS",
    "ROUNDING_SLACK",
    "SHARE_WORDS",
    "Claim",
    "Verdict",
    "VerdictKind",
    "Window",
    "band_text",
    "check_claim",
    "check_claims",
    "check_headlines",
    "claim_band",
    "claims_from_frame",
    "format_value",
    "verdicts_frame",
]
