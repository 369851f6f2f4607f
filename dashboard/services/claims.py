"""Claims, their verdicts and the contradictions between sources."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.services.pairs import HEADLINE_PAIR, categories
from data.store import Snapshot, read_all


def claim_verdicts(snap: Snapshot, which: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Verdicts as dicts and each verdict's unit: ``which`` is ``headline`` or ``press``.

    Press figures are every press row of the snapshot, each checked against the others.
    """
    from analysis import claims

    obs, cats = snap.frame, categories(snap)
    if which == "headline":
        todo = list(claims.HEADLINE_CLAIMS)
        verdicts = claims.check_headlines(obs, cats)
    else:
        todo = claims.claims_from_frame(obs)
        verdicts = claims.check_claims(todo, obs, cats)
    units = {c.id: c.unit for c in todo}
    return [v.to_dict() for v in verdicts], units


def figure_verdicts(snap: Snapshot, refs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The claims checker's verdict on each press row of ``refs`` (others have none), as
    :func:`claim_verdicts` gives it for that row, plus ``publishers`` (source id → publisher)
    for the sources it names. Checks only those rows: a page showing a few figures does not
    wait for every press figure to be checked."""
    from analysis import claims

    wanted = set(refs)
    if not wanted:
        return {}
    todo = [c for c in claims.claims_from_frame(snap.frame) if c.ref in wanted]
    out = {}
    for v in claims.check_claims(todo, snap.frame, categories(snap)):
        d = v.to_dict()
        ids = {v.source_id, *v.data_sources}
        d["publishers"] = {
            s: src.publisher for s, src in snap.sources.items() if s in v.note or s in ids
        }
        out[v.ref or v.id] = d
    return out


def contradiction_list(snap: Snapshot) -> list[dict[str, Any]]:
    """Every pair of figures that clash, as dicts (see ``analysis.contradictions``)."""
    from analysis.contradictions import contradictions

    return [c.to_dict() for c in contradictions(snap.frame, categories(snap))]


def claims_payload(
    file: Path | None, store_dir: str | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame]:
    """``tradedash claims``: the headline claims, or every row of a press-figures file."""
    from analysis import claims as claims_mod
    from data.importers import press, refuse_if_empty, validate

    parsed = refuse_if_empty(press.load(file)) if file is not None else None
    if parsed is not None:
        validate([parsed])  # checked as an import would check it; nothing is written
    # Only the economies the claims speak of: a world-sized store stays on disk.
    frame = parsed.frame if parsed is not None else pd.DataFrame(HEADLINE_PAIR)
    codes = sorted(set(frame["reporter"].astype(str)) | set(frame["partner"].astype(str)))
    snap = read_all(store_dir, filters=[("reporter", "in", codes), ("partner", "in", codes)])
    obs = snap.frame
    cats = categories(snap)
    if parsed is None:
        claims = list(claims_mod.HEADLINE_CLAIMS)
        verdicts = claims_mod.check_headlines(obs, cats)
    else:
        cats.update({s.source_id: s.category for s in parsed.sources})
        # The file's own rows join the data, so a claim is checked against the others;
        # its own source is left out claim by claim.
        known = set(obs["source_id"].astype(str))
        extra = parsed.frame[~parsed.frame["source_id"].astype(str).isin(known)]
        data = pd.concat([obs, extra], ignore_index=True) if len(extra) else obs
        claims = claims_mod.claims_from_frame(parsed.frame, press_only=False)
        verdicts = claims_mod.check_claims(claims, data, cats)
    payload = [v.to_dict() for v in verdicts]
    units = {c.id: c.unit for c in claims}
    columns = ("id", "verdict", "data_value", "difference", "note")
    rows = pd.DataFrame([{k: d.get(k) for k in columns} for d in payload], columns=columns)
    rows["unit"] = rows["id"].map(units)  # of data_value and difference
    return payload, rows
