"""Country codes: ISO 3166 alpha-3 from pycountry, plus documented codes for the rest.

Statistical portals name economies their own way (the IMF writes ``Kazakhstan, Rep. of``
and ``China, P.R.: Mainland``) and mix in rows that are not economies at all (World,
regions, "not specified"). Every name resolves to exactly one code or fails loudly:
an unknown name is an error, never a silent drop.

Resolution order for a name: the table in ``codes/imf_country_names.csv`` (aggregates and
historical economies first, then the names pycountry cannot read), then pycountry on the name
as written, then pycountry on the name with an IMF style suffix (", Rep. of", ", The", …)
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

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aggregate: bool = False
    historical: bool = False


#: The IMF's names (DOTS workbooks) that need a table: ``kind`` ``aggregate`` (a group or
#: a "not specified" row), ``historical`` (an economy that no longer exists; ``label`` is
#: its name) or ``iso`` (an ISO alpha-3 code for a name pycountry cannot read, even after
#: the suffix rules below). A data file, so a name is added without touching code; the test
#: beside the real workbooks flags rows no workbook uses.
NAMES_FILE = Path(__file__).with_name("codes") / "imf_country_names.csv"
KINDS = ("aggregate", "historical", "iso")


def _load_names(path: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str]]:
    """(aggregates name → code, historical name → (code, label), explicit name → ISO code),
    in file order; a bad row is an error naming the file, row and column."""
    tables: dict[str, dict] = {k: {} for k in KINDS}
    with path.open(encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            name, code, kind = row["name"].strip(), row["code"].strip(), row["kind"].strip()
            if kind not in KINDS:
                raise ValueError(
                    f"{path.name}, row {row_no}, column kind: {kind!r} not one of {KINDS}"
                )
            if not name or not code:
                column = "name" if not name else "code"
                raise ValueError(f"{path.name}, row {row_no}, column {column}: empty")
            if any(name in t for t in tables.values()):
                raise ValueError(f"{path.name}, row {row_no}, column name: {name!r} listed twice")
            label = row["label"].strip() or name
            tables[kind][name] = (code, label) if kind == "historical" else code
    return tables["aggregate"], tables["historical"], tables["iso"]


_AGGREGATES, _HISTORICAL, _EXPLICIT = _load_names(NAMES_FILE)

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
        f"unknown country name {text!r}: add it to data/codes/imf_country_names.csv with a "
        "documented code"
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


def iso_codes() -> list[str]:
    """Every ISO 3166-1 alpha-3 code (what an API can be asked for), sorted."""
    return sorted(c.alpha_3 for c in pycountry.countries)
