"""helpers._validation: errors name the parameter and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import _validation as v


def test_check_int_names_parameter_type_and_range():
    assert v.check_int(np.int64(3), "k", minimum=1) == 3
    with pytest.raises(TypeError, match="k must be an integer, got float"):
        v.check_int(3.0, "k")
    with pytest.raises(TypeError, match="k must be an integer, got bool"):
        v.check_int(True, "k")
    with pytest.raises(ValueError, match="k must be <= 2, got 3"):
        v.check_int(3, "k", maximum=2)


def test_check_float_rejects_nan_and_out_of_range():
    with pytest.raises(ValueError, match="x must be finite"):
        v.check_float(float("nan"), "x")
    with pytest.raises(ValueError, match="x must be > 0"):
        v.check_float(0.0, "x", minimum=0.0, exclusive_minimum=True)
    with pytest.raises(TypeError, match="x must be a real number"):
        v.check_float("1", "x")


def test_check_array_reports_dimensions_and_non_finite_values():
    with pytest.raises(ValueError, match=r"images must have 3 dimension\(s\), got shape \(2, 2\)"):
        v.check_array(np.zeros((2, 2)), "images", ndim=3)
    with pytest.raises(ValueError, match="1 value"):
        v.check_array([1.0, np.nan], "x")
    with pytest.raises(TypeError, match="numeric array"):
        v.check_array(["a"], "x")
    with pytest.raises(ValueError, match="at least 1"):
        v.check_array([], "x")


def test_check_str_lists_the_choices():
    with pytest.raises(ValueError, match=r"mode must be one of \['a', 'b'\]"):
        v.check_str("c", "mode", choices=("a", "b"))
