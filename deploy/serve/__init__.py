"""``tradedash serve --processes N [--port P]``: N app processes behind one nginx.

What it runs, in the foreground:

- N app processes, each ``tradedash run`` on a loopback port of its own (chosen free at
  start and kept across restarts), with the shipped Streamlit config and one cookie
  secret shared by all of them: generated per deployment (``secrets.token_hex``) unless
  ``STREAMLIT_SERVER_COOKIE_SECRET`` is set (several hosts behind one proxy need the same
  one), and handed over in the environment only — never written to a file;
- one nginx on ``--host:--port`` (127.0.0.1:8501 by default), configured from
  ``deploy/nginx.conf.template`` (sticky sessions by cookie, websocket upgrade on
  ``/_stcore/stream``, the upload limit, ``/_stcore/health`` passed through, passive
  upstream health). nginx runs unprivileged: its config, pid file, logs and temp files are
  under the run directory; started as root, its worker runs as ``nobody``.

Supervision: an app process that exits is started again on its port at once (after a
third exit within a minute, with a growing pause, up to 30 s); one whose
``/_stcore/health`` stops answering for :data:`HUNG_AFTER_S` seconds is killed and
started again; nginx is restarted if it dies. SIGTERM or SIGINT stops everything that
was started and exits 0. ``<run dir>/serve.json`` says what runs (pids, ports, restarts).
"""

from __future__ import annotations

from deploy.serve.nginx import FAIL_TIMEOUT_S, TEMPLATE, find_nginx, render_config
from deploy.serve.processes import (
    HEALTH_TIMEOUT_S,
    App,
    ServeError,
    _check_reachable,
    free_port,
    healthy,
)
from deploy.serve.supervisor import (
    HUNG_AFTER_S,
    PROBE_EVERY_S,
    STARTUP_TIMEOUT_S,
    STOP_GRACE_S,
    Deployment,
    deployment,
    main,
)

__all__ = [
    "FAIL_TIMEOUT_S",
    "HEALTH_TIMEOUT_S",
    "HUNG_AFTER_S",
    "PROBE_EVERY_S",
    "STARTUP_TIMEOUT_S",
    "STOP_GRACE_S",
    "TEMPLATE",
    "App",
    "Deployment",
    "ServeError",
    "_check_reachable",
    "deployment",
    "find_nginx",
    "free_port",
    "healthy",
    "main",
    "render_config",
]
