"""Shared by the claims and contradictions tests: the real figures, worked out here from the
source figures, and tiny observation frames."""

from __future__ import annotations

import pandas as pd

# IMF DOTS, Kazakhstan's records (DOTS_103), KAZ→TKM exports + imports in USD.
IMF_2018 = 86_649_757 + 12_898_388  # 99,548,145
IMF_2019 = 116_159_409 + 29_761_228  # 145,920,637
IMF_2020 = 76_643_616 + 50_906_437  # 127,550,053
# Kazakhstan's official statistics (BNS), KAZ–TKM exports + imports in USD.
BNS_2022 = 340_352_999.79 + 98_338_691.06  # 438,691,690.85
BNS_2023 = 396_831_171.72 + 166_117_844.05  # 562,949,015.77
BNS = "kz-bns:kz-bns-foreign-trade-by-country-2022-2023"
VERDICTS = {"supported", "contradicted", "ambiguous", "not_checkable"}


def obs(*rows: dict[str, object]) -> pd.DataFrame:
    base = {"series": "trade_value", "reporter": "KAZ", "partner": "TKM", "flow": "total",
            "commodity": "TOTAL", "measure": "level", "comparator": "=", "unit": "USD",
            "kind": "reported", "note": ""}  # fmt: skip
    out = []
    for i, r in enumerate(rows):
        year = str(r.pop("year", ""))
        row = {**base, "period_start": f"{year}-01", "period_end": f"{year}-12",
               "ref": f"r{i}", **r}  # fmt: skip
        out.append(row)
    return pd.DataFrame(out)


CATS = {"stats": "official", "press:a": "press", "press:b": "press"}
