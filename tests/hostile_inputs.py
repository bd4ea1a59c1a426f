"""The hostile-value table that every public helper function is probed with.

A student or instructor will call a helper with ``None``, NaN, a string for a number, a list
for an array, a 3-D array for an image, a directory for a file. For each public function a
test module ``tests/test_bad_input_<module>.py`` lists :class:`Probe` rows (the function and a
set of valid arguments); :func:`bad_input_tests` turns them into one test per (function,
parameter, hostile value) asserting that the call **either**

- raises ``TypeError`` or ``ValueError`` (or, for a path, ``FileNotFoundError``) from inside
  the course's own code, with a message that names the parameter, **or**
- returns, and that hostile value is listed in the probe's ``accepts`` for that parameter:
  a documented valid input (``seed=None`` means "fresh randomness", say).

Never a traceback from inside numpy, pandas, astropy or Keras, and never a silent answer.
``tests/test_every_helper_is_probed.py`` fails when a public function has no probe.
"""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

HELPERS_DIR = Path(__file__).resolve().parent.parent / "helpers"

#: Values that are wrong for almost every parameter.
HOSTILE: dict[str, object] = {
    "None": None,
    "NaN": math.nan,
    "infinity": math.inf,
    "minus one": -1,
    "zero": 0,
    "a bool": True,
    "a fraction": 2.5,
    "a huge number": 10**12,
    "a string": "abc",
    "an empty string": "",
    "an empty list": [],
    "a list of strings": ["a", "b"],
    "a dict": {"a": 1},
    "an empty array": np.array([]),
    "a 3-D array": np.zeros((2, 2, 2)),
    "an array with NaN": np.array([1.0, math.nan]),
    "an object": object(),
}

#: The hostile values a vectorised function of an array of values (a flux, an S/N) accepts:
#: any array of numbers, an empty one included, gives one result per element.
ARRAY_OF_VALUES = (
    "minus one",
    "zero",
    "a fraction",
    "a huge number",
    "a 3-D array",
    "an empty list",
    "an empty array",
)


#: Labels of :func:`hostile_paths`, for parametrising before the files exist.
PATH_LABELS = (
    "a missing file",
    "a directory",
    "an empty file",
    "an HTML page",
    "a JSON page",
    "binary junk",
    "a number for a path",
    "None for a path",
)


def hostile_paths(folder: Path) -> dict[str, object]:
    """Files and paths that are wrong for a path parameter, created in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    empty = folder / "empty.csv"
    empty.write_bytes(b"")
    html = folder / "page.csv"
    html.write_text("<!DOCTYPE html>\n<html><head><title>Error</title></head></html>\n")
    json_page = folder / "answer.csv"
    json_page.write_text('{"error": "Query timed out", "rows": []}\n')
    junk = folder / "junk.fits"
    junk.write_bytes(bytes(range(256)) * 20)
    directory = folder / "a_folder.csv"
    directory.mkdir(exist_ok=True)
    values = {
        "a missing file": folder / "missing.csv",
        "a directory": directory,
        "an empty file": empty,
        "an HTML page": html,
        "a JSON page": json_page,
        "binary junk": junk,
        "a number for a path": 42,
        "None for a path": None,
    }
    assert tuple(values) == PATH_LABELS
    return values


@dataclass
class Probe:
    """A public helper function and valid arguments to start from.

    Attributes
    ----------
    func : callable
        The function probed.
    kwargs : dict or callable
        Valid keyword arguments (a callable returning them is called when the test runs).
    attack : sequence of str, optional
        The parameters to replace by hostile values (default: every key of ``kwargs``).
    paths : sequence of str, optional
        Parameters that are file paths: they also get :func:`hostile_paths`.
    accepts : mapping, optional
        Parameter -> hostile labels that are *documented* valid input for it (the call may
        return normally).
    label : str, optional
        Test id (default: the function's name).
    """

    func: Callable
    kwargs: dict | Callable[[], dict]
    attack: Sequence[str] | None = None
    paths: Sequence[str] = ()
    accepts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.func.__name__

    def valid(self) -> dict:
        return dict(self.kwargs() if callable(self.kwargs) else self.kwargs)

    def parameters(self) -> list[str]:
        if self.attack is not None:
            return list(self.attack)
        if callable(self.kwargs):
            return list(self.kwargs())
        return list(self.kwargs)


def _raised_in_helpers(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(HELPERS_DIR)


def assert_clear_rejection_or_documented(probe: Probe, parameter: str, label: str, value) -> None:
    """The assertion each generated test makes; usable directly for one-off probes."""
    kwargs = probe.valid()
    kwargs[parameter] = value
    try:
        probe.func(**kwargs)
    except (TypeError, ValueError, FileNotFoundError) as error:
        message = str(error)
        assert _raised_in_helpers(error), (
            f"{probe.id}({parameter}={label}): {type(error).__name__} came from outside the "
            f"course's code: {message!r}\n" + "".join(traceback.format_tb(error.__traceback__)[-3:])
        )
        assert parameter in message, (
            f"{probe.id}({parameter}={label}): the message does not name {parameter!r}: {message!r}"
        )
        return
    except Exception as error:
        pytest.fail(
            f"{probe.id}({parameter}={label}) raised {type(error).__name__}: {error}\n"
            + "".join(traceback.format_tb(error.__traceback__)[-3:])
        )
    assert label in probe.accepts.get(parameter, ()), (
        f"{probe.id}({parameter}={label}) returned without complaint: reject it with a "
        f"ValueError/TypeError naming {parameter!r}, or document it and list it in accepts"
    )


def bad_input_tests(probes: Sequence[Probe]):
    """Return the two parametrized tests (hostile values, hostile paths) for ``probes``."""
    probes = list(probes)
    rows = [(p, name, label) for p in probes for name in p.parameters() for label in HOSTILE]
    path_rows = [(p, name, label) for p in probes for name in p.paths for label in PATH_LABELS]

    @pytest.mark.parametrize(
        ("probe", "parameter", "label"), rows, ids=[f"{p.id}-{n}-{h}" for p, n, h in rows]
    )
    def test_each_helper_rejects_hostile_values_clearly(probe, parameter, label):
        assert_clear_rejection_or_documented(probe, parameter, label, HOSTILE[label])

    @pytest.mark.parametrize(
        ("probe", "parameter", "label"),
        path_rows,
        ids=[f"{p.id}-{n}-{h}" for p, n, h in path_rows],
    )
    def test_each_helper_rejects_hostile_paths_clearly(probe, parameter, label, tmp_path):
        value = hostile_paths(tmp_path)[label]
        assert_clear_rejection_or_documented(probe, parameter, label, value)

    # A module without path parameters gets no path test (None is not collected).
    return (
        test_each_helper_rejects_hostile_values_clearly,
        test_each_helper_rejects_hostile_paths_clearly if path_rows else None,
    )
