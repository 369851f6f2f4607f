"""Fuzzed files through ``import_paths``: a clean import or a located ValidationError.

One property test per format (see ``harness.run`` for the property), fed by the
strategies in ``mutations``; below them, one regression test per bug the fuzzer found.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from data.importers import Named, load, textio
from data.schema import ValidationError
from tests.conftest import FIXTURES
from tests.fuzz import harness, mutations, seeds
from tests.fuzz.mutations import Case
from tests.unit.data.dots_fixtures import both
from tests.unit.data.importers.bns_fixtures import ROWS as BNS_ROWS

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("TRADEDASH_FUZZ_EXAMPLES", "0") or 0)
FUZZ = settings(
    max_examples=EXAMPLES or 30,
    # The normal suite replays the same examples every run; a long run explores.
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def unchanged(fmt: str, name: str) -> Case:
    """A good seed as it is: every format's success path runs in every mode."""
    if fmt == "imf_dots":
        return Case(fmt, name, seeds.dots_workbook(), ["unchanged"], valid=True)
    if fmt == "kz_bns":
        return Case(fmt, name, seeds.bns_bytes(BNS_ROWS), ["unchanged"], valid=True)
    if fmt == "long_parquet":
        return Case(fmt, name, seeds.long_parquet(), ["unchanged"], valid=True)
    folder = {"long_csv": "long"}.get(fmt, fmt)
    seed = next(s for s in seeds.text_seeds(folder) if s.name == name)
    payload = gzip.compress(seed.payload, mtime=0) if seed.gzipped else seed.payload
    return Case(fmt, seed.name, payload, ["unchanged"], valid=True)


@FUZZ
@given(case=mutations.text_case("press"))
@example(case=unchanged("press", "valid.csv"))
def test_press(case: Case, arenas) -> None:
    harness.run(case, arenas["press"])


@FUZZ
@given(case=mutations.dots_case())
@example(case=unchanged("imf_dots", "DOTS_fuzz.xlsx"))
def test_imf_dots(case: Case, arenas) -> None:
    harness.run(case, arenas["imf_dots"])


@FUZZ
@given(case=mutations.text_case("comtrade"))
@example(case=unchanged("comtrade", "bulk.tsv.gz"))
def test_comtrade(case: Case, arenas) -> None:
    harness.run(case, arenas["comtrade"])


@FUZZ
@given(case=mutations.text_case("imf_imts"))
@example(case=unchanged("imf_imts", "code_label.csv"))
def test_imf_imts(case: Case, arenas) -> None:
    harness.run(case, arenas["imf_imts"])


@FUZZ
@given(case=mutations.text_case("wits"))
@example(case=unchanged("wits", "thousands_scale.csv"))
def test_wits(case: Case, arenas) -> None:
    harness.run(case, arenas["wits"])


@FUZZ
@given(case=mutations.document_case("comtrade_api"))
@example(case=unchanged("comtrade_api", "mot_breakdown.json"))
def test_comtrade_api(case: Case, arenas) -> None:
    harness.run(case, arenas["comtrade_api"])


@FUZZ
@given(case=mutations.document_case("sdmx"))
@example(case=unchanged("sdmx", "imts_sdmxml30_scale_display.xml"))
@example(case=unchanged("sdmx", "dots_compact_json_unit_mult.json"))
@example(case=unchanged("sdmx", "wits_sdmxjson_thousands.json"))
def test_sdmx(case: Case, arenas) -> None:
    harness.run(case, arenas["sdmx"])


@FUZZ
@given(case=mutations.bns_case())
@example(case=unchanged("kz_bns", "bns_fuzz.xlsx"))
def test_kz_bns(case: Case, arenas) -> None:
    harness.run(case, arenas["kz_bns"])


@FUZZ
@given(case=mutations.text_case("stat_uz"))
@example(case=unchanged("stat_uz", "wide_m49_three_languages.csv"))
def test_stat_uz(case: Case, arenas) -> None:
    harness.run(case, arenas["stat_uz"], named=Named("UZB", "import"))


@FUZZ
@given(case=mutations.text_case("long", "long_csv"))
@example(case=unchanged("long_csv", "national_stats.csv"))
def test_long_csv(case: Case, arenas) -> None:
    harness.run(case, arenas["long_csv"])


@FUZZ
@given(case=mutations.parquet_case())
@example(case=unchanged("long_parquet", "national_stats.parquet"))
def test_long_parquet(case: Case, arenas) -> None:
    harness.run(case, arenas["long_parquet"])


# -- regressions: one per bug the fuzzer found, named after it ------------------------------


def _dots_case(name: str, years: list[object] | None = None) -> Case:
    rows = both([["Turkmenistan", 1.0, 2.0, 3.0]])
    return Case("imf_dots", name, seeds.xlsx_bytes(rows, years=years), ["regression"])


def test_regression_dots_long_file_name_gives_valid_source_id(arenas) -> None:
    # Was: ValueError "source id ... is not a slug" (an id over 120 characters).
    assert harness.run(_dots_case("x" * 200 + ".xlsx"), arenas["imf_dots"]) == "imported"


def test_regression_dots_infinite_year_is_located(arenas) -> None:
    # Was: OverflowError from int(float("inf")) on a year cell reading "inf" or "1e400".
    for year in ("inf", "1e400", "-inf"):
        case = _dots_case("inf_year.xlsx", years=["2018", year])
        assert harness.run(case, arenas["imf_dots"]) == "rejected"
        with pytest.raises(ValidationError) as err:
            load(harness_path(arenas["imf_dots"], case))
        assert (err.value.row, err.value.column) == (7, "D")


def test_regression_dots_repeated_year_names_the_year_cell(arenas) -> None:
    # Was: "the same figure ... appears twice" located at column 'source_id', which no
    # workbook has; the repeated year in row 7 is the cause.
    case = _dots_case("repeated_year.xlsx", years=["2018", "2019", "2018"])
    assert harness.run(case, arenas["imf_dots"]) == "rejected"
    with pytest.raises(ValidationError) as err:
        load(harness_path(arenas["imf_dots"], case))
    assert (err.value.row, err.value.column) == (7, "E"), repr(err.value)
    assert "Exports, FOB" in str(err.value.file)


def test_regression_xlsx_with_a_corrupt_member_is_refused_not_raised(arenas) -> None:
    # Was: zlib.error out of detect(): telling a BNS table from a DOTS workbook read the
    # zip's workbook.xml, whose deflated bytes were mangled.
    with zipfile.ZipFile(io.BytesIO(seeds.bns_bytes(BNS_ROWS))) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    payload = bytearray(seeds.zip_members(members))
    at = payload.index(b"xl/workbook.xml") + len("xl/workbook.xml")  # its local header
    payload[at + 4 : at + 24] = bytes(20)  # zeros into its deflated data
    case = Case("kz_bns", "corrupt.xlsx", bytes(payload), ["workbook.xml mangled"])
    assert harness.run(case, arenas["kz_bns"]) == "rejected"


def test_gzip_bomb_past_the_real_cap_is_refused(arenas) -> None:
    # Not a bug: the real 512 MB cap (the fuzz cases patch a small one), checked once.
    head = (FIXTURES / "comtrade" / "hs_detail.csv").read_bytes()
    payload = mutations.gzip_bomb(head, textio.MAX_DECOMPRESSED + 1)
    case = Case("comtrade", "bomb.csv.gz", payload, ["real cap bomb"])
    assert harness.run(case, arenas["comtrade"]) == "rejected"
    with pytest.raises(ValidationError, match="decompressed size exceeds"):
        load(harness_path(arenas["comtrade"], case))


def harness_path(arena: harness.Arena, case: Case) -> Path:
    """The file ``harness.run`` left in the arena's inbox for ``case``."""
    return arena.inbox / case.name


def test_regression_press_quoted_header_is_recognised(arenas) -> None:
    # Was: "unrecognised file format": press.sniff kept the quotes of a QUOTE_ALL header.
    text = (FIXTURES / "press" / "valid.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    case = Case("press", "quoted.csv", buf.getvalue().encode(), ["QUOTE_ALL"], valid=True)
    assert harness.run(case, arenas["press"]) == "imported"


def test_regression_press_gzip_is_read_inflated(arenas) -> None:
    # Was: detect() took a gzipped press file (judging its inflated head) and press.read
    # then decoded the compressed bytes: "not UTF-8 text". It also had no size cap.
    payload = gzip.compress((FIXTURES / "press" / "valid.csv").read_bytes(), mtime=0)
    case = Case("press", "valid.csv.gz", payload, ["gzip"], valid=True)
    assert harness.run(case, arenas["press"]) == "imported"
    bomb = mutations.gzip_bomb((FIXTURES / "press" / "valid.csv").read_bytes(), 4097)
    capped = Case("press", "bomb.csv.gz", bomb, ["bomb cap=4096 over"], cap=4096)
    assert harness.run(capped, arenas["press"]) == "rejected"
