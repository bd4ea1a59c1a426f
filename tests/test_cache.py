"""helpers.cache: atomic writes, checksums, corrupt caches rebuilt."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import cache


def test_write_verified_then_cache_is_valid(tmp_path):
    path = cache.write_verified(tmp_path / "a.bin", b"payload")
    assert path.read_bytes() == b"payload"
    assert cache.is_valid_cache(path)


def test_truncated_file_is_not_a_valid_cache(tmp_path):
    path = cache.write_verified(tmp_path / "a.bin", b"0123456789")
    path.write_bytes(b"01234")  # truncated after the checksum was written
    assert not cache.is_valid_cache(path)


def test_file_without_checksum_is_not_a_valid_cache(tmp_path):
    path = tmp_path / "a.bin"
    path.write_bytes(b"data")
    assert not cache.is_valid_cache(path)


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    cache.atomic_write_bytes(tmp_path / "x" / "out.bin", b"abc")
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["out.bin"]


def test_atomic_write_rejects_text(tmp_path):
    with pytest.raises(TypeError, match="data must be bytes"):
        cache.atomic_write_bytes(tmp_path / "a.txt", "text")


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = cache.atomic_write_bytes(tmp_path / "a.bin", b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cache.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        cache.atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_cached_arrays_builds_once_then_reads_back(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"x": np.arange(5), "y": np.ones((2, 2))}

    first = cached_first = cache.cached_arrays(tmp_path / "c.npz", build)
    second = cache.cached_arrays(tmp_path / "c.npz", build)
    assert len(calls) == 1
    np.testing.assert_array_equal(first["x"], second["x"])
    np.testing.assert_array_equal(cached_first["y"], second["y"])


def test_corrupt_cache_is_rebuilt_not_used(tmp_path):
    path = tmp_path / "c.npz"
    cache.cached_arrays(path, lambda: {"x": np.arange(3)})
    path.write_bytes(path.read_bytes()[:20])  # corrupt it
    with pytest.warns(UserWarning, match="incomplete or corrupt"):
        rebuilt = cache.cached_arrays(path, lambda: {"x": np.arange(4)})
    np.testing.assert_array_equal(rebuilt["x"], np.arange(4))
    assert cache.is_valid_cache(path)


def test_cached_arrays_rejects_a_builder_that_returns_no_dict(tmp_path):
    with pytest.raises(TypeError, match="must return a dict"):
        cache.cached_arrays(tmp_path / "c.npz", lambda: [1, 2])
    with pytest.raises(TypeError, match="build must be callable"):
        cache.cached_arrays(tmp_path / "c.npz", 3)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=2048))
def test_any_bytes_round_trip_and_verify(tmp_path_factory, data):
    path = cache.write_verified(tmp_path_factory.mktemp("h") / "blob", data)
    assert path.read_bytes() == data and cache.is_valid_cache(path)
