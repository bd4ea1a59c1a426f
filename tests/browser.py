"""Headless Chromium driven over the DevTools protocol, offline: shared by the browser tests.

``tests/test_slides.py`` (the reveal.js decks) and ``tests/test_site.py`` (the website) open
pages from disk (``file://``) in headless Chromium with the network emulated offline and all
traffic sent to a dead proxy, and read back what the page reported: console errors, uncaught
exceptions, failed loads and any request that tried to leave the machine. The ``browser``
fixture (``tests/conftest.py``) starts one Chromium per test session.

Without Chromium the browser tests are skipped with a message; with ``CI=true`` they fail.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
LOAD_TIMEOUT_S = 60.0
WIDTH, HEIGHT = 1280, 720  # the viewport: a 16:9 projector at 720p


def unavailable(message: str):
    """Skip (locally) or fail (in CI) a browser test that cannot run."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: the browser checks must run)")
    pytest.skip(message)


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary ($CHROMIUM first), or None."""
    candidates = [os.environ.get("CHROMIUM", "")]
    candidates += ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    for name in candidates:
        if name and (path := shutil.which(name)):
            return path
    return None


# --------------------------------------------------------------------------- DevTools driver
def _devtools_targets(port: int) -> list[dict]:
    """The browser's open pages, asked directly (never through an http_proxy from the env)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
        return json.load(resp)


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, binary: str, workdir: Path):
        import websocket  # websocket-client

        self.profile = workdir / "profile"
        self.log = open(workdir / "chromium.log", "wb")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                # Offline twice over: everything goes to a closed port, and the page's network
                # is emulated offline below.
                "--proxy-server=http://127.0.0.1:9",
                "--proxy-bypass-list=<-loopback>",
                "--window-size=1280,720",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(
                    f"Chromium did not start (see {workdir / 'chromium.log'}): "
                    + (workdir / "chromium.log").read_text(errors="replace")[-800:]
                )
            time.sleep(0.1)
        port = int(port_file.read_text().split("\n")[0])
        targets = _devtools_targets(port)
        page = next(t for t in targets if t.get("type") == "page")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=LOAD_TIMEOUT_S, suppress_origin=True
        )
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call(
            "Network.emulateNetworkConditions",
            offline=True,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression: str):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url="about:blank")
        self.events.clear()
        self.call("Page.navigate", url=url)

    def popup_text(self, title: str, selector: str) -> str | None:
        """innerText of ``selector`` in the open window titled ``title`` (e.g. speaker view)."""
        import websocket

        port = int((self.profile / "DevToolsActivePort").read_text().split("\n")[0])
        targets = [t for t in _devtools_targets(port) if t.get("title") == title]
        if not targets:
            return None
        ws = websocket.create_connection(
            targets[0]["webSocketDebuggerUrl"], timeout=LOAD_TIMEOUT_S, suppress_origin=True
        )
        try:
            expression = f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText"
            ws.send(json.dumps({"id": 1, "method": "Runtime.evaluate",
                                "params": {"expression": expression, "returnByValue": True}}))  # fmt: skip
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == 1:
                    return message.get("result", {}).get("result", {}).get("value")
        finally:
            ws.close()

    def wait_for(self, expression: str, timeout: float = LOAD_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # page still navigating: no execution context yet
                value = None
            if value:
                return value
            time.sleep(0.2)
        return None

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def problems(self) -> dict[str, list[str]]:
        """Console errors, uncaught exceptions and network requests seen since open()."""
        errors, requests = [], []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "assert"}:
                args = params.get("args", [])
                errors.append(
                    "console.error: "
                    + " ".join(str(a.get("value", a.get("description", ""))) for a in args)
                )
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                errors.append(f"uncaught: {text}")
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
            elif method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                if url.startswith(("http:", "https:", "ws:", "wss:")):
                    requests.append(url)
            elif method == "Network.loadingFailed":
                errors.append(f"load failed: {params.get('errorText')}")
        return {"errors": errors, "remote_requests": requests}

    def close(self) -> None:
        if getattr(self, "ws", None) is not None:
            self.ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
