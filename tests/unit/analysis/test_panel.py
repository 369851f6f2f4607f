"""The vectorised turnover panel agrees with reconcile, pair by pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.panel import turnover_panel
from analysis.reconcile import reconcile
from data.store import embedded_store


def _row(rep, par, flow, year, value, kind="reported", source=None, comparator="="):
    return {
        "series": "trade_value",
        "reporter": rep,
        "partner": par,
        "flow": flow,
        "commodity": "TOTAL",
        "period_start": f"{year}-01",
        "period_end": f"{year}-12",
        "measure": "level",
        "comparator": comparator,
        "value": float(value),
        "unit": "USD",
        "kind": kind,
        "source_id": source or f"imf-dots:{rep.lower()}",
        "ref": f"{rep}{year}{flow}",
        "partner_aggregate": par == "WLD",
        "note": "",
    }


CATS = {
    "imf-dots:aaa": "international",
    "imf-dots:bbb": "international",
    "imf-dots:ccc": "international",
    "press:x": "press",
}


def _check_against_reconcile(obs, cats, pairs):
    panel = turnover_panel(obs, cats)
    for a, b in pairs:
        expected = reconcile(obs, cats, a, b).values()
        row = panel.values[panel.index_of(a, b)]
        got = {int(y): v for y, v in zip(panel.years, row, strict=True) if not np.isnan(v)}
        assert got == pytest.approx({int(k): float(v) for k, v in expected.items()}), (a, b)


def test_own_records_then_partner_then_mirror():
    rows = [
        # 2000: AAA reports both flows; BBB too (ignored: AAA's own come first).
        _row("AAA", "BBB", "export", 2000, 10),
        _row("AAA", "BBB", "import", 2000, 5),
        _row("BBB", "AAA", "export", 2000, 6),
        _row("BBB", "AAA", "import", 2000, 11),
        # 2001: AAA reports only exports: BBB's pair of flows is the turnover.
        _row("AAA", "BBB", "export", 2001, 12),
        _row("BBB", "AAA", "export", 2001, 7),
        _row("BBB", "AAA", "import", 2001, 13),
        # 2002: AAA's figures are a mirror; BBB's own reported ones rank first.
        _row("AAA", "BBB", "export", 2002, 20, "mirror"),
        _row("AAA", "BBB", "import", 2002, 9, "mirror"),
        _row("BBB", "AAA", "export", 2002, 8),
        _row("BBB", "AAA", "import", 2002, 21),
        # An aggregate partner is no pair.
        _row("AAA", "WLD", "export", 2000, 100),
        _row("AAA", "WLD", "import", 2000, 100),
        # A bound is never a level.
        _row("CCC", "AAA", "total", 2000, 50, source="press:x", comparator=">"),
    ]
    obs = pd.DataFrame(rows)
    panel = turnover_panel(obs, CATS)
    assert list(zip(panel.reporters, panel.partners, strict=True)) == [("AAA", "BBB")]
    row = dict(zip(panel.years.tolist(), panel.values[0].tolist(), strict=True))
    assert row == {2000: 15.0, 2001: 20.0, 2002: 29.0}
    _check_against_reconcile(obs, CATS, [("AAA", "BBB")])


def test_the_same_workbook_read_twice_counts_once():
    rows = [_row("AAA", "BBB", "export", 2000, 10), _row("AAA", "BBB", "import", 2000, 5)]
    panel = turnover_panel(pd.DataFrame(rows + rows), CATS)
    assert panel.values.tolist() == [[15.0]]


def test_the_embedded_store_agrees_with_reconcile_on_a_sample_of_pairs():
    snap = embedded_store().read()
    obs, cats = snap.frame, {k: s.category for k, s in snap.sources.items()}
    panel = turnover_panel(obs, cats)
    assert len(panel) > 100
    rng = np.random.default_rng(0)
    # KAZ–TKM itself has press figures and growth-derived years, which the panel leaves
    # to reconcile: every other pair of the store is IMF DOTS only.
    pairs = zip(panel.reporters, panel.partners, strict=True)
    others = [i for i, pair in enumerate(pairs) if set(pair) != {"KAZ", "TKM"}]
    pick = rng.choice(others, 40, replace=False)
    _check_against_reconcile(obs, cats, [(panel.reporters[i], panel.partners[i]) for i in pick])
