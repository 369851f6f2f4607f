"""Claims and sources: each published figure checked against the other sources' data,
the figures that contradict each other, and every source with its link and licence.

URL: ``verdict`` (all, supported, contradicted, ambiguous, not checkable) filters the
press-figure table; ``claim`` (a press figure's id, as the flags on other pages link it)
shows that figure's verdict in plain words above the tables and opens its card below the
press-figure table; ``severity`` (all,
contradiction, tension) the contradictions;
``reporter`` and ``partner`` (codes) the pair whose sources' recency heads the page.
"""

from __future__ import annotations

import streamlit as st

from analysis import focus
from analysis.wording import label
from dashboard import loaders, services, state, ui
from dashboard.safety import md_escape
from dashboard.views import claims as view
from dashboard.views.verdicts import verdict_words
from data.countries import name_of

VERDICTS = ["all", "supported", "contradicted", "ambiguous", "not checkable"]
SEVERITIES = ["all", "contradiction", "tension"]
VERDICT_COLUMNS = {
    "verdict": st.column_config.TextColumn("verdict", width=100),
    "claim": st.column_config.TextColumn("claim", width=330),
    "data_value": st.column_config.TextColumn("data value", width=85),
    "difference": st.column_config.TextColumn("claim − data", width=95),
    "note": st.column_config.TextColumn("note", width=520),
    "source": st.column_config.TextColumn("source of the claim", width=260),
    "id": st.column_config.TextColumn("id", width=50),
}

# -- inputs -----------------------------------------------------------------------------
st.title("Claims and sources")
generation = loaders.store_generation()
reporter = str(st.query_params.get("reporter", state.REPORTER)).upper()
partner = str(st.query_params.get("partner", state.PARTNER)).upper()
st.caption(md_escape(loaders.pair_recency(reporter, partner, generation=generation)))
left, right = st.columns(2)
verdict = left.selectbox("Press figures: verdict", VERDICTS, key="verdict", bind="query-params")
# In words ("close call" for tension); the URL keeps contradiction or tension.
severity = ui.pick_word(right, "Contradictions: severity", SEVERITIES, "severity")

# -- compute ----------------------------------------------------------------------------
snap = loaders.all_snapshot(generation)
citations = services.citations(snap)
ui.footer(list(snap.sources), snap.sources)  # this page lists every source
headline = view.verdict_table(*loaders.claim_verdicts("headline", generation), citations)
chosen = str(st.query_params.get("claim", ""))

# -- render -----------------------------------------------------------------------------
if chosen:
    with st.spinner("Checking every press figure against the other sources…"):
        found = [v for v in loaders.claim_verdicts("press", generation)[0] if v["id"] == chosen]
    if found:
        names = services.publishers(snap)
        box = st.error if found[0]["verdict"] == "contradicted" else st.warning
        box(md_escape(verdict_words({**found[0], "publishers": names})))
    else:
        st.info(md_escape(f"No press figure {chosen} in the stores."))
# The headline claims are one pair's (the figures of May 2024): named, so that a page
# opened on another pair does not read them as that pair's.
claimed = f"{name_of(focus.REPORTER)}–{name_of(focus.PARTNER)}"
st.subheader(md_escape(f"Headline claims: {claimed}"))
elsewhere = (reporter, partner) not in (
    (focus.REPORTER, focus.PARTNER),
    (focus.PARTNER, focus.REPORTER),
)
st.caption(md_escape(
    (f"These are {claimed}'s, not {name_of(reporter)}–{name_of(partner)}'s. " if elsewhere else "")
    + "Each claim is checked against every other source (its own left out). Difference = "
    "claim − data, in the claim's unit (percentage points for growth)."
))  # fmt: skip
# Cards, the reason in plain words with linked sources; two a row (one on a phone).
cards = view.verdict_cards(*loaders.claim_verdicts("headline", generation), snap.sources)
for pair in (cards[i : i + 2] for i in range(0, len(cards), 2)):
    for col, card in zip(st.columns(2), pair, strict=False):
        col.container(border=True, key=f"card_{card.id}").markdown(view.card_markdown(card))
with st.expander("Technical details: the headline claims with their ids"):
    st.dataframe(headline, hide_index=True, width="stretch", column_config=VERDICT_COLUMNS)

st.subheader("Every press figure")
with st.spinner("Checking every press figure against the other sources…"):
    press_verdicts, press_units = loaders.claim_verdicts("press", generation)
    publishers = services.publishers(snap)
    # Notes name publishers, not source ids; the ids stay in the technical details below.
    press = view.verdict_table(press_verdicts, press_units, citations, publishers)
shown = press if verdict == "all" else press[press["verdict"] == verdict]
counts = press["verdict"].value_counts()
st.caption(
    f"{len(press)} figures: "
    + ", ".join(f"{int(counts.get(v, 0))} {v}" for v in VERDICTS[1:])
    + f". Showing {len(shown)}."
)
# A link's figure (?claim=ID, as the Overview's and Rail's flags link it), where the
# verdict filter shows it, is the table's first row, selected when the table is drawn.
# Each filter's table keeps its own selection: a row number means nothing in another.
shown, linked = view.linked_first(shown, chosen)
picked = st.dataframe(
    shown, hide_index=True, width="stretch", column_config=VERDICT_COLUMNS, on_select="rerun",
    selection_mode="single-row", key=f"press_rows_{verdict}",
    selection_default={"selection": {"rows": [0]}} if linked else None,
)  # fmt: skip
rows = picked.selection.rows if picked is not None else []
# The row opened below the table (its reason in plain words, its sources linked): the one
# selected, else the one the link asked for.
at = str(shown.iloc[rows[0]]["id"]) if rows else chosen
v = next((x for x in press_verdicts if str(x["id"]) == at), None) if at else None
if v is not None:
    if at == chosen:
        where = "the table's first row" if linked else "not among the rows shown"
        st.caption(md_escape(f"Opened from the link: press figure {at} ({where}). "
                             "Select a row for another."))  # fmt: skip
    card = view.verdict_card(v, press_units.get(at, "USD"), snap.sources)
    st.container(border=True, key="press_detail").markdown(view.card_markdown(card))
else:
    st.caption("Select a row to read its verdict in plain words, with its sources linked.")
with st.expander("Technical details: every press figure with its source ids"):
    raw = view.verdict_table(press_verdicts, press_units, citations)
    st.dataframe(raw if verdict == "all" else raw[raw["verdict"] == verdict], hide_index=True,
                 width="stretch", column_config=VERDICT_COLUMNS, key="press_ids")  # fmt: skip

st.subheader("Contradictions between sources")
clashes = view.contradiction_table(loaders.contradiction_list(generation), citations)
if severity != "all":
    clashes = clashes[clashes["severity"] == label(severity)]
st.caption(
    "Pairs of published figures that cannot both be true (contradiction) or only at the "
    f"edges of their rounding ({label('tension')}). Showing {len(clashes)}."
)
st.dataframe(
    clashes,
    hide_index=True,
    width="stretch",
    column_config={"explanation": st.column_config.TextColumn("explanation", width="large")},
)

st.subheader("Sources")
own = set(loaders.pair_snapshot(reporter, partner, generation).frame["source_id"])
sources = view.sources_table(snap.sources.values(), own)
st.caption(
    f"{len(sources)} sources: the {int(sources['this_pair'].sum())} behind {reporter}–{partner}'s "
    "figures first, then by category (official statistics, international, press) and publisher."
)
st.dataframe(
    sources,
    hide_index=True,
    width="stretch",
    column_config={
        "url": st.column_config.LinkColumn("link", display_text="open ↗"),
        "body": st.column_config.TextColumn("body (issued the figure)"),
        "this_pair": st.column_config.CheckboxColumn("this pair", width=60),
    },
)
