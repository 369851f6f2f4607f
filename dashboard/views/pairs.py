"""Which pairs the stores hold, and what to say when one asked for is not there.

A page or a command given a pair shows that pair or says plainly that the stores lack it;
it never shows another pair in its place. Pure: frames of ``reporter``/``partner`` codes in,
text out.
"""

from __future__ import annotations

import pandas as pd

#: A code in at least this many pairs is one the stores are built around (KAZ, TKM).
HUB_PAIRS = 10


def codes(pairs: pd.DataFrame) -> list[str]:
    """Every code on either side of a pair, sorted."""
    return sorted(set(pairs["reporter"].astype(str)) | set(pairs["partner"].astype(str)))


def partners_of(pairs: pd.DataFrame, code: str) -> list[str]:
    """Codes that trade with ``code`` in either direction, sorted."""
    rep, par = pairs["reporter"].astype(str), pairs["partner"].astype(str)
    return sorted((set(par[rep == code]) | set(rep[par == code])) - {code})


def has_pair(pairs: pd.DataFrame, reporter: str, partner: str) -> bool:
    """The stores hold figures of the pair, in either direction."""
    return partner in partners_of(pairs, reporter)


def hubs(pairs: pd.DataFrame) -> list[str]:
    """The codes most pairs have on one side (the embedded data's KAZ and TKM)."""
    both = pd.concat([pairs["reporter"], pairs["partner"]]).astype(str)
    counts = both.value_counts()
    return sorted(counts[counts >= HUB_PAIRS].index)


def missing_pair_message(
    pairs: pd.DataFrame,
    reporter: str,
    partner: str,
    how: str = "import a Comtrade or IMF file on Data",
) -> str | None:
    """Why the stores cannot show ``reporter``–``partner``, or ``None`` when they can.

    ``UZB–RUS is not in the stores (they cover pairs with KAZ or TKM; import a Comtrade
    or IMF file on Data)``; an unknown code is named as such; ``how`` says how to add it.
    """
    if has_pair(pairs, reporter, partner):
        return None
    known = set(codes(pairs))
    unknown = [c for c in dict.fromkeys((reporter, partner)) if c not in known]
    centre = hubs(pairs)
    cover = f"they cover pairs with {' or '.join(centre)}; " if centre else ""
    what = (
        f"{' and '.join(unknown)} {'is not a code' if len(unknown) == 1 else 'are not codes'} "
        f"of the stores, so {reporter}–{partner} is not in them"
        if unknown
        else f"{reporter}–{partner} is not in the stores"
    )
    return f"{what} ({cover}{how})"
