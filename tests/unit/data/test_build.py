"""The embedded dataset's filter: rows where a focus country trades, their rows kept."""

from __future__ import annotations

import pyarrow as pa

from data import schema, store
from data.build import focus_rows
from data.importers import dots
from tests.unit.data.dots_fixtures import both, write_workbook


def test_focus_rows_keep_the_pair_and_its_row_numbers(tmp_path):
    rows = both([["Russian Federation", 3.0, None, 4.0], ["Turkmenistan", 1.5, 2.5, None]])
    book = write_workbook(tmp_path / "aze.xlsx", rows, reporter="Azerbaijan, Rep. of")
    parsed = dots.load(book)
    kept = focus_rows(parsed)
    assert kept.observations.schema == schema.ARROW_SCHEMA or isinstance(
        kept.observations, pa.Table
    )
    f = kept.frame
    assert set(f["partner"].astype(str)) == {"TKM"}  # Azerbaijan–Russia left out
    assert len(f) == len(kept.row_of) == 4  # 2 years × exports and imports
    full = schema.from_arrow(parsed.observations)
    tkm = (full["partner"] == "TKM").to_numpy()
    assert list(kept.row_of) == [int(r) for r, k in zip(parsed.row_of, tkm, strict=True) if k]


def test_embedded_dataset_holds_both_press_files_whole():
    snap = store.embedded_store().read()
    f = snap.frame
    press = f[f["source_id"].astype(str).str.startswith("press:")]
    refs = set(press["ref"].astype(str))
    assert {f"p{i:03d}" for i in range(1, 73)} | {f"n{i:03d}" for i in range(1, 88)} == refs
    assert len(press) == 159
    new = press[press["ref"].astype(str).str.startswith("n")].set_index("ref")
    # the 2024–2026 file's own columns and series, as published
    assert new["commodity"].value_counts().to_dict() == {
        "TOTAL": 56, "HS01-24": 11, "0702": 9, "1001": 5, "1101": 5, "1001+1101": 1,
    }  # fmt: skip
    assert new.loc["n073", "share_of"] == "pair_flow"
    assert new.loc["n082", "share_of"] == "partner_product_exports"
    assert new.loc["n001", "value"] == 363.6e6 and new.loc["n028", "comparator"] == ">"
    assert set(new["series"]) >= {"trade_quantity", "transit_rail_via_kaz_to_tkm"}
    # an article both files quote is one source, citing both files
    both = snap.sources[str(new.loc["n012", "source_id"])]
    assert both.file == "kaz-tkm-press-figures.csv; kaz-tkm-press-figures-2024-2026.csv"


def test_embedded_dataset_holds_kazakhstans_official_table():
    snap = store.embedded_store().read()
    f = snap.frame
    bns = f[f["source_id"].astype(str).str.startswith("kz-bns:")]
    (source_id,) = set(bns["source_id"].astype(str))
    assert snap.sources[source_id].category == "official"
    assert set(bns["reporter"].astype(str)) == {"KAZ"}
    assert set(bns["flow"].astype(str)) == {"export", "import"}  # turnover is derived
    tkm = bns[bns["partner"] == "TKM"].set_index(["flow", "period_start"])["value"]
    assert tkm.to_dict() == {
        ("export", "2022-01"): 340_352_999.79,
        ("import", "2022-01"): 98_338_691.06,
        ("export", "2023-01"): 396_831_171.72,
        ("import", "2023-01"): 166_117_844.05,
    }
    # every partner and group row of both years, groups flagged
    assert bns["partner_aggregate"].sum() == 2 * 2 * 12
    assert len(bns) == 717
