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
