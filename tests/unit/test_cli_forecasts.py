"""The forecasting commands: ``scenario`` (one case, the figures after the base year, ``--as-of``),
``scenario --batch`` and ``backtest``: JSON fields, equal results, errors naming row and column."""

from __future__ import annotations

import json

import pytest

from dashboard import cli

# 2023 KAZ–TKM turnover: Kazakhstan's official exports + imports (BNS), USD.
BNS_2023 = 396_831_171.72 + 166_117_844.05  # 562,949,015.77


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scenario_json_contract(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "scenario",
        "--reporter",
        "KAZ",
        "--partner",
        "TKM",
        "--target",
        "1e9",
        "--by",
        "2028",
        "--store",
        str(tmp_path),
        "--paths",
        "2000",
        "--format",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["required_cagr"] == pytest.approx((1e9 / BNS_2023) ** (1 / 5) - 1)
    assert round(doc["required_cagr"], 3) == 0.122
    assert doc["base_year"] == 2023 and doc["base_value"] == pytest.approx(BNS_2023)
    assert doc["history_window"] == "2019:2023"
    assert doc["historical_cagr"] == pytest.approx((BNS_2023 / 145.920637e6) ** 0.25 - 1)
    assert 0 <= doc["p_reach_by_target_year"] <= 1
    assert all(f["p10"] <= f["p50"] <= f["p90"] for f in doc["fan"])


def small_backtest(store, methods):
    """A backtest of the embedded pairs small enough for a unit test."""
    options = "--origins 2005:2008 --horizon 3 --min-level 10e6 --ratios 1.25,2 --paths 200"
    return ["backtest", "--store", str(store), *options.split(), "--method", methods]


def test_backtest_json_and_table_on_the_embedded_pairs(capsys, tmp_path):
    args = small_backtest(tmp_path, "pooled,parametric,random_walk")
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc["methods"]) == {"pooled", "parametric", "random_walk"}
    assert doc["config"]["origins"] == "2005:2008" and doc["cases"] > 100
    assert doc["origin_years"] == [2005, 2006, 2007, 2008]
    reach = doc["methods"]["pooled"]["reach"]
    assert {(e["ratio"], e["horizon"]) for e in reach} == {
        (r, h) for r in (1.25, 2.0) for h in (1, 2, 3)
    }
    code, out, _ = run(capsys, *args, "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert header[:5] == ["method", "horizon", "coverage_p10_p90", "coverage_p05_p95", "crps_log"]
    assert len(out.splitlines()) == 1 + 3 * 3
    assert "gap_floor" not in doc  # only when asked for


def test_backtest_floor_puts_the_real_gap_among_a_correct_models(capsys, tmp_path):
    args = [*small_backtest(tmp_path, "pooled"), "--floor", "5"]
    code, out, _ = run(capsys, *args, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    floor = doc["gap_floor"]
    assert floor["cases"] == doc["cases"] and floor["tolerance"] == 0.08
    assert floor["real_worst_gap"] == pytest.approx(
        doc["methods"]["pooled"]["checks"]["reliability_gap_worst"]
    )
    assert (
        floor["modes"]["per_case"]["replicates"] == floor["modes"]["per_origin"]["replicates"] == 5
    )
    for mode in floor["modes"].values():
        assert 0 <= mode["p10"] <= mode["median"] <= mode["p90"] <= 1


@pytest.mark.parametrize(
    "bad, words",
    [
        (["--origins", "2015"], "--origins takes START:END"),
        (["--ratios", "1.5,x"], "--ratios takes numbers"),
        (["--ratios", "0.5"], "every ratio must be above 1"),
        (["--method", "oracle"], "unknown method"),
    ],
)
def test_backtest_bad_options_exit_2_with_the_reason(capsys, tmp_path, bad, words):
    code, _, err = run(capsys, "backtest", "--store", str(tmp_path), *bad)
    assert code == 2 and words in err


PRESS_HEADER = (
    "id,series,reporter_iso3,partner_iso3,flow,period_start,period_end,measure,comparator,"
    "value,unit,publisher,publisher_of_figure,title,url,published,note"
)
LATER = [
    "y001,trade_value,KAZ,TKM,total,2024-01,2024-12,level,>,500,USD_million,Outlet B,Ministry,T,"
    "https://example.org/b,2025-02-04,",
    "y002,trade_value,KAZ,TKM,total,2025-01,2025-09,level,=,363.6,USD_million,Outlet C,"
    "Cabinet,T,https://example.org/c,2025-11,",
]
PLANTED = (
    "y003,trade_value,KAZ,TKM,total,2026-01,2026-12,level,=,2000,USD_million,Outlet D,"
    "Ministry,T,https://example.org/d,2027-01-15,"
)


def _store_with(capsys, tmp_path, name, rows):
    path = tmp_path / f"{name}.csv"
    path.write_text("\n".join([PRESS_HEADER, *rows]) + "\n")
    store = tmp_path / name
    assert run(capsys, "import", str(path), "--store", str(store))[0] == 0
    return store


def _scenario(capsys, store, *extra):
    code, out, err = run(
        capsys,
        "scenario",
        "--target",
        "1e9",
        "--by",
        "2028",
        "--method",
        "parametric",
        "--paths",
        "2000",
        "--store",
        str(store),
        "--format",
        "json",
        *extra,
    )
    assert code == 0, err
    return json.loads(out)


def test_scenario_uses_the_figures_after_the_base_year(capsys, tmp_path):
    doc = _scenario(capsys, _store_with(capsys, tmp_path, "later", LATER), "--as-of", "2025-12")
    assert doc["as_of"] == "2025-12" and doc["base_year"] == 2023
    used = {(e["period_end"], e["comparator"], e["value"]) for e in doc["evidence_used"]}
    assert {("2024-12", ">", 500e6), ("2025-09", "=", 363.6e6)} <= used
    for e in doc["evidence_used"]:
        assert (
            set(e) >= {"period_start", "period_end", "comparator", "value", "measure", "source_ids"}
            and e["source_ids"]
        )
    assert doc["p_reach_without_evidence"] != doc["p_reach_by_target_year"]
    bound = next(f for f in doc["fan"] if f["year"] == 2024)
    assert bound["p05"] > 500e6


def test_a_planted_future_observation_is_never_read(capsys, tmp_path):
    clean = _scenario(capsys, _store_with(capsys, tmp_path, "clean", LATER), "--as-of", "2025-12")
    planted = _scenario(
        capsys, _store_with(capsys, tmp_path, "planted", [*LATER, PLANTED]), "--as-of", "2025-12"
    )
    assert planted == clean
    assert all(e["period_start"] != "2026-01" for e in clean["evidence_used"])
    # Without --as-of the latest month is January 2027, and the planted 2026 is read: a
    # figure after the 2023 base (it has no 2025 before it to be a base), pinning its year.
    later = _scenario(capsys, tmp_path / "planted")
    assert later["base_year"] == 2023 and later != clean
    pinned = [e for e in later["evidence_used"] if e["period_start"] == "2026-01"]
    assert len(pinned) == 1 and pinned[0]["role"] == "pin" and pinned[0]["value"] == 2000e6
    fan = {f["year"]: f for f in later["fan"]}
    assert fan[2026]["p05"] == pytest.approx(2000e6) and fan[2026]["p95"] == pytest.approx(2000e6)


def test_as_of_before_a_publication_leaves_its_figure_out(capsys, tmp_path):
    doc = _scenario(capsys, _store_with(capsys, tmp_path, "later", LATER), "--as-of", "2025-01")
    assert all(e["period_end"] != "2024-12" or e["comparator"] != ">" for e in doc["evidence_used"])
    assert all(e["period_end"] != "2025-09" for e in doc["evidence_used"])


BATCH_HEADER = "case_id,reporter,partner,series,flow,base_year,as_of,target_value,target_year"


def test_batch_rows_equal_single_runs(capsys, tmp_path):
    store = _store_with(capsys, tmp_path, "later", LATER)
    batch = tmp_path / "cases.csv"
    batch.write_text(
        BATCH_HEADER + ",method,paths,seed,history_start,history_end\n"
        "kt-1b,KAZ,TKM,trade_value,total,,2025-12,1e9,2028,parametric,2000,3,,\n"
        "kt-early,kaz,tkm,trade_value,total,2021,2025-12,6e8,2024,bootstrap,1500,1,2017,2021\n"
        "kt-asof,KAZ,TKM,trade_value,total,,2024-12,8e8,2027,,2000,0,,\n"
        "kaz-afg,KAZ,AFG,trade_value,total,,,1e9,2025,parametric,1000,0,,\n"
    )
    code, out, err = run(
        capsys, "scenario", "--batch", str(batch), "--store", str(store), "--format", "json"
    )
    assert code == 0, err
    rows = json.loads(out)
    singles = {
        "kt-1b": [
            "--target",
            "1e9",
            "--by",
            "2028",
            "--paths",
            "2000",
            "--method",
            "parametric",
            "--seed",
            "3",
            "--as-of",
            "2025-12",
        ],
        "kt-early": [
            "--target",
            "6e8",
            "--by",
            "2024",
            "--base-year",
            "2021",
            "--history",
            "2017:2021",
            "--paths",
            "1500",
            "--seed",
            "1",
            "--method",
            "bootstrap",
            "--as-of",
            "2025-12",
        ],
        "kt-asof": ["--target", "8e8", "--by", "2027", "--paths", "2000", "--as-of", "2024-12"],
        "kaz-afg": [
            "--partner",
            "AFG",
            "--target",
            "1e9",
            "--by",
            "2025",
            "--paths",
            "1000",
            "--method",
            "parametric",
        ],
    }
    for case, argv in singles.items():
        code, out, err = run(capsys, "scenario", *argv, "--store", str(store), "--format", "json")
        assert code == 0, (case, err)
        single = json.loads(out)
        got = [r for r in rows if r["case_id"] == case]
        assert [r["year"] for r in got] == list(
            range(single["base_year"] + 1, single["target_year"] + 1)
        )
        fan = {f["year"]: f for f in single["fan"]}
        prob = {p["year"]: p["prob"] for p in single["prob_reach"]}
        for r in got:
            assert r["prob_reach"] == prob[r["year"]]
            assert [r[q] for q in ("p05", "p10", "p50", "p90", "p95")] == [
                fan[r["year"]][q] for q in ("p05", "p10", "p50", "p90", "p95")
            ]
    code, out, _ = run(
        capsys, "scenario", "--batch", str(batch), "--store", str(store), "--format", "csv"
    )
    assert out.splitlines()[0] == "case_id,year,p05,p10,p50,p90,p95,prob_reach"


@pytest.mark.parametrize(
    "body, words",
    [
        ("case_id,reporter\nx,KAZ\n", "row 1: missing column(s) partner"),
        (
            BATCH_HEADER + "\nx,KAZ,TKM,trade_value,total,,,lots,2028\n",
            "row 2, column target_value: not a number",
        ),
        (BATCH_HEADER + "\nx,KAZ,TKM,trade_value,total,,April,1e9,2028\n", "row 2, column as_of"),
        (
            BATCH_HEADER + "\nx,KAZ,TKM,trade_value,total,,,1e9,2028\ny,KAZ,TKM,trade_value,"
            "total,,,1e9,2010\n",
            "row 3 (case y): target year 2010",
        ),
    ],
    ids=["missing_column", "non_numeric_target", "bad_month", "target_before_base"],
)
def test_batch_errors_name_the_row_and_column(capsys, tmp_path, body, words):
    batch = tmp_path / "cases.csv"
    batch.write_text(body)
    code, _, err = run(capsys, "scenario", "--batch", str(batch), "--store", str(tmp_path / "s"))
    assert code == 2 and words in err, err


def test_scenario_defaults_to_a_base_with_the_year_before_it(capsys, tmp_path):
    # ETH–KAZ: yearly turnover for 2018–2020 and 2022, none for 2021. With 2022 as the
    # default base the command failed ("no value for 2021"); 2022 now pins its year.
    argv = ["scenario", "--reporter", "ETH", "--partner", "KAZ", "--target", "1e8", "--by",
            "2030", "--store", str(tmp_path), "--paths", "500", "--format", "json"]  # fmt: skip
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["base_year"] == 2020 and doc["history_window"] == "2018:2020"
    pinned = [e for e in doc["evidence_used"] if e["period_start"] == "2022-01"]
    assert len(pinned) == 1 and pinned[0]["comparator"] == "=" and pinned[0]["role"] == "pin"
    # Asked for 2022, it says why not, and which years the series has.
    code, _, err = run(capsys, *argv, "--base-year", "2022")
    assert code != 0
    assert "no value for 2021" in err and "2018–2020, 2022" in err


def test_scenario_notes_what_the_pooled_fan_was_not_judged_on(capsys, tmp_path):
    def notes(*more, pair=("KAZ", "TKM")):
        argv = ["scenario", "--reporter", pair[0], "--partner", pair[1], "--by", "2028",
                "--store", str(tmp_path), "--paths", "500", "--format", "json", *more]  # fmt: skip
        code, out, err = run(capsys, *argv)
        assert code == 0, err
        return json.loads(out)["notes"]

    # Turnover, $563M: what the backtest judged, nothing to say.
    assert notes("--target", "1e9") == []
    # Exports: the pooled cases are turnovers.
    said = notes("--target", "5e8", "--flow", "export")
    assert [n for n in said if "this forecast is of exports (USD)" in n], said
    # ETH–KAZ's 2020 base ($48.7K) is below every pooled case ($50M and more).
    said = notes("--target", "1e8", pair=("ETH", "KAZ"))
    assert [n for n in said if "this base (2020: $48.7K) is below them all" in n], said


def test_scenario_gives_p_reach_by_the_worlds_stretches(capsys, tmp_path):
    args = ["scenario", "--target", "1e9", "--by", "2028", "--store", str(tmp_path)]
    code, out, _ = run(capsys, *args, "--paths", "4000", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    rows = doc["p_reach_by_world"]
    # The embedded pairs hold no 2021 but KAZ–TKM's: origins 2016–2018 would have been one
    # pair's own path called the world. Each stretch now comes from 50 cases or more.
    assert [r["world_start"] for r in rows if r["world_start"] > 2015] == []
    assert len(rows) >= 10 and all(r["world_end"] == r["world_start"] + 5 for r in rows)
    assert sum(r["weight"] for r in rows) == pytest.approx(1.0)
    whole = sum(r["weight"] * r["p_reach"] for r in rows if r["p_reach"] is not None)
    assert whole == pytest.approx(doc["p_reach_by_target_year"])
    changes = [r["world_change"] for r in rows]
    assert changes == sorted(changes) and changes[0] < 0 < changes[-1]
    code, table, _ = run(capsys, *args, "--paths", "4000")
    assert code == 0
    said = " ".join(table.split())
    assert "By the world: P(reach by 2028) turns on the world's next years" in said
    assert f"worst third of the {len(rows)} five-year stretches" in said
    _, plain, _ = run(capsys, *args, "--paths", "500", "--method", "parametric", "--format", "json")
    assert json.loads(plain)["p_reach_by_world"] == []
