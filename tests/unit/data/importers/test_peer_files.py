"""The real files other projects recorded from the portals and APIs (``shared/data/peer``).

Each file is imported through the public path (detection by content, the store's
validation, one write) and gives the values ``peer/README.md`` states, which were read
there with an independent reader. The files are third-party: read from ``../shared``,
never copied into the repository; the tests skip, saying why, where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data import schema
from data.importers import Named, detect, import_paths
from data.store import Store
from tests.conftest import SHARED

pytestmark = pytest.mark.shared
PEER = SHARED / "peer"


@pytest.fixture
def peer() -> Path:
    if not (PEER / "README.md").is_file():
        pytest.skip(
            "the peer files are not beside the checkout (shared/data/peer missing): "
            "they are third-party files, never committed"
        )
    return PEER


def imported(tmp_path: Path, path: Path, named: Named | None = None) -> pd.DataFrame:
    """The file imported into an empty store, read back from the store."""
    store = Store(tmp_path / "store")
    import_paths(store, [path], named=named)
    return store.read().frame


def value(frame: pd.DataFrame, **where: str) -> float:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col].astype(str) == val
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {where}"
    return float(rows["value"].iloc[0])


def trade(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["series"].astype(str) == "trade_value"]


def test_comtrade_api_china_2010_totals(peer: Path, tmp_path: Path) -> None:
    path = peer / "comtradeplus_api_chn_2010_total.json"
    assert detect(path) == "comtrade_api"
    f = imported(tmp_path, path)
    assert len(f) == 4
    expected = {
        ("ARG", "import"): 6_804_128_143,
        ("ARG", "export"): 6_115_764_185,
        ("DEU", "import"): 74_251_272_075,
        ("DEU", "export"): 68_047_133_397,
    }
    for (partner, flow), usd in expected.items():
        assert value(f, reporter="CHN", partner=partner, flow=flow, period_start="2010-01") == usd
    # Imports carry only cifvalue, exports only fobvalue.
    assert set(zip(f["flow"].astype(str), f["valuation"].astype(str), strict=True)) == {
        ("import", "cif"),
        ("export", "fob"),
    }


def test_comtrade_api_soy_by_mode_of_transport_counted_once(peer: Path, tmp_path: Path) -> None:
    f = imported(tmp_path, peer / "comtradeplus_api_bra_chn_2024_soy_hs4_mot.json")
    t = trade(f)
    # Only the motCode 0 rows: 3 products, not the 8 records (summing all gives 63.0 bn).
    assert sorted(t["commodity"].astype(str)) == ["1201", "1507", "2304"]
    soy = value(t, reporter="BRA", partner="CHN", flow="export", commodity="1201")
    assert soy == 31_499_887_711
    assert t["value"][t["commodity"].astype(str) == "1201"].sum() != 62_999_775_422
    assert value(t, commodity="2304") == 9_394_368
    assert value(t, commodity="1507") == 139_449_241
    assert set(t["valuation"].astype(str)) == {"fob"}
    assert set(t["kind"].astype(str)) == {"estimated"}  # isReported false throughout
    assert "rail_freight" not in set(f["series"].astype(str))  # no railway (3100) record
    # Net weight, kg in the file, tonnes stored, fractions kept: the motCode 0 rows only.
    q = f[f["series"].astype(str) == "trade_quantity"]
    assert len(q) == 3 and set(q["unit"].astype(str)) == {"t"}
    assert value(q, commodity="1201") == pytest.approx(72_557_710.367, abs=1e-6)
    assert value(q, commodity="2304") == pytest.approx(20_110.2, abs=1e-9)
    assert value(q, commodity="1507") == pytest.approx(150_571.998424, abs=1e-9)


def test_comtrade_api_soy_mirror(peer: Path, tmp_path: Path) -> None:
    f = imported(tmp_path, peer / "comtradeplus_api_chn_bra_2024_soy_mirror.json")
    t = trade(f)
    assert value(t, reporter="CHN", partner="BRA", flow="import", commodity="1201") == (
        36_455_784_932
    )
    assert t["valuation"].astype(str).tolist() == ["cif"]
    q = f[f["series"].astype(str) == "trade_quantity"]
    assert value(q, commodity="1201") == pytest.approx(74_647_380.005, abs=1e-6)
    # The mirror gap: 31.50 bn FOB from Brazil's side against 36.46 bn CIF from China's.
    assert round(value(t, commodity="1201") / 1e9, 2) == 36.46


def test_legacy_35_columns_mixed_hs_editions(peer: Path, tmp_path: Path) -> None:
    path = peer / "comtrade_legacy35_h4_2016_ch01_live_animals.csv"
    assert detect(path) == "comtrade"  # was "unrecognised file format"
    f = imported(tmp_path, path)
    assert len(f) == 127
    world = {"partner": "WLD", "commodity": "01", "period_start": "2016-01"}
    assert value(f, reporter="KAZ", flow="import", **world) == 19_484_893
    assert value(f, reporter="KAZ", flow="export", **world) == 3_894_586
    assert value(f, reporter="KGZ", flow="import", **world) == 352_541
    assert value(f, reporter="KGZ", flow="export", **world) == 1_659_283
    assert value(f, reporter="HKG", flow="re_export", **world) == 1_188_902
    assert value(f, reporter="HKG", flow="re_import", **world) == 386
    assert value(f, reporter="PHL", flow="import", **world) == 18_885_370
    flows = f["flow"].astype(str)
    assert (flows == "re_export").sum() == 8 and (flows == "re_import").sum() == 9
    editions = f.groupby(f["note"].astype(str))["reporter"].nunique().to_dict()
    assert editions == {"HS edition H4": 52, "HS edition H3": 1, "HS edition H2": 2}


def test_comtrade_web_download_china_usa_germany(peer: Path, tmp_path: Path) -> None:
    path = peer / "comtradeplus_ui_chn_usa_deu_2022_total_by_partner.csv"
    f = imported(tmp_path, path)  # was refused at row 120, 'LAIA, nes'
    assert len(f) == 1352
    y = {"period_start": "2022-01", "commodity": "TOTAL"}
    assert value(f, reporter="CHN", partner="WLD", flow="import", **y) == 2_715_997_517_261
    assert value(f, reporter="CHN", partner="KAZ", flow="import", **y) == 14_819_246_516
    assert value(f, reporter="CHN", partner="KAZ", flow="export", **y) == 16_355_236_459
    assert value(f, reporter="CHN", partner="TKM", flow="import", **y) == 10_313_558_825
    assert value(f, reporter="CHN", partner="TKM", flow="export", **y) == 867_635_710
    usa_kaz = f[(f["reporter"] == "USA") & (f["partner"] == "KAZ") & (f["flow"] == "import")]
    assert usa_kaz["value"].item() == 2_737_379_769  # USA is 842 in the file
    assert usa_kaz["valuation"].astype(str).item() == "cif"
    assert value(f, reporter="DEU", partner="KAZ", flow="import", **y) == pytest.approx(
        7_495_626_132.315, abs=1e-3
    )
    assert value(f, reporter="DEU", partner="WLD", flow="export", **y) == pytest.approx(
        1_686_141_996_013.135, abs=1e-3
    )
    assert value(f, reporter="CHN", partner="CHN", flow="import", **y) == 122_883_424_107
    # The special areas get their documented aggregate codes, flagged.
    areas = f[f["partner"].astype(str).str.startswith("AGG_")]
    assert {
        "AGG_LAIA_NES",
        "AGG_OTHER_ASIA_NES",
        "AGG_OTHER_EUROPE_NES",
        "AGG_OTHER_AFRICA_NES",
        "AGG_NORTH_CENTRAL_AMERICA_NES",
        "AGG_BUNKERS",
        "AGG_NSPEC",
    } <= set(areas["partner"].astype(str))
    assert areas["partner_aggregate"].all()
    # Partner rows add up to the World row: the World is an aggregate, never a partner.
    chn_m = f[(f["reporter"] == "CHN") & (f["flow"] == "import")]
    economies = chn_m[~chn_m["partner_aggregate"]]["value"].sum()
    nes = chn_m[chn_m["partner_aggregate"] & (chn_m["partner"] != "WLD")]["value"].sum()
    assert economies + nes == pytest.approx(2_715_997_517_261, rel=1e-9)


def test_comtrade_web_download_thailand_hs8542(peer: Path, tmp_path: Path) -> None:
    everything = imported(tmp_path, peer / "comtradeplus_ui_tha_hs8542_imports_2014_2024.csv")
    f = trade(everything)
    assert len(f) == 1178
    q = everything[everything["series"].astype(str) == "trade_quantity"]
    w2020 = q[(q["partner"] == "WLD") & (q["period_start"] == "2020-01")]
    assert w2020["value"].item() == pytest.approx(51_808.55312, abs=1e-9)  # 51,808,553.12 kg
    assert w2020["kind"].astype(str).item() == "estimated"  # isNetWgtEstimated
    # 2014: netWgt is empty in 104 of the 115 rows, and those give no quantity.
    assert (q["period_start"].astype(str) == "2014-01").sum() == 11
    hs = {"reporter": "THA", "flow": "import", "commodity": "8542"}
    assert value(f, partner="WLD", period_start="2014-01", **hs) == 9_680_795_326
    assert value(f, partner="WLD", period_start="2020-01", **hs) == pytest.approx(
        12_197_818_311.501, abs=1e-3
    )
    assert value(f, partner="WLD", period_start="2023-01", **hs) == pytest.approx(
        19_588_059_644.307, abs=1e-3
    )
    assert value(f, partner="AGG_OTHER_ASIA_NES", period_start="2023-01", **hs) == (
        pytest.approx(7_326_313_641.821, abs=1e-3)
    )
    assert value(f, partner="CHN", period_start="2023-01", **hs) == pytest.approx(
        1_983_461_083.032, abs=1e-3
    )
    # The HS vintage changes by year, and each product row says which it is.
    by_year = f.groupby(f["period_start"].astype(str).str[:4])["note"].first().astype(str)
    assert (by_year["2014"], by_year["2020"], by_year["2023"]) == (
        "HS edition H4",
        "HS edition H5",
        "HS edition H6",
    )


def test_wits_sdmx_json_in_thousands(peer: Path, tmp_path: Path) -> None:
    path = peer / "wits_sdmxjson_usa_2017_imports_by_productgroup.json"
    assert detect(path) == "sdmx"
    f = imported(tmp_path, path)
    assert len(f) == 29  # every group kept apart, none added up
    y = {"reporter": "USA", "partner": "WLD", "flow": "import", "period_start": "2017-01"}
    assert value(f, commodity="TOTAL", **y) == 2_407_390_189_460  # 2,407,390,189.46 thousand
    assert value(f, commodity="27-27_Fuels", **y) == 204_018_187_723
    assert value(f, commodity="Fuels", **y) == 204_083_592_231
    assert value(f, commodity="84-85_MachElec", **y) == 701_868_861_882


def test_imf_dots_compact_json_unit_mult(peer: Path, tmp_path: Path) -> None:
    path = peer / "imf_dot_compactdata_json_us_exports_2020_2023.json"
    assert detect(path) == "sdmx"
    f = imported(tmp_path, path)
    x = {"reporter": "USA", "flow": "export"}
    assert value(f, partner="WLD", period_start="2023-01", **x) == 2_019_551_635_133
    assert value(f, partner="WLD", period_start="2020-01", **x) == 1_429_995_404_019
    assert value(f, partner="AGG_EU", period_start="2023-01", **x) == 369_756_760_426
    assert value(f, partner="AGG_EU", period_start="2020-01", **x) == 233_754_777_100


def test_imf_imts_sdmx_ml_30_scale_not_applied(peer: Path, tmp_path: Path) -> None:
    path = peer / "imf_imts_sdmxml30_usa_exports_2023_2024.xml"
    assert detect(path) == "sdmx"
    f = imported(tmp_path, path)
    x = {"reporter": "USA", "flow": "export"}
    assert value(f, partner="WLD", period_start="2023-01", **x) == 2_019_551_635_133
    assert value(f, partner="WLD", period_start="2024-01", **x) == 2_065_411_250_609
    assert value(f, partner="AGG_EU", period_start="2023-01", **x) == 369_756_760_426
    assert value(f, partner="AGG_EU", period_start="2024-01", **x) == 371_064_529_410
    assert f["note"].astype(str).str.contains("SCALE 6").all()


def test_imf_scale_trap_both_files_agree(peer: Path, tmp_path: Path) -> None:
    """DOTS says UNIT_MULT 6 and must be multiplied; IMTS says SCALE 6 and must not."""
    dots = imported(tmp_path / "a", peer / "imf_dot_compactdata_json_us_exports_2020_2023.json")
    imts = imported(tmp_path / "b", peer / "imf_imts_sdmxml30_usa_exports_2023_2024.xml")
    for partner in ("WLD", "AGG_EU"):
        key = {"partner": partner, "period_start": "2023-01"}
        assert value(dots, **key) == value(imts, **key)


@pytest.mark.parametrize(
    ("name", "flow", "expected"),
    [
        (
            "uz_stat_imports_by_country_2010_2023.csv",
            "import",
            {("KAZ", 2022): 3_243_509.06, ("KAZ", 2023): 3_068_544.9,
             ("TKM", 2022): 731_621.13, ("TKM", 2023): 924_224.9},
        ),
        (
            "uz_stat_exports_by_country_2010_2023.csv",
            "export",
            {("KAZ", 2022): 1_407_547.5, ("KAZ", 2023): 1_417_053.6,
             ("TKM", 2022): 196_986.5, ("TKM", 2023): 171_635.0},
        ),
    ],
)  # fmt: skip
def test_stat_uz_wide_tables(
    peer: Path, tmp_path: Path, name: str, flow: str, expected: dict[tuple[str, int], float]
) -> None:
    path = peer / name
    with pytest.raises(schema.ValidationError, match="--reporter UZB --flow import"):
        import_paths(Store(tmp_path / "refused"), [path])
    assert not (tmp_path / "refused").exists() or not any((tmp_path / "refused").iterdir())
    f = imported(tmp_path, path, Named("UZB", flow))
    for (partner, year), thousand in expected.items():
        got = value(f, reporter="UZB", partner=partner, flow=flow, period_start=f"{year}-01")
        assert got == pytest.approx(thousand * 1000, abs=1e-6)
    stem = name.removesuffix(".csv").replace("_", "-")
    assert set(f["source_id"].astype(str)) == {f"stat-uz:{stem}"}
