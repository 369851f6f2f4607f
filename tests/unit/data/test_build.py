"""The embedded dataset's filter: rows where a focus country trades, their rows kept."""

from __future__ import annotations

import pyarrow as pa

from data import schema
from data.build import focus_rows
from data.importers import dots
from tests.unit.data.dots_fixtures import both, write_workbook


def test_focus_rows_keep_the_pair_and_its_row_numbers_in_either_form(tmp_path):
    rows = both([["Russian Federation", 3.0, None, 4.0], ["Turkmenistan", 1.5, 2.5, None]])
    book = write_workbook(tmp_path / "aze.xlsx", rows, reporter="Azerbaijan, Rep. of")
    parsed = dots.load(book)
    assert isinstance(parsed.observations, pa.Table)
    as_frame = focus_rows(
        type(parsed)(parsed.file, parsed.format, parsed.frame, parsed.sources, parsed.row_of)
    )
    for kept in (focus_rows(parsed), as_frame):
        f = kept.frame if isinstance(kept.observations, pa.Table) else kept.observations
        assert set(f["partner"].astype(str)) == {"TKM"}  # Azerbaijan–Russia left out
        assert len(f) == len(kept.row_of) == 4  # 2 years × exports and imports
        full = schema.from_arrow(parsed.observations)
        tkm = (full["partner"] == "TKM").to_numpy()
        assert list(kept.row_of) == [int(r) for r, k in zip(parsed.row_of, tkm, strict=True) if k]
    assert focus_rows(parsed).row_of == as_frame.row_of
