"""``tradedash run`` and ``tradedash serve``: the dashboard alone, or N of it behind nginx."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "streamlit_app.py"


def _serve(args: argparse.Namespace) -> int:
    """Check the store location, then hand over to :mod:`deploy.serve`."""
    from dashboard import uploads
    from data.backends import is_uri
    from data.store import user_store
    from deploy import serve

    store = args.store
    user_store(store)  # an unknown scheme is an error before anything starts
    if store and not is_uri(store):
        store = str(Path(store).resolve())
    try:
        return serve.main(
            args.processes,
            args.port,
            host=args.host,
            store=store,
            run_dir=args.run_dir,
            nginx=args.nginx,
            upload_limit_mb=max(1, math.ceil(uploads.upload_limit_mb(os.environ))),
        )
    except serve.ServeError as exc:
        sys.stderr.write(f"tradedash serve: {exc}\n")
        return 1


def _run(port: int | None, store: str | None) -> int:
    """Start Streamlit on the dashboard; Streamlit's env vars and config still apply."""
    from streamlit.web import cli as stcli

    from data.backends import is_uri
    from data.store import user_store

    user_store(store)  # an unknown scheme is an error here, not in every session
    if store:
        os.environ["TRADEDASH_STORE"] = store if is_uri(store) else str(Path(store).resolve())
    # Streamlit reads .streamlit/config.toml from the working directory. Started from
    # elsewhere, run from the project so the shipped, hardened config applies; a config
    # of the user's own in the working directory wins.
    shipped = APP.parents[1] / ".streamlit" / "config.toml"
    if shipped.is_file() and not Path(".streamlit/config.toml").is_file():
        os.chdir(shipped.parents[1])
    argv = ["streamlit", "run", str(APP)]
    if port is not None:
        argv += ["--server.port", str(port)]
    sys.argv = argv
    return int(stcli.main() or 0)
