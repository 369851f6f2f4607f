"""Synthetic press-format files of any size, for crash and concurrency tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry

HEADER = [
    "id", "series", "reporter_iso3", "partner_iso3", "flow", "period_start", "period_end",
    "measure", "comparator", "value", "unit", "publisher", "publisher_of_figure", "title",
    "url", "published", "note",
]  # fmt: skip
PARTNERS = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 != "KAZ")


def write_press_file(path: Path, rows: int, tag: str) -> Path:
    """``rows`` distinct monthly figures (KAZ with many partners), all from one outlet."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            partner = PARTNERS[i % len(PARTNERS)]
            month = i // len(PARTNERS)
            year, m = 2000 + month // 12, month % 12 + 1
            period = f"{year:04d}-{m:02d}"
            w.writerow(
                [
                    f"{tag}{i:06d}",
                    "trade_value",
                    "KAZ",
                    partner,
                    "export",
                    period,
                    period,
                    "level",
                    "=",
                    f"{(i % 997) + 1}.5",
                    "USD_million",
                    f"Outlet {tag}",
                    "Statistics office",
                    f"Bulletin {tag}",
                    f"https://example.org/{tag}",
                    "2024-01-01",
                    "",
                ]
            )
    return path
