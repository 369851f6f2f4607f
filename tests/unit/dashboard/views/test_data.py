"""The Data page's tables: the validation report, what the stores hold."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.views import data as view
from data.importers import load

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def test_validation_report_of_a_press_file():
    parsed = load(FIXTURES / "press" / "valid.csv")
    info, first = view.validation_report([parsed], store_observations=len(parsed.frame))
    assert info["format"] == parsed.format
    assert info["observations"] == len(parsed.frame) == 4
    assert info["pairs"] == 1
    assert info["years"] == "2023–2024"
    assert info["store_observations"] == 4
    assert len(first) == 4 and first["reporter"].tolist() == ["KAZ"] * 4
    assert first["value"].tolist()[0] == 563e6


def test_store_listing_and_pair_listing():
    f = pd.DataFrame(
        {
            "reporter": ["KAZ", "KAZ", "TKM"], "partner": ["TKM", "TKM", "CHN"],
            "series": ["trade_value"] * 3, "period_start": ["2019-01", "2023-01", "2020-01"],
            "source_id": ["a", "b", "a"],
        }
    )  # fmt: skip
    empty = f.iloc[0:0]
    s = view.store_listing({"embedded": f, "user": empty}, {"embedded": 2})
    assert s.to_dict("records")[0] == {
        "store": "embedded", "observations": 3, "pairs": 2, "series": "trade_value",
        "years": "2019–2023", "sources": 2,
    }  # fmt: skip
    assert s.loc[1, "observations"] == 0 and s.loc[1, "years"] == ""
    pl = view.pair_listing({"embedded": f, "user": empty})
    assert pl[
        ["reporter", "partner", "observations", "first_year", "last_year"]
    ].values.tolist() == [
        ["KAZ", "TKM", 2, 2019, 2023],
        ["TKM", "CHN", 1, 2020, 2020],
    ]


def test_problems_frame_lists_each_problem_under_the_uploads_own_name():
    from dashboard.views.data import PROBLEM_COLUMNS, problems_frame
    from data.schema import Problem, ValidationError

    listed = [
        Problem("tmp123.csv", 4, "period_end", "2023-13", "'2023-13' is not a month"),
        Problem("tmp123.csv", 9, "value", "lots", "'lots' is not a number"),
    ]
    exc = ValidationError("first", file="tmp123.csv", row=4, problems=listed, total=7)
    frame = problems_frame(exc, "upload.csv")
    assert tuple(frame.columns) == PROBLEM_COLUMNS
    assert frame["file"].tolist() == ["upload.csv", "upload.csv"]
    assert frame["row"].tolist() == [4, 9] and frame["value"].tolist() == ["2023-13", "lots"]
    assert exc.total == 7
    # An error without a list is one row, located as its message is.
    one = problems_frame(ValidationError("the file is empty", file="x.csv"))
    assert one.to_dict("records") == [
        {"file": "x.csv", "row": None, "column": "", "value": "", "problem": "the file is empty"}
    ]
