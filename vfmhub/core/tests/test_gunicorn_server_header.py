"""`make serve` runs gunicorn with vfmhub/gunicorn_conf.py: the Server header names no software."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from vfmhub.gunicorn_conf import SERVER_HEADER

ROOT = Path(__file__).resolve().parents[3]
STARTUP_SECONDS = 20
PATH = "/static/core/js-enabled.js"  # served without the database


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _headers_once_up(url: str, server: subprocess.Popen) -> dict[str, str]:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return dict(response.headers.items())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url} within {STARTUP_SECONDS} s")


def test_it_sends_a_server_header_without_the_software_or_its_version(tmp_path):
    port = _free_loopback_port()
    env = {**os.environ, "VFMHUB_VAR_DIR": str(tmp_path), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--config",
        "python:vfmhub.gunicorn_conf",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
    ]
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        headers = _headers_once_up(f"http://127.0.0.1:{port}{PATH}", server)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
    assert headers["Server"] == SERVER_HEADER
    assert "gunicorn" not in headers["Server"].lower()
    assert not any(character.isdigit() for character in headers["Server"])
    assert "script-src 'self'" in headers["Content-Security-Policy"]
