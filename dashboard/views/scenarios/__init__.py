"""The Target scenarios page's view: where the controls start, the scenario table, and
the figure, table and CSV of one evaluated scenario. Base units (USD, tonnes), years.
"""

from __future__ import annotations

from dashboard.views.scenarios.cards import ResultCard, result_cards
from dashboard.views.scenarios.defaults import (
    DEFAULT_TARGET_USD,
    DEFAULT_TARGET_YEAR,
    ROUND_STEPS,
    TIMING,
    ScenarioDefaults,
    defaults_for,
    no_yearly_series,
    rail_defaults,
    round_above,
    scenario_defaults,
    stated_target,
    target_timing,
    why_no_series,
    year_basis,
)
from dashboard.views.scenarios.quality import (
    ROLE_WORDS,
    FanQuality,
    fan_quality,
    fan_quality_view,
    size_words,
)
from dashboard.views.scenarios.tables import (
    HEADERS,
    TABLE_UNITS,
    _at_years,
    display_table,
    evidence_table,
    readable_table,
    scenario_csv,
    scenario_table,
    unit_suffix,
    world_table,
)
from dashboard.views.scenarios.view import (
    POOLED_METHODS,
    ScenarioAsk,
    ScenarioView,
    evaluated_view,
    pace_check,
    prior_for,
    published_dates,
    scenario_view,
)

__all__ = [
    "DEFAULT_TARGET_USD",
    "DEFAULT_TARGET_YEAR",
    "HEADERS",
    "POOLED_METHODS",
    "ROLE_WORDS",
    "ROUND_STEPS",
    "TABLE_UNITS",
    "TIMING",
    "FanQuality",
    "ResultCard",
    "ScenarioAsk",
    "ScenarioDefaults",
    "ScenarioView",
    "_at_years",
    "defaults_for",
    "display_table",
    "evaluated_view",
    "evidence_table",
    "fan_quality",
    "fan_quality_view",
    "no_yearly_series",
    "pace_check",
    "prior_for",
    "published_dates",
    "rail_defaults",
    "readable_table",
    "result_cards",
    "round_above",
    "scenario_csv",
    "scenario_defaults",
    "scenario_table",
    "scenario_view",
    "size_words",
    "stated_target",
    "target_timing",
    "unit_suffix",
    "why_no_series",
    "world_table",
    "year_basis",
]
