"""``tradedash``: the command line.

``tradedash`` alone, or ``tradedash run [--port N]``, starts the dashboard (Streamlit's
own ``STREAMLIT_*`` environment variables keep working); ``tradedash serve --processes N``
starts N of them behind nginx (:mod:`deploy.serve`). The other commands print data
and take ``--format table|csv|json``. Bad input exits with status 2 and one clear line
naming the file, row and column; nothing is written.
"""

from __future__ import annotations

from dashboard.cli.arguments import FLOW_WORDS
from dashboard.cli.commands import main
from dashboard.cli.output import FORMATS
from dashboard.cli.parser import build_parser
from dashboard.cli.serving import APP

__all__ = [
    "APP",
    "FLOW_WORDS",
    "FORMATS",
    "build_parser",
    "main",
]
