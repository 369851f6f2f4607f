"""Pure table shaping: CSV injection, Parquet, the Trade points, the Data page's pieces."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.reconcile import reconcile
from dashboard import tables
from data.importers import load
from data.provenance import Source
from data.schema import ValidationError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


# -- safe_csv / parquet_bytes -------------------------------------------------------------
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_safe_csv_neutralises_formula_starts(start):
    cell = f'{start}HYPERLINK("http://evil")'
    frame = pd.DataFrame({"note": [cell, "plain"], "n": [1, 2]})
    back = pd.read_csv(io.BytesIO(tables.safe_csv(frame)), keep_default_na=False)
    assert back["note"].tolist() == ["'" + cell, "plain"]


def test_safe_csv_keeps_numbers_numbers_and_prefixes_only_strings():
    frame = pd.DataFrame(
        {
            "value_usd": [-25_000_000.0, 563e6],
            "n": [-3, 4],
            "text": ["-3", "ok"],
            "flag": [True, False],
        }
    )
    text = tables.safe_csv(frame).decode()
    lines = text.splitlines()
    assert lines[0] == "value_usd,n,text,flag"
    assert lines[1] == "-25000000.0,-3,'-3,True"
    back = pd.read_csv(io.StringIO(text))
    assert back["value_usd"].tolist() == [-25e6, 563e6]
    assert back["n"].tolist() == [-3, 4]


def test_safe_csv_neutralises_header_and_object_columns_with_mixed_types():
    frame = pd.DataFrame({"=cmd": pd.Series(["@SUM(1)", 5, None], dtype=object), "n": [1, 2, 3]})
    lines = tables.safe_csv(frame).decode().splitlines()
    assert lines[0] == "'=cmd,n"
    assert lines[1:] == ["'@SUM(1),1", "5,2", ",3"]


def test_parquet_bytes_round_trip():
    frame = pd.DataFrame({"year": [2022, 2023], "value_usd": [439.8e6, 563e6], "flow": ["a", "b"]})
    back = pd.read_parquet(io.BytesIO(tables.parquet_bytes(frame)))
    assert back["value_usd"].tolist() == [439.8e6, 563e6]
    assert back["year"].tolist() == [2022, 2023]


# -- markdown and labels -----------------------------------------------------------------
def test_escape_markdown_makes_links_and_images_inert():
    text = tables.escape_markdown("![x](http://e/i.png) [click](javascript:alert(1)) $5 :red[x]")
    assert "](" not in text.replace("\\]\\(", "")
    assert "\\[click\\]\\(javascript" in text
    assert "\\$5" in text and "\\:red\\[x\\]" in text


def test_period_label():
    assert tables.period_label("2023-01", "2023-12") == "2023"
    assert tables.period_label("2020-01", "2020-07") == "Jan–Jul 2020"
    assert tables.period_label("2024-03", "2024-03") == "Mar 2024"


# -- the Trade page's points -------------------------------------------------------------
def obs_row(flow, start, end, value, comparator="=", kind="reported", source="s1", reporter="KAZ"):
    partner = "TKM" if reporter == "KAZ" else "KAZ"
    return {
        "series": "trade_value", "reporter": reporter, "partner": partner, "flow": flow,
        "commodity": "TOTAL", "period_start": start, "period_end": end, "measure": "level",
        "comparator": comparator, "value": value, "unit": "USD", "kind": kind,
        "source_id": source, "ref": f"{source}:{flow}:{start}", "note": "",
    }  # fmt: skip


@pytest.fixture
def series():
    obs = pd.DataFrame(
        [
            obs_row("export", "2021-01", "2021-12", 100e6),
            obs_row("import", "2021-01", "2021-12", 150e6),
            obs_row("export", "2022-01", "2022-12", 120e6, kind="estimated"),
            obs_row("import", "2022-01", "2022-12", 60e6),
            obs_row("total", "2023-01", "2023-12", 500e6, comparator=">", source="s2"),
            obs_row("total", "2023-01", "2023-06", 200e6, source="s2"),
            # The partner's mirror record of 2021 exports: an alternative, not the best.
            obs_row(
                "import", "2021-01", "2021-12", 90e6, kind="mirror", source="s3", reporter="TKM"
            ),
        ]
    )
    cats = {"s1": "official", "s2": "press", "s3": "international"}
    return {
        f: reconcile(obs, cats, "KAZ", "TKM", "trade_value", f)
        for f in ("total", "export", "import")
    }


CITES = {"s1": "Stat office · Yearbook · 2024", "s2": "Outlet <b>A</b>", "s3": "IMF"}


def test_trade_points_levels_balance_and_growth(series):
    p = tables.trade_points(series, CITES, list(tables.FLOWS))
    annual = p[~p["part_year"]].set_index(["flow", "year"])
    assert annual.loc[("turnover", 2021), "value_usd"] == 250e6
    assert annual.loc[("turnover", 2023), "comparator"] == ">"
    assert annual.loc[("exports", 2022), "kind"] == "estimated"
    assert annual.loc[("balance", 2021), "value_usd"] == -50e6
    assert annual.loc[("balance", 2021), "value"] == "−$50M"
    assert annual.loc[("balance", 2022), "kind"] == "estimated"
    assert annual.loc[("exports", 2022), "yoy_pct"] == pytest.approx(20.0)
    assert math.isnan(annual.loc[("turnover", 2023), "yoy_pct"])  # a bound has no growth
    part = p[p["part_year"]]
    assert part[["flow", "period", "value_usd"]].values.tolist() == [
        ["turnover", "Jan–Jun 2023", 200e6]
    ]


def test_alternatives_list_every_candidate_with_its_source(series):
    p = tables.trade_points(series, CITES, ["exports"])
    alts = p.set_index("year").loc[2021, "alternatives"].split("\n")
    assert len(alts) == 2
    assert alts[0].startswith("★ = $100M reported, reporter's records")
    assert alts[0].endswith("Stat office · Yearbook · 2024")
    assert "$90M mirror, partner's records" in alts[1] and alts[1].endswith("IMF")


def test_download_frame_names_the_pair_and_drops_hover_text(series):
    p = tables.trade_points(series, CITES, ["turnover"])
    d = tables.download_frame(p, "KAZ", "TKM")
    assert d.columns[:2].tolist() == ["reporter", "partner"]
    assert "alternatives" not in d.columns
    assert d["reporter"].unique().tolist() == ["KAZ"]


def test_pair_options_either_direction():
    pairs = pd.DataFrame(
        {"reporter": ["KAZ", "KAZ", "TKM", "CHN"], "partner": ["TKM", "CHN", "RUS", "KAZ"]}
    )
    assert tables.pair_options(pairs, "KAZ") == ["CHN", "TKM"]
    assert tables.pair_options(pairs, "TKM") == ["KAZ", "RUS"]


# -- claims ---------------------------------------------------------------------------------
def test_verdict_table_formats_values_in_the_claims_unit():
    verdicts = [
        {"id": "h2a", "verdict": "supported", "data_value": 563e6, "difference": 0.0, "note": "n",
         "claim": "c", "source_id": "s2"},
        {"id": "h2b", "verdict": "not_checkable", "data_value": None, "difference": None,
         "note": "n", "claim": "c", "source_id": "s9"},
        {"id": "h4a", "verdict": "contradicted", "data_value": 1.08e6, "difference": 0.22e6,
         "note": "n", "claim": "c", "source_id": "s1"},
    ]  # fmt: skip
    t = tables.verdict_table(verdicts, {"h2a": "USD", "h2b": "percent", "h4a": "t"}, CITES)
    assert t["data_value"].tolist() == ["$563M", "", "1.08 Mt"]
    assert t["difference"].tolist() == ["$0M", "", "+0.22 Mt"]
    assert t["verdict"].tolist() == ["supported", "not checkable", "contradicted"]
    assert t["source"].tolist() == ["Outlet <b>A</b>", "s9", "Stat office · Yearbook · 2024"]


def test_sources_table_keeps_only_web_links():
    srcs = [
        Source("b", "press", "Outlet", url="javascript:alert(1)", licence="rights reserved"),
        Source("a", "official", "Stat", publisher_of_figure="Ministry", url="https://x.org/a"),
    ]
    t = tables.sources_table(srcs)
    assert t["source_id"].tolist() == ["a", "b"]  # official first
    assert t["url"].tolist()[0] == "https://x.org/a" and t["url"].isna().tolist()[1]
    assert t.loc[0, "body"] == "Ministry"


# -- the Data page ----------------------------------------------------------------------------
def test_upload_limit_from_environment():
    assert tables.upload_limit_mb({}) == 50
    assert tables.upload_limit_mb({"TRADEDASH_UPLOAD_LIMIT_MB": "5"}) == 5
    for bad in ("zero", "0", "-1", "nan", "inf"):
        assert tables.upload_limit_mb({"TRADEDASH_UPLOAD_LIMIT_MB": bad}) == 50


def test_upload_too_big_says_the_size_and_the_limit():
    assert tables.upload_too_big(5 * 1024 * 1024, 5) is None
    msg = tables.upload_too_big(6 * 1024 * 1024, 5)
    assert msg and "6.0 MB" in msg and "5 MB" in msg and "TRADEDASH_UPLOAD_LIMIT_MB" in msg


def test_upload_suffix_is_a_known_ending_only():
    assert tables.upload_suffix("Figures.CSV") == ".csv"
    assert tables.upload_suffix("bulk.tsv.gz") == ".gz"
    assert tables.upload_suffix("../../etc/passwd") == ""


def test_error_text_names_the_uploaded_file_row_and_column():
    exc = ValidationError("month must be 01–12", file="upload-3fa2.csv", row=2, column="period_end")
    assert tables.error_text(exc, "month_13.csv") == (
        "month_13.csv, row 2, column 'period_end': month must be 01–12"
    )
    assert tables.error_text(ValidationError("the file is empty"), "e.csv") == (
        "e.csv: the file is empty"
    )


def test_validation_report_of_a_press_file():
    parsed = load(FIXTURES / "press" / "valid.csv")
    info, first = tables.validation_report([parsed], store_observations=len(parsed.frame))
    assert info["format"] == parsed.format
    assert info["observations"] == len(parsed.frame) == 4
    assert info["pairs"] == 1
    assert info["years"] == "2023–2024"
    assert info["store_observations"] == 4
    assert len(first) == 4 and first["reporter"].tolist() == ["KAZ"] * 4
    assert first["value"].tolist()[0] == 563e6


def test_store_listing_and_pair_listing():
    f = pd.DataFrame(
        {
            "reporter": ["KAZ", "KAZ", "TKM"], "partner": ["TKM", "TKM", "CHN"],
            "series": ["trade_value"] * 3, "period_start": ["2019-01", "2023-01", "2020-01"],
            "source_id": ["a", "b", "a"],
        }
    )  # fmt: skip
    empty = f.iloc[0:0]
    s = tables.store_listing({"embedded": f, "user": empty}, {"embedded": 2})
    assert s.to_dict("records")[0] == {
        "store": "embedded", "observations": 3, "pairs": 2, "series": "trade_value",
        "years": "2019–2023", "sources": 2,
    }  # fmt: skip
    assert s.loc[1, "observations"] == 0 and s.loc[1, "years"] == ""
    pl = tables.pair_listing({"embedded": f, "user": empty})
    assert pl[
        ["reporter", "partner", "observations", "first_year", "last_year"]
    ].values.tolist() == [
        ["KAZ", "TKM", 2, 2019, 2023],
        ["TKM", "CHN", 1, 2020, 2020],
    ]


def test_row_limit_is_checked_on_raw_bytes_before_parsing():
    from dashboard.tables import upload_max_rows, upload_too_many_rows

    csv = b"a,b\n" + b"1,2\n" * 5
    assert upload_too_many_rows(csv, 5) is None
    msg = upload_too_many_rows(csv, 4)
    assert msg is not None and "5 rows" in msg and "4 rows" in msg
    assert upload_too_many_rows(b"PK\x03\x04" + b"\n" * 100, 4) is None  # xlsx: size-capped
    assert upload_max_rows({"TRADEDASH_UPLOAD_MAX_ROWS": "10"}) == 10
    assert upload_max_rows({"TRADEDASH_UPLOAD_MAX_ROWS": "-3"}) == 1_000_000


def test_upload_filename_is_a_slug_of_the_name_without_any_path():
    from dashboard.tables import upload_filename

    assert upload_filename("valid.csv") == "valid.csv"
    assert upload_filename("../../etc/passwd") == "passwd"
    assert upload_filename("C:\\Users\\x\\Trade 2023 (KAZ).csv.gz") == "trade-2023-kaz-csv.gz"
    assert upload_filename("...") == "upload"
