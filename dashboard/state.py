"""The pages' URL state, declared once: every URL parameter with its type, its default
and the pages that take it, and the one function that builds a link between pages.

The names and values are contracts (a copied link reproduces a view): pages keep binding
their widgets to the URL under these names (``bind="query-params"``), take their defaults
from here, and link to each other through :func:`link` alone; ``tests/unit/test_docs.py``
checks the pages' bound keys and the README's table against :data:`PARAMS`, both ways."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from analysis import focus

#: Page path → the page's file (as the router's ``st.Page`` names them).
PAGES = {
    "/": "app_pages/overview.py",
    "/trade": "app_pages/trade.py",
    "/products": "app_pages/products.py",
    "/scenarios": "app_pages/scenarios.py",
    "/rail": "app_pages/rail.py",
    "/claims": "app_pages/claims.py",
    "/data": "app_pages/data.py",
}
ALL = tuple(PAGES)


@dataclass(frozen=True)
class Param:
    """One URL parameter of some pages. ``default`` ``None``: the page works it out (from
    the pair's figures: a base year, a target, the latest year held)."""

    name: str
    type: type
    default: Any
    pages: tuple[str, ...]
    #: Other words a link may use for a value (``exports`` for ``export``), read as it.
    aliases: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


# fmt: off
PARAMS: tuple[Param, ...] = (
    Param("reporter", str, focus.REPORTER, ALL),
    Param("partner", str, focus.PARTNER, ALL),
    # Money in US dollars; a rail series' target is in tonnes (target_t).
    Param("target_usd", str, None, ("/scenarios",)),
    Param("target_t", str, None, ("/scenarios",)),
    Param("target_year", int, None, ("/scenarios",)),
    Param("base_year", int, None, ("/scenarios",)),
    Param("history_start", int, None, ("/scenarios",)),
    Param("history_end", int, None, ("/scenarios",)),
    Param("low_pct", float, 5.0, ("/scenarios",)),
    Param("base_pct", float, 10.0, ("/scenarios",)),
    Param("high_pct", float, 15.0, ("/scenarios",)),
    Param("paths", int, 10_000, ("/scenarios",)),
    Param("seed", int, 0, ("/scenarios",)),
    Param("method", str, "pooled", ("/scenarios",)),
    Param("series", str, "trade_value", ("/scenarios",)),
    Param("as_of", str, "", ("/scenarios",)),
    # The data model's words, as `tradedash scenario --flow` takes them; /trade's read too.
    Param("flow", str, "total", ("/scenarios",),
          {"turnover": "total", "exports": "export", "imports": "import"}),
    Param("flow", str, "all", ("/trade",)),
    Param("log", bool, False, ("/trade",)),
    Param("cif_fob", float, 1.06, ("/trade",)),
    Param("freq", str, "quarterly", ("/trade",)),
    Param("year", int, None, ("/products",)),
    Param("flow", str, "export", ("/products",)),
    Param("verdict", str, "all", ("/claims",)),
    Param("claim", str, "", ("/claims",)),
    Param("severity", str, "all", ("/claims",)),
)
# fmt: on


def params_of(page: str) -> dict[str, Param]:
    """The parameters ``page`` (a path: ``/scenarios``) takes, by name."""
    if page not in PAGES:
        raise ValueError(f"no page {page!r}; the pages are {', '.join(PAGES)}")
    return {p.name: p for p in PARAMS if page in p.pages}


def default(name: str, page: str = "/") -> Any:
    """The default of parameter ``name`` on ``page``."""
    try:
        return params_of(page)[name].default
    except KeyError:
        raise ValueError(f"{page} takes no URL parameter {name!r}") from None


#: The focus pair's codes, the pickers' defaults.
REPORTER: str = default("reporter")
PARTNER: str = default("partner")

#: The scenario series whose target is in tonnes; every other is money (``target_usd``).
TONNES_SERIES = "rail_freight"
#: First and last year of the scenario page's target-year slider.
TARGET_YEARS = (2010, 2060)


def target_key(series: str) -> str:
    """The URL parameter of a scenario's target: ``target_t`` for rail freight (tonnes),
    ``target_usd`` for money."""
    return "target_t" if series == TONNES_SERIES else "target_usd"


@dataclass(frozen=True)
class Link:
    """A link to a page with its parameters: ``st.page_link(l.file, query_params=l.query)``
    on a page, ``l.href`` in Markdown."""

    page: str
    file: str
    query: dict[str, str]

    @property
    def href(self) -> str:
        """The relative address (``claims?claim=p046``), for a Markdown link."""
        path = self.page.lstrip("/") or "."
        return path + ("?" + urlencode(self.query) if self.query else "")


def link(page: str, params: Mapping[str, Any] | None = None, /, **more: Any) -> Link:
    """The one way to link to a page: each parameter must be one ``page`` takes (a
    misspelt or foreign name raises ``ValueError``); values are written as the URL keeps
    them (``int`` as digits, ``bool`` as ``true``/``false``); ``None`` is left out."""
    declared = params_of(page)
    query: dict[str, str] = {}
    for name, value in {**(params or {}), **more}.items():
        if name not in declared:
            raise ValueError(f"{page} takes no URL parameter {name!r}")
        if value is None:
            continue
        query[name] = url_text(value, declared[name].type)
    return Link(page, PAGES[page], query)


def url_text(value: Any, kind: type | None = None) -> str:
    """A value as the URL keeps it: ``bool`` as ``true``/``false``, a whole ``float`` of a
    parameter that is not a float (``kind``) as digits."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and kind not in (float, None):
        return str(int(value))
    return str(value)


#: Parameters that say themselves when a link's value cannot be used: a pair the stores
#: lack (ui.stop_unless_held), a target that cannot be read, a press figure not held.
SAID_BY_THE_PAGE = frozenset({"reporter", "partner", "target_usd", "target_t", "claim"})


def _same(kind: type, asked: str, shown: Any) -> bool:
    """Whether a link's ``asked`` text is the value a control shows (``1.10`` is 1.1)."""
    if shown is None:
        return False
    if kind is bool:
        return asked.strip().lower() in (("true", "1") if shown else ("false", "0"))
    if kind in (int, float):
        try:
            return float(asked) == float(shown)
        except (TypeError, ValueError):
            return False
    return asked.strip().lower() == str(shown).strip().lower()


def unread(
    page: str, asked: Mapping[str, str], shown: Mapping[str, Any]
) -> list[tuple[str, str, Any]]:
    """A link's parameters that ``page`` could not use: ``(name, asked, shown)`` for each
    one of its parameters that the link (``asked``) gave and whose control, after the
    page's first run (``shown``: the session's values), holds another value: a value out
    of a control's options or range, which the control replaces by its default. A value
    written another way (``1.10``, ``Monthly``, an alias) is the same value, not listed."""
    declared = params_of(page)
    return [
        (name, text, shown.get(name))
        for name, text in asked.items()
        if name in declared and name not in SAID_BY_THE_PAGE
        and not _same(declared[name].type, declared[name].aliases.get(text, text),
                      shown.get(name))
    ]  # fmt: skip
