"""A deflator file's year column: a year, or a date whose year it is; nothing else."""

from __future__ import annotations

import pytest

from data.deflator import parse_deflator
from data.schema import ValidationError


def test_years_and_dates_give_their_year():
    d = parse_deflator("d.csv", "year,index\n2019,100\n2020-12,101\n2021-12-31,103\n")
    assert list(d.index) == [2019, 2020, 2021]
    assert list(d) == [100.0, 101.0, 103.0]


@pytest.mark.parametrize("bad", ["2019abc", "19", "May 2019"])
def test_anything_else_is_refused_naming_row_and_column(bad):
    with pytest.raises(ValidationError) as err:
        parse_deflator("d.csv", f"year,index\n2018,99\n{bad},100\n")
    assert err.value.row == 3 and err.value.column == "year"
