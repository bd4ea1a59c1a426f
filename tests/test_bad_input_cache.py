"""helpers.cache under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import numpy as np
import pytest
from hostile_inputs import Probe, bad_input_tests

from helpers import cache


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def _file(name="f.bin"):
    def kwargs():
        import pathlib

        path = pathlib.Path.cwd() / name
        path.write_bytes(b"data")
        return {"path": path}

    return kwargs


PROBES = [
    # any existing file has a digest, whatever it holds
    Probe(
        cache.sha256_of,
        _file(),
        paths=["path"],
        accepts={"path": ["an empty file", "an HTML page", "a JSON page", "binary junk"]},
    ),
    Probe(cache.checksum_path, {"path": "data/x.csv"}, accepts={"path": ["a string"]}),
    Probe(
        cache.atomic_write_bytes, {"path": "out.bin", "data": b"x"}, accepts={"path": ["a string"]}
    ),
    Probe(
        cache.atomic_write,
        {"path": "out.txt", "write": lambda tmp: tmp.write_text("x")},
        accepts={"path": ["a string"]},
    ),
    Probe(cache.write_verified, {"path": "v.bin", "data": b"x"}, accepts={"path": ["a string"]}),
    # a missing, foreign or damaged file is simply not a valid cache
    Probe(
        cache.is_valid_cache,
        _file(),
        paths=["path"],
        accepts={
            "path": [
                "a string",
                "an empty string",
                "a missing file",
                "a directory",
                "an empty file",
                "an HTML page",
                "a JSON page",
                "binary junk",
            ]
        },
    ),
    Probe(
        cache.cached_arrays,
        {"path": "c.npz", "build": lambda: {"x": np.arange(3)}},
        accepts={"path": ["a string"]},
    ),
    Probe(
        cache.remove_stale_temporaries,
        {"path": "f.bin", "older_than": 600.0},
        accepts={"path": ["a string"], "older_than": ["zero", "a fraction", "a huge number"]},
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
