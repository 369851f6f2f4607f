"""Option values read and checked: country codes, flows, the pair, year ranges, the
backtest's settings."""

from __future__ import annotations

import argparse

from analysis import focus
from analysis.backtest import BacktestConfig
from dashboard import services


def _code(text: str) -> str:
    """A country code as the stores write it: ``kaz`` is ``KAZ``."""
    return text.strip().upper()


#: ``--flow``: the data model's words, and the pages' (exports, imports, turnover).
FLOW_WORDS = {"export": "export", "import": "import", "total": "total", "exports": "export",
              "imports": "import", "turnover": "total"}  # fmt: skip


def _flow(text: str) -> str:
    word = text.strip().lower()
    if word not in FLOW_WORDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a flow (choose from {', '.join(FLOW_WORDS)})"
        )
    return FLOW_WORDS[word]


def _check_pair(reporter: str, partner: str, store: str | None) -> None:
    """``LookupError`` (exit 2) naming the valid choices when the stores lack the pair."""
    from dashboard.views import pairs as pair_views

    held = services.trade_pairs(store)
    why = pair_views.missing_pair_message(
        held, reporter, partner, "add one with tradedash import or tradedash fetch"
    )
    if why is None:
        return
    known = pair_views.codes(held)
    if reporter not in known or partner not in known:
        raise LookupError(f"{why}. Codes in the stores: {', '.join(known)}")
    raise LookupError(
        f"{why}. {reporter} trades with: {', '.join(pair_views.partners_of(held, reporter))}"
    )


def _add_pair(p: argparse.ArgumentParser) -> None:
    r, q = focus.PAIR
    p.add_argument("--reporter", default=r, type=_code, help=f"ISO alpha-3 code (default {r})")
    p.add_argument("--partner", default=q, type=_code, help=f"ISO alpha-3 code (default {q})")
    p.add_argument(
        "--series", default="trade_value", help="trade_value, rail_freight, … (default trade_value)"
    )
    p.add_argument(
        "--store",
        default=None,
        help="user store directory (default $TRADEDASH_STORE or a per-user dir)",
    )


def _history(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        a, b = (int(x) for x in text.split(":"))
    except ValueError:
        raise SystemExit(f"tradedash: --history takes START:END years, got {text!r}") from None
    return a, b


def _years(text: str, option: str) -> tuple[int, int]:
    try:
        a, b = (int(x) for x in text.split(":"))
    except ValueError:
        raise ValueError(f"{option} takes START:END years, got {text!r}") from None
    return a, b


def _backtest_config(args: argparse.Namespace) -> BacktestConfig:
    try:
        ratios = tuple(float(r) for r in args.ratios.split(",") if r.strip())
    except ValueError:
        raise ValueError(
            f"--ratios takes numbers separated by commas, got {args.ratios!r}"
        ) from None
    return BacktestConfig(
        origins=_years(args.origins, "--origins"),
        horizon=args.horizon,
        min_level=args.min_level,
        ratios=ratios,
        sample=args.sample,
        seed=args.seed,
        methods=tuple(m.strip() for m in args.method.split(",") if m.strip()),
        n_paths=args.paths,
    )


def _fetch_years(text: str | None) -> tuple[int, int]:
    """``--years 2015:2025`` (or one year); the default is the last ten full years."""
    if not text:
        import datetime

        last = datetime.date.today().year - 1
        return last - 9, last
    try:
        parts = [int(x) for x in text.split(":")]
    except ValueError:
        raise SystemExit(f"tradedash: --years takes START:END, got {text!r}") from None
    if len(parts) == 1:
        return parts[0], parts[0]
    if len(parts) != 2:
        raise SystemExit(f"tradedash: --years takes START:END, got {text!r}")
    return parts[0], parts[1]
