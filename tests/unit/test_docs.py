"""The README's tables tested against the code, as datasette's ``tests/test_docs.py`` does.

* The command block of "The command line": every command and option it shows is one the
  CLI's argparse parser has, and every command and option of the parser is shown
  (``--help`` aside; ``--format table|csv|json``, which every command that prints data takes,
  is stated once above the block and checked here command by command).
* The table of "Links that reproduce a view": every (page, parameter) it lists is a URL
  parameter the page declares (a widget bound to the URL, or ``st.query_params`` read by
  name), and every parameter a page declares is listed.

Both sides are read at run time, so a new option or page parameter fails here until the
README says what it does.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from dashboard.cli import FORMATS, build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
APP = ROOT / "dashboard" / "streamlit_app.py"
UI = ROOT / "dashboard" / "ui.py"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
NOT_LISTED = {"--help", "--format"}  # --format: the sentence above the block, checked below


def section(title: str) -> str:
    """The README's text from the heading ``title`` to the next heading of its level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", README, re.M)
    assert match, f"README has no heading {title!r}"
    level = len(match.group(1))
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


# -- commands ---------------------------------------------------------------------------


def documented_commands() -> dict[str, set[str]]:
    """Command → the options the README's command block shows for it."""
    block = re.search(r"```sh\n(.*?)```", section("The command line"), re.S)
    assert block, "no command block under 'The command line'"
    lines = block.group(1).replace("\\\n", " ").splitlines()
    commands: dict[str, set[str]] = {}
    for line in lines:
        text = line.split(" #", 1)[0].split()
        if not text or text[0] != "tradedash" or len(text) == 1:
            continue  # a bare `tradedash` is `run`, shown on its own line
        name = text[1]
        assert not name.startswith(("-", "[")), f"README: a command line without a command: {line}"
        commands.setdefault(name, set()).update(OPTION.findall(" ".join(text[2:])))
    return commands


def parser_commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(subs) == 1
    return dict(subs[0].choices)


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o.startswith("--")}


def test_readme_shows_every_command_and_no_other() -> None:
    documented, code = set(documented_commands()), set(parser_commands())
    assert len(code) >= 10  # the parser was read, not an empty set
    assert {"missing from the README": code - documented, "not in the CLI": documented - code} == {
        "missing from the README": set(),
        "not in the CLI": set(),
    }


def test_readme_shows_every_option_of_every_command_and_no_other() -> None:
    documented = documented_commands()
    gaps = {}
    for name, parser in parser_commands().items():
        code = options(parser) - NOT_LISTED
        shown = documented.get(name, set()) - NOT_LISTED
        if code != shown:
            gaps[name] = {"missing from the README": code - shown, "not in the CLI": shown - code}
    assert gaps == {}


def test_every_command_that_prints_data_takes_the_three_formats() -> None:
    assert "`--format table|csv|json`" in section("The command line")
    serving = {"run", "serve"}  # start a server, print no data
    for name, parser in parser_commands().items():
        fmt = [a for a in parser._actions if "--format" in a.option_strings]
        if name in serving:
            assert fmt == [], name
        else:
            assert fmt and tuple(fmt[0].choices) == FORMATS == ("table", "csv", "json"), name


# -- URL parameters ---------------------------------------------------------------------


def page_paths() -> dict[str, str]:
    """Page file (``app_pages/x.py``) → its URL path, from the router's ``st.Page`` calls."""
    paths = {}
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.Page":
            if not isinstance(node.args[0], ast.Constant):
                continue  # a callable page: the overview's alias, which runs no file
            file = node.args[0].value
            kw = {k.arg: k.value for k in node.keywords}
            default = isinstance(kw.get("default"), ast.Constant) and kw["default"].value is True
            paths[file] = "/" if default else "/" + kw["url_path"].value  # type: ignore[attr-defined]
    return paths


def _name(node: ast.expr) -> str | re.Pattern[str] | None:
    """A parameter name from a constant, or a pattern from an f-string (``f"{name}_pct"``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"\w+" for v in node.values]
        return re.compile("".join(parts))
    return None


def _reads_url(node: ast.AST) -> ast.expr | None:
    """The key of ``st.query_params.get(key)`` or ``st.query_params[key]``, else None."""
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "st.query_params.get":
        return node.args[0] if node.args else None
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "st.query_params":
        return node.slice
    return None


def url_helpers(module: Path = UI) -> dict[str, tuple[int, str]]:
    """Shared page helpers that keep a URL parameter named by one of their arguments
    (``ui.pick_code(where, label, codes, "reporter", …)``): name → (position, keyword)."""
    helpers = {}
    for fn in ast.parse(module.read_text(encoding="utf-8")).body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        params = [a.arg for a in fn.args.args]
        for node in ast.walk(fn):
            key = _reads_url(node)
            if isinstance(key, ast.Name) and key.id in params:
                helpers[fn.name] = (params.index(key.id), key.id)
    return helpers


def declared_params(page_file: Path) -> set[str | re.Pattern[str]]:
    """The URL parameters a page declares: the key of each widget bound to the URL
    (``bind=...``), each name read from or written to ``st.query_params``, and the
    parameter each shared helper of ``dashboard/ui.py`` keeps for it (:func:`url_helpers`)."""
    found: set[str | re.Pattern[str]] = set()
    helpers = url_helpers()
    for node in ast.walk(ast.parse(page_file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            kw = {k.arg: k.value for k in node.keywords}
            func = (
                node.func.attr if isinstance(node.func, ast.Attribute) else ast.unparse(node.func)
            )
            if func in helpers:
                pos, name = helpers[func]
                arg = node.args[pos] if len(node.args) > pos else kw.get(name)
                if arg is not None:
                    found.add(_name(arg))  # type: ignore[arg-type]
            bind = kw.get("bind")
            if bind is not None and not (isinstance(bind, ast.Constant) and bind.value is None):
                key = _name(kw["key"]) if "key" in kw else None
                assert key is not None, f"{page_file.name}:{node.lineno}: a bound widget's key"
                found.add(key)
        key = _reads_url(node)
        if key is not None:
            found.add(_name(key))  # type: ignore[arg-type]
    found.discard(None)  # type: ignore[arg-type]
    return found


def documented_params() -> set[tuple[str, str]]:
    """(page path, parameter) for every row of the README's URL-parameter table."""
    text = section("Links that reproduce a view")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows and rows[0].replace(" ", "") == "|page|parameter|meaning|default|", rows[:1]
    pairs = set()
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        pages = [p.strip() for p in cells[0].split(",")]
        for page in pages:
            for param in re.findall(r"`([a-z_]+)`", cells[1]):
                pairs.add((page, param))
    return pairs


def code_params() -> dict[str, set[str | re.Pattern[str]]]:
    return {path: declared_params(ROOT / "dashboard" / f) for f, path in page_paths().items()}


def test_the_readers_read_what_they_should(tmp_path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'st.text_input("x", key=f"{n}_pct", bind=URL)\nst.text_input("y", key="local")\n'
        'st.query_params.get("p")\nst.query_params["q"]\n',
        encoding="utf-8",
    )
    found = declared_params(probe)
    assert {"p", "q"} <= found and "local" not in found
    assert "pick_code" in url_helpers()  # the pages' shared pair picker keeps its key in the URL
    assert any(isinstance(f, re.Pattern) and f.fullmatch("low_pct") for f in found)
    assert len(page_paths()) >= 6 and page_paths()["app_pages/overview.py"] == "/"


def test_readme_lists_every_url_parameter_of_every_page_and_no_other() -> None:
    documented = documented_params()
    code = code_params()
    assert documented and any(code.values())
    missing = set()
    for page, params in code.items():
        for p in params:
            shown = {q for pg, q in documented if pg == page}
            if isinstance(p, re.Pattern):
                if not any(p.fullmatch(q) for q in shown):
                    missing.add((page, p.pattern))
            elif p not in shown:
                missing.add((page, p))
    unknown = set()
    for page, param in documented:
        params = code.get(page)
        if params is None:
            unknown.add((page, "(no such page)"))
        elif not any(
            p == param or (isinstance(p, re.Pattern) and p.fullmatch(param)) for p in params
        ):
            unknown.add((page, param))
    assert {"missing from the README": missing, "not declared by the page": unknown} == {
        "missing from the README": set(),
        "not declared by the page": set(),
    }


def declared_in_state() -> set[tuple[str, str]]:
    """(page path, parameter) for every parameter ``dashboard/state.py`` declares."""
    from dashboard import state

    return {(page, p.name) for p in state.PARAMS for page in p.pages}


def test_state_declares_every_url_parameter_of_every_page_and_no_other() -> None:
    """``dashboard/state.py`` against the pages' bound keys and URL reads, both ways."""
    from dashboard import state

    declared = declared_in_state()
    code = code_params()
    assert declared and set(state.PAGES) == set(code)
    assert {f: p for p, f in state.PAGES.items()} == page_paths()
    undeclared = {
        (page, p if isinstance(p, str) else p.pattern)
        for page, params in code.items()
        for p in params
        if not any(pg == page and (p == q or (isinstance(p, re.Pattern) and p.fullmatch(q)))
                   for pg, q in declared)
    }  # fmt: skip
    unbound = {
        (page, q)
        for page, q in declared
        if not any(p == q or (isinstance(p, re.Pattern) and p.fullmatch(q)) for p in code[page])
    }
    assert {"not in state.py": undeclared, "no page takes it": unbound} == {
        "not in state.py": set(),
        "no page takes it": set(),
    }


def test_state_declares_what_the_readme_lists_and_no_other() -> None:
    assert declared_in_state() == documented_params()


def test_each_declared_default_has_its_declared_type() -> None:
    from dashboard import state

    typed = [p for p in state.PARAMS if p.default is not None]
    assert len(typed) >= 10
    assert [p.name for p in typed if not isinstance(p.default, p.type)] == []


def test_links_are_built_from_the_declarations() -> None:
    from dashboard import state

    to = state.link("/scenarios", series="rail_freight", target_t=3e6, reporter="KAZ")
    assert to.file == "app_pages/scenarios.py"
    assert to.query == {"series": "rail_freight", "target_t": "3000000", "reporter": "KAZ"}
    assert state.link("/claims", claim="p046").href == "claims?claim=p046"
    assert state.link("/", partner=None).href == "."
    with pytest.raises(ValueError, match="takes no URL parameter 'target_usd'"):
        state.link("/rail", target_usd=1)
    with pytest.raises(ValueError, match="no page"):
        state.link("/nowhere")


# -- JSON fields ------------------------------------------------------------------------

#: The commands whose ``--format json`` the README describes field by field, as run here
#: on the embedded data (an empty user store). ``backtest`` is left to its own tests (minutes).
JSON_RUNS = {
    "series": ["series", "--reporter", "KAZ", "--partner", "TKM"],
    "scenario": ["scenario", "--reporter", "KAZ", "--partner", "TKM", "--target", "1e9",
                 "--by", "2028", "--paths", "500"],
    "claims": ["claims"],
}  # fmt: skip


def json_paragraph(command: str) -> str:
    """The README's paragraph that starts with ```command --format json```."""
    text = section("The command line")
    match = re.search(rf"^`{command} --format json`.*?(?=\n\n)", text, re.M | re.S)
    assert match, f"README describes no `{command} --format json`"
    return match.group(0)


def documented_fields(paragraph: str) -> tuple[set[str], list[set[str]]]:
    """(every name in backticks or in a ``{a, b}`` list, the ``{a, b}`` lists themselves)."""
    braces = [
        {f.strip() for f in group.split(",")} for group in re.findall(r"`\{([^}`]*)\}`", paragraph)
    ]
    names = set(re.findall(r"`([a-z][a-z0-9_]*)`", paragraph)).union(*braces)
    return names, braces


def output_fields(payload: object) -> tuple[set[str], list[set[str]]]:
    """(the keys of the payload and of the objects in its lists, one level down; the key sets
    of those objects). A list payload is read through its first item."""
    top = payload[0] if isinstance(payload, list) else payload
    assert isinstance(top, dict) and top, "an empty answer proves nothing"
    keys, item_sets = set(top), []
    for value in top.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            item_sets.append(set(value[0]))
            keys |= set(value[0])
    return keys, item_sets


@pytest.mark.parametrize("command", sorted(JSON_RUNS))
def test_readme_names_every_json_field_and_every_documented_list_exists(
    command, capsys, tmp_path
) -> None:
    import json

    from dashboard.cli import main

    argv = [*JSON_RUNS[command], "--store", str(tmp_path / "store"), "--format", "json"]
    assert main(argv) == 0
    keys, item_sets = output_fields(json.loads(capsys.readouterr().out))
    names, braces = documented_fields(json_paragraph(command))
    assert sorted(keys - names) == [], f"`{command} --format json` fields the README omits"
    for listed in braces:  # each {a, b, …} the README shows is the shape of a real list
        if not any(listed <= s for s in [*item_sets, keys]):
            raise AssertionError(f"README's {{{', '.join(sorted(listed))}}} is in no output")
