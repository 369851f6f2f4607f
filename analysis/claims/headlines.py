"""The headline claims about the pair, checked on the real data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from analysis import focus
from analysis.claims.checking import check_claims
from analysis.claims.verdict import Claim, Verdict

# fmt: off
#: Headline claims, one measure each: h2 and h4 state a level and a growth, split a / b so
#: each part gets its own verdict. ``source_id`` is found by :func:`check_headlines` from ``ref``.
HEADLINE_CLAIMS: tuple[Claim, ...] = tuple(
    Claim(i, s, *focus.PAIR, "total", a, b, m, c, v, u, ref=r, note=n)
    for i, r, s, a, b, m, c, v, u, n in (
        ("h1", "p004", "trade_value", "2019-01", "2023-12", "multiple", "~", 4.0, "ratio",
         "trade nearly quadrupled over the past five years"),
        ("h2a", "p001", "trade_value", "2023-01", "2023-12", "level", "=", 563e6, "USD",
         "turnover reached $563M in 2023"),
        ("h2b", "p002", "trade_value", "2023-01", "2023-12", "growth_pct_yoy", "=", 28.0,
         "percent", "turnover grew 28% in 2023"),
        ("h3", "p003", "trade_value", "2024-01", "2024-03", "level", ">", 100e6, "USD",
         "above $100M in the first quarter of 2024"),
        ("h4a", "p047", "rail_freight", "2023-01", "2023-12", "level", "=", 1.3e6, "t",
         "rail freight reached 1.3 Mt in 2023"),
        ("h4b", "p048", "rail_freight", "2023-01", "2023-12", "growth_pct_yoy", "=", 20.0,
         "percent", "rail freight grew 20% in 2023"),
    )
)
# fmt: on


def check_headlines(obs: pd.DataFrame, categories: Mapping[str, str]) -> list[Verdict]:
    """Verdicts on :data:`HEADLINE_CLAIMS`, each without the one source stating it (by ref)."""
    refs = dict(zip(obs["ref"].astype(str), obs["source_id"].astype(str), strict=True))
    claims = [replace(c, source_id=refs.get(c.ref, "")) for c in HEADLINE_CLAIMS]
    return check_claims(claims, obs, categories)
