"""Shared fixtures: paths of the checkout and the list of solution notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTION_PATHS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session, offline (see ``tests/browser.py``)."""
    import tempfile

    from browser import Browser, find_chromium, unavailable

    binary = find_chromium()
    if binary is None:
        unavailable(
            "Chromium not found: install it (Debian/Ubuntu: sudo apt-get install -y chromium) "
            "or set CHROMIUM=/path/to/chrome to run the browser tests"
        )
    pytest.importorskip("websocket", reason="websocket-client (installed by jupyter-server)")
    with tempfile.TemporaryDirectory(prefix="course-chromium-") as tmp:
        b = Browser(binary, Path(tmp))
        try:
            yield b
        finally:
            b.close()
