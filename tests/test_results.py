"""helpers.results: recording results and reading them back from a notebook."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import results


def test_record_result_displays_text_and_json(capsys):
    recorded = results.record_result("nn_accuracy", np.float32(0.875), "")
    assert recorded == {"name": "nn_accuracy", "value": 0.875, "unit": ""}
    assert "Result nn_accuracy = 0.875" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["Accuracy", "nn accuracy", "1st", ""])
def test_record_result_rejects_names_that_are_not_snake_case(name):
    with pytest.raises(ValueError, match="snake case"):
        results.record_result(name, 1.0)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_record_result_rejects_non_finite_values(value):
    with pytest.raises(ValueError, match="finite"):
        results.record_result("x", value)


@pytest.mark.parametrize("value", ["0.9", None, True, [1.0]])
def test_record_result_rejects_non_numbers(value):
    with pytest.raises(TypeError, match="real number"):
        results.record_result("x", value)


def test_read_results_rejects_something_that_is_not_a_notebook():
    with pytest.raises(TypeError, match="cells"):
        results.read_results({"no": "cells"})


@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        max_size=6,
    )
)
def test_every_recorded_result_is_read_back(values):
    outputs = [
        {
            "output_type": "display_data",
            "data": {results.RESULT_MIME_TYPE: {"name": k, "value": v, "unit": "s"}},
        }
        for k, v in values.items()
    ]
    nb = {"cells": [{"cell_type": "code", "outputs": outputs}, {"cell_type": "markdown"}]}
    assert results.read_results(nb) == {k: {"value": v, "unit": "s"} for k, v in values.items()}
