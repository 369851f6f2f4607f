"""Country codes: ISO 3166 alpha-3 from pycountry, plus documented codes for the rest.

Statistical portals name economies their own way (the IMF writes ``Kazakhstan, Rep. of``
and ``China, P.R.: Mainland``) and mix in rows that are not economies at all (World,
regions, "not specified"). Every name resolves to exactly one code or fails loudly:
an unknown name is an error, never a silent drop.

Resolution order for a name: the explicit table below, then pycountry on the name as
written, then pycountry on the name with an IMF style suffix (", Rep. of", ", The", …)
removed.

Codes that are not ISO 3166-1 alpha-3:

* historical economies, from ISO 3166-3 where it has a code: ``SUN`` USSR, ``CSK``
  Czechoslovakia, ``YUG`` Yugoslavia, ``SCG`` Serbia and Montenegro, ``DDR`` Eastern
  Germany, ``ANT`` Netherlands Antilles, ``YMD`` Yemen, People's Dem. Rep.; and, where
  it has none, ``YAR`` Yemen Arab Rep., ``BLX`` Belgium-Luxembourg (the IMF's customs
  union), ``XMW`` Malaysia, West; ``XKX`` Kosovo (the code the EU and IMF use).
* aggregates (``aggregate = True``): ``WLD`` World and codes starting ``AGG_`` for groups
  and for "not specified" rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aggregate: bool = False
    historical: bool = False


_HISTORICAL = {
    "USSR": ("SUN", "USSR"),
    "Czechoslovakia": ("CSK", "Czechoslovakia"),
    "Yugoslavia": ("YUG", "Yugoslavia"),
    "Serbia and Montenegro": ("SCG", "Serbia and Montenegro"),
    "Eastern Germany": ("DDR", "German Democratic Republic"),
    "Netherlands Antilles": ("ANT", "Netherlands Antilles"),
    "Yemen, People's Dem. Rep. of": ("YMD", "Yemen, People's Democratic Republic"),
    "Yemen Arab Rep.": ("YAR", "Yemen Arab Republic"),
    "Belgium-Luxembourg": ("BLX", "Belgium-Luxembourg"),
    "Malaysia, West": ("XMW", "Malaysia, West"),
}

_AGGREGATES = {
    "World": "WLD",
    "Advanced Economies": "AGG_ADVANCED",
    "Emerging and Developing Economies": "AGG_EMDE",
    "Emerging and Developing Asia": "AGG_EMDE_ASIA",
    "Emerging and Developing Europe": "AGG_EMDE_EUROPE",
    "Emerging Market and Developing Economies by Source of Export Earnings: Fuel": "AGG_EMDE_FUEL",
    "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel": (
        "AGG_EMDE_NONFUEL"
    ),
    "Euro Area": "AGG_EURO_AREA",
    "European Union": "AGG_EU",
    "Africa": "AGG_AFRICA",
    "Sub-Saharan Africa": "AGG_SSA",
    "Middle East": "AGG_MIDDLE_EAST",
    "Middle East and Central Asia": "AGG_MECA",
    "Western Hemisphere": "AGG_WESTERN_HEMISPHERE",
    "Special Categories": "AGG_SPECIAL",
    "Memorandum Items": "AGG_MEMO",
    "Other Countries not included elsewhere": "AGG_OTHER_NIE",
    "Countries & Areas not specified": "AGG_NSPEC",
    "Africa not specified": "AGG_NSPEC_AFRICA",
    "Asia not specified": "AGG_NSPEC_ASIA",
    "Europe not specified": "AGG_NSPEC_EUROPE",
    "Middle East and Central Asia not specified": "AGG_NSPEC_MECA",
    "Western Hemisphere not specified": "AGG_NSPEC_WESTERN_HEMISPHERE",
    "South African Common Customs Area (SACCA)": "AGG_SACCA",
}

# Names pycountry cannot resolve even after the suffix rules below.
_EXPLICIT = {
    "China, P.R.: Mainland": "CHN",
    "China, P.R.: Hong Kong": "HKG",
    "China, P.R.: Macao": "MAC",
    "Taiwan Province of China": "TWN",
    "Congo, Dem. Rep. of the": "COD",
    "Congo, Rep. of": "COG",
    "Korea, Rep. of": "KOR",
    "Korea, Dem. People's Rep. of": "PRK",
    "Kyrgyz Rep.": "KGZ",
    "Slovak Rep.": "SVK",
    "Czech Rep.": "CZE",
    "Dominican Rep.": "DOM",
    "Central African Rep.": "CAF",
    "Syrian Arab Rep.": "SYR",
    "Lao People's Dem. Rep.": "LAO",
    "Egypt, Arab Rep. of": "EGY",
    "Venezuela, Rep. Bolivariana de": "VEN",
    "Turkey": "TUR",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT",
    "Kosovo, Rep. of": "XKX",
    "West Bank and Gaza": "PSE",
    "Holy See": "VAT",
    "Timor-Leste, Dem. Rep. of": "TLS",
    "Ethiopia, The Federal Dem. Rep. of": "ETH",
    "São Tomé and Príncipe, Dem. Rep. of": "STP",
    "North Macedonia, Republic of": "MKD",
    "Micronesia, Federated States of": "FSM",
    "Sint Maarten, Kingdom of the Netherlands": "SXM",
}

_SUFFIXES = re.compile(
    r",\s*(Rep\. of( the)?|Islamic Rep\. of|Kingdom of( the Netherlands)?|The State of|"
    r"The|Union of the|United Rep\. of|Republic of)$"
)

_EXTRA_NAMES = {"XKX": "Kosovo", "WLD": "World"}


class UnknownCountry(LookupError):
    """A name or code that maps to no documented code."""


@lru_cache(maxsize=4096)
def resolve(name: str) -> Country:
    """The :class:`Country` for a portal's name (or an ISO alpha-3 / documented code)."""
    text = str(name).strip()
    if not text:
        raise UnknownCountry("empty country name")
    if text in _AGGREGATES:
        return Country(_AGGREGATES[text], text, aggregate=True)
    if text in _HISTORICAL:
        code, label = _HISTORICAL[text]
        return Country(code, label, historical=True)
    by_code = country_for_code(text)
    if by_code is not None:
        return by_code
    if text in _EXPLICIT:
        return _iso(_EXPLICIT[text])
    for candidate in (text, _SUFFIXES.sub("", text)):
        try:
            c = pycountry.countries.lookup(candidate)
        except LookupError:
            continue
        return Country(c.alpha_3, c.name)
    raise UnknownCountry(
        f"unknown country name {text!r}: add it to data/countries.py with a documented code"
    )


def _iso(code: str) -> Country:
    if code in _EXTRA_NAMES:
        return Country(code, _EXTRA_NAMES[code])
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        raise UnknownCountry(f"{code!r} is not an ISO 3166 alpha-3 code")
    return Country(code, getattr(c, "common_name", c.name))


@lru_cache(maxsize=4096)
def country_for_code(code: str) -> Country | None:
    """The country for a code (ISO alpha-3 or a documented one), or None."""
    text = str(code).strip().upper()
    for label, agg in _AGGREGATES.items():
        if agg == text:
            return Country(agg, label, aggregate=True)
    for hcode, label in _HISTORICAL.values():
        if hcode == text:
            return Country(hcode, label, historical=True)
    if text in _EXTRA_NAMES:
        return Country(text, _EXTRA_NAMES[text])
    if len(text) == 3 and text.isalpha():
        c = pycountry.countries.get(alpha_3=text)
        if c is not None:
            return Country(text, getattr(c, "common_name", c.name))
    return None


def name_of(code: str) -> str:
    """A readable name for a code; the code itself when none is known."""
    c = country_for_code(code)
    return c.name if c else code


def is_aggregate(code: str) -> bool:
    """A group rather than one economy: a documented aggregate, or any ``AGG_`` code (an
    importer's own groups, such as Comtrade's ``nes`` areas or the BNS's country groups)."""
    if str(code).strip().upper().startswith("AGG_"):
        return True
    c = country_for_code(code)
    return bool(c and c.aggregate)
