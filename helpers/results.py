"""Record a notebook's headline results so that `make bench` can read them back.

:func:`record_result` shows the result in the notebook as a line of text and, in the same
output, as machine-readable JSON under the MIME type :data:`RESULT_MIME_TYPE`. The benchmark
harness executes a notebook and collects these outputs with :func:`read_results`; nothing is
written to disk, so a notebook has no hidden state.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping

import numpy as np

from ._validation import check_str

__all__ = ["RESULT_MIME_TYPE", "format_result", "read_results", "record_result"]

#: MIME type of the JSON bundle that :func:`record_result` displays.
RESULT_MIME_TYPE = "application/vnd.nn-astro.result+json"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def format_result(name: str, value: float, unit: str = "") -> str:
    """Return the one-line text form of a result, e.g. ``'Result cnn_test_accuracy = 0.9733'``.

    Parameters
    ----------
    name : str
        Result name.
    value : float
        Its value.
    unit : str, optional
        Its unit (empty for a dimensionless number).

    Returns
    -------
    str
        The line shown in the notebook.

    Raises
    ------
    TypeError, ValueError
        As :func:`record_result`.

    Examples
    --------
    >>> format_result("train_time_s", 12.3456, "s")
    'Result train_time_s = 12.35 s'
    """
    name, value, unit = _checked(name, value, unit)
    number = f"{value:.4g}"
    return f"Result {name} = {number}{(' ' + unit) if unit else ''}"


def _checked(name, value, unit) -> tuple[str, float, str]:
    check_str(name, "name")
    check_str(unit, "unit")
    if not _NAME.match(name):
        raise ValueError(f"name must be snake case (a-z, 0-9, _), got {name!r}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"value of {name!r} must be finite, got {value}")
    return name, value, unit


def record_result(name: str, value: float, unit: str = "") -> dict:
    """Record one headline result of the running notebook.

    Parameters
    ----------
    name : str
        Snake-case result name, e.g. ``"nn_accuracy"``; later issues fix the names.
    value : float
        A finite number (numpy scalars are accepted).
    unit : str, optional
        Unit of ``value``: ``"s"``, ``"dB"``, ``"MB"``; ``""`` for fractions and ratios.

    Returns
    -------
    dict
        ``{"name": name, "value": value, "unit": unit}``, as displayed.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or ``name``/``unit`` are not strings.
    ValueError
        If ``name`` is not snake case or ``value`` is not finite.

    Examples
    --------
    >>> record_result("demo_accuracy", 0.975)  # doctest: +SKIP
    Result demo_accuracy = 0.975
    """
    name, value, unit = _checked(name, value, unit)
    result = {"name": name, "value": value, "unit": unit}
    try:
        from IPython.display import display

        display(
            {"text/plain": format_result(name, value, unit), RESULT_MIME_TYPE: result},
            raw=True,
        )
    except ImportError:  # pragma: no cover - IPython is a dependency
        print(format_result(name, value, unit))
    return result


def read_results(notebook: Mapping) -> dict[str, dict]:
    """Collect the results recorded in an executed notebook.

    Parameters
    ----------
    notebook : mapping
        A notebook as loaded by ``nbformat`` or ``json`` (a dict with ``"cells"``).

    Returns
    -------
    dict
        ``{name: {"value": float, "unit": str}}``; a name recorded twice keeps its last value.

    Raises
    ------
    TypeError
        If ``notebook`` is not a mapping with a ``"cells"`` list.

    Examples
    --------
    >>> cell = {"cell_type": "code", "outputs": [{"output_type": "display_data",
    ...         "data": {RESULT_MIME_TYPE: {"name": "x", "value": 1.0, "unit": "s"}}}]}
    >>> read_results({"cells": [cell]})
    {'x': {'value': 1.0, 'unit': 's'}}
    """
    if not isinstance(notebook, Mapping) or not isinstance(notebook.get("cells"), list):
        raise TypeError("notebook must be a notebook mapping with a 'cells' list")
    results: dict[str, dict] = {}
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(RESULT_MIME_TYPE)
            if isinstance(payload, Mapping) and "name" in payload:
                results[payload["name"]] = {
                    "value": float(payload["value"]),
                    "unit": str(payload.get("unit", "")),
                }
    return results
