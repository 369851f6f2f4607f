"""The command line refuses what it cannot answer (issue 18, items 3 and 7): a target it
cannot read, an unknown code, a pair not in the stores; and words people type are read."""

from __future__ import annotations

import json

import pytest

from dashboard import cli


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("typed", ["1e9", "1 bn", "1,000,000,000", "1000M"])
def test_scenario_target_in_words_is_a_billion(capsys, tmp_path, typed):
    code, out, _ = run(
        capsys, "scenario", "--target", typed, "--by", "2028", "--paths", "200",
        "--store", str(tmp_path), "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["target_value"] == 1e9


@pytest.mark.parametrize(("typed", "reason"), [("1,5", "commas group"), ("-1e9", "negative")])
def test_scenario_target_unreadable_exits_2_with_the_reason(capsys, tmp_path, typed, reason):
    code, out, err = run(
        capsys, "scenario", f"--target={typed}", "--by", "2028", "--store", str(tmp_path)
    )
    assert code == 2 and out == ""
    assert reason in err and typed in err


# -- item 7: codes, pairs and flows ------------------------------------------------------
PAIR_COMMANDS = [
    ["series"],
    ["nowcast", "--year", "2024"],
    ["mirror"],
    ["scenario", "--target", "1e9", "--by", "2028", "--paths", "200"],
]


def held_pairs(tmp_path):
    from dashboard import services

    return services.trade_pairs(str(tmp_path))


@pytest.mark.parametrize("command", PAIR_COMMANDS, ids=[c[0] for c in PAIR_COMMANDS])
def test_unknown_code_exits_2_listing_the_codes(capsys, tmp_path, command):
    code, out, err = run(capsys, *command, "--reporter", "XXX", "--store", str(tmp_path))
    assert code == 2 and out == ""
    assert "XXX is not a code of the stores" in err
    listed = err.split("Codes in the stores: ")[1].strip().split(", ")
    from dashboard.views.pairs import codes

    assert listed == codes(held_pairs(tmp_path)) and "KAZ" in listed


@pytest.mark.parametrize("command", PAIR_COMMANDS, ids=[c[0] for c in PAIR_COMMANDS])
def test_pair_not_in_the_stores_exits_2_naming_the_partners_held(capsys, tmp_path, command):
    from dashboard.views.pairs import codes, partners_of

    pairs = held_pairs(tmp_path)
    # Two codes the stores know that never trade with each other there (UZB–RUS in the issue).
    reporter = next(c for c in codes(pairs) if 0 < len(partners_of(pairs, c)) < 5)
    partner = next(c for c in codes(pairs) if c not in (reporter, *partners_of(pairs, reporter)))
    args = ["--reporter", reporter, "--partner", partner, "--store", str(tmp_path)]
    code, out, err = run(capsys, *command, *args)
    assert code == 2 and out == ""
    assert f"{reporter}–{partner} is not in the stores" in err
    assert err.strip().endswith(
        f"{reporter} trades with: " + ", ".join(partners_of(pairs, reporter))
    )


@pytest.mark.parametrize("command", PAIR_COMMANDS[:3], ids=[c[0] for c in PAIR_COMMANDS[:3]])
def test_lowercase_codes_read_as_the_codes(capsys, tmp_path, command):
    store = ["--store", str(tmp_path), "--format", "json"]
    upper = run(capsys, *command, "--reporter", "KAZ", "--partner", "TKM", *store)
    lower = run(capsys, *command, "--reporter", "kaz", "--partner", "tkm", *store)
    assert upper[0] == lower[0] == 0
    assert lower[1] == upper[1] and json.loads(lower[1])


FLOW_WORDS = [("exports", "export"), ("imports", "import"), ("turnover", "total"),
              ("Exports", "export")]  # fmt: skip


@pytest.mark.parametrize(("word", "flow"), FLOW_WORDS)
def test_the_pages_flow_words_are_read(capsys, tmp_path, word, flow):
    store = ["--store", str(tmp_path), "--format", "json"]
    code, out, _ = run(capsys, "series", "--flow", word, *store)
    _, expected, _ = run(capsys, "series", "--flow", flow, *store)
    assert code == 0 and json.loads(out)["flow"] == flow
    assert out == expected and json.loads(out)["points"]


def test_a_flow_the_series_cannot_give_is_refused_with_the_choices(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        cli.main(["series", "--flow", "balance", "--store", str(tmp_path)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "'balance' is not a flow" in err and "exports" in err and "total" in err


# -- item 7: the table format ------------------------------------------------------------
def test_scenario_table_leads_with_the_headline_answers(capsys, tmp_path):
    from analysis.wording import probability, rate

    args = ["scenario", "--target", "1 bn", "--by", "2028", "--paths", "300", "--store",
            str(tmp_path)]  # fmt: skip
    _, doc, _ = run(capsys, *args, "--format", "json")
    code, out, _ = run(capsys, *args, "--format", "table")
    doc = json.loads(doc)
    assert code == 0
    head, fan = out.split("\n\n", 1)
    assert fan.split()[0] == "year"  # the fan follows the answers
    lines = dict(line.split(":", 1) for line in head.splitlines() if ":" in line)
    assert rate(doc["required_cagr"]) in lines["Required growth"]
    assert rate(doc["historical_cagr"]) in lines["Historical pace"]
    assert str(doc["year_reached_at_historical"] or "never") in lines["Year reached"]
    assert probability(doc["p_reach_by_target_year"]) in lines["P(reach by 2028)"]
    assert doc["method"] in lines["Method"]
    assert doc["history_window"].replace(":", "–") in lines["Window"]
    assert "e+" not in out


def test_claims_table_has_a_unit_column_and_fits_the_terminal(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    _, doc, _ = run(capsys, "claims", "--store", str(tmp_path), "--format", "json")
    code, out, _ = run(capsys, "claims", "--store", str(tmp_path), "--format", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "verdict", "data_value", "difference", "unit"]
    assert max(len(line) for line in lines) <= 80
    rows = [line.split() for line in lines if line and not line.startswith("    ")]
    assert [r[0] for r in rows[1:]] == [c["id"] for c in json.loads(doc)]
    assert {r[-1] for r in rows[1:]} <= {"dollars", "tonnes", "percent", "multiple"}
    assert "e+" not in out
