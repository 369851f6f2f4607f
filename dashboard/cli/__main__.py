"""``python -m dashboard.cli``: the ``tradedash`` command."""

from __future__ import annotations

from dashboard.cli.commands import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
