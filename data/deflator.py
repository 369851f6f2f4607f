"""Price deflators analysts supply (a US CPI or GDP deflator table) for constant-price views.

A deflator file is a CSV with a header and two columns: a year, and an index value (any
base: 2015 = 100, or 1.0). Column names are free (``year,cpi`` or ``date,value``); a
``date`` like ``2023-01-01`` counts as its year. Errors name the file, the line and the
column. The numbers themselves stay the user's: tradedash ships no deflator.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from data.schema import ValidationError


def read_deflator(path: Path) -> pd.Series:
    """The deflator as a ``pd.Series`` of floats by int year."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"cannot read a UTF-8 text file ({exc})", file=path.name) from None
    return parse_deflator(path.name, text)


def parse_deflator(name: str, text: str) -> pd.Series:
    """Pure part of :func:`read_deflator`."""
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValidationError(f"not a readable CSV file ({exc})", file=name) from None
    if raw.shape[1] != 2 or raw.empty:
        raise ValidationError("a deflator file has two columns (year, index) and rows", file=name)
    ycol, vcol = raw.columns
    # A year, or a date whose year it is (2019, 2019-12, 2019-12-31); anything else is refused.
    year_text = raw[ycol].str.strip().str.extract(r"^(\d{4})(?:-\d{2}(?:-\d{2})?)?$", expand=False)
    years = pd.to_numeric(year_text, errors="coerce")
    values = pd.to_numeric(raw[vcol].str.strip(), errors="coerce")
    for col, parsed in ((ycol, years), (vcol, values)):
        bad = parsed.isna().to_numpy() | ~np.isfinite(parsed.to_numpy(dtype=float))
        if bad.any():
            i = int(bad.nonzero()[0][0])
            raise ValidationError(
                f"{raw[col].iloc[i]!r} is not a number", file=name, row=i + 2, column=str(col)
            )
    nonpos = (values <= 0).to_numpy()
    if nonpos.any():
        i = int(nonpos.nonzero()[0][0])
        raise ValidationError("a deflator must be positive", file=name, row=i + 2, column=str(vcol))
    dup = years.duplicated().to_numpy()
    if dup.any():
        i = int(dup.nonzero()[0][0])
        raise ValidationError(
            f"year {int(years.iloc[i])} appears twice", file=name, row=i + 2, column=str(ycol)
        )
    return pd.Series(
        values.to_numpy(dtype=float), index=years.astype(int).to_numpy(), name="deflator"
    )
