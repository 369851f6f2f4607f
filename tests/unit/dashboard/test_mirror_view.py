"""The mirror panel draws only gaps that are discrepancies: a mirror year's gap is the
CIF/FOB factor's own (0 % at the default), and drawn it read as records that agree."""

from __future__ import annotations

import pandas as pd

from analysis.history import year_runs
from dashboard.figures.trade import mirror_figure
from dashboard.views.trade import mirror_drawn


def row(direction, year, fob, cif, flags="", defined=True, factor=1.06):
    adjusted = cif / factor
    return {
        "direction": direction, "year": year, "export_fob": fob, "export_kind": "reported",
        "import_cif": cif, "import_kind": "mirror" if "mirror" in flags else "reported",
        "import_fob_adjusted": adjusted, "gap_pct": (adjusted - fob) / fob * 100 if fob else None,
        "gap_defined": defined, "flags": flags,
    }  # fmt: skip


MIRROR = pd.DataFrame(
    [
        row("A→B", 2000, 10e6, 21.2e6),  # importer says twice as much
        row("A→B", 2001, 10e6, 5.3e6),  # half
        row("A→B", 2002, 10e6, 10.6e6, flags="mirror"),
        row("A→B", 2003, 10e6, 10.6e6, flags="mirror"),
        row("A→B", 2004, 10e6, 10.6e6),  # agree
        row("B→A", 2000, 4e6, 4.4e6, flags="estimated"),
        row("B→A", 2002, 4e6, 4.24e6, flags="mirror"),
        row("B→A", 2003, 4e6, 4.24e6, flags="mirror"),
        row("B→A", 2004, 0.0, 4.24e6, defined=False, flags="exporter figure is zero or negative"),
    ]
)


def test_year_runs():
    assert year_runs([2004, 1994, 2005, 2006, 2020, 2019]) == "1994, 2004–2006, 2019–2020"
    assert year_runs([2001]) == "2001"
    assert year_runs([]) == ""


def test_only_both_sides_own_records_are_drawn_and_the_rest_is_named():
    drawn, left_out = mirror_drawn(MIRROR)
    assert sorted(zip(drawn["direction"], drawn["year"], strict=True)) == [
        ("A→B", 2000), ("A→B", 2001), ("A→B", 2004)
    ]  # fmt: skip
    assert left_out[0].startswith("2002–2003 (both directions): one side is built from the")
    assert "2000 (B→A): one side is the publisher's estimate, not its records" in left_out
    assert "2004 (B→A): exporter figure is zero or negative" in left_out
    assert len(left_out) == 3


def test_the_figure_plots_the_importers_over_the_exporters_figure_on_a_log_axis():
    drawn, _ = mirror_drawn(MIRROR)
    fig = mirror_figure(drawn)
    (trace,) = fig.data  # B→A has no year of its own records on both sides
    assert trace.name == "A→B"
    # 2002–2003 are not drawn: the line breaks instead of joining 2001 to 2004
    assert list(trace.x) == [2000, 2001, 2002, 2004]
    assert list(trace.y) == [2.0, 0.5, None, 1.0]
    assert fig.layout.yaxis.type == "log"
    assert "gap +100.0%" in trace.hovertext[0]
    assert fig.layout.shapes[0].y0 == 1  # the line of agreement


def test_the_log_axis_reads_as_multiples():
    fig = mirror_figure(mirror_drawn(MIRROR)[0])
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert ticks[0.5] == "0.5×" and ticks[1] == "1×" and ticks[20] == "20×"
