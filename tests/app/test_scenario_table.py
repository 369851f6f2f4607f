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
