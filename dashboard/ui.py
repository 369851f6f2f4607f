"""Streamlit helpers shared by the pages.

One rule for every page that takes a pair: show the pair asked for, or say plainly that
the stores lack it. Never another pair in its place, and the URL keeps what was asked."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, NoReturn, TypedDict

import streamlit as st

from analysis import wording
from dashboard import loaders, state
from dashboard.safety import md_escape, md_link
from dashboard.views.footer import sources_footer
from dashboard.views.verdicts import ADJECTIVES, Flag
from data.countries import name_of
from data.provenance import Source

#: Where a page leaves its footer for the router (one run).
FOOTER_KEY = "_page_footer"


def asked(key: str, default: str) -> str:
    """The code a page was asked for: the control's value once it has one, else the URL's,
    else ``default``; upper case (``uzb`` in a typed link is ``UZB``)."""
    value = st.session_state.get(key) or st.query_params.get(key) or default
    return str(value).strip().upper()


def set_param(key: str, value: str) -> None:
    """Write an unbound URL parameter, and only when it changes.

    Any write to ``st.query_params`` sends the server's copy of the whole query string to
    the browser, which replaces its URL with it. On a rerun that copy is the query string
    the browser sent with the rerun, and that can lag one step behind the URL: a bound
    control (the target year) writes its new value to the URL in the browser itself,
    and the rerun it starts may still carry the value before. An unconditional write
    would put that old value back in the URL while the view shows the new one."""
    if st.query_params.get(key) != value:
        st.query_params[key] = value


@functools.lru_cache(maxsize=4096)
def code_label(code: str) -> str:
    """A country code as a picker shows it: ``China (CHN)``; an aggregate by its name alone
    (``Emerging and Developing Economies``); the code alone when unnamed. Remembered: a
    picker sorts and labels every code of the stores on each rerun."""
    name = name_of(code)
    if name == code:
        return code
    # An aggregate's code (AGG_EMDE) is an internal id: its name alone is shown.
    return name if code.startswith("AGG_") else f"{name} ({code})"


def pick_code(
    where: Any,
    label: str,
    codes: Sequence[str],
    key: str,
    default: str,
    on_change: Callable[[], None] | None = None,
    help: str | None = None,
) -> str:
    """The one reporter or partner control of every page: a select box labelled by name and
    code (typing "China" finds CHN; :func:`code_box`). The URL parameter ``key`` keeps the
    code: a select box bound to the URL would write its label there, so the code is written
    by hand."""
    ss = st.session_state
    options = sorted(dict.fromkeys(codes), key=code_label)
    if ss.get(key) not in options:
        wanted = str(st.query_params.get(key, "") or default).strip().upper()
        ss[key] = wanted if wanted in options else (default if default in options else options[0])
    value = str(code_box(where, label, options, key, on_change=on_change, help=help))
    set_param(key, value)
    return value


def code_box(
    where: Any,
    label: str,
    codes: Sequence[str],
    key: str,
    on_change: Callable[[], None] | None = None,
    help: str | None = None,
    placeholder: str | None = None,
) -> str | None:
    """The country select box itself, labelled ``China (CHN)`` and sorted by name, for a
    choice the URL does not keep (the reporter of an uploaded table): with ``placeholder``
    it starts empty, so nothing is chosen for the person; ``None`` until they choose."""
    options = sorted(dict.fromkeys(codes), key=code_label)
    empty = {"index": None, "placeholder": placeholder} if placeholder is not None else {}
    picked = where.selectbox(
        label, options, key=key, format_func=code_label, on_change=on_change, help=help, **empty
    )
    return None if picked is None else str(picked)


def pick_word(
    where: Any,
    label: str,
    options: Sequence[str],
    key: str,
    on_change: Callable[[], None] | None = None,
    help: str | None = None,
    words: Callable[[str], str] = wording.label,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """A select box of internal names (a series, a method) shown in plain words
    (``words``; by default :func:`analysis.wording.label`); the URL parameter ``key`` keeps
    the name, written by hand as :func:`pick_code` does. The first option is the default.
    A link's value written another way (``aliases``: ``exports`` for ``export``) is read as
    it; one that is none of the options shows the default, and the page says so above
    itself (:func:`say_unread_link`)."""
    ss = st.session_state
    if ss.get(key) not in options:
        wanted = str(st.query_params.get(key, "") or "").strip()
        wanted = (aliases or {}).get(wanted, wanted)
        ss[key] = wanted if wanted in options else options[0]
    picked = where.selectbox(
        label, options, key=key, format_func=words, on_change=on_change, help=help
    )
    value = str(picked)
    set_param(key, value)
    return value


#: Sources a card's tooltip lists before "and N more": at 390 px a tooltip of seven full
#: citations was cut off after four and a half.
CARD_SOURCES = 3


def cite(ids: Sequence[str], citations: Mapping[str, str], links: Mapping[str, str]) -> str:
    """A card tooltip's sources, one a line, each a link to the source where it has a web
    address (a tooltip can be clicked; a chart's hover cannot); past ``CARD_SOURCES``, the
    rest are counted with a link to Claims and sources, which lists them all."""
    ids = list(dict.fromkeys(ids))
    lines = [md_link(citations.get(s, s), links.get(s, "")) for s in ids[:CARD_SOURCES]]
    if len(ids) > CARD_SOURCES:
        to = state.link("/claims").href
        lines.append(f"[and {len(ids) - CARD_SOURCES} more on Claims and sources]({to})")
    return "  \n".join(lines) or "no source"


def footer(source_ids: Iterable[str], sources: Mapping[str, Source], what: str = "figures") -> None:
    """Leave this run's footer to the router (``streamlit_app``), built from the sources of
    the figures the page shows (:func:`dashboard.views.footer.sources_footer`)."""
    st.session_state[FOOTER_KEY] = sources_footer(source_ids, sources, what)


def draw_footer() -> None:
    """The page's footer, under a divider: the one it left (:func:`footer`, already
    escaped), which lasts one run; a page that shows no figure leaves none."""
    st.divider()
    if page_footer := st.session_state.pop(FOOTER_KEY, None):
        st.caption(page_footer)
    else:
        st.caption(
            "Each figure cites its publisher, title and date; imported files keep their own "
            "attribution (Claims and sources lists every source)."
        )


def end_page() -> NoReturn:
    """End the page here (``st.stop``), its footer drawn first: after ``st.stop`` nothing
    more can be drawn, so the router's footer would be missing and the footer the page
    left would show under the next page that leaves none. So is the link's check."""
    say_unread_link()
    draw_footer()
    st.stop()


#: Where the router leaves a link's check for the page's end (see :func:`read_link`).
LINK_KEY = "_link_check"


def read_link(url_path: str) -> None:
    """On a page's first run in a session with parameters in its URL, keep what the link
    asked and a place above the page for what it could not use (``state.unread``), said by
    :func:`say_unread_link` when the page ends. Said once: later runs change the URL
    through the controls themselves."""
    page = f"/{url_path}" if f"/{url_path}" in state.PAGES else "/"
    seen = st.session_state.setdefault("_links_read", set())
    if page in seen or not st.query_params:
        st.session_state[LINK_KEY] = None
        return
    seen.add(page)
    st.session_state[LINK_KEY] = (page, st.query_params.to_dict(), st.empty())


def say_unread_link() -> None:
    """Say, above the page, each parameter of its link that it could not use, and what it
    shows instead (a link to ``/trade?flow=sideways`` shows every flow: no silent swap)."""
    check = st.session_state.pop(LINK_KEY, None)
    if not check:
        return
    page, asked, place = check
    shown = {name: st.session_state.get(name) for name in asked}
    lost = state.unread(page, asked, shown)
    if lost:
        place.warning(md_escape("This link's " + "; ".join(
            f"{name}={text} could not be used: "
            + ("nothing on the page takes it here" if value is None
               else f"the page shows {name}={state.url_text(value)}")
            for name, text, value in lost) + "."))  # fmt: skip


def stop_unless_held(reporter: str, partner: str, title: str | None = None) -> None:
    """End the page with a clear message when the stores hold no figure of the pair."""
    why = loaders.missing_pair(reporter, partner, loaders.store_generation())
    if why is None:
        return
    if title:
        st.title(md_escape(title))
    st.warning(md_escape(why[0].upper() + why[1:] + "."))
    # The pair is what the link could not use; its other parameters had nothing to act on.
    st.session_state.pop(LINK_KEY, None)
    end_page()


# -- doubtful figures --------------------------------------------------------------------
def flag_label(flags: Sequence[Flag]) -> str:
    """A flags popover's button: how many doubtful figures, of each verdict
    (``⚠ doubtful figures: 1 contradicted, 1 disputed``)."""
    rows = {f.ref: f.verdict for f in flags}
    counts = [(sum(v == k for v in rows.values()), a) for k, a in ADJECTIVES.items()]
    plural = "s" if len(rows) > 1 else ""
    return f"⚠ doubtful figure{plural}: " + ", ".join(f"{n} {a}" for n, a in counts if n)


def flag_help(flags: Sequence[Flag]) -> str:
    """The flags' one-line forms, for a card's tooltip."""
    return "  \n".join(md_escape(s) for s in dict.fromkeys(f.short for f in flags))


def show_flags(flags: Sequence[Flag], key: str) -> None:
    """A popover with each doubtful figure's verdict in plain words (see
    ``dashboard.views.verdicts``) and a link to it on the Claims page."""
    if not flags:
        return
    # One entry per row: a derived figure's entry (listed first, by year) names the row too.
    once: dict[str, Flag] = {}
    for f in flags:
        once.setdefault(f.ref, f)
    with st.popover(flag_label(flags), key=key):
        for f in once.values():
            st.markdown(md_escape(f.text))
            to = state.link("/claims", claim=f.ref, verdict=f.verdict.replace("_", " "))
            st.page_link(
                to.file,
                label=md_escape(f"On Claims: {f.claim.replace('_', ' ')}"),
                query_params=to.query,
            )


class DeltaLook(TypedDict):
    """``st.metric``'s keyword arguments for a delta's colour and arrow."""

    delta_color: Literal["red", "green", "off"]
    delta_arrow: Literal["up", "down", "auto", "off"]


def delta_look(delta: str | None, *, neutral: bool = False, muted: bool = False) -> DeltaLook:
    """``st.metric``'s ``delta_color`` and ``delta_arrow`` for a delta written by
    ``analysis.wording``: Streamlit reads only a leading ``-`` as negative, and the
    project writes a true minus (``−1.9``), which it would show as a green rise. Rises are
    green and up, falls red and down; ``muted`` (a doubted figure) keeps the arrow in
    gray; ``neutral``, or a delta without a sign (no change), shows neither colour nor
    arrow."""
    if neutral:
        return DeltaLook(delta_color="off", delta_arrow="off")
    text = (delta or "").lstrip()
    if text.startswith((wording.MINUS, "-")):
        look = DeltaLook(delta_color="red", delta_arrow="down")
    elif text.startswith("+"):
        look = DeltaLook(delta_color="green", delta_arrow="up")
    else:  # no sign, no direction: "0.0 points" showed a rise's arrow
        look = DeltaLook(delta_color="off", delta_arrow="off")
    if muted:
        look["delta_color"] = "off"
    return look
