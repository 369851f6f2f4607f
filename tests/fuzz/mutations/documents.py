"""Mutations of JSON and SDMX XML documents: leaves replaced, elements dropped or repeated."""

from __future__ import annotations

import gzip
import re

from hypothesis import strategies as st

from tests.fuzz import seeds
from tests.fuzz.mutations.pools import Case, cell_value
from tests.fuzz.mutations.text import edit_bytes, file_name, gzip_bomb, replacement
from tests.fuzz.seeds import Seed

# -- documents: JSON and XML ------------------------------------------------------------


@st.composite
def document_case(draw: st.DrawFn, fmt: str) -> Case:
    """A mutated JSON or XML document of ``fmt``: edits to its values and structure,
    then (maybe) to its bytes; or another file altogether, or a gzip bomb."""
    layer = draw(
        st.sampled_from(("benign", "tree", "tree", "tree+bytes", "bytes", "replace", "bomb"))
    )
    pool = seeds.text_seeds(fmt)
    seed: Seed = draw(st.sampled_from([s for s in pool if s.good] if layer == "benign" else pool))
    ops: list[str] = [f"seed {seed.name}"]
    payload = seed.payload
    cap = None
    is_json = payload.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if layer == "benign":
        payload = draw(benign_json(payload, ops) if is_json else benign_xml(payload, ops))
    if layer.startswith("tree"):
        payload = draw(edit_json(payload, ops) if is_json else edit_xml(payload, ops))
    if layer.endswith("bytes"):
        payload = draw(edit_bytes(payload, ops))
    gzipped = False
    if layer == "replace":
        payload = draw(replacement(payload, ops))
    elif layer == "bomb":
        cap = draw(st.sampled_from((4096, 65_536)))
        over = draw(st.booleans())
        payload = gzip_bomb(payload, cap + 1 if over else max(cap - 1, len(payload)))
        ops.append(f"bomb cap={cap} {'over' if over else 'under'}")
    elif draw(st.integers(0, 9)) == 0:
        payload, gzipped = gzip.compress(payload, mtime=0), True
        ops.append("gzip")
    name = draw(file_name(seed.name)) + (".gz" if gzipped else "")
    return Case(fmt, name, payload, ops, cap, valid=layer == "benign")


def _json_leaves(node: object, path: tuple = ()) -> list[tuple]:
    """Paths to every value inside a parsed JSON document (containers included)."""
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _json_leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _json_leaves(v, (*path, i))
    return out


def _get(node: object, path: tuple) -> object:
    for step in path:
        node = node[step]  # type: ignore[index]
    return node


JSON_ODDITIES = (None, True, False, [], {}, 0, -1, 1e308, 10**30, "", " ", [1, 2], {"a": 1})


@st.composite
def edit_json(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to four edits to the parsed document: a value, a key, a record; re-serialised
    with one value per line, so a row number stays within the file's lines."""
    import json

    try:
        doc = json.loads(payload.decode("utf-8-sig"))
    except ValueError:  # a truncated seed: its bytes are edited instead
        return draw(edit_bytes(payload, ops))
    for _ in range(draw(st.integers(1, 4))):
        paths = _json_leaves(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _get(doc, path[:-1])
        key = path[-1]
        name = str(key if isinstance(key, str) else path[-2] if len(path) > 1 else "")
        kind = draw(st.sampled_from(("value", "value", "value", "oddity", "delete", "repeat",
                                     "empty_list")))  # fmt: skip
        if kind == "value":
            new = draw(cell_value(name.lstrip("@")))
            parent[key] = new  # type: ignore[index]
            ops.append(f"set {path}={new[:40]!r}")
        elif kind == "oddity":
            new = draw(st.sampled_from(JSON_ODDITIES))
            parent[key] = new  # type: ignore[index]
            ops.append(f"set {path}={new!r}")
        elif kind == "delete":
            del parent[key]  # type: ignore[arg-type]
            ops.append(f"delete {path}")
        elif kind == "repeat" and isinstance(parent, list):
            parent.insert(int(key), json.loads(json.dumps(parent[int(key)])))
            ops.append(f"repeat {path}")
        elif kind == "empty_list":
            lists = [p for p in paths if isinstance(_get(doc, p), list)]
            if lists:
                target = draw(st.sampled_from(lists))
                _get(doc, target).clear()  # type: ignore[attr-defined]
                ops.append(f"empty {target}")
    return json.dumps(doc, indent=1, ensure_ascii=draw(st.booleans())).encode()


@st.composite
def benign_json(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """The same document re-indented, with keys reordered, maybe a BOM."""
    import json

    doc = json.loads(payload.decode("utf-8-sig"))
    indent = draw(st.sampled_from((1, 2, 4, "\t")))
    ops.append(f"reindent {indent!r}")
    out = json.dumps(doc, indent=indent, sort_keys=draw(st.booleans())).encode()
    if draw(st.booleans()):
        ops.append("bom")
        out = b"\xef\xbb\xbf" + out
    return out


_ATTR = re.compile(rb'(\b[A-Za-z_][\w:.-]*)="([^"]*)"')
_ELEMENT = re.compile(rb"<(Obs|Series|Group)\b[^>]*/>|<(Series|Group)\b.*?</\2>", re.S)


@st.composite
def edit_xml(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """One to four edits: an attribute's value, an attribute or element removed or
    repeated, a tag renamed."""
    for _ in range(draw(st.integers(1, 4))):
        attrs = list(_ATTR.finditer(payload))
        elements = list(_ELEMENT.finditer(payload))
        kind = draw(st.sampled_from(("attr", "attr", "attr", "drop_attr", "drop_element",
                                     "repeat_element", "rename")))  # fmt: skip
        if kind in ("attr", "drop_attr") and attrs:
            m = draw(st.sampled_from(attrs))
            name = m.group(1).decode()
            if kind == "attr":
                value = draw(cell_value(name)).replace("&", "&amp;").replace("<", "&lt;")
                new = m.group(1) + b'="' + value.replace('"', "&quot;").encode() + b'"'
                ops.append(f"attr {name}={value[:40]!r}")
            else:
                new = b""
                ops.append(f"drop_attr {name}")
            payload = payload[: m.start()] + new + payload[m.end() :]
        elif kind in ("drop_element", "repeat_element") and elements:
            m = draw(st.sampled_from(elements))
            piece = m.group(0)
            ops.append(f"{kind} {piece[:30]!r}")
            new = b"" if kind == "drop_element" else piece + b"\n" + piece
            payload = payload[: m.start()] + new + payload[m.end() :]
        elif kind == "rename":
            old = draw(st.sampled_from((b"<Obs ", b"<Series ", b"<message:DataSet ")))
            ops.append(f"rename {old!r}")
            payload = payload.replace(old, b"<Thing ", 1)
    return payload


@st.composite
def benign_xml(draw: st.DrawFn, payload: bytes, ops: list[str]) -> bytes:
    """The same message with a comment, blank lines between elements, maybe a BOM."""
    if draw(st.booleans()):
        ops.append("comment")
        payload = payload.replace(b"<message:DataSet", b"<!-- fuzz -->\n<message:DataSet", 1)
    if draw(st.booleans()):
        ops.append("blank_lines")
        payload = payload.replace(b"/>\n", b"/>\n\n")
    if draw(st.booleans()):
        ops.append("bom")
        payload = b"\xef\xbb\xbf" + payload
    return payload
