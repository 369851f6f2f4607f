"""Parsed: what an import covers is the same whether its rows are a frame or a table."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa

from data import schema
from data.importers import dots, press
from data.importers.base import Parsed
from tests.unit.data.dots_fixtures import both, write_workbook


def _twin(p: Parsed) -> Parsed:
    """The same import with its rows in the other form (table ↔ frame)."""
    obs = p.observations
    other = schema.from_arrow(obs) if isinstance(obs, pa.Table) else schema.to_arrow(obs)
    return replace(p, observations=other)


def test_a_tables_coverage_is_its_frames(tmp_path):
    rows = both([["Turkmenistan", 1.5, 2.5, None], ["Russian Federation", 3.0, None, 4.0]])
    p = dots.load(write_workbook(tmp_path / "two.xlsx", rows))
    assert isinstance(p.observations, pa.Table)
    pairs, years = p.coverage
    assert pairs == {("KAZ", "TKM"), ("KAZ", "RUS")}
    assert years == (2018, 2019, 2020)  # Russia's 2020 cell, though Turkmenistan has none
    frame_pairs = set(p.frame[["reporter", "partner"]].itertuples(index=False, name=None))
    assert pairs == frame_pairs
    assert _twin(p).coverage == p.coverage and _twin(p).summary() == p.summary()


def test_a_frames_coverage_is_its_tables(fixtures):
    p = press.load(fixtures / "press" / "valid.csv")
    assert not isinstance(p.observations, pa.Table)
    assert p.coverage[1] == (2023, 2024)
    assert _twin(p).coverage == p.coverage
    assert p.summary()["pairs"] == len(p.coverage[0]) == 1


def test_nothing_covered_by_an_empty_import(fixtures):
    p = press.load(fixtures / "press" / "valid.csv")
    for empty in (schema.empty_frame(), schema.to_arrow(schema.empty_frame())):
        q = replace(p, observations=empty, row_of=[])
        assert q.coverage == (frozenset(), ())
        assert q.summary()["years"] == "" and q.summary()["observations"] == 0
