"""Reconciliation: the expected KAZ–TKM turnover, precedence rules, alternatives kept."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.reconcile import CANDIDATE_COLUMNS, _choose, contested, rank_key, reconcile
from data.store import embedded_store

EXPECTED_TURNOVER_USD_M = {
    2015: 178.2, 2016: 283.5, 2017: 99.3, 2018: 99.5, 2019: 145.9, 2020: 127.6,
    2021: 254.3, 2022: 438.69, 2023: 562.95,
}  # fmt: skip


@pytest.fixture(scope="module")
def embedded():
    snap = embedded_store().read()
    return snap.frame, {k: s.category for k, s in snap.sources.items()}


def test_kaz_tkm_turnover_matches_the_sources(embedded):
    obs, cats = embedded
    r = reconcile(obs, cats, "KAZ", "TKM")
    best = r.best.set_index("year")
    for year, usd_m in EXPECTED_TURNOVER_USD_M.items():
        assert best.loc[year, "value"] / 1e6 == pytest.approx(usd_m, abs=0.05), year
    # 2022 and 2023: Kazakhstan's official exports + imports (BNS), above the IMF and the
    # press; the press's 2023 $563M and the 2022 it implies (563 / 1.28) stay alternatives.
    for year in (2022, 2023):
        assert best.loc[year, "category"] == "official" and best.loc[year, "method"] == "sum"
    alts = r.alternatives
    press_2022 = alts[(alts["year"] == 2022) & (alts["method"] == "growth")]
    assert round(563e6 / 1.28) in {round(v) for v in press_2022["value"]}
    assert not press_2022["chosen"].any()
    assert 563e6 in alts.loc[alts["year"] == 2023, "value"].tolist()
    assert (best.loc[2024, "comparator"], best.loc[2024, "value"]) == (">", 500e6)
    assert best.loc[2015, "method"] == "sum"  # IMF exports + imports beat the press's 178


def test_part_year_points_kept_apart(embedded):
    obs, cats = embedded
    part = reconcile(obs, cats, "KAZ", "TKM").part_year
    y2024 = part[part["period_start"].str.startswith("2024")]
    got = {(p.period_end, p.comparator): p.value / 1e6 for p in y2024.itertuples()}
    assert got == {
        ("2024-03", ">"): 100,
        ("2024-03", "="): 105,
        ("2024-04", "="): 167.8,
        ("2024-06", "="): 237.2,
    }
    h1 = y2024[y2024["period_end"] == "2024-06"].iloc[0]
    assert len(h1["source_ids"]) == 3  # three outlets corroborate H1


def test_alternatives_are_all_reachable(embedded):
    obs, cats = embedded
    alts = reconcile(obs, cats, "KAZ", "TKM").alternatives
    a2015 = alts[alts["year"] == 2015]
    assert a2015["chosen"].sum() == 1
    assert {round(v / 1e6, 1) for v in a2015["value"]} >= {178.0, 178.2}


def _obs(rows):
    base = {
        "series": "trade_value",
        "commodity": "TOTAL",
        "measure": "level",
        "comparator": "=",
        "unit": "USD",
        "kind": "reported",
        "ref": "",
        "note": "",
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_reporter_side_beats_partner_mirror_and_flows_turn_round():
    obs = _obs(
        [
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "export",
                "period_start": "2020-01",
                "period_end": "2020-12",
                "value": 10.0,
                "source_id": "own",
            },
            {
                "reporter": "BBB",
                "partner": "AAA",
                "flow": "import",
                "period_start": "2020-01",
                "period_end": "2020-12",
                "value": 11.0,
                "source_id": "theirs",
            },
            {
                "reporter": "BBB",
                "partner": "AAA",
                "flow": "import",
                "period_start": "2021-01",
                "period_end": "2021-12",
                "value": 12.0,
                "source_id": "theirs",
            },
        ]
    )
    cats = {"own": "international", "theirs": "international"}
    best = reconcile(obs, cats, "AAA", "BBB", flow="export").best.set_index("year")
    assert best.loc[2020, "value"] == 10.0 and best.loc[2020, "side"] == "reporter"
    assert best.loc[2021, "value"] == 12.0 and best.loc[2021, "side"] == "partner"


def test_exact_beats_bound_and_official_beats_press():
    obs = _obs(
        [
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "total",
                "period_start": "2020-01",
                "period_end": "2020-12",
                "value": 5.0,
                "comparator": ">",
                "source_id": "stats",
            },
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "total",
                "period_start": "2020-01",
                "period_end": "2020-12",
                "value": 7.0,
                "source_id": "paper",
            },
            {
                "reporter": "AAA",
                "partner": "BBB",
                "flow": "total",
                "period_start": "2020-01",
                "period_end": "2020-12",
                "value": 7.2,
                "source_id": "stats2",
            },
        ]
    )
    cats = {"stats": "official", "paper": "press", "stats2": "official"}
    best = reconcile(obs, cats, "AAA", "BBB").best.iloc[0]
    assert best["value"] == 7.2 and best["source_ids"] == ("stats2",)


def test_no_data_gives_empty_frames_not_an_error():
    r = reconcile(
        _obs([]).reindex(
            columns=[
                "series",
                "reporter",
                "partner",
                "flow",
                "commodity",
                "period_start",
                "period_end",
                "measure",
                "comparator",
                "value",
                "unit",
                "kind",
                "source_id",
                "ref",
                "note",
            ]
        ),
        {},
        "AAA",
        "BBB",
    )
    assert r.best.empty and r.part_year.empty and r.values().empty


def test_excluded_source_is_left_out(embedded):
    obs, cats = embedded
    full = reconcile(obs, cats, "KAZ", "TKM").best.set_index("year")
    only = full.loc[2021, "source_ids"]
    without = reconcile(obs, cats, "KAZ", "TKM", exclude_sources=only).best.set_index("year")
    assert without.loc[2021, "value"] != full.loc[2021, "value"] or 2021 not in without.index


def test_twelve_months_make_a_derived_annual_checked_against_the_stated_one():
    from analysis.reconcile import monthly_checks

    months = [
        {
            "reporter": "AAA",
            "partner": "BBB",
            "flow": "export",
            "period_start": f"2022-{m:02d}",
            "period_end": f"2022-{m:02d}",
            "value": 10.0,
            "source_id": "monthly",
            "ref": f"r{m}",
        }
        for m in range(1, 13)
    ]
    months += [
        {
            "reporter": "AAA",
            "partner": "BBB",
            "flow": "export",
            "period_start": f"2023-{m:02d}",
            "period_end": f"2023-{m:02d}",
            "value": 5.0,
            "source_id": "monthly",
            "ref": f"s{m}",
        }
        for m in range(1, 12)
    ]
    annual = {
        "reporter": "AAA",
        "partner": "BBB",
        "flow": "export",
        "period_start": "2022-01",
        "period_end": "2022-12",
        "value": 123.0,
        "source_id": "yearbook",
    }
    obs = _obs([*months, annual])
    cats = {"monthly": "official", "yearbook": "official"}
    r = reconcile(obs, cats, "AAA", "BBB", flow="export")
    best = r.best.set_index("year")
    assert best.loc[2022, "value"] == 123.0  # the stated annual figure wins
    assert 2023 not in best.index  # eleven months are no year
    alt = r.alternatives[r.alternatives["method"] == "months"]
    assert alt["value"].tolist() == [120.0] and alt["kind"].tolist() == ["derived"]
    check = monthly_checks(r).set_index("year")
    assert check.loc[2022, "diff_pct"] == pytest.approx((120 / 123 - 1) * 100)
    without = reconcile(_obs(months), cats, "AAA", "BBB", flow="export").best
    assert without.set_index("year").loc[2022, "value"] == 120.0


def test_values_leave_bounds_out_unless_asked():
    rows = [
        {"period_start": f"{y}-01", "period_end": f"{y}-12", "value": v, "source_id": "stats"}
        for y, v in ((2019, 4.0), (2021, 6.0))
    ]
    rows.append(
        {"period_start": "2020-01", "period_end": "2020-12", "value": 5.0, "comparator": ">",
         "source_id": "stats"}
    )  # fmt: skip
    obs = _obs([{"reporter": "AAA", "partner": "BBB", "flow": "total", **r} for r in rows])
    r = reconcile(obs, {"stats": "official"}, "AAA", "BBB")
    exact = r.values()
    assert exact.to_dict() == {2019: 4.0, 2021: 6.0}
    assert exact.index.name == "year" and exact.index.dtype == "int64"
    assert exact.name == "trade_value_total"
    assert r.values(include_bounds=True).to_dict() == {2019: 4.0, 2020: 5.0, 2021: 6.0}


_CAND = st.fixed_dictionaries(
    {
        "year": st.sampled_from([2019, 2020, 2021]),
        "value": st.sampled_from([1.0, 2.0, 2.0 + 1e-12, 5e6, float("nan")]),
        "comparator": st.sampled_from(["=", "~", ">", "<"]),
        "kind": st.sampled_from(["reported", "estimated", "derived", "mirror"]),
        "side": st.sampled_from(["reporter", "partner"]),
        "method": st.sampled_from(["stated", "sum", "months", "growth"]),
        "source_ids": st.lists(st.sampled_from("abcd"), min_size=1, max_size=3, unique=True).map(
            tuple
        ),
        "category": st.sampled_from(["official", "international", "press", "derived"]),
    }
)


@given(st.lists(_CAND, min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_choice_ranks_each_year_and_cites_exactly_the_equals(rows):
    cands = pd.DataFrame(
        [{**r, "period_start": f"{r['year']}-01", "period_end": f"{r['year']}-12",
          "refs": (), "note": ""} for r in rows],
        columns=CANDIDATE_COLUMNS,
    )  # fmt: skip
    best, alts = _choose(cands)
    keys = {i: tuple(k) for i, k in enumerate(np.asarray(rank_key(cands)))}
    assert sorted(best["year"]) == sorted(set(cands["year"]))
    for year, group in alts.groupby("year"):
        assert sorted(group["rank"]) == list(range(len(group)))
        assert group["chosen"].sum() == 1
        ranked = [tuple(k) for k in np.asarray(rank_key(group.sort_values("rank")))]
        assert ranked == sorted(ranked)  # precedence, most significant rule first
        # Ties keep the candidates' order: the stable sort.
        order = [i for i, r in enumerate(rows) if r["year"] == year]
        first = min(order, key=lambda i: keys[i])
        top = group[group["chosen"]].iloc[0]
        assert top["source_ids"] == rows[first]["source_ids"]
        b = best[best["year"] == year].iloc[0]
        same = [
            rows[i]["source_ids"]
            for i in sorted(order, key=lambda i: keys[i])
            if keys[i] == keys[first]
            and rows[i]["comparator"] == rows[first]["comparator"]
            and abs(rows[i]["value"] - rows[first]["value"])
            <= 1e-9 * max(abs(rows[first]["value"]), 1)
        ]
        cited = tuple(dict.fromkeys(s for ids in same for s in ids))
        if cited:
            assert b["source_ids"] == cited
        else:  # a NaN value equals nothing, itself included: no citation
            assert not isinstance(b["source_ids"], tuple)


def _year(source: str, value: float, commodity: str = "TOTAL") -> dict:
    return {
        "reporter": "AAA", "partner": "BBB", "flow": "total", "commodity": commodity,
        "period_start": "2023-01", "period_end": "2023-12", "value": value, "source_id": source,
    }  # fmt: skip


def test_a_product_never_enters_the_total_nor_the_total_a_product():
    obs = _obs([_year("a", 563.0), _year("b", 103.0, "HS01-24")])
    cats = {"a": "press", "b": "press"}
    total = reconcile(obs, cats, "AAA", "BBB")
    agri = reconcile(obs, cats, "AAA", "BBB", commodity="HS01-24")
    assert total.best["value"].tolist() == [563.0] and total.commodity == "TOTAL"
    assert agri.best["value"].tolist() == [103.0] and agri.commodity == "HS01-24"
    assert reconcile(obs, cats, "AAA", "BBB", commodity="1001").best.empty


def test_equal_standing_is_decided_by_corroboration_not_by_row_order():
    # Two outlets say 1.3, one says 2.1; the lone figure comes first in the rows.
    rows = [_year("z", 2.1), _year("x", 1.3), _year("y", 1.3)]
    for order in (rows, rows[::-1]):
        r = reconcile(_obs(order), dict.fromkeys("xyz", "press"), "AAA", "BBB")
        assert r.best["value"].tolist() == [1.3]
        assert set(r.best["source_ids"].iloc[0]) == {"x", "y"}
        assert contested(r, 2023) == []  # two against one: the choice is clear


def test_contested_lists_every_figure_of_equal_standing():
    r = reconcile(_obs([_year("z", 2.1), _year("x", 1.3)]), dict.fromkeys("xz", "press"),
                  "AAA", "BBB")  # fmt: skip
    figures = contested(r, 2023)
    assert sorted((v, ids) for v, _c, ids in figures) == [(1.3, ("x",)), (2.1, ("z",))]
    assert figures[0][0] == r.best["value"].iloc[0]  # the chosen one first
    assert contested(r, 2022) == []


def test_last_exact_year_passes_over_a_later_approximate_figure():
    obs = _obs([_year("a", 1.6) | {"period_start": "2024-01", "period_end": "2024-12"},
                _year("b", 1.5) | {"period_start": "2025-01", "period_end": "2025-12",
                                   "comparator": "~"},
                _year("c", 2.0) | {"period_start": "2026-01", "period_end": "2026-12",
                                   "comparator": ">"}])  # fmt: skip
    r = reconcile(obs, dict.fromkeys("abc", "press"), "AAA", "BBB")
    assert r.last_exact_year() == 2024
    approximate_only = reconcile(obs[obs["source_id"] != "a"], {}, "AAA", "BBB")
    assert approximate_only.last_exact_year() == 2025
    assert reconcile(obs[obs["source_id"] == "c"], {}, "AAA", "BBB").last_exact_year() is None


def test_last_growth_base_is_the_latest_exact_year_with_the_year_before_it():
    def years(*spec):
        return _obs([_year(f"s{y}", v) | {"period_start": f"{y}-01", "period_end": f"{y}-12",
                                          "comparator": c} for y, v, c in spec])  # fmt: skip

    def base(obs):
        r = reconcile(obs, dict.fromkeys(obs["source_id"], "press"), "AAA", "BBB")
        return r.last_growth_base(), r.last_exact_year()

    # 2022 follows a gap (no 2021): the base is 2020, 2022 a figure after it.
    assert base(years((2018, 1.0, "="), (2019, 1.1, "="), (2020, 1.2, "="), (2022, 1.5, "="))) == (
        2020, 2022,
    )  # fmt: skip
    # An approximate year before an exact one counts as the year before.
    assert base(years((2022, 1.0, "~"), (2023, 1.2, "="))) == (2023, 2023)
    # A bound is no year before; exact years that follow each other win over later "about".
    assert base(years((2021, 1.0, "="), (2022, 1.1, "="), (2023, 1.2, ">"), (2024, 1.3, "~"),
                      (2025, 1.4, "~"))) == (2022, 2022)  # fmt: skip
    # Only approximate years that follow each other: the latest of them.
    assert base(years((2024, 1.3, "~"), (2025, 1.4, "~"))) == (2025, 2025)
    # No two years follow each other: the last exact year, as before.
    assert base(years((2019, 1.0, "="), (2022, 1.5, "="))) == (2022, 2022)
    assert base(years((2019, 1.0, ">"))) == (None, None)
