"""Flags on shown figures: which rows the claims checker doubts, in plain words, and the
same verdict the Claims page gives (checked on the embedded data)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard import services
from dashboard.views import verdicts as v


@pytest.fixture(scope="module")
def rail():
    snap = services.load_pair("KAZ", "TKM")
    return snap, services.reconciled(snap, "KAZ", "TKM", "rail_freight", "total")


@pytest.fixture(scope="module")
def checked(rail):
    snap, r = rail
    return services.figure_verdicts(snap, v.refs_of(r, v.all_years(r)))


def test_the_2023_rail_figures_are_flagged_and_2022_says_it_is_derived(rail, checked):
    _, r = rail
    flags = v.figure_flags(r, (2022, 2023, 2024), checked)
    got = {(f.year, f.ref, f.verdict, f.derived) for f in flags}
    # 2022 (1.08 Mt) is 1.30 Mt / 1.20: derived from p045 (level) and p046 (+20 %).
    assert got == {
        (2022, "p045", "ambiguous", True),
        (2022, "p046", "contradicted", True),
        (2023, "p045", "ambiguous", False),
    }
    derived = next(f for f in flags if f.ref == "p046")
    assert derived.text.startswith("2022's 1.083 Mt is derived here from this figure.")
    assert "Contradicted by other sources: KAZ–TKM rail freight (tonnes), 2023: growth +20.0%" in (
        derived.text
    )
    assert derived.short == "⚠ 2022: derived from a contradicted figure (see Claims)"
    assert not v.figure_flags(r, (2024,), checked)  # 1.60 Mt (p049) is supported


def test_plain_words_name_publishers_not_ids(checked):
    text = v.verdict_words(checked["p046"])
    assert "mebusiness.ae" in text and "JJTV" in text
    for internal in ("press:", "p046", "n040", "rail_freight"):
        assert internal not in text


def test_the_verdicts_are_the_claims_pages(checked):
    """Checking only the shown rows gives each row the verdict the Claims page gives it
    (every press figure of both stores)."""
    from data.store import read_all

    every, _ = services.claim_verdicts(read_all(), "press")
    by_id = {d["id"]: d for d in every}
    assert len(checked) >= 3
    for ref, d in checked.items():
        assert (d["verdict"], d["note"]) == (by_id[ref]["verdict"], by_id[ref]["note"])


def test_flag_hovers_adds_a_line_at_the_flagged_year_only():
    fig = go.Figure(go.Scatter(x=[2021, 2022, 2023, None], y=[1, 2, 3, None], name="s",
                               hovertext=["a", "b", "c", ""]))  # fmt: skip
    flag = v.Flag(2022, "p1", "contradicted", "claim", False, "text")
    out = v.flag_hovers(fig, [flag], ["s"])
    assert list(out.data[0].hovertext) == [
        "a",
        "b<br>⚠ 2022: contradicted by other sources (see Claims)",
        "c",
        "",
    ]
    untouched = v.flag_hovers(go.Figure(go.Scatter(x=[2022], y=[1], name="t",
                                                   hovertext=["b"])), [flag], ["s"])  # fmt: skip
    assert list(untouched.data[0].hovertext) == ["b"]
