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
