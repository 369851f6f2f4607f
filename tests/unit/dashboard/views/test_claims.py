"""The Claims page's tables: verdicts in the claim's unit, sources with web links only."""

from __future__ import annotations

from dashboard.views import claims as view
from data.provenance import Source

CITES = {"s1": "Stat office · Yearbook · 2024", "s2": "Outlet <b>A</b>", "s3": "IMF"}


def test_verdict_table_formats_values_in_the_claims_unit():
    verdicts = [
        {"id": "h2a", "verdict": "supported", "data_value": 563e6, "difference": 0.0, "note": "n",
         "claim": "c", "source_id": "s2"},
        {"id": "h2b", "verdict": "not_checkable", "data_value": None, "difference": None,
         "note": "n", "claim": "c", "source_id": "s9"},
        {"id": "h4a", "verdict": "contradicted", "data_value": 1.08e6, "difference": 0.22e6,
         "note": "n", "claim": "c", "source_id": "s1"},
    ]  # fmt: skip
    t = view.verdict_table(verdicts, {"h2a": "USD", "h2b": "percent", "h4a": "t"}, CITES)
    # Verdict and claim first: a phone's 390 px show about two columns (the claim had been fifth)
    assert list(t.columns[:2]) == ["verdict", "claim"] and t.columns[-1] == "id"
    assert t["data_value"].tolist() == ["$563M", "", "1.08 Mt"]
    assert t["difference"].tolist() == ["$0", "", "+220,000 t"]
    assert t["verdict"].tolist() == ["supported", "not checkable", "contradicted"]
    assert t["source"].tolist() == ["Outlet <b>A</b>", "s9", "Stat office · Yearbook · 2024"]


def test_sources_table_keeps_only_web_links():
    srcs = [
        Source("b", "press", "Outlet", url="javascript:alert(1)", licence="rights reserved"),
        Source("a", "official", "Stat", publisher_of_figure="Ministry", url="https://x.org/a"),
    ]
    t = view.sources_table(srcs)
    assert t["source_id"].tolist() == ["a", "b"]  # official first
    assert t["url"].tolist()[0] == "https://x.org/a" and t["url"].isna().tolist()[1]
    assert t.loc[0, "body"] == "Ministry"


def test_a_linked_claim_s_row_is_moved_first_the_others_kept_in_order():
    import pandas as pd

    table = pd.DataFrame({"verdict": ["a", "b", "c", "d"], "id": ["p1", "p2", "p3", "p4"]})
    moved, held = view.linked_first(table, "p3")
    assert held and list(moved["id"]) == ["p3", "p1", "p2", "p4"]
    assert list(moved["verdict"]) == ["c", "a", "b", "d"] and list(moved.index) == [0, 1, 2, 3]
    for absent in ("p9", ""):
        same, held = view.linked_first(table, absent)
        assert not held and same is table
