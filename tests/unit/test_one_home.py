"""One home per concept, checked by reading the code: the wording of numbers lives in
``analysis/wording.py``, the arithmetic of ``YYYY-MM`` months in ``analysis/periods.py``.

A page, table, figure or note that formats an amount itself, or slices a month's text,
would let two readings of the same figure drift apart again.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("analysis", "dashboard", "data")
WORDING, PERIODS = ROOT / "analysis" / "wording.py", ROOT / "analysis" / "periods.py"
#: Formatting an amount, a percentage, a ratio or a comparator word by hand.
HAND_FORMATS = re.compile(
    r"""\$\{                      # a dollar sign before a value: f"${v}"
      | \}\ ?M[t"\s]|\}\ Mt       # a value followed by a scale: f"{v}M", f"{v} Mt"
      | :[+,]*\.\d[fg]\}\ ?[%×]   # f"{v:.1f}%", f"{v:+.1f}%", f"{m:.2f}×"
      | :[+]?\.\d?%\}             # f"{p:.0%}"
      | ["'](over|under)\ ["']    # the old comparator words
    """,
    re.VERBOSE,
)
#: Slices that take a ``YYYY-MM`` text apart: year, month, year-and-dash.
MONTH_SLICES = {(None, 4), (5, None), (5, 7), (4, None), (None, 5), (None, 7)}
#: Slices of the same shape that are not of months: byte signatures, tuple keys.
NOT_MONTHS = {
    ("dashboard/uploads.py", "payload"),
    ("analysis/claims/checking.py", "key"),
    ("data/importers/__init__.py", "head"),  # a file's first bytes (its format's signature)
    ("data/importers/long.py", "raw"),  # Parquet's magic bytes
    ("data/importers/__init__.py", "parsed"),  # the first five files named in a note
    ("data/importers/comtrade/records.py", "names"),  # the first five names in a message
    ("data/importers/wits.py", "names"),
    # Comtrade's own period codes (YYYYMM, YYYY) read into YYYY-MM: a source's format.
    ("data/importers/comtrade/fields.py", "str"),
}


def sources(*exclude: Path) -> list[Path]:
    return [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")) if p not in exclude]


def test_no_module_formats_an_amount_by_hand():
    found = {
        f"{p.relative_to(ROOT)}:{n}": line.strip()
        for p in sources(WORDING)
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_FORMATS.search(line) and "hovertemplate" not in line  # plotly's own d3 format
    }
    assert found == {}


def _constant(node: ast.expr | None) -> int | str | None:
    if node is None:
        return None
    return node.value if isinstance(node, ast.Constant) else "?"


def test_no_module_slices_a_month_text():
    found = []
    for p in sources(PERIODS):
        rel = str(p.relative_to(ROOT))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)):
                continue
            bounds = (_constant(node.slice.lower), _constant(node.slice.upper))
            name = ast.unparse(node.value).split(".")[-1].split("[")[0]
            if bounds in MONTH_SLICES and (rel, name) not in NOT_MONTHS:
                found.append(f"{rel}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_the_checks_would_catch_what_they_look_for():
    assert HAND_FORMATS.search('f"${value / 1e6:.1f}M"')
    assert HAND_FORMATS.search('f"{rate * 100:+.1f}%"')
    assert HAND_FORMATS.search('text = f"{p:.0%}"')
    assert HAND_FORMATS.search('{">": "over "}')
    assert not HAND_FORMATS.search('amount(value, "USD")')
    tree = ast.parse("start[:4] == end[:4] and start[5:] == '01'")
    slices = [n for n in ast.walk(tree) if isinstance(n, ast.Subscript)]
    assert {(_constant(s.slice.lower), _constant(s.slice.upper)) for s in slices} <= MONTH_SLICES


# -- the focus pair ----------------------------------------------------------------------
FOCUS = ROOT / "analysis" / "focus.py"
#: Codes that are facts of a source, not the pages' default pair: the Bureau of National
#: Statistics reports for Kazakhstan; the IMF's Turkmenistan figures are mirror estimates.
SOURCE_FACTS = {("data/importers/bns.py", "KAZ"), ("data/importers/dots/cells.py", "TKM")}


def pair_literals(path: Path) -> list[tuple[int, str]]:
    """The ``"KAZ"`` and ``"TKM"`` string constants of a module (docstrings hold more text
    and are not matched)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value in ("KAZ", "TKM")
    ]


def test_the_focus_pair_is_spelled_in_one_place():
    """The default pair is ``analysis.focus``; any other ``"KAZ"`` or ``"TKM"`` in the code
    (tests, fixtures and data files aside) is a second copy that would drift."""
    stray = [
        f"{p.relative_to(ROOT)}:{line}: {code!r}"
        for p in sources(FOCUS)
        for line, code in pair_literals(p)
        if (str(p.relative_to(ROOT)), code) not in SOURCE_FACTS
    ]
    assert stray == []
    assert pair_literals(FOCUS)  # the one home is where this test looks


def test_the_pair_check_would_catch_a_copy(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('"""KAZ and TKM"""\nreporter = st.query_params.get("reporter", "KAZ")\n')
    assert pair_literals(probe) == [(2, "KAZ")]


# -- turnover ----------------------------------------------------------------------------
FLOWS = ROOT / "analysis" / "flows.py"
#: Adding an exports column to an imports column by hand: ``x["value_x"] + x["value_m"]``.
HAND_TURNOVER = re.compile(r"""value_x["']\]\s*\+|\+\s*[\w.]+\[["']value_m""")


def test_turnover_is_added_in_analysis_flows_only():
    found = {
        f"{p.relative_to(ROOT)}:{n}": line.strip()
        for p in sources(FLOWS)
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_TURNOVER.search(line)
    }
    assert found == {}


def test_the_turnover_check_sees_a_hand_sum():
    assert HAND_TURNOVER.search('"value": (sums["value_x"] + sums["value_m"]).to_numpy(),')
    assert not HAND_TURNOVER.search("flows.turnover_arrays(x, m, ax, am, mx, mm)")
