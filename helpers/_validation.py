"""Argument checks shared by the public helpers (private: not part of the course API).

Every check raises ``TypeError`` or ``ValueError`` with a message that names the parameter,
what was expected and what was received, so a student reading the error knows what to fix.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np


def check_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking its type and range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_float(
    value,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: bool = False,
) -> float:
    """Return ``value`` as a finite ``float`` after checking its type and range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise ValueError(f"{name} must be > {minimum}, got {value}")
        if not exclusive_minimum and value < minimum:
            raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return value


def check_str(value, name: str, *, choices: Sequence[str] | None = None) -> str:
    """Return ``value`` after checking it is a string (and one of ``choices``, if given)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__} {value!r}")
    if choices is not None and value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_array(
    value,
    name: str,
    *,
    ndim: int | Sequence[int] | None = None,
    finite: bool = True,
    min_size: int = 1,
    dtype=np.float64,
) -> np.ndarray:
    """Return ``value`` as a numeric array after checking its dimensions and values."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__} {value!r}")
    if dtype is not bool and np.asarray(value).dtype == bool:
        raise TypeError(f"{name} must be a numeric array, got an array of booleans")
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}") from error
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(
                f"{name} must have {wanted} dimension(s), got shape {array.shape} "
                f"({array.ndim} dimension(s))"
            )
    if array.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} value(s), got {array.size}")
    if finite and array.size and not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must be finite, but {bad} value(s) are NaN or infinite")
    return array


def check_seed(value, name: str = "seed") -> int | None:
    """Check a random seed: ``None`` or an integer in [0, 2**32 - 1] (what every seeder takes)."""
    if value is None:
        return None
    return check_int(value, name, minimum=0, maximum=2**32 - 1)


def check_bool(value, name: str) -> bool:
    """Return ``value`` if it is a bool (``True``/``False``, numpy bools included).

    Strings such as ``"no"`` and numbers are refused: ``bool("no")`` is ``True``.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def check_path(value, name: str, *, must_exist: bool = True):
    """Return ``value`` as an absolute :class:`pathlib.Path`, ``~`` expanded.

    With ``must_exist`` the path must be an existing regular file: a missing file raises
    ``FileNotFoundError`` and a folder ``ValueError`` (both naming the parameter); without it,
    the path must not be an existing folder.
    """
    import os
    from pathlib import Path

    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(
            f"{name} must be a file path (str or pathlib.Path), got {type(value).__name__} "
            f"{value!r}"
        )
    text = os.fspath(value)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if not text.strip():
        raise ValueError(f"{name} must be a file path, got an empty string")
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValueError(f"{name} is a folder, not a file: {path}")
    if must_exist and not path.is_file():
        raise FileNotFoundError(f"{name}: no such file {path}")
    return path.resolve() if path.exists() else path.absolute()


def check_numbers(
    value,
    name: str,
    *,
    positive: bool = False,
    nonnegative: bool = False,
) -> np.ndarray:
    """Return a number or an array of numbers as a float array (0-d for a scalar).

    Booleans, strings, empty arrays, NaN and infinity are refused with a message naming
    ``name``; ``positive``/``nonnegative`` check the range.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a number or an array of numbers") from error
    if raw.dtype == bool or raw.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be a number or an array of numbers, got {type(value).__name__} "
            f"of {raw.dtype}"
        )
    if raw.size == 0:
        raise ValueError(f"{name} must hold at least one number, got an empty array")
    array = raw.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    if positive and np.any(array <= 0):
        raise ValueError(f"{name} must be > 0, got {array.min():g}")
    if nonnegative and np.any(array < 0):
        raise ValueError(f"{name} must be >= 0, got {array.min():g}")
    return array
