"""What every importer returns, and helpers they share.

The contract every importer keeps (the formats in ``data.importers`` all do):

* ``load(path) -> Parsed``: ``read`` does the I/O, ``tidy`` is pure (bytes in, ``Parsed``
  out), so a format is tested on bytes.
* ``Parsed.observations`` is **one Arrow table** with the columns of
  ``schema.ARROW_SCHEMA`` in its order, text dictionary-encoded (a format may use narrower
  dictionary indices: the store casts once). Importers that think in frames end with
  :func:`finish`, which fills the optional columns and converts once; nothing downstream
  branches on the type.
* **Validation runs once, in the store's** ``merge`` (``data.store.merge``): the schema's
  row checks and the one duplicate check, within the import and against what is stored.
  An importer checks only what it alone can say well: its own layout (a missing column, a
  cell that is not a number, an unknown country name, an unknown unit) with the file, row
  and column of the file.
* ``row_of[i]`` is the row of ``file`` a person would look at for observation ``i``, and
  ``columns`` maps a data-model column to the file's own column (``reporter`` →
  ``reporter_iso3``), so an error found at merge still names the file's row and column.
* **Rows left out are counted in** ``warnings``, one line per reason, naming the values
  (``3 row(s) with an unknown trade flow ('Transit') skipped``). A file from which no
  observation is taken is refused at import with those reasons, or with "the file has no
  data rows" for a header-only file (``data.importers.import_paths``): never "imported"
  with a warning.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import periods
from data import schema
from data.countries import UnknownCountry, country_for_code, resolve
from data.provenance import Source

# Unit scale to the data model's base units.
UNIT_SCALE = {
    "USD": ("USD", 1.0),
    "USD_thousand": ("USD", 1e3),
    "USD_million": ("USD", 1e6),
    "USD_billion": ("USD", 1e9),
    "t": ("t", 1.0),
    "kg": ("t", 1e-3),
    "tonnes": ("t", 1.0),
    "tonnes_thousand": ("t", 1e3),
    "tonnes_million": ("t", 1e6),
    "percent": ("percent", 1.0),
    "ratio": ("ratio", 1.0),
}


#: A ``Parsed.columns`` value for formats whose errors name a cell: the column letter is
#: read from the observation's ``ref`` (``Exports, FOB!C12`` → ``C``).
CELL = "<cell>"
_CELL_REF = re.compile(r"!([A-Z]{1,3})[0-9]+$")


@dataclass
class Parsed:
    """An importer's result before it touches a store (see the module docstring).

    ``observations`` is an Arrow table in ``schema.ARROW_SCHEMA``; ``row_of[i]`` is the
    line or row in ``file`` that observation ``i`` came from, and ``columns`` names the
    file's column for a data-model column (absent: the same name), so validation errors
    found later still point at the right place.
    """

    file: str
    format: str
    observations: pa.Table
    sources: list[Source]
    row_of: list[int] | np.ndarray
    warnings: list[str] = field(default_factory=list)
    columns: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The observations as pandas (converted once, text as categoricals)."""
        return schema.from_arrow(self.observations)

    def where(self, i: int, column: str | None) -> tuple[int, str | None]:
        """The file's row and column for observation ``i`` and data-model ``column``."""
        row = int(self.row_of[i])
        if column is None:
            return row, None
        named = self.columns.get(column, column)
        if not named:  # the format has no name for it (an SDMX-JSON observation's value)
            return row, None
        if named == CELL:
            m = _CELL_REF.search(str(schema.value_at(self.observations, "ref", i)))
            return row, m.group(1) if m else None
        return row, named

    @functools.cached_property
    def coverage(self) -> tuple[frozenset[tuple[str, str]], tuple[int, ...]]:
        """The (reporter, partner) pairs observed, and the years of ``period_start``, sorted.

        Computed on the table as it is, grouped by its dictionary columns, never converted
        to pandas or to one string per row (on a world import of 2.6 million rows that
        detour cost twice the import itself).
        """
        obs = self.observations
        keys = obs.select(["reporter", "partner"]).group_by(["reporter", "partner"])
        found = keys.aggregate([])
        pairs = zip(found["reporter"].to_pylist(), found["partner"].to_pylist(), strict=True)
        starts = pc.unique(obs["period_start"]).to_pylist()
        years = sorted({periods.year_of(str(s)) for s in starts})
        return frozenset((str(r), str(q)) for r, q in pairs), tuple(years)

    def summary(self) -> dict[str, object]:
        pairs, years = self.coverage
        return {
            "file": self.file,
            "format": self.format,
            "observations": len(self.observations),
            "pairs": len(pairs),
            "years": f"{years[0]}–{years[-1]}" if years else "",
            "sources": len(self.sources),
            "warnings": len(self.warnings),
        }


def codes_for(names: pd.Series, *, file: str, column: str, row_of: np.ndarray) -> pd.DataFrame:
    """Resolve country names (or codes) to codes; an unknown one is an error with its row."""
    out_code = np.empty(len(names), dtype=object)
    out_agg = np.zeros(len(names), dtype=bool)
    cache: dict[str, tuple[str, bool]] = {}
    unknown: dict[str, str] = {}  # name -> why, each unknown name resolved once
    bad = np.zeros(len(names), dtype=bool)
    text_names = names.astype(str).to_numpy()
    for i, name in enumerate(text_names):
        hit = cache.get(name)
        if hit is None:
            if name not in unknown:
                try:
                    c = resolve(name)
                except UnknownCountry as exc:
                    unknown[name] = str(exc)
                else:
                    cache[name] = (c.code, c.aggregate)
            if name in unknown:
                bad[i] = True
                continue
            hit = cache[name]
        out_code[i], out_agg[i] = hit
    refuse_unknown(bad, text_names, unknown, file=file, column=column, row_of=row_of)
    return pd.DataFrame({"code": out_code, "aggregate": out_agg})


def refuse_unknown(
    bad: np.ndarray,
    names: np.ndarray,
    why: Mapping[str, str] | Sequence[tuple[str, str]],
    *,
    file: str,
    column: str | Sequence[str],
    row_of: np.ndarray,
) -> None:
    """Raise for every row of ``bad`` (an unknown country name or code), the first one's
    message leading and every one (up to ``schema.MAX_PROBLEMS``) listed with its row.
    ``why`` is the reason by name, or (per row) the reason and column in a sequence."""
    if not bad.any():
        return
    hits = np.flatnonzero(bad)
    problems = []
    for i in hits[: schema.MAX_PROBLEMS]:
        if isinstance(why, Mapping):
            reason, col = why[str(names[i])], str(column)
        else:
            reason, col = why[i]
        problems.append(schema.Problem(file, int(row_of[i]), col, str(names[i]), reason))
    raise schema.ValidationError.listing(problems, total=len(hits))


def parties(
    codes: pd.Series,
    names: pd.Series | None,
    *,
    file: str,
    code_column: str,
    name_column: str | None,
    row_of: np.ndarray,
    extra: Mapping[str, tuple[str, bool]] | None = None,
) -> pd.DataFrame:
    """Country code and aggregate flag from a code column, falling back to a name column.

    A code that is ISO alpha-3 (or documented in ``data.countries``, or in ``extra``, the
    format's own codes) wins; otherwise the name resolves through ``data.countries``. An
    unresolvable pair is an error naming the name column (or the code column when the
    file has no names).
    """
    extra = extra or {}
    code_text = codes.astype(str).str.strip().reset_index(drop=True)
    name_text = (
        names.astype(str).str.strip().reset_index(drop=True)
        if names is not None
        else pd.Series([""] * len(codes), dtype=str)
    )
    # Resolve each distinct (code, name) pair once: a bulk file repeats a few hundred.
    which, uniques = pd.factorize(code_text + "\x1f" + name_text)
    _, first = np.unique(which, return_index=True)
    hits: list[tuple[str, bool]] = []
    failed: dict[int, schema.ValidationError] = {}  # distinct pair -> why it is unknown
    for k, (u, i) in enumerate(zip(uniques, first, strict=True)):
        try:
            hits.append(
                _party(_pair(str(u)), extra, file, code_column, name_column, int(row_of[i]))
            )
        except schema.ValidationError as exc:
            failed[k] = exc
            hits.append(("", False))
    if failed:
        # Every row of an unknown pair is listed, not only the first one met.
        bad = np.isin(which, list(failed))
        shown = np.where(name_text.to_numpy() != "", name_text.to_numpy(), code_text.to_numpy())
        why = [
            (failed[k].reason, str(failed[k].column)) if k in failed else ("", "") for k in which
        ]
        column = name_column or code_column
        refuse_unknown(bad, shown, why, file=file, column=column, row_of=row_of)
    out_code = np.asarray([h[0] for h in hits], dtype=object)[which]
    out_agg = np.asarray([h[1] for h in hits], dtype=bool)[which]
    return pd.DataFrame({"code": out_code, "aggregate": out_agg})


def _pair(joined: str) -> tuple[str, str]:
    code, _, name = joined.partition("\x1f")
    return code, name


def _party(
    pair: tuple[str, str],
    extra: Mapping[str, tuple[str, bool]],
    file: str,
    code_column: str,
    name_column: str | None,
    row: int,
) -> tuple[str, bool]:
    code, name = pair
    if code.upper() in extra:
        return extra[code.upper()]
    by_code = country_for_code(code) if code else None
    if by_code is not None:
        return by_code.code, by_code.aggregate
    if not name:
        raise schema.ValidationError(
            f"{code!r} is not a known country code", file=file, row=row, column=code_column
        )
    try:
        c = resolve(name)
    except UnknownCountry as exc:
        raise schema.ValidationError(
            str(exc), file=file, row=row, column=name_column or code_column
        ) from None
    return c.code, c.aggregate


def const(value: object, n: int) -> pd.Series:
    """A text column holding one value ``n`` times (see :func:`text`)."""
    return text(np.full(n, value, dtype=object))


def text(values: object) -> pd.Series:
    """A text column kept as plain Python objects.

    pandas 3 would otherwise infer its Arrow string type for every column of every sheet,
    which costs three times the construction; the store converts once, at the end.
    """
    return pd.Series(np.asarray(values, dtype=object), dtype=object, copy=False)


def finish(frame: pd.DataFrame) -> pa.Table:
    """The importer's frame as the one table type: defaults filled for optional columns,
    columns in schema order, converted once (``schema.to_arrow``)."""
    defaults: dict[str, Any] = {
        "commodity": "TOTAL",
        "share_of": "",
        "valuation": "unknown",
        "kind": "reported",
        "note": "",
        "ref": "",
        "partner_aggregate": False,
    }
    for col, default in defaults.items():
        if col not in frame.columns:
            frame[col] = default if col == "partner_aggregate" else const(default, len(frame))
    return schema.to_arrow(frame.loc[:, list(schema.COLUMNS)].reset_index(drop=True))


def year_window(year: int) -> tuple[str, str]:
    return f"{year:04d}-01", f"{year:04d}-12"


def file_columns(default: str | None, **named: str | None) -> dict[str, str]:
    """``Parsed.columns`` for a format: each data-model column named in ``named`` maps to
    the file's column given, every other to ``default`` (the file's value column, say),
    so an error found at merge always names a column the file has."""
    out = {c: default for c in schema.COLUMNS if default}
    out.update({k: v for k, v in named.items() if v})
    return out


def skipped(what: str, mask: np.ndarray, values: pd.Series | None = None, shown: int = 3) -> str:
    """A warning line for rows left out: ``3 row(s) with an unknown trade flow ('Transit')
    skipped`` (the first ``shown`` distinct values quoted); ``""`` when none is."""
    n = int(np.count_nonzero(mask))
    if not n:
        return ""
    quoted = ""
    if values is not None:
        distinct = list(dict.fromkeys(str(v) for v in values[mask]))
        more = f", and {len(distinct) - shown} more" if len(distinct) > shown else ""
        quoted = " (" + ", ".join(repr(v) for v in distinct[:shown]) + more + ")"
    return f"{n} row(s) {what}{quoted} skipped"


def file_stem(name: str) -> str:
    """``bulk.tsv.gz`` → ``bulk``: the file name without compression and type suffixes."""
    stem = Path(name).name
    if stem.lower().endswith(".gz"):
        stem = stem[:-3]
    return Path(stem).stem
