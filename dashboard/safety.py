"""Text from data made harmless: CSV cells a spreadsheet would run, Markdown that would link,
figure text that would open a tag.

Names, titles and notes are *data* (typed by whoever wrote a file), so every string that
reaches a spreadsheet, Markdown or a plotly figure goes through one of these: :func:`safe_csv`,
:func:`md_escape`, :func:`plot_text` / :func:`hover`. Pure functions.
"""

from __future__ import annotations

import html
import re
import string
import textwrap

import pandas as pd

#: A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = set(string.punctuation)
#: Cells that start like a formula but cannot be one: a lone comparator (the data model's
#: ``comparator`` column) and a plain number such as ``-3`` or ``+1.5e9``.
_INERT = re.compile(r"(=|~|<|>|<=|>=|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)")


def neutralise_cell(value: object) -> object:
    """A string cell that a spreadsheet would run as a formula gets a leading apostrophe;
    a lone comparator or a plain number is left as it is (the Parquet holds the same)."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _INERT.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of ``frame`` (no index) in which no text cell can run as a formula.

    A *string* cell (or header) starting with ``= + - @``, tab or CR gets a leading
    apostrophe (OWASP's advice for CSV injection), unless it cannot be a formula: a lone
    comparator (``=``) or a plain number (``-3``) is written as it is; numbers, negative
    ones included, stay numbers. CRLF rows (RFC 4180), so a CR inside a cell is quoted,
    not a row break.
    """
    out = frame.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(neutralise_cell).astype(object)
    out.columns = [str(neutralise_cell(str(c))) for c in out.columns]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def md_escape(text: object) -> str:
    """Backslash-escape every ASCII punctuation character, so Markdown shows ``text`` as
    typed: no links, images, emphasis, LaTeX (``$``) or directives (``:red[...]``)."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def md_link(text: object, url: object) -> str:
    """``text`` as a Markdown link to ``url`` when it is an http(s) address, else the text
    alone; both escaped, so neither a title nor an address from a file can change the page
    (``(``, ``)``, ``<``, ``>``, quotes and spaces in the address are percent-encoded)."""
    address = str(url or "").strip()
    if not re.match(r"https?://[^\s]+$", address, re.I):
        return md_escape(text)
    for ch, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ('"', "%22"),
                     ("'", "%27"), ("[", "%5B"), ("]", "%5D"), ("\\", "%5C")):  # fmt: skip
        address = address.replace(ch, code)
    return f"[{md_escape(text)}]({address})"


def plot_text(text: object) -> str:
    """``text`` as plotly shows it as typed: ``&``, ``<`` and ``>`` become entities, so a
    title cannot open a tag (plotly renders ``<a href>``, ``<b>``, ``<span style>`` in hover
    text, labels and legends). Quotes stay: plotly decodes ``&amp; &lt; &gt;`` but would
    print ``&quot;`` as it stands."""
    return html.escape(str(text), quote=False)


def hover(*lines: object, width: int | None = None) -> str:
    """Hover text of one point: each line through :func:`plot_text`, joined by ``<br>``
    (the only markup a hover built from data carries).

    Plotly never wraps a hover box, so a long citation makes it wider than a phone (574 px
    at 390 px). With ``width``, each line is wrapped at that many characters first (words
    kept whole, continuation lines indented by two spaces, a word longer than the width
    broken), then escaped, so a break never splits an entity."""
    if width is None:
        return "<br>".join(plot_text(line) for line in lines)
    pieces: list[str] = []
    for line in lines:
        text = str(line)
        indent = " " * (len(text) - len(text.lstrip(" ")))
        wrapped = textwrap.wrap(
            text, width, subsequent_indent=indent + "  ", break_on_hyphens=False
        )
        pieces += wrapped or [""]
    return "<br>".join(plot_text(p) for p in pieces)


def more_hover(text: str, *lines: object) -> str:
    """A hover already built by :func:`hover` with ``lines`` added below it, each escaped."""
    return "<br>".join([text, *(plot_text(line) for line in lines)])
