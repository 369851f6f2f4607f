"""The nginx configuration `tradedash serve` renders: what it holds, and that nginx
accepts it (``nginx -t``, Debian's nginx, no root needed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from deploy import serve

ROOT = Path(__file__).resolve().parents[3]


def _apps(n: int) -> list[serve.App]:
    return [serve.App(f"a{i + 1}", 40001 + i, Path(f"/x/a{i + 1}.log")) for i in range(n)]


def _render(tmp_path: Path, n: int = 3, user: str | None = None) -> str:
    return serve.render_config(
        _apps(n), listen="127.0.0.1:8501", run_dir=tmp_path, upload_limit_mb=50, user=user
    )


def test_every_process_has_a_pinned_upstream_with_the_others_as_backups(tmp_path):
    text = _render(tmp_path)
    for i in (1, 2, 3):
        block = re.search(rf"upstream tradedash_a{i} \{{(.*?)\}}", text, re.S)
        assert block is not None
        servers = re.findall(r"server (127\.0\.0\.1:\d+)(.*);", block[1])
        assert servers[0] == (f"127.0.0.1:{40000 + i}", " max_fails=1 fail_timeout=5s")
        assert sorted(a for a, flags in servers[1:] if flags == " backup") == sorted(
            f"127.0.0.1:{40000 + j}" for j in (1, 2, 3) if j != i
        )
        assert f"a{i} tradedash_a{i};" in text  # the cookie's value picks the upstream
        assert f'"~127\\.0\\.0\\.1:{40000 + i}$" a{i};' in text  # and is set from who answered
    shared = re.search(r"upstream tradedash \{(.*?)\}", text, re.S)
    assert shared is not None and "least_conn;" in shared[1]
    assert len(re.findall(r"max_fails=1 fail_timeout=5s", shared[1])) == 3


def test_the_upload_limit_websocket_and_health_are_there(tmp_path):
    text = _render(tmp_path)
    assert "client_max_body_size 51m;" in text
    stream = re.search(r"location = /_stcore/stream \{(.*?)\n        \}", text, re.S)
    assert stream is not None
    assert "proxy_set_header Upgrade $http_upgrade;" in stream[1]
    assert "proxy_set_header Host $http_host;" in stream[1]
    assert "return 403;" in stream[1]
    assert "location = /_stcore/health {" in text
    assert "$host;" not in text  # $host drops the port, and the app's Origin check fails


def test_every_path_nginx_writes_is_under_the_run_directory(tmp_path):
    text = _render(tmp_path)
    written = re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+)", text, re.M)
    assert len(written) == 8
    assert all(p.startswith(str(tmp_path) + "/") for p in written), written
    assert "user " not in text
    assert re.search(r"^user nobody nogroup;$", _render(tmp_path, user="nobody nogroup"), re.M)


@pytest.mark.parametrize("n", [1, 2, 5])
def test_nginx_accepts_the_rendered_config(tmp_path, n):
    try:
        nginx = serve.find_nginx()
    except serve.ServeError as exc:
        pytest.fail(f"{exc} (`make nginx`)")
    (tmp_path / "logs").mkdir()
    (tmp_path / "temp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(_render(tmp_path, n))
    got = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "logs/error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert got.returncode == 0, got.stderr
    assert "test is successful" in got.stderr


def test_the_deployment_guide_shows_the_template_as_it_is():
    guide = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- nginx.conf.template -->\n```nginx\n(.*?)```", guide, re.S)
    assert shown is not None, "docs/deployment.md lost its copy of the template"
    assert shown[1] == serve.TEMPLATE.read_text(encoding="utf-8")
