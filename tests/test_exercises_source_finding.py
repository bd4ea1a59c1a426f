"""Tests for the answer checks of notebook 09 (helpers.exercises.source_finding)."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import source_finding as ex
from helpers.sky import make_sky_images


def flux_for_snr(snr, psf_sigma, noise_sigma):
    return snr * noise_sigma * math.sqrt(4 * math.pi) * psf_sigma


def efficiency(sigma_filter, sigma_psf):
    return 2 * sigma_filter * sigma_psf / (sigma_filter**2 + sigma_psf**2)


def _gaussian_filter_model(sigma: float, name: str):
    """A 'network' that is a fixed Gaussian filter: the matched filter when sigma = PSF."""
    import keras

    half = int(np.ceil(4 * sigma))
    y, x = np.mgrid[-half : half + 1, -half : half + 1]
    kernel = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    kernel /= np.sqrt((kernel**2).sum())
    layer = keras.layers.Conv2D(1, kernel.shape, padding="same", use_bias=False)
    model = keras.Sequential([keras.Input((32, 32, 1)), layer], name=name)
    layer.set_weights([kernel[:, :, None, None].astype("float32")])
    return model


@cache
def _setting():
    sample = make_sky_images(600, seed=11)
    base = _gaussian_filter_model(1.5, "matched")
    wide = _gaussian_filter_model(3.0, "wide")
    p_new, e_new, _ = ex.completeness_in_bin(wide, sample)
    p_base, e_base, _ = ex.completeness_in_bin(base, sample)
    change = p_new - p_base
    return sample, base, wide, change, change / math.hypot(e_new, e_base), (e_new, e_base)


def _right():
    sample, base, wide, change, z, _ = _setting()
    return (change, z, wide, base, sample)


def _change():
    return _setting()[3]


def _z():
    return _setting()[4]


def _z_with_one_error():
    _, _, _, change, _, (e_new, _) = _setting()
    return change / e_new


def _z_with_summed_errors():
    _, _, _, change, _, (e_new, e_base) = _setting()
    return change / (e_new + e_base) / 2


CASES = [
    CheckCase(
        ex.check_flux_for_snr,
        right=(flux_for_snr,),
        wrong=[
            lambda snr, psf, noise: snr * noise * 4 * math.pi * psf,  # no square root
            lambda snr, psf, noise: snr * noise * math.sqrt(4 * math.pi) * psf**2,  # variance
            lambda snr, psf, noise: snr / (noise * math.sqrt(4 * math.pi) * psf),  # inverted
            lambda snr, psf, noise: snr * noise * math.sqrt(4 * math.pi) * 2.355 * psf,  # FWHM
        ],
        reason=["gives S/N", "gives S/N", "gives S/N", "gives S/N"],
    ),
    CheckCase(
        ex.check_filter_efficiency,
        right=(efficiency,),
        wrong=[
            lambda f, p: min(f, p) / max(f, p),  # ratio of widths
            lambda f, p: math.sqrt(efficiency(f, p)),  # square root of the answer
            lambda f, p: p / f,  # only right for wider filters, and > 1 for narrower
        ],
        reason=["keeps", "keeps", "keeps"],
    ),
    CheckCase(
        ex.check_completeness_change,
        right=_right,
        wrong=[
            Lazy(lambda: -_change(), "the sign flipped"),
            Lazy(lambda: 100 * _change(), "in percentage points"),
            Lazy(lambda: _change() + 0.05, "off by 5 points"),
        ],
        answer=0,
        reason=["you give", "percentage points", "you give"],
        label="check_completeness_change-change",
    ),
    CheckCase(
        ex.check_completeness_change,
        right=_right,
        wrong=[
            Lazy(_z_with_one_error, "one error only"),
            Lazy(_z_with_summed_errors, "errors summed, halved"),
            Lazy(lambda: -_z(), "the sign flipped"),
        ],
        answer=1,
        reason=["quadrature", "quadrature", "quadrature"],
        label="check_completeness_change-significance",
    ),
    CheckCase(
        ex.check_completeness_change,
        right=_right,
        wrong=[
            Lazy(lambda: _setting()[1], "the lesson's network itself"),
            Lazy(lambda: _gaussian_filter_model(0.3, "raw_pixels"), "another network"),
        ],
        answer=2,
        reason=["lesson's network itself", "you give"],
        label="check_completeness_change-model",
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_a_wider_filter_loses_completeness_at_snr_4_to_6_as_the_efficiency_predicts():
    *_, change, z, _ = _setting()
    assert change < 0 and z < 0  # sigma 3 keeps 0.8 of the S/N: fewer faint sources found


def test_completeness_change_says_tie_or_significant(capsys):
    args = list(_right())
    assert ex.check_completeness_change(*args)
    out = capsys.readouterr().out
    assert "z = " in out and ("tie" in out or "significant" in out)


def test_completeness_change_rejects_a_network_of_the_wrong_shape(capsys):
    import keras

    sample, base, *_ = _setting()
    small = keras.Sequential([keras.Input((16, 16, 1)), keras.layers.Identity()])
    assert not ex.check_completeness_change(0.0, 0.0, small, base, sample)
    assert "shape" in capsys.readouterr().out


def test_flux_check_rejects_a_negative_flux(capsys):
    assert not ex.check_flux_for_snr(lambda snr, psf, noise: -flux_for_snr(snr, psf, noise))
    assert "> 0" in capsys.readouterr().out


# --- the reference matching (the recipe the notebook writes out) ---------------------------


def frame(rows):
    return pd.DataFrame(rows, columns=["image", "x", "y"]).astype({"image": int})


def test_reference_match_pairs_each_detection_once_closest_first():
    sources = frame([[0, 10.0, 10.0], [0, 11.2, 10.0]])
    found, true = ex.reference_match(frame([[0, 11.0, 10.0]]), sources, radius=1.5)
    assert found.tolist() == [False, True] and true.tolist() == [True]


def test_reference_match_never_matches_across_images_and_handles_empty_tables():
    found, true = ex.reference_match(frame([[1, 5.0, 5.0]]), frame([[0, 5.0, 5.0]]), 2.0)
    assert not found.any() and not true.any()
    found, true = ex.reference_match(frame([]), frame([[0, 1.0, 1.0]]))
    assert found.tolist() == [False] and true.shape == (0,)
    with pytest.raises(TypeError, match="detections"):
        ex.reference_match(np.zeros((2, 3)), frame([]))


def _random_table(draw, n):
    coords = st.floats(0, 12, allow_nan=False).map(lambda v: round(v * 2) / 2)  # ties likely
    return frame([[draw(st.integers(0, 2)), draw(coords), draw(coords)] for _ in range(n)])


@st.composite
def catalogue_pairs(draw):
    det = _random_table(draw, draw(st.integers(0, 10)))
    src = _random_table(draw, draw(st.integers(0, 10)))
    return det, src, draw(st.floats(0.5, 4.0)), draw(st.randoms(use_true_random=False))


def _matched_positions(table, flags):
    return sorted(map(tuple, table[flags][["image", "x", "y"]].to_numpy().tolist()))


@settings(max_examples=60, deadline=None)
@given(catalogue_pairs())
def test_matching_is_symmetric_in_order_of_rows_and_of_the_two_tables(case):
    det, src, radius, rnd = case
    found, true = ex.reference_match(det, src, radius)
    assert found.sum() == true.sum() <= min(len(det), len(src))
    # shuffling the rows of either table pairs the same positions
    det_order = rnd.sample(range(len(det)), len(det))
    src_order = rnd.sample(range(len(src)), len(src))
    det2, src2 = det.iloc[det_order], src.iloc[src_order]
    found2, true2 = ex.reference_match(det2, src2, radius)
    assert _matched_positions(src2, found2) == _matched_positions(src, found)
    assert _matched_positions(det2, true2) == _matched_positions(det, true)
    # swapping the roles of detections and sources pairs the same positions
    found3, true3 = ex.reference_match(src, det, radius)
    assert _matched_positions(det, found3) == _matched_positions(det, true)
    assert _matched_positions(src, true3) == _matched_positions(src, found)
