"""Scenarios: the main controls sit above the results, not in the sidebar (on a phone the
sidebar is collapsed, and opened it covered the results on every change)."""

from __future__ import annotations

MAIN = {"reporter", "partner", "series", "target_usd", "target_year"}


def keys(block) -> set[str]:
    if not hasattr(block, "children"):  # a leaf element, not a block
        return set()
    return {w.key for kind in ("selectbox", "text_input", "slider") for w in block.get(kind)}


def test_main_controls_above_the_results_finer_ones_in_the_sidebar(app):
    at = app("scenarios")
    assert not at.exception
    assert keys(at.main) >= MAIN
    assert not MAIN & keys(at.sidebar)
    assert {"as_of", "method"} <= keys(at.sidebar)  # finer settings stay there
    # the block holding the controls comes before the block holding the first result card
    blocks = list(at.main.children.values())
    controls = next(i for i, b in enumerate(blocks) if keys(b) >= MAIN)
    first_card = next(i for i, b in enumerate(blocks) if hasattr(b, "children") and b.get("metric"))
    assert controls < first_card
