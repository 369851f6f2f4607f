"""Data: import a file into the user store after a validation report; what the stores hold.

The upload is written to a private temporary directory under a generated name (never a
name or path from the user) and its format is detected from its content. Nothing is
written to the store until the user confirms; errors read as the command line's do.
"""

from __future__ import annotations

import datetime
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from analysis.wording import count, label
from dashboard import loaders, services, ui, uploads
from dashboard.safety import md_escape, safe_csv
from dashboard.views import data as view
from data.countries import iso_codes
from data.importers import NEEDS_NAMES, Named, detect, import_paths
from data.store import StoreError, embedded_store, user_store

# The command line's error classes: each becomes one message naming file, row and column.
IMPORT_ERRORS = (ValueError, StoreError, LookupError, OSError)


T = TypeVar("T")


def with_upload(upload: UploadedFile, action: Callable[[Path], T]) -> T:
    """Run ``action(path)`` on the upload's bytes in a private directory, then remove it."""
    with tempfile.TemporaryDirectory(prefix="tradedash-upload-") as tmp:
        path = Path(tmp) / uploads.upload_filename(upload.name)
        path.write_bytes(upload.getbuffer())
        return action(path)


def show_report(report: tuple[dict, Any], after: str) -> None:
    """The validation report before anything is written, the same for a file and a fetch:
    format, observations, pairs, years, the store's size after, warnings, first rows."""
    info, first = report
    st.subheader("Validation report")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Format", info["format"])
    c2.metric("Observations", f"{info['observations']:,}")
    c3.metric("Pairs", info["pairs"])
    c4.metric("Years", info["years"] or "–")
    st.caption(f"User store after {after}: {info['store_observations']:,} observations.")
    if info["warnings"]:
        st.warning(f"{len(info['warnings'])} warning(s):")
        st.dataframe({"warning": info["warnings"]}, hide_index=True, width="stretch")
    st.dataframe(first, hide_index=True, width="stretch")


# -- inputs -----------------------------------------------------------------------------
limit_mb = uploads.upload_limit_mb(os.environ)
max_rows = uploads.upload_max_rows(os.environ)
st.session_state.setdefault("upload_round", 0)
st.title("Data")
st.caption(
    "Import IMF DOTS workbooks, UN Comtrade CSV and API JSON, IMF SDMX (IMTS, DOTS), WITS, "
    "stat.uz tables, press-figure or long CSV/Parquet files into your user store. The "
    "format is read from the content."
)
upload = st.file_uploader(
    f"File to import (up to {limit_mb:g} MB)",
    key=f"upload_{st.session_state['upload_round']}",
    max_upload_size=max(1, math.ceil(limit_mb)),
)
error = None
problems: tuple[Any, int] | None = None  # every problem of a rejected file, and their count
if upload is not None:
    error = uploads.upload_too_big(upload.size, limit_mb) or uploads.upload_too_many_rows(
        upload.getbuffer(), max_rows
    )
# A wide table (stat.uz) states neither reporter nor direction: the person names them.
named = Named()
wide = False
if upload is not None and error is None:
    try:
        wide = with_upload(upload, detect) in NEEDS_NAMES
    except IMPORT_ERRORS:
        wide = False  # the dry run below reports the error as it reports any other
if wide:
    st.info(uploads.WIDE_TABLE_HINT)
    c1, c2 = st.columns(2)
    # The pickers' own control ("China (CHN)", a name or a code finds it), empty until chosen.
    reporter = ui.code_box(c1, "Reporter of this table", iso_codes(), "wide_reporter",
                           placeholder="Choose the country whose table this is")  # fmt: skip
    flow = c2.radio("Direction", ("import", "export"), index=None, key="wide_flow")
    named = Named(reporter, flow)

# -- compute ----------------------------------------------------------------------------
generation = loaders.store_generation()
report = None
waiting = wide and not (named.reporter and named.flow)
if upload is not None and error is None and not waiting:
    cached = st.session_state.get("report")
    key = (upload.file_id, generation, named)
    if cached and cached[0] == key:
        report, error, problems = cached[1]
    else:
        try:
            snap, parsed = with_upload(
                upload,
                lambda p: import_paths(
                    user_store(loaders.store_dir()),
                    [p],
                    dry_run=True,
                    named=named,
                    beside=embedded_store(),
                ),
            )
            report = view.validation_report(parsed, len(snap))
        except IMPORT_ERRORS as exc:
            error = uploads.error_text(exc, upload.name)
            problems = (view.problems_frame(exc, upload.name), getattr(exc, "total", 1))
        st.session_state["report"] = (key, (report, error, problems))
summary, listing = loaders.store_contents(generation)

# -- render -----------------------------------------------------------------------------
if done := st.session_state.pop("imported", None):
    st.success(md_escape(done))
if error:
    st.error(md_escape(error))
if problems is not None and problems[1] > 1:
    listed, total = problems
    shown = "all listed" if total == len(listed) else f"the first {len(listed):,} listed"
    st.caption(md_escape(f"{total:,} problems in this file ({shown}): fix them in one pass."))
    st.dataframe(listed, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(listed)))
    st.download_button(
        "Download the problems (CSV)",
        safe_csv(listed),
        file_name=f"{Path(upload.name if upload else 'import').stem}-problems.csv",
        mime="text/csv",
        key="problems_csv",
    )
if report:
    show_report(report, "import")
    if upload is not None and st.button("Import into the user store", type="primary"):
        try:
            payload, _rows = with_upload(
                upload,
                lambda p: services.import_files(
                    [p], loaders.store_dir(), reporter=named.reporter, flow=named.flow
                ),
            )
        except IMPORT_ERRORS as exc:
            st.error(md_escape(uploads.error_text(exc, upload.name)))
        else:
            st.session_state["imported"] = (
                f"Imported {payload['observations']:,} observations from {upload.name}; "
                f"the user store now holds {payload['store_observations']:,}."
            )
            st.session_state["upload_round"] += 1
            st.session_state.pop("report", None)
            st.rerun()

# -- update from an API ------------------------------------------------------------------
st.subheader("Update from Comtrade / IMF")
st.caption(
    "Fetches the pair's figures from the public API (Comtrade Plus: the keyless preview, "
    "or the keyed API when COMTRADE_API_KEY is set on the server; the IMF's IMTS), checks "
    "them against the store, and writes nothing until you confirm. Responses are cached: "
    "confirming sends no request again."
)
# Four equal columns: at [3, 3, 2, 4] the source read "UN Comtrad" at 1280 px.
u1, u2, u3, u4 = st.columns(4, vertical_alignment="bottom")
pair = services.HEADLINE_PAIR
# The pickers of every page, over every ISO code: the APIs answer for pairs not yet stored.
fetch_reporter = ui.pick_code(u1, "Reporter", iso_codes(), "reporter", pair["reporter"][0])
fetch_partner = ui.pick_code(u2, "Partner", iso_codes(), "partner", pair["partner"][0])
SOURCE_NAMES = {"comtrade": "UN Comtrade", "imf": "IMF IMTS"}
fetch_source: str = (
    u3.selectbox(
        "Source", ["comtrade", "imf"], key="fetch_source", format_func=lambda s: SOURCE_NAMES[s]
    )
    or "comtrade"
)
this_year = datetime.date.today().year
fetch_years = u4.slider("Years", 1990, this_year, (this_year - 11, this_year - 1), key="years")
request = (fetch_source, fetch_reporter.strip().upper(), fetch_partner.strip().upper(),
           (int(fetch_years[0]), int(fetch_years[1])))  # fmt: skip
st.caption(md_escape(loaders.pair_recency(request[1], request[2], generation=generation)))


def run_fetch(dry_run: bool) -> tuple[dict, object, tuple[dict, Any]]:
    bar = st.progress(0.0, text="Requests")
    parsed: list = []

    def tick(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"Request {done} of {total}: {name}")

    try:
        payload, rows = services.fetch_source(
            request[0], request[1], request[2], years=request[3],
            store_dir=loaders.store_dir(), dry_run=dry_run, progress=tick, parsed_out=parsed,
        )  # fmt: skip
    finally:
        bar.empty()
    return payload, rows, view.validation_report(parsed, payload["store_observations"])


if st.button("Fetch and check", key="fetch_check"):
    try:
        st.session_state["fetched"] = (request, run_fetch(dry_run=True), None)
    except IMPORT_ERRORS as exc:
        st.session_state["fetched"] = (request, None, str(exc))
fetched = st.session_state.get("fetched")
if fetched and fetched[0] == request:
    _, outcome, fetch_error = fetched
    if fetch_error:
        st.error(md_escape(fetch_error))
    else:
        fpayload, chunk_rows, fetch_report = outcome
        st.dataframe(chunk_rows, hide_index=True, width="stretch")
        if fpayload["observations"]:
            show_report(fetch_report, "writing")
            st.info(md_escape(
                f"{fpayload['observations']:,} new or revised observations from "
                f"{fpayload['requests']} request(s); the user store would hold "
                f"{fpayload['store_observations']:,}."
            ))  # fmt: skip
            if st.button("Write to the user store", type="primary", key="fetch_write"):
                try:
                    done_payload, _, _ = run_fetch(dry_run=False)
                except IMPORT_ERRORS as exc:
                    st.error(md_escape(str(exc)))
                else:
                    st.session_state["imported"] = (
                        f"Fetched {done_payload['observations']:,} observations from "
                        f"{request[0]}; the user store now holds "
                        f"{done_payload['store_observations']:,}."
                    )
                    st.session_state.pop("fetched", None)
                    st.rerun()
        else:
            st.success("Up to date: the API has nothing the store does not hold.")

st.markdown("**Latest available**")
st.caption(
    "The newest period each source says it has for the pair (Comtrade and WITS answer for "
    "the reporter, any partner; the IMF for the pair), beside the newest full year the "
    "stores hold: a refresh brings something only where the source is newer. A source "
    "without an availability answer is 'not offered'; fetching does not need it."
)
pair_now = (request[1], request[2])
if st.button("Check latest available", key="latest_check"):
    try:
        _lp, latest_rows = services.latest_available(
            ["comtrade", "imf", "wits"], *pair_now, store_dir=loaders.store_dir()
        )
        st.session_state["latest"] = (pair_now, latest_rows, None)
    except IMPORT_ERRORS as exc:
        st.session_state["latest"] = (pair_now, None, str(exc))
latest = st.session_state.get("latest")
if latest and latest[0] == pair_now:
    if latest[2]:
        st.error(md_escape(latest[2]))
    else:
        shown = latest[1].assign(
            source_latest=latest[1]["source_latest"].where(latest[1]["offered"], "not offered")
        )
        st.dataframe(shown.drop(columns=["offered"]), hide_index=True, width="stretch")

st.subheader("What the stores hold")
for col, row in zip(st.columns(len(summary)), summary.itertuples(index=False), strict=True):
    col.metric(label(row.store).capitalize(), f"{row.observations:,} observations")
    col.caption(
        f"{count(row.pairs, 'pair')} · {count(row.sources, 'source')} · years {row.years or '–'}"
    )
# Stores and series in words; the pairs by code (AGG_EMDE, …) are a technical detail.
summary_words = summary.assign(
    store=[label(s).capitalize() for s in summary["store"]],
    series=[", ".join(label(x) for x in str(v).split(", ") if x) for v in summary["series"]],
)
st.dataframe(summary_words, hide_index=True, width="stretch")
with st.expander("Technical details: each pair the stores hold, by code"):
    st.dataframe(listing, hide_index=True, width="stretch", height=320)

# -- remove an import --------------------------------------------------------------------
st.subheader("Remove an import")
held = {s["source_id"]: s for s in user_store(loaders.store_dir()).manifest().get("sources", [])}
if not held:
    st.caption("The user store holds no imports.")
else:
    st.caption("Takes a source and every figure citing it out of the user store, in one write.")
    gone = st.selectbox(
        "Source to remove",
        sorted(held),
        index=None,
        key="remove_source",
        format_func=lambda s: (
            f"{held[s].get('publisher', '')} · {held[s].get('title', '')} "
            f"({held[s].get('file', '')})"
        ),
        placeholder="Choose a source of the user store",
    )
    if gone is not None:
        try:
            preview, _ = services.remove_payload([gone], loaders.store_dir(), dry_run=True)
        except IMPORT_ERRORS as exc:
            st.error(md_escape(str(exc)))
        else:
            st.warning(md_escape(
                f"Removes {preview['observations']:,} observations of {gone}; the user store "
                f"would hold {preview['store_observations']:,}."
            ))  # fmt: skip
            if st.button("Remove from the user store", type="primary", key="remove_confirm"):
                try:
                    removed, _ = services.remove_payload([gone], loaders.store_dir())
                except IMPORT_ERRORS as exc:
                    st.error(md_escape(str(exc)))
                else:
                    st.session_state["imported"] = (
                        f"Removed {removed['observations']:,} observations of {gone}; the "
                        f"user store now holds {removed['store_observations']:,}."
                    )
                    st.session_state.pop("remove_source", None)
                    st.rerun()
