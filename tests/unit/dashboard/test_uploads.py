"""Upload rules: limits from the environment, raw row counts, safe names, error wording."""

from __future__ import annotations

from dashboard import uploads
from data.schema import ValidationError


def test_upload_limit_from_environment():
    assert uploads.upload_limit_mb({}) == 50
    assert uploads.upload_limit_mb({"TRADEDASH_UPLOAD_LIMIT_MB": "5"}) == 5
    for bad in ("zero", "0", "-1", "nan", "inf"):
        assert uploads.upload_limit_mb({"TRADEDASH_UPLOAD_LIMIT_MB": bad}) == 50


def test_upload_too_big_says_the_size_and_the_limit():
    assert uploads.upload_too_big(5 * 1024 * 1024, 5) is None
    msg = uploads.upload_too_big(6 * 1024 * 1024, 5)
    assert msg and "6.0 MB" in msg and "5 MB" in msg and "TRADEDASH_UPLOAD_LIMIT_MB" in msg


def test_upload_suffix_is_a_known_ending_only():
    assert uploads.upload_suffix("Figures.CSV") == ".csv"
    assert uploads.upload_suffix("bulk.tsv.gz") == ".gz"
    assert uploads.upload_suffix("../../etc/passwd") == ""


def test_error_text_names_the_uploaded_file_row_and_column():
    exc = ValidationError("month must be 01–12", file="upload-3fa2.csv", row=2, column="period_end")
    assert uploads.error_text(exc, "month_13.csv") == (
        "month_13.csv, row 2, column 'period_end': month must be 01–12"
    )
    assert uploads.error_text(ValidationError("the file is empty"), "e.csv") == (
        "e.csv: the file is empty"
    )


def test_row_limit_is_checked_on_raw_bytes_before_parsing():
    csv = b"a,b\n" + b"1,2\n" * 5
    assert uploads.upload_too_many_rows(csv, 5) is None
    msg = uploads.upload_too_many_rows(csv, 4)
    assert msg is not None and "5 rows" in msg and "4 rows" in msg
    assert uploads.upload_too_many_rows(b"PK\x03\x04" + b"\n" * 100, 4) is None  # xlsx: size-capped
    assert uploads.upload_max_rows({"TRADEDASH_UPLOAD_MAX_ROWS": "10"}) == 10
    assert uploads.upload_max_rows({"TRADEDASH_UPLOAD_MAX_ROWS": "-3"}) == 1_000_000


def test_upload_filename_is_a_slug_of_the_name_without_any_path():
    assert uploads.upload_filename("valid.csv") == "valid.csv"
    assert uploads.upload_filename("../../etc/passwd") == "passwd"
    assert (
        uploads.upload_filename("C:\\Users\\x\\Trade 2023 (KAZ).csv.gz") == "trade-2023-kaz-csv.gz"
    )
    assert uploads.upload_filename("...") == "upload"
