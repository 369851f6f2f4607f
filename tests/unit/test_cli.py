"""The command line: documented JSON fields, formats, exit codes, nothing written on error."""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from tests.conftest import FIXTURES, tree_digest

# 2023 KAZ–TKM turnover: Kazakhstan's official exports + imports (BNS), USD.
BNS_2023 = 396_831_171.72 + 166_117_844.05  # 562,949,015.77


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_series_json_contract(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "series",
        "--reporter",
        "KAZ",
        "--partner",
        "TKM",
        "--store",
        str(tmp_path),
        "--format",
        "json",
    )
    assert code == 0
    doc = json.loads(out)
    assert {k: doc[k] for k in ("reporter", "partner", "series", "flow", "unit")} == {
        "reporter": "KAZ",
        "partner": "TKM",
        "series": "trade_value",
        "flow": "total",
        "unit": "USD",
    }
    pts = doc["points"]
    assert set(pts[0]) == {
        "period_start",
        "period_end",
        "value",
        "comparator",
        "kind",
        "category",
        "source_ids",
    }
    annual = {
        p["period_start"][:4]: p
        for p in pts
        if p["period_end"][5:] == "12" and p["period_start"][5:] == "01"
    }
    assert annual["2023"]["value"] == pytest.approx(BNS_2023)
    # exports + imports of the official table: derived in kind, official in category
    assert (annual["2022"]["kind"], annual["2022"]["category"]) == ("derived", "official")
    assert annual["2022"]["value"] == pytest.approx(340_352_999.79 + 98_338_691.06)
    assert annual["2024"]["category"] == "press"
    assert annual["2024"]["comparator"] == ">"
    part = {(p["period_start"], p["period_end"]): p for p in pts if p not in annual.values()}
    assert part[("2025-01", "2025-09")]["value"] == pytest.approx(363.6e6)  # Jan–Sep 2025
    # annual points first, then part-year points
    kinds = [p["period_start"][5:] == "01" and p["period_end"][5:] == "12" for p in pts]
    assert kinds == sorted(kinds, reverse=True)


@pytest.mark.parametrize(
    ("flow", "by_year"),
    [
        ("export", {"2022": 340_352_999.79, "2023": 396_831_171.72}),
        ("import", {"2022": 98_338_691.06, "2023": 166_117_844.05}),
    ],
)
def test_series_by_flow_gives_the_official_figures(capsys, tmp_path, flow, by_year):
    code, out, _ = run(
        capsys, "series", "--flow", flow, "--store", str(tmp_path), "--format", "json"
    )
    assert code == 0
    annual = {
        p["period_start"][:4]: p for p in json.loads(out)["points"] if p["period_end"][5:] == "12"
    }
    for year, usd in by_year.items():
        point = annual[year]
        assert point["value"] == pytest.approx(usd)
        assert (point["kind"], point["category"]) == ("reported", "official")
        assert point["source_ids"] == ["kz-bns:kz-bns-foreign-trade-by-country-2022-2023"]


@pytest.mark.parametrize(("fmt", "text"), [("table", "$562.9M"), ("csv", "562949015.77")])
def test_series_other_formats(capsys, tmp_path, fmt, text):
    """The table is for reading (the pages' wording), CSV for scripts (base units)."""
    code, out, _ = run(capsys, "series", "--store", str(tmp_path), "--format", fmt)
    assert code == 0 and text in out
    if fmt == "table":
        assert "Q1 2024" in out and "above $500M" in out and "562949015" not in out
        assert "official" in out


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


def test_nowcast_from_part_year(capsys, tmp_path):
    code, out, _ = run(
        capsys, "nowcast", "--year", "2024", "--store", str(tmp_path), "--format", "json"
    )
    doc = json.loads(out)
    q1 = [n for n in doc["nowcasts"] if n["period_end"] == "2024-03" and n["comparator"] == "="]
    assert code == 0 and q1[0]["part_value"] == 105e6
    assert q1[0]["low"] <= q1[0]["nowcast"] <= q1[0]["high"]
    assert doc["published"][0]["comparator"] == ">"


def test_import_bad_file_exits_2_names_row_and_writes_nothing(capsys, tmp_path):
    store = tmp_path / "s"
    code, _, _ = run(
        capsys,
        "import",
        str(FIXTURES / "press" / "valid.csv"),
        "--store",
        str(store),
        "--format",
        "json",
    )
    assert code == 0
    before = tree_digest(store)
    code, _, err = run(
        capsys, "import", str(FIXTURES / "press" / "month_13.csv"), "--store", str(store)
    )
    assert code == 2
    assert "month_13.csv, row 2, column 'period_end'" in err
    assert "Traceback" not in err
    assert tree_digest(store) == before


def test_import_summary(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "import",
        str(FIXTURES / "press" / "valid.csv"),
        "--store",
        str(tmp_path / "s"),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0
    assert (doc["files"], doc["observations"], doc["pairs"]) == (1, 4, 1)
    assert doc["years"] == "2023–2024"


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as err:
        cli.main(["frobnicate"])
    assert err.value.code == 2


def test_mirror_json(capsys, tmp_path):
    code, out, _ = run(
        capsys,
        "mirror",
        "--reporter",
        "KAZ",
        "--partner",
        "TKM",
        "--store",
        str(tmp_path),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["factor"] == 1.06
    row = next(r for r in doc["rows"] if r["year"] == 2019 and r["direction"] == "TKM→KAZ")
    # Turkmenistan's IMF exports since 2004 are Kazakhstan's imports / 1.06: no real gap
    assert row["export_kind"] == "mirror" and "mirror" in row["flags"]
    assert row["gap_pct"] == pytest.approx(0.0, abs=1e-3)


def test_claims_headlines_json(capsys, tmp_path):
    code, out, _ = run(capsys, "claims", "--store", str(tmp_path), "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert all({"id", "verdict", "data_value", "difference", "note"} <= set(d) for d in doc)
    h1 = next(d for d in doc if d["id"] == "h1")
    assert h1["verdict"] == "ambiguous"
    assert h1["data_value"] == pytest.approx(BNS_2023 / 145.920637e6, rel=1e-6)


def test_claims_file_gives_every_row_a_verdict(capsys, tmp_path):
    from tests.conftest import SHARED

    if not (SHARED / "kaz-tkm-press-figures.csv").is_file():
        pytest.skip("shared/data is not beside the checkout")
    code, out, _ = run(
        capsys,
        "claims",
        str(SHARED / "kaz-tkm-press-figures.csv"),
        "--store",
        str(tmp_path),
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and len(doc) == 72
    assert all(
        d["verdict"] in {"supported", "contradicted", "ambiguous", "not_checkable"} and d["note"]
        for d in doc
    )


def test_series_at_constant_prices(capsys, tmp_path):
    defl = FIXTURES / "deflator" / "made_up_index.csv"
    code, out, _ = run(
        capsys,
        "series",
        "--store",
        str(tmp_path),
        "--deflator",
        str(defl),
        "--price-base",
        "2019",
        "--format",
        "json",
    )
    doc = json.loads(out)
    assert code == 0 and doc["price_basis"] == "constant 2019 USD"
    by_year = {p["period_start"][:4]: p["value"] for p in doc["points"]}
    assert set(by_year) == {"2019", "2020", "2021", "2022", "2023"}  # deflator's years only
    assert by_year["2023"] == pytest.approx(BNS_2023 * 100 / 118.9)
    assert by_year["2019"] == pytest.approx(145.920637e6, rel=1e-6)


def test_bad_deflator_names_row_and_column(capsys, tmp_path):
    code, _, err = run(
        capsys,
        "series",
        "--store",
        str(tmp_path),
        "--deflator",
        str(FIXTURES / "deflator" / "non_numeric.csv"),
    )
    assert code == 2 and "non_numeric.csv, row 3, column 'index'" in err


def test_series_reports_months_summed_against_the_stated_year(capsys, tmp_path):
    lines = [
        "series,reporter,partner,flow,period_start,period_end,measure,comparator,value,"
        "unit,source_publisher"
    ]
    lines += [
        f"trade_value,KAZ,TKM,export,2019-{m:02d},2019-{m:02d},level,=,10,USD_million,"
        "Bureau of National Statistics"
        for m in range(1, 13)
    ]
    path = tmp_path / "months.csv"
    path.write_text("\n".join(lines) + "\n")
    store = tmp_path / "s"
    assert run(capsys, "import", str(path), "--store", str(store))[0] == 0
    code, out, _ = run(
        capsys, "series", "--flow", "export", "--store", str(store), "--format", "json"
    )
    doc = json.loads(out)
    assert code == 0
    check = next(c for c in doc["monthly_checks"] if c["year"] == 2019)
    assert check["months_sum"] == 120e6
    assert check["annual"] == pytest.approx(116.159409e6)  # IMF DOTS, KAZ exports to TKM
    assert check["diff_pct"] == pytest.approx((120 / 116.159409 - 1) * 100)


def test_backtest_json_and_table_on_the_embedded_pairs(capsys, tmp_path):
    args = [
        "backtest",
        "--store",
        str(tmp_path),
        "--origins",
        "2005:2008",
        "--horizon",
        "3",
        "--min-level",
        "20e6",
        "--ratios",
        "1.25,2",
        "--paths",
        "200",
        "--method",
        "pooled,parametric,random_walk",
    ]
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
    # Without --as-of the latest month is January 2027: the planted 2026 is the base year,
    # which has no 2025 before it to grow from.
    code, _, err = run(
        capsys, "scenario", "--target", "1e9", "--by", "2028", "--store", str(tmp_path / "planted")
    )
    assert code == 2 and "no value for 2025" in err


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


@pytest.mark.parametrize(
    ("args", "texts"),
    [
        (["nowcast", "--year", "2024"], ["Q1 2024", "above $100M", "25.0%", "unbounded"]),
        (["mirror"], ["KAZ→TKM", "$25.3M", "+3.8%"]),
        (["scenario", "--target", "1e9", "--by", "2028"], ["$562.9M", "0%"]),
        (["claims"], ["3.86×", "$563M", "$562.9M", "−0.3 pp"]),
    ],
)
def test_tables_read_as_the_pages_do(capsys, tmp_path, args, texts):
    code, out, _ = run(capsys, *args, "--store", str(tmp_path), "--format", "table")
    assert code == 0
    for text in texts:
        assert text in out, text
    assert "e+0" not in out  # no scientific notation for people


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_series_of_one_product_in_every_format(capsys, tmp_path, fmt):
    """``--commodity 1101`` reads wheat flour's tonnes, never the all-goods figures."""
    code, out, _ = run(
        capsys,
        "series",
        "--series",
        "trade_quantity",
        "--flow",
        "export",
        "--commodity",
        "1101",
        "--store",
        str(tmp_path),
        "--format",
        fmt,
    )
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        assert (doc["commodity"], doc["unit"]) == ("1101", "t")
        got = {(p["period_start"], p["period_end"]): p["value"] for p in doc["points"]}
        assert got[("2025-10", "2025-10")] == 13700.0  # flour, October 2025
        assert got[("2024-01", "2024-08")] == 19500.0
        assert all(v < 1e6 for v in got.values())  # tonnes of flour, no USD totals
    elif fmt == "csv":
        assert "2025-10,2025-10,13700.0,t,=" in out
    else:
        assert "Oct 2025" in out and "13,700 t" in out and "about 19,500 t" in out


def test_series_commodity_defaults_to_all_goods(capsys, tmp_path):
    code, out, _ = run(capsys, "series", "--store", str(tmp_path), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["commodity"] == "TOTAL"
    agri = json.loads(
        run(capsys, "series", "--commodity", "HS01-24", "--flow", "export", "--format", "json",
            "--store", str(tmp_path))[1]
    )  # fmt: skip
    assert [p["value"] for p in agri["points"]] == [70e6]  # Jan–Sep 2025 agri-food exports
    assert 70e6 not in [p["value"] for p in doc["points"]]
