"""Claims checker and contradictions: the headline verdicts on the real data, every press row
reasoned, and tiny frames named by the edge case they cover. Expected numbers are worked out
here from the source figures, not read back from the code."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest

from analysis.claims import (
    HEADLINE_CLAIMS,
    Claim,
    Verdict,
    check_claim,
    check_claims,
    check_headlines,
    claim_band,
    claims_from_frame,
    verdicts_frame,
)
from data.store import embedded_store
from tests.unit.analysis.claim_frames import (
    BNS,
    BNS_2022,
    BNS_2023,
    CATS,
    IMF_2018,
    IMF_2019,
    IMF_2020,
    VERDICTS,
)
from tests.unit.analysis.claim_frames import obs as _obs


@pytest.fixture(scope="module")
def embedded() -> tuple[pd.DataFrame, dict[str, str]]:
    snap = embedded_store().read()
    return snap.frame, {k: s.category for k, s in snap.sources.items()}


@pytest.fixture(scope="module")
def press_verdicts(embedded) -> dict[str, Verdict]:
    obs, cats = embedded
    return {v.id: v for v in check_claims(claims_from_frame(obs), obs, cats)}


@pytest.fixture(scope="module")
def headlines(embedded) -> dict[str, Verdict]:
    obs, cats = embedded
    return {v.id: v for v in check_headlines(obs, cats)}


# ---- the real data: headlines -------------------------------------------------------------


def test_h1_nearly_quadrupled_is_ambiguous_between_base_years(headlines) -> None:
    v = headlines["h1"]
    assert v.verdict == "ambiguous"
    from_2019, from_2018 = v.readings
    # 2023 from the official table, the base years from the IMF's
    assert from_2019["data_value"] == pytest.approx(BNS_2023 / IMF_2019)  # 3.858
    assert from_2019["holds"] is True
    assert from_2018["data_value"] == pytest.approx(BNS_2023 / IMF_2018)  # 5.655
    assert from_2018["holds"] is False
    assert "2019" in str(from_2019["label"]) and "2018" in str(from_2018["label"])
    assert v.data_value == pytest.approx(BNS_2023 / IMF_2019)
    assert v.implied_base == pytest.approx(BNS_2023 / 4)
    assert "3.86×" in v.note and "5.66×" in v.note


def test_h2a_level_563_supported_by_official_statistics(headlines) -> None:
    v = headlines["h2a"]
    assert v.verdict == "supported"
    # Kazakhstan's own table: $562.95M, inside $563M's rounding; no longer other outlets only
    assert v.data_value == pytest.approx(BNS_2023)
    assert v.difference == pytest.approx(563e6 - BNS_2023)
    assert v.source_id.startswith("press:kazinform")  # p001's own publication is left out
    assert v.data_sources == [BNS]
    assert "independent data" in v.note and "official statistics" in v.note


def test_h2b_growth_28_checked_independently_on_official_levels(headlines) -> None:
    v = headlines["h2b"]
    assert v.verdict == "supported"
    assert v.data_value == pytest.approx((BNS_2023 / BNS_2022 - 1) * 100)  # +28.3 %
    assert v.implied_base == pytest.approx(BNS_2023 / 1.28)  # the 2022 the claim implies
    assert v.data_sources == [BNS]  # both years from one table, cited once
    assert "Verdict from the levels" in v.note and "circular" not in v.note
    # +28 % repeated by other outlets is still said, as corroboration only
    assert "corroboration, not independent" in v.note


def test_h3_q1_2024_above_100_supported_by_nca_105(headlines) -> None:
    v = headlines["h3"]
    assert v.verdict == "supported"
    assert v.data_value == 105e6
    assert v.difference == pytest.approx(100e6 - 105e6)
    assert any("newscentralasia" in s for s in v.data_sources)


def test_h4_rail_level_contested_growth_contradicted_by_border_station(headlines) -> None:
    # Without TuraNews, 2023 rail is 1.3 Mt (nCa, p045) against 2.1 Mt (mebusiness, n039):
    # one outlet each, equal standing, so the claim is read against each.
    a = headlines["h4a"]
    assert a.verdict == "ambiguous"
    by_value = {r["data_value"]: r["holds"] for r in a.readings}
    assert by_value == {1.3e6: True, 2.1e6: False}
    assert "equal standing" in a.note and "mebusiness" in a.note
    v = headlines["h4b"]
    jjtv_2022 = 1.0002e6 + 0.2e6  # Bolashak: shipped ~1.0002 Mt + received ~0.2 Mt
    assert v.verdict == "contradicted"  # under both readings of 2023
    growth = sorted((r["data_value"], r["holds"]) for r in v.readings)
    assert [h for _, h in growth] == [False, False]
    assert [g for g, _ in growth] == pytest.approx(
        [(1.3e6 / jjtv_2022 - 1) * 100, (2.1e6 / jjtv_2022 - 1) * 100]  # +8.3 %, +75 %
    )
    assert "n040" in v.note and "corroboration" in v.note  # mebusiness's +4 % is surfaced


def test_headline_claims_are_built_in_code_and_restate_their_press_rows(
    embedded, headlines
) -> None:
    obs, _ = embedded
    press = {c.id: c for c in claims_from_frame(obs)}
    stated = ("reporter", "partner", "series", "flow", "period_start", "period_end")
    stated += ("measure", "comparator", "value", "unit")
    assert HEADLINE_CLAIMS  # a tuple to check, not an empty one
    ids = [c.id for c in HEADLINE_CLAIMS]
    assert len(set(ids)) == len(ids)
    for c in HEADLINE_CLAIMS:
        assert c.source_id == "", c.id  # found at check time from ref, never hard-coded
        row = press[c.ref]  # each headline is a press row of the embedded data, restated
        assert [getattr(c, f) for f in stated] == [getattr(row, f) for f in stated], c.id
        assert headlines[c.id].source_id == row.source_id, c.id
    # a headline split in parts (h2a, h2b) checks one measure per part
    parts: dict[str, list[str]] = {}
    for c in HEADLINE_CLAIMS:
        parts.setdefault(c.id.rstrip("ab"), []).append(c.measure)
    assert all(len(set(m)) == len(m) for m in parts.values())


# ---- the real data: every press row -------------------------------------------------------


def test_every_press_row_gets_a_reasoned_verdict(press_verdicts) -> None:
    ids = {f"p{i:03d}" for i in range(1, 73)} | {f"n{i:03d}" for i in range(1, 88)}
    assert set(press_verdicts) == ids
    for pid, v in press_verdicts.items():
        assert v.verdict in VERDICTS, pid
        assert len(v.note) > 60 and v.note.startswith(f"Claim {pid} "), pid
        for x in (v.data_value, v.difference, v.implied_base):
            assert x is None or math.isfinite(x), pid
    counts = Counter(v.verdict for v in press_verdicts.values())
    ambiguous = {k for k, v in press_verdicts.items() if v.verdict == "ambiguous"}
    # "nearly 4×" in five years, read from 2019 or 2018; and 2023 rail, 1.3 against 2.1 Mt
    fourfold = {"p004", "p010", "n011", "n012", "n016", "n019", "n021", "n023", "n026"}
    assert sum(counts.values()) == 159 and ambiguous == fourfold | {"p045", "p047"}


@pytest.mark.parametrize(
    ("pid", "expected"),
    [
        ("p004", "ambiguous"),  # nearly 4× from 2019, not from 2018
        ("p010", "ambiguous"),
        ("p025", "not_checkable"),  # 2024 is only "> 500"
        ("p039", "supported"),  # 178 against IMF 178.25
        ("p044", "supported"),  # ~+90 % against IMF 344.6 / 182.9 = +88.4 %
        ("p053", "contradicted"),  # > 1.245 Mt against ~1.0 Mt
        ("p060", "contradicted"),
        ("p059", "not_checkable"),  # no Q1 2019 rail figure
        ("p065", "not_checkable"),  # capacity
        ("p068", "supported"),  # transit ~0.13 Mt, against other transit figures (n051, n053)
        ("n007", "contradicted"),  # +22.5 % against everyone else's +28 %
        ("n031", "not_checkable"),  # target
        ("n041", "not_checkable"),  # capacity
        ("p070", "not_checkable"),  # target
    ],
)
def test_press_row_verdicts(press_verdicts, pid: str, expected: str) -> None:
    assert press_verdicts[pid].verdict == expected


def test_growth_checked_from_independent_levels(press_verdicts) -> None:
    v = press_verdicts["p044"]  # 2012 ~+90 %, IMF 2011 and 2012 sums
    assert v.data_value == pytest.approx((344_582_365 / 182_921_452 - 1) * 100)
    v = press_verdicts["p031"]  # 2021 doubled: 254.3 (yerzemin) over IMF 2020
    assert v.verdict == "supported"
    assert v.data_value == pytest.approx((254.3e6 / IMF_2020 - 1) * 100)


def test_p025_five_years_to_2024_cannot_be_decided_from_a_bound(press_verdicts) -> None:
    v = press_verdicts["p025"]
    assert [r["holds"] for r in v.readings] == [None, None]
    assert v.readings[0]["data_value"] == pytest.approx(500e6 / IMF_2020)  # at least 3.92×
    assert v.difference is None
    assert "$535.7M" in v.note  # 4.2 × 127.55: the most 2024 could be for "about 4"


def test_change_abs_reports_the_implied_base(press_verdicts) -> None:
    v = press_verdicts["p059"]
    assert v.implied_base == pytest.approx(272_960 + 31_451)  # Trend's Q1 2020 + the fall


def test_to_dict_and_frame_keep_the_cli_field_names(headlines) -> None:
    d = headlines["h1"].to_dict()
    assert {"id", "verdict", "data_value", "difference", "note"} <= set(d)
    assert {"implied_base", "readings", "claim"} <= set(d)
    json.dumps(d)  # JSON-ready as is
    frame = verdicts_frame(headlines.values())
    assert list(frame["id"]) == ["h1", "h2a", "h2b", "h3", "h4a", "h4b"]
    assert {"id", "verdict", "data_value", "difference", "note"} <= set(frame.columns)


# ---- tiny frames, named by edge case ------------------------------------------------------


def _claim(obs: pd.DataFrame, ref: str) -> Claim:
    return next(c for c in claims_from_frame(obs, press_only=False) if c.ref == ref)


def test_claim_own_source_only() -> None:
    obs = _obs({"year": 2023, "value": 563e6, "source_id": "press:a"},
               {"year": 2023, "measure": "growth_pct_yoy", "value": 28.0, "unit": "percent",
                "source_id": "press:a"})  # fmt: skip
    for ref in ("r0", "r1"):
        v = check_claim(_claim(obs, ref), obs, CATS)
        assert v.verdict == "not_checkable" and v.data_value is None and v.note


def test_bound_claim_supported() -> None:
    obs = _obs({"period_start": "2024-01", "period_end": "2024-03", "comparator": ">",
                "value": 100e6, "source_id": "press:a"},
               {"period_start": "2024-01", "period_end": "2024-03", "value": 105e6,
                "source_id": "press:b"})  # fmt: skip
    v = check_claim(_claim(obs, "r0"), obs, CATS)
    assert (v.verdict, v.data_value, v.difference) == ("supported", 105e6, -5e6)
    back = check_claim(_claim(obs, "r1"), obs, CATS)  # 105 against "> 100": cannot decide
    assert back.verdict == "not_checkable" and back.difference is None


def test_bound_data_contradicts_an_exact_claim_below_it() -> None:
    obs = _obs({"year": 2019, "comparator": ">", "value": 1.245e6, "unit": "t",
                "series": "rail_freight", "source_id": "press:a"},
               {"year": 2019, "comparator": "~", "value": 1.0e6, "unit": "t",
                "series": "rail_freight", "source_id": "press:b"})  # fmt: skip
    # "about 1.0 Mt" is 0.95–1.05 Mt; an exact "1 Mt" would be 1 ± 0.51 Mt (half a unit + 1 %).
    assert check_claim(_claim(obs, "r1"), obs, CATS).verdict == "contradicted"
    assert check_claim(_claim(obs, "r0"), obs, CATS).verdict == "contradicted"


@pytest.mark.parametrize(
    ("end_usd", "expected"),
    [(350e6, "supported"), (420e6, "supported"), (345e6, "contradicted"),
     (425e6, "contradicted")],
)  # fmt: skip
def test_approx_multiple_band(end_usd: float, expected: str) -> None:
    # "nearly 4" is 3.5–4.2×; 2018 = 2019 so both readings of the window agree.
    obs = _obs({"year": 2018, "value": 100e6, "source_id": "stats"},
               {"year": 2019, "value": 100e6, "source_id": "stats"},
               {"year": 2023, "value": end_usd, "source_id": "stats"},
               {"period_start": "2019-01", "period_end": "2023-12", "measure": "multiple",
                "comparator": "~", "value": 4.0, "unit": "ratio", "source_id": "press:a"},
               )  # fmt: skip
    v = check_claim(_claim(obs, "r3"), obs, CATS)
    assert v.verdict == expected
    assert v.data_value == pytest.approx(end_usd / 100e6)


def test_multiple_true_from_one_base_false_from_the_other_is_ambiguous() -> None:
    obs = _obs({"year": 2018, "value": 80e6, "source_id": "stats"},
               {"year": 2019, "value": 100e6, "source_id": "stats"},
               {"year": 2023, "value": 400e6, "source_id": "stats"},
               {"period_start": "2019-01", "period_end": "2023-12", "measure": "multiple",
                "comparator": "~", "value": 4.0, "unit": "ratio", "source_id": "press:a"},
               )  # fmt: skip
    v = check_claim(_claim(obs, "r3"), obs, CATS)
    assert v.verdict == "ambiguous"
    assert [(r["data_value"], r["holds"]) for r in v.readings] == [(4.0, True), (5.0, False)]


def test_zero_base_growth() -> None:
    obs = _obs({"year": 2022, "value": 0.0, "source_id": "stats"},
               {"year": 2023, "value": 50e6, "source_id": "stats"},
               {"year": 2023, "measure": "growth_pct_yoy", "value": 28.0, "unit": "percent",
                "source_id": "press:a"})  # fmt: skip
    v = check_claim(_claim(obs, "r2"), obs, CATS)
    assert v.verdict == "not_checkable"
    assert v.data_value is None and v.difference is None
    assert "zero" in v.note
    assert "nan" not in json.dumps(v.to_dict()).lower()


def test_rounding_half_unit_plus_one_percent() -> None:
    obs = _obs({"year": 2015, "value": 178e6, "source_id": "press:a"},
               {"year": 2015, "value": 178_248_506.0, "source_id": "stats"},
               {"year": 2016, "value": 563e6, "source_id": "press:a"},
               {"year": 2016, "value": 570e6, "source_id": "stats"})  # fmt: skip
    assert check_claim(_claim(obs, "r0"), obs, CATS).verdict == "supported"
    assert check_claim(_claim(obs, "r2"), obs, CATS).verdict == "contradicted"  # > 569.13


def test_claim_band_policy() -> None:
    band = claim_band(563e6, "=", "level", "USD")
    assert (band.lo, band.hi) == pytest.approx((563e6 - 0.5e6 - 5.63e6, 563e6 + 0.5e6 + 5.63e6))
    band = claim_band(272_960.0, "=", "level", "t")  # 0.27296 Mt: last digit is 10 t
    assert band.hi - 272_960 == pytest.approx(5 + 2729.6)
    assert claim_band(100.0, "~", "growth_pct_yoy", "percent").lo == pytest.approx(90.0)
    band = claim_band(4.0, "~", "multiple", "ratio")
    assert (band.lo, band.hi) == pytest.approx((3.5, 4.2))
    assert claim_band(500e6, ">", "level", "USD").hi == math.inf


def test_target_and_capacity_are_not_checkable() -> None:
    obs = _obs({"year": 2030, "series": "trade_target", "measure": "target", "value": 1e9,
                "source_id": "press:a"},
               {"year": 2030, "series": "trade_target", "measure": "target", "value": 1e9,
                "source_id": "press:b"},
               {"year": 2027, "series": "rail_capacity", "value": 15e6, "unit": "t",
                "source_id": "press:a"})  # fmt: skip
    for ref in ("r0", "r2"):
        v = check_claim(_claim(obs, ref), obs, CATS)
        assert v.verdict == "not_checkable" and "not a fact" in v.note


def test_transit_is_never_checked_against_rail_freight() -> None:
    obs = _obs({"year": 2022, "series": "transit_rail_instc_east", "comparator": "~",
                "value": 0.13e6, "unit": "t", "source_id": "press:a"},
               {"year": 2022, "series": "rail_freight", "comparator": "~", "value": 0.13e6,
                "unit": "t", "source_id": "press:b"})  # fmt: skip
    v = check_claim(_claim(obs, "r0"), obs, CATS)
    assert v.verdict == "not_checkable" and "never with rail_freight" in v.note


def test_headline_without_its_source_row_excludes_nothing() -> None:
    obs = _obs({"year": 2023, "value": 563e6, "source_id": "stats", "ref": "x1"})
    claim = replace(HEADLINE_CLAIMS[1], source_id="")
    v = check_claim(claim, obs, CATS)
    assert v.verdict == "supported" and "source not found" in v.note


def test_transit_claims_are_checked_against_their_own_series_only(press_verdicts) -> None:
    v = press_verdicts["p068"]  # 2022 eastern-branch transit ~0.13 Mt (Kazinform)
    # the two Turkmen agencies' 0.13 Mt (n051, n053); no rail_freight source
    assert sorted(v.data_sources) == [
        "press:turkmen-automobile-trans-2023-3798ef",
        "press:turkmen-railways-agency-2023-bd8fe8",
    ]
    assert v.data_value == pytest.approx(0.13e6)
    assert "never with rail_freight" in v.note


def test_product_share_of_the_pair_flow_is_checked_from_two_levels(press_verdicts) -> None:
    v = press_verdicts["n073"]  # agri-food "more than 30 %" of Kazakh exports, Jan–Sep 2025
    assert v.verdict == "supported"
    # agri-food exports $70M (nCa n059, casp-geo n065) over all exports $221.7M (Kazpravda
    # p022; Turkmenportal's own n003 is left out with its source)
    assert v.data_value == pytest.approx(70 / 221.7 * 100)
    assert "press:kazpravda-2025-11-25-053594" in v.data_sources
    assert not any("turkmenportal" in s for s in v.data_sources)


def test_product_figures_are_checked_against_the_same_product_only(press_verdicts) -> None:
    agri = press_verdicts["n059"]  # HS01-24 exports $70M, Jan–Sep 2025
    assert agri.verdict == "supported" and agri.data_value == 70e6  # casp-geo's n065
    wheat = press_verdicts["n061"]  # wheat tonnage +50 % (HS 1001)
    assert wheat.verdict == "supported" and "n067" in wheat.note  # casp-geo's identical figure
    assert "identical figure only" in wheat.note
    tomatoes = press_verdicts["n082"]  # 28 % of Turkmenistan's tomato exports
    assert "partner's exports of the product" in tomatoes.note
    assert tomatoes.verdict == "supported" and "n084" in tomatoes.note  # customs' own 28 %


def test_a_product_level_never_checks_against_all_goods() -> None:
    rows = [  # all goods $221.7M and agri-food $70M, one source each, same window
        ("a", "TOTAL", 221.7e6),
        ("b", "HS01-24", 70e6),
    ]
    obs = pd.DataFrame(
        [
            {"series": "trade_value", "reporter": "KAZ", "partner": "TKM", "flow": "export",
             "commodity": c, "period_start": "2025-01", "period_end": "2025-09",
             "measure": "level", "comparator": "=", "value": v, "unit": "USD", "kind": "reported",
             "source_id": f"press:{sid}", "ref": sid, "note": ""}
            for sid, c, v in rows
        ]
    )  # fmt: skip
    claim = Claim("c", "trade_value", "KAZ", "TKM", "export", "2025-01", "2025-09", "level",
                  "=", 221.7e6, "USD", source_id="press:x", commodity="HS01-24")  # fmt: skip
    v = check_claim(claim, obs, {"press:a": "press", "press:b": "press"})
    assert v.verdict == "contradicted" and v.data_value == 70e6  # agri-food, never the total
