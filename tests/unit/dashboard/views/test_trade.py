"""The Trade page's points: levels, balance, growth, alternatives, downloads."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.reconcile import reconcile
from dashboard.views import trade as view


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
    p = view.trade_points(series, CITES, list(view.FLOWS))
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
    p = view.trade_points(series, CITES, ["exports"])
    alts = p.set_index("year").loc[2021, "alternatives"].split("\n")
    assert len(alts) == 2
    assert alts[0].startswith("★ $100M reported, reporter's records")
    assert alts[0].endswith("Stat office · Yearbook · 2024")
    assert "$90M mirror, partner's records" in alts[1] and alts[1].endswith("IMF")


def test_download_frame_names_the_pair_and_drops_hover_text(series):
    p = view.trade_points(series, CITES, ["turnover"])
    d = view.download_frame(p, "KAZ", "TKM")
    assert d.columns[:2].tolist() == ["reporter", "partner"]
    assert "alternatives" not in d.columns
    assert d["reporter"].unique().tolist() == ["KAZ"]


def test_download_frame_carries_each_sources_url_and_licence(series):
    from data.provenance import Source

    sources = {
        "s1": Source("s1", "official", "Stat", url="https://stat.example/y", licence="CC BY"),
        "s2": Source("s2", "press", "Outlet", url="https://news.example/a"),
    }
    p = view.trade_points(series, CITES, ["turnover"])
    d = view.download_frame(p, "KAZ", "TKM", sources).set_index("period")
    assert d.loc["2021", "source_urls"] == "https://stat.example/y"
    assert d.loc["2021", "source_licences"] == "CC BY"
    assert d.loc["2023", "source_urls"] == "https://news.example/a"
    assert d.loc["2023", "source_licences"] == ""  # the outlet states none: blank, not invented


def test_pair_options_either_direction():
    pairs = pd.DataFrame(
        {"reporter": ["KAZ", "KAZ", "TKM", "CHN"], "partner": ["TKM", "CHN", "RUS", "KAZ"]}
    )
    assert view.pair_options(pairs, "KAZ") == ["CHN", "TKM"]
    assert view.pair_options(pairs, "TKM") == ["KAZ", "RUS"]


def test_headline_is_the_latest_exact_full_year(series):
    points = view.trade_points(series, CITES, ["turnover"])
    assert view.headline(points) == "Turnover 2022: $180M"
    assert view.headline(points.iloc[0:0]) is None


def test_csv_and_parquet_downloads_hold_the_same_text(series):
    """The injection guard leaves what cannot be a formula (a lone ``=``, a number) alone,
    so the CSV and the Parquet of one view agree cell for cell."""
    import io

    from dashboard.downloads import parquet_bytes
    from dashboard.safety import safe_csv

    d = view.download_frame(view.trade_points(series, CITES, list(view.FLOWS)), "KAZ", "TKM")
    assert {"=", ">"} <= set(d["comparator"])
    from_csv = pd.read_csv(io.BytesIO(safe_csv(d)), dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(io.BytesIO(parquet_bytes(d)))
    for col in ("comparator", "value", "sources", "kind"):
        assert from_csv[col].tolist() == from_parquet[col].astype(str).tolist(), col


def test_series_table_reads_in_words_with_blank_cells_and_one_value_column():
    points = pd.DataFrame(
        {
            "flow": ["turnover", "turnover"], "period": ["2023", "Q1 2024"],
            "year": [2023, 2024], "period_start": ["2023-01", "2024-01"],
            "period_end": ["2023-12", "2024-03"], "part_year": [False, True],
            "value_usd": [562.95e6, 100e6], "value": ["$563M", "$100M"],
            "comparator": ["=", ">"], "kind": ["reported", "reported"],
            "side": ["reporter", None], "method": ["sum", "stated"],
            "category": ["official", None], "yoy_pct": [28.3, float("nan")],
            "sources": ["BNS · 2024", "Outlet · 2024"], "source_ids": ["kz:a", "press:b"],
            "alternatives": ["", ""],
        }
    )  # fmt: skip
    t = view.series_table(points)
    assert list(t.columns) == list(view.SERIES_TABLE.values())
    assert t["value"].tolist() == ["$563M", "above $100M"]
    assert t["growth on a year earlier"].tolist() == ["+28.3%", ""]
    assert t["part of the year"].tolist() == ["", "yes"]
    assert t["whose records"].tolist() == ["reporter's records", ""]
    assert "None" not in t.to_numpy().ravel() and "nan" not in t.to_numpy().ravel()
    help_ = view.headline_help(points, {"kz:a": "Bureau of National Statistics · 2024"})
    assert help_ == "Turnover 2023: $563M  \nBureau of National Statistics · 2024"
    assert view.headline_help(points.iloc[0:0], {}) == ""
