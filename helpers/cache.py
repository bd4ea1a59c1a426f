"""Cached files that are written atomically and verified when read.

A cache file is written to a temporary file in the same folder and moved into place in one
step, so an interrupted run never leaves half a file under the final name. Next to it a small
``<name>.sha256`` file records its checksum. Reading checks the checksum first: a truncated,
corrupt or unverified file is deleted and rebuilt, never used.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ._validation import check_float, check_path

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "cached_arrays",
    "checksum_path",
    "is_valid_cache",
    "remove_stale_temporaries",
    "sha256_of",
    "write_verified",
]


def sha256_of(path: str | os.PathLike) -> str:
    """Return the SHA-256 hex digest of a file.

    Parameters
    ----------
    path : str or path-like
        The file to hash.

    Returns
    -------
    str
        64 hexadecimal characters.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:8]
    'ba7816bf'
    """
    path = check_path(path, "path", must_exist=True)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(path: str | os.PathLike) -> Path:
    """Return the path of the checksum file that belongs to ``path``.

    Parameters
    ----------
    path : str or path-like
        A cached file.

    Returns
    -------
    pathlib.Path
        ``<path>.sha256`` in the same folder.

    Examples
    --------
    >>> checksum_path("data/sdss.csv").name
    'sdss.csv.sha256'
    """
    path = check_path(path, "path", must_exist=False)
    return path.with_name(path.name + ".sha256")


#: A temporary file left by a write that was killed is removed by the next write of the same
#: file once it is this old (seconds); a younger one may belong to a writer still running.
STALE_TEMPORARY_S = 600.0


def _temporary_pattern(path: Path) -> str:
    return f".{path.name}.*.tmp*"


def remove_stale_temporaries(path: str | os.PathLike, older_than: float = STALE_TEMPORARY_S) -> int:
    """Delete the temporary files that killed writes of ``path`` left behind.

    Parameters
    ----------
    path : str or path-like
        The file whose leftovers (``.<name>.<random>.tmp...`` in its folder) are removed.
    older_than : float, optional
        Only temporaries not modified for this many seconds (default 600) are removed.

    Returns
    -------
    int
        How many files were removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.bin.x1y2.tmp").write_bytes(b"half")
    >>> remove_stale_temporaries(folder / "a.bin", older_than=0)
    1
    """
    import time

    path = check_path(path, "path", must_exist=False)
    older_than = check_float(older_than, "older_than", minimum=0.0)
    if not path.parent.is_dir():
        return 0
    now = time.time()
    removed = 0
    for leftover in path.parent.glob(_temporary_pattern(path)):
        try:
            if now - leftover.stat().st_mtime >= older_than:
                leftover.unlink()
                removed += 1
        except OSError:  # another process removed or replaced it meanwhile
            continue
    return removed


def atomic_write(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Write a file through ``write(temporary_path)`` and move it into place in one step.

    The temporary file has a unique name in the destination's folder (two writers never
    collide; the move is atomic on one file system) and keeps the destination's suffixes, so a
    writer that picks the format from the name (``.fits.gz`` is compressed) sees the right
    one. It is removed if ``write`` fails, and leftovers of killed writes are removed by the
    next write of the same file (see :func:`remove_stale_temporaries`).

    Parameters
    ----------
    path : str or path-like
        Destination. Its folder is created if needed.
    write : callable
        Called with the temporary path; writes the complete file there.

    Returns
    -------
    pathlib.Path
        The destination path.

    Raises
    ------
    TypeError
        If ``write`` is not callable.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> atomic_write(p, lambda tmp: tmp.write_text("done")).read_text()
    'done'
    """
    if not callable(write):
        raise TypeError(f"write must be callable, got {type(write).__name__}")
    path = check_path(path, "path", must_exist=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    suffix = ".tmp" + "".join(path.suffixes)
    handle, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    Parameters
    ----------
    path : str or path-like
        Destination. Its folder is created if needed.
    data : bytes
        The complete content.

    Returns
    -------
    pathlib.Path
        The destination path.

    Raises
    ------
    TypeError
        If ``data`` is not bytes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
    >>> atomic_write_bytes(p, b"hello").read_bytes()
    b'hello'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    path = check_path(path, "path", must_exist=False)

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    return atomic_write(path, write)


def write_verified(path: str | os.PathLike, data: bytes) -> Path:
    """Atomically write ``data`` and then its checksum file, in that order.

    A crash between the two steps leaves a file without a checksum, which
    :func:`is_valid_cache` treats as invalid, so it is rebuilt.

    Parameters
    ----------
    path : str or path-like
        Destination of the data.
    data : bytes
        The complete content.

    Returns
    -------
    pathlib.Path
        The destination path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> _ = write_verified(p, b"a,b\\n1,2\\n")
    >>> is_valid_cache(p)
    True
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    path = atomic_write_bytes(check_path(path, "path", must_exist=False), data)
    digest = hashlib.sha256(bytes(data)).hexdigest()
    atomic_write_bytes(checksum_path(path), (digest + "\n").encode())
    return path


def is_valid_cache(path: str | os.PathLike) -> bool:
    """Tell whether ``path`` exists and matches the checksum recorded beside it.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`write_verified`.

    Returns
    -------
    bool
        ``False`` if the file or its checksum is missing, unreadable or does not match.

    Examples
    --------
    >>> is_valid_cache("/nonexistent/file.npz")
    False
    """
    try:
        path = check_path(path, "path", must_exist=False)
    except ValueError:  # a folder, an empty name: not a valid cache
        return False
    record = checksum_path(path)
    if not path.is_file() or not record.is_file():
        return False
    try:
        expected = record.read_text().strip()
        return expected == sha256_of(path)
    except OSError:
        return False


def cached_arrays(
    path: str | os.PathLike,
    build: Callable[[], dict[str, np.ndarray]],
) -> dict[str, np.ndarray]:
    """Load named arrays from a verified ``.npz`` cache, building and saving them if needed.

    Parameters
    ----------
    path : str or path-like
        The ``.npz`` cache file.
    build : callable
        Called with no arguments when the cache is missing or invalid; must return a dict of
        array names to arrays.

    Returns
    -------
    dict of str to numpy.ndarray
        The arrays, from the cache or freshly built.

    Raises
    ------
    TypeError
        If ``build`` is not callable or does not return a dict of arrays.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "demo.npz"
    >>> cached_arrays(p, lambda: {"x": np.arange(3)})["x"]
    array([0, 1, 2])
    >>> cached_arrays(p, lambda: {"x": np.zeros(1)})["x"]  # read back from the cache
    array([0, 1, 2])
    """
    if not callable(build):
        raise TypeError(f"build must be callable, got {type(build).__name__}")
    path = check_path(path, "path", must_exist=False)
    if is_valid_cache(path):
        try:
            with np.load(path, allow_pickle=False) as stored:
                return {name: stored[name] for name in stored.files}
        except (OSError, ValueError, EOFError) as error:  # pragma: no cover - checksum guards
            warnings.warn(f"cache {path} could not be read ({error}); rebuilding", stacklevel=2)
    elif path.exists():
        warnings.warn(f"cache {path} is incomplete or corrupt; rebuilding it", stacklevel=2)
    arrays = build()
    if not isinstance(arrays, dict) or not all(isinstance(k, str) for k in arrays):
        raise TypeError("build() must return a dict mapping array names to arrays")
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{name: np.asarray(a) for name, a in arrays.items()})
    write_verified(path, buffer.getvalue())
    return {name: np.asarray(a) for name, a in arrays.items()}
