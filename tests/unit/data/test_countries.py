"""Country names from the portals resolve to one documented code each, or fail loudly."""

from __future__ import annotations

import pytest

from data.countries import UnknownCountry, is_aggregate, resolve


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kazakhstan, Rep. of", "KAZ"),
        ("Turkmenistan", "TKM"),
        ("China, P.R.: Mainland", "CHN"),
        ("Kyrgyz Rep.", "KGZ"),
        ("Taiwan Province of China", "TWN"),
        ("Bahamas, The", "BHS"),
        ("Iran, Islamic Rep. of", "IRN"),
        ("USSR", "SUN"),
        ("Czechoslovakia", "CSK"),
        ("Belgium-Luxembourg", "BLX"),
        ("Serbia and Montenegro", "SCG"),
        ("World", "WLD"),
        ("KAZ", "KAZ"),
    ],
)
def test_imf_names_resolve(name, code):
    assert resolve(name).code == code


def test_aggregates_are_flagged_and_historical_economies_are_not():
    assert resolve("Euro Area").aggregate and is_aggregate("WLD")
    assert not resolve("USSR").aggregate and resolve("USSR").historical


def test_unknown_name_is_an_error():
    with pytest.raises(UnknownCountry, match="Atlantis"):
        resolve("Atlantis")


def test_every_imf_name_in_the_workbooks_resolves_to_a_distinct_code(shared):
    import pandas as pd

    names: set[str] = set()
    for wb in sorted((shared / "imf-dots").glob("DOTS_*.xlsx"))[:40]:
        for grid in pd.read_excel(wb, sheet_name=None, header=None, engine="calamine").values():
            names.update(str(n) for n in grid.iloc[7:, 1].dropna())
            names.add(str(grid.iloc[3, 1]))
    codes: dict[str, set[str]] = {}
    for n in names:
        codes.setdefault(resolve(n).code, set()).add(n)
    assert all(len(v) == 1 for v in codes.values()), {k: v for k, v in codes.items() if len(v) > 1}
