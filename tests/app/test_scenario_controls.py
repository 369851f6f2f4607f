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
    # in the page's order, every main control comes before the first result card (the
    # target-year slider is drawn by the results' fragment, in its place among the controls)
    order = list(walk(at.main))
    last_control = max(i for i, n in enumerate(order) if getattr(n, "key", None) in MAIN)
    # The cards are drawn with the chart, by the in-place chart component
    first_card = next(
        i for i, n in enumerate(order) if getattr(n, "type", "") == "component_instance"
    )
    assert last_control < first_card


def walk(block):
    """Every element under ``block``, in the page's order."""
    for child in block.children.values():
        if hasattr(child, "children"):
            yield from walk(child)
        else:
            yield child
