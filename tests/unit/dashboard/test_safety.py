"""Text from data made harmless: CSV cells a spreadsheet would run, Markdown that links."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from dashboard.safety import md_escape, safe_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_csv_neutralises_formula_starts(start):
    cell = f'{start}HYPERLINK("http://evil")'
    frame = pd.DataFrame({"note": [cell, "plain"], "n": [1, 2]})
    back = pd.read_csv(io.BytesIO(safe_csv(frame)), keep_default_na=False)
    assert back["note"].tolist() == ["'" + cell, "plain"]


def test_safe_csv_keeps_numbers_numbers_and_prefixes_only_strings():
    frame = pd.DataFrame(
        {
            "value_usd": [-25_000_000.0, 563e6],
            "n": [-3, 4],
            "text": ["-3", "ok"],
            "flag": [True, False],
        }
    )
    text = safe_csv(frame).decode()
    lines = text.splitlines()
    assert lines[0] == "value_usd,n,text,flag"
    assert lines[1] == "-25000000.0,-3,-3,True"  # a number as text cannot be a formula
    back = pd.read_csv(io.StringIO(text))
    assert back["value_usd"].tolist() == [-25e6, 563e6]
    assert back["n"].tolist() == [-3, 4]


def test_safe_csv_neutralises_header_and_object_columns_with_mixed_types():
    frame = pd.DataFrame({"=cmd": pd.Series(["@SUM(1)", 5, None], dtype=object), "n": [1, 2, 3]})
    lines = safe_csv(frame).decode().splitlines()
    assert lines[0] == "'=cmd,n"
    assert lines[1:] == ["'@SUM(1),1", "5,2", ",3"]


def test_escape_markdown_makes_links_and_images_inert():
    text = md_escape("![x](http://e/i.png) [click](javascript:alert(1)) $5 :red[x]")
    assert "](" not in text.replace("\\]\\(", "")
    assert "\\[click\\]\\(javascript" in text
    assert "\\$5" in text and "\\:red\\[x\\]" in text


@pytest.mark.parametrize("cell", ["=1+1", "+1+1", "-2*A1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(cell):
    out = pd.read_csv(io.BytesIO(safe_csv(pd.DataFrame({"note": [cell]}))), dtype=str)
    assert out["note"][0] == "'" + cell


def test_numbers_and_plain_text_are_untouched():
    frame = pd.DataFrame({"year": [2023], "growth": [-0.05], "note": ["plain"], "=col": ["x"]})
    text = safe_csv(frame).decode()
    assert text.splitlines() == ["year,growth,note,'=col", "2023,-0.05,plain,x"]


def test_md_escape_neutralises_markdown_and_directives():
    raw = "[click](http://x) **b** $x$ :red[alert] <b>"
    out = md_escape(raw)
    assert "\\[" in out and "\\$" in out and "\\:" in out and "\\<" in out and "\\*" in out
    assert out.replace("\\", "") == raw


@pytest.mark.parametrize("cell", ["=", "<=", ">=", "-3", "+1.5", "-1e9", "+2.5E-3", "-.5"])
def test_safe_csv_leaves_what_cannot_be_a_formula_as_the_parquet_holds_it(cell):
    text = safe_csv(pd.DataFrame({"comparator": [cell, "ok"]})).decode()
    assert text.splitlines()[1] == cell


@pytest.mark.parametrize("cell", ["=1+2", "-3+cmd", "=A1", "+1e9)", "-", "==", "-1,5", "@3"])
def test_safe_csv_still_neutralises_near_numbers_that_could_run(cell):
    back = pd.read_csv(io.BytesIO(safe_csv(pd.DataFrame({"c": [cell]}))), dtype=str)
    assert back["c"].tolist() == ["'" + cell]


def test_hover_wraps_to_a_width_without_splitting_an_entity():
    from dashboard.safety import hover

    text = hover("head", "  A <b>long</b> citation & title " * 3, width=20)
    lines = text.split("<br>")
    assert lines[0] == "head" and len(lines) > 3
    assert all(len(ln.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")) <= 20
               for ln in lines)  # fmt: skip
    assert lines[1].startswith("  A") and lines[2].startswith("    ")  # continuation indented
    assert "<b>" not in text and "&lt;b&gt;long&lt;/b&gt;" in text.replace("<br>    ", " ")
    assert hover("x" * 30) == "x" * 30  # no width: unchanged
