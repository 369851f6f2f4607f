"""nginx in front of the app processes: its configuration rendered from the template, and
the binary to run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from deploy.serve.processes import App, ServeError

TEMPLATE = Path(__file__).resolve().parents[1] / "nginx.conf.template"


# nginx marks a process down for this long after one failed connection.
FAIL_TIMEOUT_S = 5


def render_config(
    apps: list[App], *, listen: str, run_dir: Path, upload_limit_mb: int, user: str | None
) -> str:
    """The nginx configuration, from the template in the repository."""
    import jinja2

    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(
        apps=[{"name": a.name, "address": a.address} for a in apps],
        listen=listen,
        run_dir=str(run_dir),
        upload_limit_mb=upload_limit_mb,
        fail_timeout_s=FAIL_TIMEOUT_S,
        user=user,
    )


def find_nginx(explicit: str | None = None) -> str:
    """The nginx binary: ``--nginx``, ``$TRADEDASH_NGINX``, PATH, then Debian's place
    (``/usr/sbin`` is not on an ordinary user's PATH)."""
    for candidate in (explicit, os.environ.get("TRADEDASH_NGINX"), shutil.which("nginx")):
        if candidate:
            return candidate
    if os.access("/usr/sbin/nginx", os.X_OK):
        return "/usr/sbin/nginx"
    raise ServeError(
        "nginx is not installed: `make serve` installs Debian's (apt-get install nginx)"
    )
