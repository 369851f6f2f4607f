"""Figures published after the base year, and what they do to simulated paths.

A forecast from a base year has paths of the full-year level for every later year. A
figure stated for a later period (and known at ``as_of``) says something about those
paths; each kind is used as follows, all on log levels:

* **a full-year level** (``=`` or ``~``) for year *Y* pins *Y*: every path is moved to
  pass through it, the years between the previous anchor (the base year, or an earlier
  pin) and *Y* by a straight-line bridge in logs, the later years by the same shift. A
  pin is known, not weighed: reweighting toward one value would leave a handful of paths.
* **a full-year bound** (``> 500``) for *Y*: paths on the wrong side get weight 0
  (rejection), so no mass is left below the bound in *Y*.
* **part-year levels** (Jan–Sep 2025 = 363.6) and **part-year growth** (+5.4 % on Jan–Sep
  2024, which states Jan–Sep 2024 = 363.6 / 1.054): the part is the year's level times
  the share of the year the window holds. That share is estimated as the nowcasts
  estimate it (:func:`analysis.partial_year.window_share`: its centre and 80 % band,
  read as a log-normal), and is common to every year of the window, with a small wobble
  from year to year. Each path is weighed by the likelihood of the stated parts given
  its full-year levels, the share integrated out (Gaussian, in closed form). So Jan–Sep
  +5.4 % ties 2025 to 2024 closely even where the share itself is barely known.
  One window per year is used, the longest stated exactly (it holds the shorter ones'
  information); a bound on a window (Q1 "> 100") is used where no exact window of that
  year is.
* **full-year growth** for *Y* with *Y − 1* known (the base year or a pin) is a level
  for *Y* and pins it; otherwise it is listed as not used, with the reason.

Why reweighting and not a fresh start from a nowcast: the paths keep their own
dynamics (a strong 2024 raises 2025's paths through the same path), bounds and part-year
figures combine by multiplying likelihoods, and a figure that contradicts the model
shows as a collapse of the effective number of paths, which is reported.
"""

from __future__ import annotations

from analysis.evidence.conditioning import condition
from analysis.evidence.figures import Conditioned, Figure, Used
from analysis.evidence.likelihood import SHARE_WOBBLE, Z80

__all__ = [
    "SHARE_WOBBLE",
    "Z80",
    "Conditioned",
    "Figure",
    "Used",
    "condition",
]
