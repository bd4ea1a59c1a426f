"""The server `make lab` starts really starts, answers its REST API and lists the notebooks."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_jupyterlab_serves_the_course_notebooks(tmp_path):
    port, token = _free_port(), secrets.token_hex(16)
    jupyter = os.path.join(os.path.dirname(sys.executable), "jupyter")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path))
    log = open(tmp_path / "server.log", "wb")
    server = subprocess.Popen(
        [
            jupyter,
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}",
            "--ServerApp.port_retries=0",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}"
        deadline, listing, last_error = time.monotonic() + 90, None, None
        while time.monotonic() < deadline and listing is None:
            if server.poll() is not None:
                pytest.fail(f"jupyter lab exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    listing = json.load(response)
            except OSError as error:
                last_error = error
                time.sleep(0.5)
        assert listing is not None, f"no answer from jupyter lab on port {port}: {last_error}"
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        expected = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
        assert served == expected and expected
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as r:
            assert r.status == 200 and b"JupyterLab" in r.read()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
