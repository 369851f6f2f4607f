"""The Scenarios page's table (issue 18, item 14): USD million to one decimal, headers in
words, blank cells where a column does not apply (never "None")."""

from __future__ import annotations


def test_the_scenario_table_reads_in_usd_million_with_blank_cells(app):
    at = app("scenarios")
    assert not at.exception
    exp = next(e for e in at.expander if e.label == "Scenario table")
    table = exp.dataframe[0].value
    heads = ["year", "actual (USD million)", "required path (USD million)"]
    assert list(table.columns[:3]) == heads
    assert not [c for c in table.columns if c.endswith("_usd") or c == "p_reach"]
    by = {int(y): row for y, row in zip(table["year"], table.to_dict("records"), strict=True)}
    assert by[2023]["actual (USD million)"] == "562.9"  # Kazakhstan's official 2023 turnover
    assert by[2028]["actual (USD million)"] == ""  # no actual after the base year: blank
    assert by[2019]["required path (USD million)"] == ""  # no projection before the base
    cells = table.astype(str).to_numpy().ravel().tolist()
    assert "None" not in cells and "nan" not in cells


def test_the_history_sources_are_listed_below_the_scenario_table(app):
    at = app("scenarios")
    labels = [e.label for e in at.expander]
    assert labels.index("Sources of the history used") > labels.index("Scenario table")
    exp = next(e for e in at.expander if e.label == "Sources of the history used")
    assert "Kazakhstan" in exp.text[0].value  # the citations of the history used


def test_the_title_caption_says_how_recent_each_source_is(app):
    at = app("scenarios")
    (line,) = [c.value.replace("\\", "") for c in at.caption if "Latest figure" in c.value]
    assert "$1B by 2028" in line and "IMF DOTS to 2020" in line
