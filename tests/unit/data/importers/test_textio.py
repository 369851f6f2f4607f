"""Raw-file reading shared by the text importers: both CSV paths agree on lines and cells."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from data import schema
from data.importers import textio

PLAIN = "a,b,c\r\n1,x,3\r\n\r\n4,y,6\r\n,,\r\n7,z,9\r\n"
QUOTED = 'a,b,c\r\n1,"x",3\r\n\r\n4,y,6\r\n,,\r\n7,"z",9\r\n'


@pytest.mark.parametrize("text", [PLAIN, QUOTED], ids=["plain", "quoted"])
def test_line_numbers_count_blank_lines(text: str) -> None:
    rec = textio.read_records("f.csv", text)
    assert rec.row_of.tolist() == [2, 4, 6]
    assert rec.frame["b"].tolist() == ["x", "y", "z"]
    assert list(rec.frame.columns) == ["a", "b", "c"]


@pytest.mark.parametrize("text", [PLAIN, QUOTED], ids=["plain", "quoted"])
def test_column_selection(text: str) -> None:
    rec = textio.read_records("f.csv", text, columns={"c"})
    assert list(rec.frame.columns) == ["c"]
    assert rec.frame["c"].tolist() == ["3", "6", "9"]


@pytest.mark.parametrize(
    "text", ["a,b,c\n1,2,3\n4,5\n", 'a,b,c\n1,"2",3\n4,5\n'], ids=["plain", "quoted"]
)
def test_short_row_is_truncation(text: str) -> None:
    with pytest.raises(schema.ValidationError, match="cut short") as info:
        textio.read_records("f.csv", text)
    assert (info.value.row, info.value.column) == (3, "c")


@pytest.mark.parametrize("text", ["a,b\n1,2,3\n", 'a,b\n"1",2,3\n'], ids=["plain", "quoted"])
def test_extra_fields_are_an_error_unless_blank(text: str) -> None:
    with pytest.raises(schema.ValidationError, match="3 fields") as info:
        textio.read_records("f.csv", text)
    assert info.value.row == 2
    rec = textio.read_records("f.csv", text.replace(",3", ","))
    assert rec.frame.shape == (1, 2)


def test_unterminated_quote_is_an_error() -> None:
    with pytest.raises(schema.ValidationError, match="truncated") as info:
        textio.read_records("f.csv", 'a,b\n1,"2\n')
    assert info.value.file == "f.csv"


def test_repeated_header_is_an_error() -> None:
    with pytest.raises(schema.ValidationError, match="twice") as info:
        textio.read_records("f.csv", "a,B,b\n1,2,3\n")
    assert info.value.column == "b"


def test_latin1_fallback() -> None:
    assert textio.decode_text("f.csv", "Côte d'Ivoire".encode("latin-1")) == "Côte d'Ivoire"
    assert textio.decode_text("f.csv", "\ufeffKAZ".encode()) == "KAZ"


def test_read_payload_caps_plain_and_gzip(tmp_path: Path) -> None:
    plain = tmp_path / "p.csv"
    plain.write_bytes(b"x" * 100)
    with pytest.raises(schema.ValidationError, match="file size exceeds 99 bytes"):
        textio.read_payload(plain, limit=99)
    packed = tmp_path / "p.csv.gz"
    packed.write_bytes(gzip.compress(b"x" * 100))
    with pytest.raises(schema.ValidationError, match="decompressed size exceeds 99 bytes"):
        textio.read_payload(packed, limit=99)
    payload, checksum = textio.read_payload(packed, limit=100)
    assert payload == b"x" * 100
    assert checksum.startswith("sha256:")
