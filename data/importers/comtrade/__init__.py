"""UN Comtrade files: Comtrade Plus CSV or tab-separated bulk files, and the legacy layout.

Both layouts are recognised from the header, matched case-insensitively (``cifvalue``,
``cifValue`` and ``CIFValue`` all occur). Text is UTF-8 or, failing that, ISO-8859-1.

Units and policies, each on purpose:

* ``primaryValue`` (legacy ``Trade Value (US$)``) is in USD and is stored as is, a
  ``trade_value`` level. Valuation: FOB for exports and re-exports, CIF for imports and
  re-imports, except when the file says otherwise: the flow's usual column
  (``fobvalue`` / ``cifvalue``) is blank and the other one equals ``primaryValue``.
* Flows ``X``/``M``/``RX``/``RM`` (legacy ``2``/``1``/``3``/``4``) become export, import,
  re_export, re_import; re-exports and re-imports stay apart. Other flow codes (domestic
  exports, processing trade, ...) are subsets of these and are skipped with a warning.
* Only all-modes rows (``motCode`` 0, or no mode column) give ``trade_value``: a
  per-mode row would count the same goods twice. A railway row (``motCode`` 3100, legacy
  ``Railway``) gives a ``rail_freight`` level instead: ``netWgt`` kg / 1000 = tonnes.
  A railway row without a positive net weight gives nothing (Comtrade writes 0 for "not
  available") and is counted in a warning.
* A product row (``cmdCode`` not ``TOTAL``) for all modes with a positive ``netWgt``
  also gives a ``trade_quantity`` level: kg / 1000 = tonnes, fractions kept (``0`` is
  "not available" and gives none; a total's weight mixes goods and is not kept);
  ``isNetWgtEstimated`` true → ``kind=estimated``.
* Rows with a second partner (``partner2Code`` not 0) or a customs procedure other than
  all (``C00``) are breakdowns of other rows: skipped with a warning.
* Reporter and partner come from the ISO column when it holds a known code (padding
  spaces, as in ``'X1 '``, are ignored), else from the name (``...Desc``), else (no name
  either) from Comtrade's numeric code. Comtrade's own areas (``W00`` World, ``S19``
  "Other Asia, nes", ``_X`` "Areas, nes", bunkers, free zones, the regional ``nes`` rows,
  …) and its numeric
  codes that are not M49's (842 for the USA) are listed in ``codes/comtrade_areas.csv``
  with the documented code each is given (``WLD``, ``AGG_*``: aggregates, flagged).
* ``cmdCode`` ``TOTAL`` is all goods; any other code (an HS code) is kept as the
  ``commodity``, never added into the total.
* ``kind`` is ``estimated`` when ``isReported`` is false or ``legacyEstimationFlag``
  (legacy ``Flag``) is not 0, else ``reported``.
* The same figure twice in one file is an error naming the second row.
"""

from __future__ import annotations

from data.importers.comtrade.layout import (
    ALIASES,
    AREA_NAMES,
    AREAS_FILE,
    COLUMNS,
    EXTRA_CODES,
    FLOWS,
    LICENCE,
    NUMERIC_CODES,
    RAIL,
    REQUIRED,
    WANTED,
)
from data.importers.comtrade.records import FORMAT, load, read, sniff, tidy, tidy_records

__all__ = [
    "ALIASES",
    "AREAS_FILE",
    "AREA_NAMES",
    "COLUMNS",
    "EXTRA_CODES",
    "FLOWS",
    "FORMAT",
    "LICENCE",
    "NUMERIC_CODES",
    "RAIL",
    "REQUIRED",
    "WANTED",
    "load",
    "read",
    "sniff",
    "tidy",
    "tidy_records",
]
