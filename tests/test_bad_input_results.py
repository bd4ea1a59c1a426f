"""helpers.results under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

from hostile_inputs import Probe, bad_input_tests

from helpers import results

_CELL = {
    "cell_type": "code",
    "outputs": [
        {
            "output_type": "display_data",
            "data": {results.RESULT_MIME_TYPE: {"name": "x", "value": 1.0, "unit": ""}},
        }
    ],
}
# values that are numbers are valid results; the unit is free text
_NUMBERS = ["minus one", "zero", "a fraction", "a huge number"]

PROBES = [
    Probe(
        results.format_result,
        {"name": "demo_accuracy", "value": 0.5, "unit": "s"},
        accepts={"name": ["a string"], "value": _NUMBERS, "unit": ["a string", "an empty string"]},
    ),
    Probe(
        results.record_result,
        {"name": "demo_accuracy", "value": 0.5, "unit": "s"},
        accepts={"name": ["a string"], "value": _NUMBERS, "unit": ["a string", "an empty string"]},
    ),
    Probe(results.read_results, {"notebook": {"cells": [_CELL]}}),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
