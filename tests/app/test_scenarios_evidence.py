"""The scenario page: as_of, the figures since the base year, and How good is this fan?"""

from __future__ import annotations

import re

from tests.app.conftest import all_cards


def _metric(at, label_start):
    return next(m for m in all_cards(at) if m.label.startswith(label_start))


def test_the_figures_since_the_base_year_are_listed_with_what_each_did(app):
    at = app("scenarios")
    assert not at.exception
    heads = [h.value for h in at.subheader]
    assert "Figures since 2023, and what each did" in heads
    table = at.dataframe[0].value
    assert set(table.columns) == {"period", "figure", "used as", "P(reach) after", "sources"}
    assert {("2024", "above $500M"), ("Jan–Sep 2025", "$363.6M")} <= set(
        zip(table["period"], table["figure"], strict=True)
    )
    assert table["sources"].str.len().min() > 0
    # Jan–Sep 2025's growth is applied with its level (it states Jan–Sep 2024): its row says
    # so, where it was blank; every other row has its own P(reach).
    after = dict(zip(table["figure"], table["P(reach) after"], strict=True))
    assert after["+5.4% on a year earlier"] == "with the row below"
    assert re.fullmatch(r"\d+%", after["$363.6M"]) and re.fullmatch(r"\d+%", after["above $500M"])
    p = _metric(at, "P(reach by 2028)")
    # The change in points, short enough for a quarter of the page; the tooltip its cause.
    assert re.fullmatch(r"[+−]\d+\.\d points", p.delta), p.delta
    assert "before the figures since 2023" in p.help
    # The figures lowered P (0.35 -> 0.33): a fall, down and red, though the text's minus
    # is not the ASCII hyphen Streamlit looks for.
    assert p.delta.startswith("−")
    assert (p.arrow, p.color) == ("down", "red")


def test_as_of_before_the_figures_leaves_them_out(app):
    at = app("scenarios", {"as_of": "2024-12"})
    assert not at.exception
    table = at.dataframe[0].value
    assert "As of 2024-12" in " ".join(c.value for c in at.caption).replace("\\", "")
    # 2024 "> $500M" was published in February 2025, Jan–Sep 2025 in November 2025.
    assert not {"above $500M", "$363.6M"} & set(table["figure"])


def test_how_good_is_this_fan_shows_the_methods_backtest(app):
    at = app("scenarios", {"method": "pooled"})
    assert not at.exception
    exp = next(e for e in at.expander if e.label == "How good is this fan?")
    text = " ".join(c.value for c in exp.caption).replace("\\", "")
    assert "Backtest of similar earlier cases (pooled)" in text and "Brier skill" in text
    # Beside the worst bin, how far off a correct model's would be on the same cases.
    assert "if this method were exactly right, its worst bin on these cases" in text
    # And what the shipped backtest found on a longer history (origins 1975–2015).
    assert "On a longer history (origins 1975–2015, 6,000 cases) its worst bin is" in text
    # And how much of what it misses is the world's (the diagnostic that knew it).
    known = re.search(
        r"Scored again with the world's next five years known \(a diagnostic: nobody knows "
        r"them when forecasting\), the same cases give a Brier skill of \+(0\.\d\d) to "
        r"\+(0\.\d\d), against this method's \+(0\.\d\d) to \+(0\.\d\d)\.",
        text,
    )
    assert known, text
    assert float(known[1]) > float(known[4])  # knowing the world beats every ratio
    cov = exp.dataframe[0].value
    assert list(cov["horizon"]) == ["1 yr", "2 yr", "3 yr", "4 yr", "5 yr"]
    # What the backtest found for cases of KAZ–TKM's size ($563M in 2023).
    band = next(
        (s for s in (c.value.replace("\\", "") for c in exp.caption) if "this size" in s), ""
    )
    assert band.startswith("Cases of this size ($200M–$1B at the origin: 1,936 of the 6,000): "
                           "P(reach ×1.776) said "), band  # fmt: skip
    assert "of their 5-year outcomes" in band


def test_the_chance_words_stay_with_the_method_they_were_measured_for(app):
    at = app("scenarios", {"method": "parametric"})
    assert not at.exception
    exp = next(e for e in at.expander if e.label == "How good is this fan?")
    text = " ".join(c.value for c in exp.caption).replace("\\", "")
    assert "Brier skill" in text and "exactly right" not in text
    assert "longer history" not in text  # measured for pooled alone
    assert "world's next five years known" not in text  # so was the world-known diagnostic


def test_what_the_worlds_next_years_do_to_the_answer_is_said(app):
    at = app("scenarios")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    said = re.search(
        r"P\(reach by 2028\) turns on the world's next years, which a pair's own figures do "
        r"not foresee: (\d+)% if they go as the worst third of the (\d+) five-year stretches "
        r"of the stores' pairs did \(from [\d, and]+\), (\d+)% as the middle third, (\d+)% as "
        r"the best \(from [\d, and]+\)\.",
        captions,
    )
    assert said, captions
    worst, n, best = int(said[1]), int(said[2]), int(said[4])
    assert worst < best
    exp = next(e for e in at.expander if e.label == "P(reach) by the world's five years")
    assert exp.caption[0].value.startswith("Each row is one five-year stretch")
    table = exp.dataframe[0].value
    assert list(table.columns) == [
        "world's years", "world vs. mean", "P(reach)", "weight",
    ]  # fmt: skip
    assert len(table) == n and table["world's years"].str.fullmatch(r"\d{4}–\d{4}").all()
    # The world's worst stretch first, its best last.
    assert table["world vs. mean"].iloc[0].startswith("−")
    assert table["world vs. mean"].iloc[-1].startswith("+")


def test_a_method_without_a_world_part_says_nothing_of_it(app):
    at = app("scenarios", {"method": "parametric"})
    assert not at.exception
    assert "world's next years" not in " ".join(c.value for c in at.caption)
    assert all(e.label != "P(reach) by the world's five years" for e in at.expander)
