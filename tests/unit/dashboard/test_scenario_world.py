"""What the world's next years do to P(reach), as the scenario page and its report say it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.forecast import fit_pooled_prior
from analysis.target import TargetParams, evaluate_target
from analysis.world_stretches import world_words
from dashboard.views.scenarios import world_table
from dashboard.views.scenarios.view import ScenarioView
from tests.unit.analysis.test_forecast import YEARS, walks

HISTORY = pd.Series(400e6 * np.array([1.0, 1.2, 0.9, 1.1, 1.25]), index=range(2006, 2011))


def view_of(method: str) -> ScenarioView:
    prior = fit_pooled_prior(walks(), YEARS, as_of_year=2010, min_level=50e6)
    params = TargetParams(800e6, 2015, n_paths=2000, method=method, prior=prior)  # type: ignore[arg-type]
    res = evaluate_target(HISTORY, params)
    world = world_words(res.by_world, res.target_year, res.base_year)
    table = world_table(res) if res.by_world else None
    empty = pd.DataFrame()
    return ScenarioView(res, {}, empty, pa.table({}), empty, [], {}, (), world, table)


def test_the_report_carries_the_worlds_sentence_after_the_results_notes():
    view = view_of("pooled")
    assert view.world.startswith("P(reach by 2015) turns on the world's next years")
    assert view.report_notes == [*view.result.notes, view.world]
    table = view.world_table
    assert table is not None and len(table) == len(view.result.by_world)
    assert list(table["world's years"]) == [f"{s.start}–{s.end}" for s in view.result.by_world]


def test_without_a_world_part_the_report_has_the_results_notes_alone():
    view = view_of("parametric")
    assert view.world == "" and view.world_table is None
    assert view.report_notes == list(view.result.notes)
