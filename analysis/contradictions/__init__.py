"""Pairs of published figures that cannot both be true, or only just can.

Input is an observations frame (data model of ``data.schema``; values in base units: USD, t,
percent, ratio). Every figure becomes a range with the claims checker's tolerance
(:func:`analysis.claims.claim_band`: rounding for ``=``, ±5 % for ``~``, open side for bounds).
Three checks, each within one reporter → partner orientation, one series and one commodity
(transit is never set against rail freight, a product never against all goods; shares are not
compared here):

* ``same_window``: two stated figures for the same flow, window and measure;
* ``derived_vs_stated``: a figure derived here against another figure for its window —
  exports + imports of one source (ranges added), or the level a year earlier implied by a level
  and its growth (level ÷ (1 + growth), range by :func:`analysis.bounds.ratio_interval`):
  1.3 Mt ÷ 1.20 = 1.08 Mt for 2022;
* ``nested_growth``: growth of opposite sign for two windows of one year that start in the same
  month (Jan–Jul 2020 +10 % against Jan–Oct 2020 below a year earlier).

Where official statistics bear on a clash between other sources (a level for the same window,
or two official levels a year apart for a growth rate), the explanation says which side they
support and ``official_supports`` is ``a``, ``b``, ``both`` or ``neither`` (``""`` when no
official figure bears on it, or when one side is itself official): the 2023 growth +22.5 %
against +28 % is settled by Kazakhstan's official $562.95M / $438.69M = +28.3 %.

Severity: ``contradiction`` when the ranges do not overlap (nested windows: when the longer
window's implied base a year earlier would be below the shorter one's — impossible for
non-negative flows); ``tension`` when both can hold only at the edges of their ranges (neither
central value lies in the other's range), or when nested windows need the months between them
to swing hard. Identical figures from several sources are merged (one entry per disagreement,
every ref in the explanation). Mirror estimates are left out: they differ from the reporter's
records by construction (CIF/FOB, timing), which is no contradiction.
"""

from __future__ import annotations

from analysis.contradictions.checks import contradictions
from analysis.contradictions.figures import Contradiction, Severity

__all__ = [
    "Contradiction",
    "Severity",
    "contradictions",
]
