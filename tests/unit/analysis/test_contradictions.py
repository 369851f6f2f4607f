"""Contradictions between published figures: the clashes in the real data, and tiny frames
named by the edge case they cover. Expected numbers are worked out here from the source
figures, not read back from the code."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.contradictions import Contradiction, contradictions
from data.store import embedded_store
from tests.unit.analysis.claim_frames import BNS, BNS_2022, BNS_2023, CATS
from tests.unit.analysis.claim_frames import obs as _obs


@pytest.fixture(scope="module")
def embedded() -> tuple[pd.DataFrame, dict[str, str]]:
    snap = embedded_store().read()
    return snap.frame, {k: s.category for k, s in snap.sources.items()}


@pytest.fixture(scope="module")
def clashes(embedded) -> list[Contradiction]:
    return contradictions(*embedded)


# ---- the real data: contradictions --------------------------------------------------------


def _find(clashes: list[Contradiction], *refs: str) -> Contradiction:
    hits = [c for c in clashes if {c.a_ref, c.b_ref} == set(refs)]
    assert len(hits) == 1, [(c.a_ref, c.b_ref) for c in clashes]
    return hits[0]


def test_rail_2019_above_1245_against_about_1_is_a_contradiction(clashes) -> None:
    c = _find(clashes, "p053", "p060")
    assert c.severity == "contradiction" and c.series == "rail_freight"
    assert c.period == "2019-01..2019-12" and "1.245 Mt" in c.explanation


def test_jan_jul_plus_10_against_jan_oct_decline_is_a_tension(clashes) -> None:
    c = _find(clashes, "p036", "p034")
    assert c.severity == "tension" and c.check == "nested_growth"
    assert "p038" in c.explanation  # the second outlet with +10 %
    # Aug–Oct 2020 = 109.7 − 100 = 9.7; Aug–Oct 2019 > 109.7 − 100 / 1.1 = 18.79
    fall = 9.7 / (109.7 - 100 / 1.1) - 1
    assert round(fall * 100, 1) == -48.4
    assert "at most −48.4%" in c.explanation and "$9.7M" in c.explanation


def test_rail_2022_implied_by_growth_against_border_station(clashes) -> None:
    c = _find(clashes, "p045+p046", "p061+p062")
    assert c.check == "derived_vs_stated" and c.period == "2022-01..2022-12"
    assert c.severity == "tension"  # 1.3 / 1.20 ≈ 1.083 vs ≈ 1.20 meet only at band edges
    assert "1.083 Mt" in c.explanation and "1.20 Mt" in c.explanation
    assert "p047+p048" in c.explanation  # TuraNews states the same, merged


def test_no_clash_among_corroborating_figures(clashes) -> None:
    refs = {r for c in clashes for r in (c.a_ref, c.b_ref)}
    assert not refs & {"p001", "p005", "p018", "p011", "p003", "p039"}


def test_contradictions_same_window_and_sum() -> None:
    obs = _obs({"year": 2019, "value": 100e6, "source_id": "press:a"},
               {"year": 2019, "value": 120e6, "source_id": "press:b"},
               {"year": 2019, "flow": "export", "value": 60e6, "source_id": "press:b"},
               {"year": 2019, "flow": "import", "value": 40e6, "source_id": "press:b"})  # fmt: skip
    got = {(c.a_ref, c.b_ref, c.severity, c.check) for c in contradictions(obs, CATS)}
    assert got == {
        ("r0", "r1", "contradiction", "same_window"),
        ("r1", "r2+r3", "contradiction", "derived_vs_stated"),  # 120 against 60 + 40
    }


@pytest.mark.parametrize(
    ("official", "supports", "words"),
    [
        ((600e6, 500e6), "a", "they support the +20.0%"),  # +20 %
        ((600e6, 400e6), "b", "they support the +50.0%"),  # +50 %
        ((600e6, 300e6), "neither", "they support neither"),  # +100 %
    ],
    ids=["first", "second", "neither"],
)
def test_official_levels_say_which_side_of_a_growth_clash_they_support(
    official: tuple[float, float], supports: str, words: str
) -> None:
    now, before = official
    growth = {"year": 2023, "measure": "growth_pct_yoy", "unit": "percent"}
    obs = _obs({**growth, "value": 20.0, "source_id": "press:a"},
               {**growth, "value": 50.0, "source_id": "press:b"},
               {"year": 2023, "flow": "export", "value": now / 2, "source_id": "stats"},
               {"year": 2023, "flow": "import", "value": now / 2, "source_id": "stats"},
               {"year": 2022, "flow": "export", "value": before / 2, "source_id": "stats"},
               {"year": 2022, "flow": "import", "value": before / 2, "source_id": "stats"},
               )  # fmt: skip
    (clash,) = [c for c in contradictions(obs, CATS) if c.check == "same_window"]
    assert (clash.a_ref, clash.b_ref) == ("r0", "r1")
    assert clash.official_supports == supports and words in clash.explanation
    assert clash.to_dict()["official_supports"] == supports


def test_no_official_figure_no_arbiter() -> None:
    obs = _obs({"year": 2019, "value": 100e6, "source_id": "press:a"},
               {"year": 2019, "value": 120e6, "source_id": "press:b"})  # fmt: skip
    (clash,) = contradictions(obs, CATS)
    assert clash.official_supports == "" and "Official" not in clash.explanation


def test_contradictions_keep_each_product_apart_from_all_goods() -> None:
    agri = {"year": 2025, "commodity": "HS01-24"}
    obs = _obs({"year": 2025, "value": 363.6e6, "source_id": "press:a"},
               {**agri, "value": 103e6, "source_id": "press:b"},
               {**agri, "value": 130e6, "source_id": "press:c"})  # fmt: skip
    got = contradictions(obs, CATS)
    assert [(c.a_ref, c.b_ref, c.commodity) for c in got] == [("r1", "r2", "HS01-24")]
    assert "trade_value [HS01-24]" in got[0].explanation


def test_the_new_figures_tensions_are_found(clashes) -> None:
    growth = _find(clashes, "n007", "n009")  # nCa's +22.5 % against +28 % for 2023
    assert growth.severity == "contradiction" and "+22.5%" in growth.explanation
    # Kazakhstan's official levels settle it: 562.95 / 438.69 = +28.3 %, inside +28 %'s band
    assert round((BNS_2023 / BNS_2022 - 1) * 100, 1) == 28.3
    assert growth.b_ref == "n009" and growth.official_supports == "b"
    assert "give +28.3% ($562.9M / $438.7M): they support the +28.0%" in growth.explanation
    assert BNS in growth.explanation
    # the 2022 each growth implies: the official $438.69M supports 563 / 1.28, not 563 / 1.225
    implied = _find(clashes, "n008+n009", "n006+n007")
    assert implied.official_supports == "a" and "they support the $439.8M" in implied.explanation
    # where the official table is itself a side, it is named as one, not as an arbiter
    official_side = _find(clashes, "2022!D17+2022!F17", "n006+n007")
    assert official_side.official_supports == "" and "(official)" in official_side.explanation
    rail = _find(clashes, "p045", "n039")  # 2023 rail 1.3 Mt against 2.1 Mt
    assert rail.severity == "contradiction" and "2.10 Mt" in rail.explanation
    assert rail.official_supports == ""  # no official rail figures
    line = _find(clashes, "p065", "n041")  # capacity 6 Mt against 10 Mt
    assert line.series == "rail_capacity" and line.severity == "contradiction"
    by_2027 = _find(clashes, "n045", "n042")  # 10 Mt against 15 Mt by 2027
    assert "p066" in by_2027.explanation  # TCA's 15 Mt, merged with nCa's
