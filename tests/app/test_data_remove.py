"""Data page under AppTest: an import taken out of the user store, by source, after a
preview of what goes and on confirmation only."""

from __future__ import annotations

from pathlib import Path

from dashboard import services
from data.store import user_store
from tests.conftest import tree_digest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_remove_previews_then_removes_on_confirmation(app, tmp_path):
    services.import_files(
        [FIXTURES / "press" / "valid.csv", FIXTURES / "long" / "national_stats.csv"]
    )
    store = user_store()
    before = store.read()
    at = app("data")
    select = at.selectbox(key="remove_source")
    assert sorted(select.options) == sorted(select.format_func(s) for s in before.sources)
    label = select.format_func
    victim = sorted(before.sources)[0]
    n = int((before.frame["source_id"].astype(str) == victim).sum())
    digest = tree_digest(tmp_path / "store")
    select.set_value(victim).run()
    assert not at.exception and not at.error
    assert f"Removes {n:,} observations" in at.warning[0].value
    assert tree_digest(tmp_path / "store") == digest  # a preview writes nothing
    at.button(key="remove_confirm").click().run()
    assert not at.exception and not at.error
    after = store.read()
    assert victim not in after.sources and len(after) == len(before) - n
    assert f"Removed {n:,} observations" in at.success[0].value
    assert metrics(at)["User store"] == f"{len(after):,} observations"
    options = at.selectbox(key="remove_source").options
    assert sorted(options) == sorted(label(s) for s in after.sources)
    assert label(victim) not in options


def test_nothing_to_remove_in_an_empty_user_store(app):
    at = app("data")
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "remove_source"]
    assert any("holds no imports" in c.value for c in at.caption)
