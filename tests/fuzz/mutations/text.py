"""Mutations of delimited text files: the grid edited, the bytes edited, re-encoded or
replaced, gzip bombs, file names."""

from __future__ import annotations

import csv
import gzip
import io
import re

import pyarrow as pa
from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.mutations.pools import HUGE, INVALID_UTF8, NAME_STEMS, Case, cell_value
from tests.fuzz.seeds import Seed


@st.composite
def edit_grid(draw: st.DrawFn, grid: list[list[str]], ops: list[str]) -> list[list[str]]:
    """One to four edits to a parsed delimited file (header first)."""
    grid = [list(r) for r in grid] or [[""]]
    for _ in range(draw(st.integers(1, 4))):
        header, rows = grid[0], grid[1:]
        kind = draw(
            st.sampled_from(
                ("cell", "cell", "cell", "cell", "drop_column", "drop_header_name", "dup_header",
                 "extra_column", "drop_header_line", "repeat_row", "header_as_row", "delete_row",
                 "header_only", "case_header")
            )
        )  # fmt: skip
        width = max(len(header), 1)
        if kind == "cell" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, width - 1))
            name = header[c] if c < len(header) else ""
            value = draw(cell_value(name))
            row = rows[r]
            row.extend([""] * (c + 1 - len(row)))
            row[c] = value
            ops.append(f"cell[{r + 2},{name}]={value[:40]!r}")
        elif kind == "drop_column" and header:
            c = draw(st.integers(0, len(header) - 1))
            ops.append(f"drop_column {header[c]!r}")
            grid = [[v for i, v in enumerate(row) if i != c] for row in grid]
        elif kind == "drop_header_name" and header:
            c = draw(st.integers(0, len(header) - 1))
            ops.append(f"drop_header_name {header[c]!r}")
            del grid[0][c]
        elif kind == "dup_header" and len(header) > 1:
            a, b = draw(st.lists(st.integers(0, len(header) - 1), min_size=2, max_size=2))
            ops.append(f"dup_header {header[a]!r}->{header[b]!r}")
            grid[0][a] = header[b]
        elif kind == "extra_column":
            name = draw(st.sampled_from(("extra", "source_id", "Value", *header[:3], "")))
            ops.append(f"extra_column {name!r}")
            grid[0].append(name)
            for row in grid[1:]:
                row.append(draw(cell_value(name)))
        elif kind == "drop_header_line":
            ops.append("drop_header_line")
            grid = grid[1:] or [[""]]
        elif kind == "repeat_row" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            ops.append(f"repeat_row {r + 2}")
            grid.insert(draw(st.integers(1, len(grid))), list(rows[r]))
        elif kind == "header_as_row":
            ops.append("header_as_row")
            grid.insert(draw(st.integers(1, len(grid))), list(header))
        elif kind == "delete_row" and rows:
            r = draw(st.integers(0, len(rows) - 1))
            ops.append(f"delete_row {r + 2}")
            del grid[r + 1]
        elif kind == "header_only":
            ops.append("header_only")
            grid = grid[:1]
        elif kind == "case_header" and header:
            ops.append("case_header")
            grid[0] = [h.upper() if draw(st.booleans()) else h.lower() for h in header]
    return grid


@st.composite
def write_grid(draw: st.DrawFn, grid: list[list[str]], delimiter: str) -> bytes:
    buf = io.StringIO()
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)))
    terminator = draw(st.sampled_from(("\n", "\r\n")))
    writer = csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerows(grid)
    return buf.getvalue().encode("utf-8")


# -- byte edits ----------------------------------------------------------------------------


def _at(draw: st.DrawFn, payload: bytes) -> int:
    return draw(st.integers(0, len(payload)))


def _line_starts(payload: bytes) -> list[int]:
    return [0] + [m.end() for m in re.finditer(rb"\n", payload)]


@st.composite
def edit_bytes(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to three byte-level edits."""
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ("truncate", "flip", "insert", "delete", "invalid_utf8", "encoding", "bom",
                 "cr_only", "nul", "huge_line", "huge_cell")
            )
        )  # fmt: skip
        if kind == "truncate":
            i = _at(draw, payload)
            ops.append(f"truncate@{i}")
            payload = payload[:i]
        elif kind == "flip" and payload:
            out = bytearray(payload)
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(out) - 1))
                out[i] ^= draw(st.integers(1, 255))
            ops.append("flip")
            payload = bytes(out)
        elif kind == "insert":
            i, blob = _at(draw, payload), draw(st.binary(min_size=1, max_size=16))
            ops.append(f"insert@{i} {blob!r}")
            payload = payload[:i] + blob + payload[i:]
        elif kind == "delete" and payload:
            i = draw(st.integers(0, len(payload) - 1))
            n = draw(st.integers(1, 64))
            ops.append(f"delete@{i}+{n}")
            payload = payload[:i] + payload[i + n :]
        elif kind == "invalid_utf8":
            i, blob = _at(draw, payload), draw(st.sampled_from(INVALID_UTF8))
            ops.append(f"invalid_utf8@{i} {blob!r}")
            payload = payload[:i] + blob + payload[i:]
        elif kind == "encoding":
            payload = draw(reencode(payload, ops))
        elif kind == "bom":
            ops.append("bom")
            payload = b"\xef\xbb\xbf" + payload
        elif kind == "cr_only":
            ops.append("cr_only")
            payload = payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        elif kind == "nul":
            i = _at(draw, payload)
            ops.append(f"nul@{i}")
            payload = payload[:i] + b"\x00" * draw(st.integers(1, 4)) + payload[i:]
        elif kind == "huge_line":
            i = draw(st.sampled_from(_line_starts(payload)))
            line = draw(st.sampled_from((b"A", b",", b"\t", b"1", b'"')))
            ops.append(f"huge_line@{i} {line!r}")
            payload = payload[:i] + line * HUGE + b"\n" + payload[i:]
        elif kind == "huge_cell":
            # A 5 MB value inside the last row's first field, so the row still parses.
            i = payload.rfind(b"\n", 0, max(len(payload.rstrip()), 0)) + 1
            ops.append(f"huge_cell@{i}")
            payload = payload[:i] + b"9" * HUGE + payload[i:]
    return payload


@st.composite
def reencode(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    text = payload.decode("utf-8", errors="replace")
    if draw(st.booleans()):
        # Give the encodings something to disagree on.
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(("é", "Côte", "ü€", "Ж", "✓"))) + text[i:]
    enc = draw(st.sampled_from(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
                                "cp1251", "mixed")))  # fmt: skip
    ops.append(f"encoding {enc}")
    if enc == "mixed":
        i = draw(st.integers(0, len(text)))
        return text[:i].encode("utf-8") + text[i:].encode("latin-1", errors="replace")
    return text.encode(enc, errors="replace")


# -- whole-file replacements ---------------------------------------------------------------


@st.composite
def replacement(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """Another kind of file altogether, under this format's name."""
    kind = draw(
        st.sampled_from(
            ("empty", "xlsx", "random", "png", "zip_text", "zip_seed", "pdf", "par1_junk",
             "other_parquet", "long_parquet", "gzip_random", "gzip_xlsx", "xlsx_truncated")
        )
    )  # fmt: skip
    ops.append(f"replace {kind}")
    if kind == "empty":
        return draw(
            st.sampled_from(
                (b"", b"\n", b"   \n\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\x00" * 10,
                 b"\t\t\n", b",,,\n,,,\n", b"\r")
            )
        )  # fmt: skip
    if kind == "xlsx":
        return seeds.dots_workbook()
    if kind == "random":
        return draw(st.binary(min_size=1, max_size=2048))
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n" + draw(st.binary(max_size=256))
    if kind == "zip_text":
        return seeds.zip_members({"readme.txt": b"not a workbook"})
    if kind == "zip_seed":
        return seeds.zip_members({"data.csv": payload})
    if kind == "pdf":
        return b"%PDF-1.7\n" + draw(st.binary(max_size=256))
    if kind == "par1_junk":
        return b"PAR1" + draw(st.binary(max_size=256)) + b"PAR1"
    if kind == "other_parquet":
        return seeds.parquet_bytes(pa.table({"a": [1, 2], "b": ["x", "y"]}))
    if kind == "long_parquet":
        return seeds.long_parquet()
    if kind == "gzip_random":
        return gzip.compress(draw(st.binary(max_size=512)))
    if kind == "gzip_xlsx":
        return gzip.compress(seeds.dots_workbook())
    wb = seeds.dots_workbook()
    return wb[: draw(st.integers(0, len(wb) - 1))]


def gzip_bomb(head: bytes, inflated: int) -> bytes:
    """``head`` then blank lines up to ``inflated`` bytes, as concatenated gzip members.

    One 1 MiB member of newlines is compressed once and repeated (gzip readers inflate
    concatenated members as one stream), so a 512 MB bomb costs milliseconds to build.
    Blank lines keep the content a valid file of its format right up to the cap, so only
    the cap can refuse it.
    """
    chunk = 1 << 20
    left = max(inflated - len(head), 0)
    whole, rest = divmod(left, chunk)
    parts = [gzip.compress(head, mtime=0)]
    parts += [gzip.compress(b"\n" * chunk, mtime=0)] * whole
    if rest:
        parts.append(gzip.compress(b"\n" * rest, mtime=0))
    return b"".join(parts)


# -- per-format case strategies ------------------------------------------------------------


@st.composite
def file_name(draw: st.DrawFn, seed_name: str) -> str:
    """Mostly ``fuzz_<seed>``; sometimes an awkward stem with the seed's suffixes."""
    suffix = seed_name[seed_name.index(".") :] if "." in seed_name else ""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(NAME_STEMS)) + suffix
    return "fuzz_" + seed_name


@st.composite
def text_case(draw: st.DrawFn, fmt: str, label: str | None = None) -> Case:
    """A mutated delimited file of ``fmt`` (gzipped when its seed was), tallied as ``label``."""
    layer = draw(
        st.sampled_from(("benign", "grid", "grid", "grid+bytes", "bytes", "replace", "bomb"))
    )
    pool = seeds.text_seeds(fmt)
    seed: Seed = draw(st.sampled_from([s for s in pool if s.good] if layer == "benign" else pool))
    ops: list[str] = [f"seed {seed.name}"]
    payload = seed.payload
    cap = None
    if layer == "benign":
        payload = draw(benign(seed, ops))
    if layer.startswith("grid"):
        grid = draw(edit_grid(seeds.grid_of(seed), ops))
        payload = draw(write_grid(grid, seed.delimiter))
    if layer.endswith("bytes"):
        payload = draw(edit_bytes(payload, ops))
    gzipped = seed.gzipped or draw(st.integers(0, 9)) == 0
    if layer == "replace":
        payload = draw(replacement(payload, ops))
        gzipped = False
    elif layer == "bomb":
        # The real cap is 512 MB; a small patched cap exercises the same branch cheaply.
        cap = draw(st.sampled_from((4096, 65_536)))
        over = draw(st.booleans())
        payload = gzip_bomb(payload, cap + 1 if over else max(cap - 1, len(payload)))
        ops.append(f"bomb cap={cap} {'over' if over else 'under'}")
        gzipped = False
    elif gzipped:
        payload = gzip.compress(payload, mtime=0)
        ops.append("gzip")
        if draw(st.integers(0, 3)) == 0:
            payload = draw(edit_bytes(payload, ops))
            layer += "+bytes"
    name = draw(file_name(seed.name))
    if gzipped and not name.endswith(".gz"):
        name += ".gz"
    return Case(label or fmt, name, payload, ops, cap, valid=layer == "benign")


@st.composite
def benign(draw: st.DrawFn, seed: Seed, ops: list[str]) -> bytes:
    """Edits a valid file survives: a row fewer, quoting, CRLF, a BOM, a blank line."""
    grid = seeds.grid_of(seed)
    if len(grid) > 2 and draw(st.booleans()):
        r = draw(st.integers(1, len(grid) - 1))
        ops.append(f"delete_row {r + 1}")
        del grid[r]
    payload = draw(write_grid(grid, seed.delimiter))
    if draw(st.booleans()):
        i = draw(st.sampled_from(_line_starts(payload)[1:] or [len(payload)]))
        ops.append(f"blank_line@{i}")
        payload = payload[:i] + b"\n" + payload[i:]
    if draw(st.booleans()):
        ops.append("bom")
        payload = b"\xef\xbb\xbf" + payload
    return payload
