"""Tests for helpers.detection: peaks, thresholds, matching and completeness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import detection
from helpers.sky import make_sky_images


def frame(rows, columns=("image", "x", "y")):
    return pd.DataFrame(rows, columns=list(columns), dtype=float).astype({"image": int})


def test_find_local_maxima_keeps_peaks_above_threshold_inside_the_footprint():
    images = np.zeros((2, 9, 9))
    images[0, 4, 5] = 3.0  # inside
    images[0, 0, 0] = 9.0  # outside the footprint (margin 2)
    images[1, 6, 2] = 0.5  # below the threshold
    images[1, 2, 2] = 2.0
    found = detection.find_local_maxima(images, 1.0, margin=2)
    assert found[["image", "x", "y"]].values.tolist() == [[0, 5, 4], [1, 2, 2]]
    assert found["value"].tolist() == [3.0, 2.0]


def test_find_local_maxima_accepts_channel_axis_and_single_images():
    image = np.zeros((7, 7))
    image[3, 3] = 1.0
    assert len(detection.find_local_maxima(image, 0.5)) == 1
    assert len(detection.find_local_maxima(image[None, ..., None], 0.5)) == 1


@pytest.mark.parametrize(
    ("images", "error", "word"),
    [
        (np.zeros((3, 8, 9)), ValueError, "square"),
        (np.zeros((3, 8, 8, 2)), ValueError, "channel"),
        (np.zeros(8), ValueError, "dimension"),
        (np.full((1, 8, 8), np.nan), ValueError, "NaN"),
        ("an image", TypeError, "numeric"),
    ],
)
def test_find_local_maxima_rejects_bad_images(images, error, word):
    with pytest.raises(error, match=word):
        detection.find_local_maxima(images, 1.0)


def test_find_local_maxima_rejects_bad_margin_and_box():
    with pytest.raises(ValueError, match="margin"):
        detection.find_local_maxima(np.zeros((1, 8, 8)), 1.0, margin=4)
    with pytest.raises(ValueError, match="box_size"):
        detection.find_local_maxima(np.zeros((1, 8, 8)), 1.0, box_size=4)
    with pytest.raises(ValueError, match="threshold"):
        detection.find_local_maxima(np.zeros((1, 8, 8)), float("nan"))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), rate=st.floats(0.0, 0.5))
def test_calibrated_threshold_fires_on_at_most_the_allowed_fraction(seed, rate):
    rng = np.random.default_rng(seed)
    images = rng.normal(size=(40, 12, 12))
    peaks = detection.highest_peaks(images, margin=2)
    threshold = detection.calibrate_threshold(peaks, rate)
    found = detection.find_local_maxima(images, threshold, margin=2)
    assert detection.firing_rate(found, np.arange(40)) <= rate + 1e-12


def test_calibrate_threshold_handles_images_without_peaks_and_bad_input():
    assert detection.calibrate_threshold([-np.inf, -np.inf], 0.0) < -1e300
    with pytest.raises(ValueError, match="peak_maxima"):
        detection.calibrate_threshold([])
    with pytest.raises(ValueError, match="NaN"):
        detection.calibrate_threshold([1.0, np.nan])
    with pytest.raises(ValueError, match="max_rate"):
        detection.calibrate_threshold([1.0, 2.0], 1.0)


def test_match_detections_pairs_each_detection_once_closest_first():
    sources = frame([[0, 10.0, 10.0], [0, 11.2, 10.0]])
    detections = frame([[0, 11.0, 10.0]])
    found, true = detection.match_detections(detections, sources, radius=1.5)
    assert found.tolist() == [False, True] and true.tolist() == [True]


def test_match_detections_never_matches_across_images():
    found, true = detection.match_detections(
        frame([[1, 5.0, 5.0]]), frame([[0, 5.0, 5.0]]), radius=2.0
    )
    assert not found.any() and not true.any()


def test_match_detections_with_empty_catalogues():
    empty = frame([])
    found, true = detection.match_detections(frame([[0, 1.0, 1.0]]), empty)
    assert found.shape == (0,) and true.tolist() == [False]
    found, true = detection.match_detections(empty, frame([[0, 1.0, 1.0]]))
    assert found.tolist() == [False] and true.shape == (0,)


@pytest.mark.parametrize(
    ("detections", "sources", "error", "word"),
    [
        (np.zeros((2, 3)), frame([]), TypeError, "detections"),
        (frame([]), pd.DataFrame({"image": [0], "x": [1.0]}), ValueError, "'y'"),
        (frame([[0, np.nan, 1.0]]), frame([]), ValueError, "finite"),
    ],
)
def test_match_detections_rejects_bad_tables(detections, sources, error, word):
    with pytest.raises(error, match=word):
        detection.match_detections(detections, sources)


@settings(max_examples=30, deadline=None)
@given(
    n_det=st.integers(0, 12),
    n_src=st.integers(0, 12),
    radius=st.floats(0.5, 4.0),
    seed=st.integers(0, 2**16),
)
def test_matching_is_one_to_one(n_det, n_src, radius, seed):
    rng = np.random.default_rng(seed)

    def random_table(n):
        return pd.DataFrame(
            {"image": rng.integers(0, 3, n), "x": rng.uniform(0, 10, n), "y": rng.uniform(0, 10, n)}
        )

    det, src = random_table(n_det), random_table(n_src)
    found, true = detection.match_detections(det, src, radius)
    assert found.sum() == true.sum() <= min(n_det, n_src)


def test_completeness_by_snr_counts_per_bin_with_errors():
    table = detection.completeness_by_snr([2.5, 3.0, 5.0, 12.0], [True, False, True, True])
    assert table["n_sources"].tolist() == [2, 1, 0, 0, 1]
    assert table["completeness"].tolist()[:2] == [0.5, 1.0]
    assert np.isnan(table["completeness"][2])
    assert table["error"][0] == pytest.approx(np.sqrt(0.25 / 2))


def test_completeness_by_snr_rejects_mismatched_or_bad_input():
    with pytest.raises(ValueError, match="found"):
        detection.completeness_by_snr([1.0, 2.0], [True])
    with pytest.raises(ValueError, match="increasing"):
        detection.completeness_by_snr([1.0], [True], bins=[4, 2])
    with pytest.raises(ValueError, match="snr"):
        detection.completeness_by_snr([np.nan], [True])


def test_completeness_by_snr_of_an_empty_catalogue_is_nan():
    table = detection.completeness_by_snr([], [])
    assert table["n_sources"].sum() == 0 and table["completeness"].isna().all()


def test_score_detections_on_a_simulated_sample_with_perfect_detections():
    sample = make_sky_images(30, seed=0)
    cat = sample.catalogue
    perfect = cat[["image", "x", "y"]].round()
    scores = detection.score_detections(perfect, cat, sample.n_images)
    assert scores["completeness_all"] == 1.0 and scores["n_false"] == 0
    assert scores["empty_firing_rate"] == 0.0 and scores["purity"] == 1.0


def test_score_detections_requires_snr_and_consistent_image_count():
    sources = frame([[0, 1.0, 1.0]])
    with pytest.raises(ValueError, match="snr"):
        detection.score_detections(frame([]), sources, 2)
    sources["snr"] = 5.0
    with pytest.raises(ValueError, match="n_images"):
        detection.score_detections(frame([[4, 1.0, 1.0]]), sources, 2)


def test_firing_rate_rejects_no_images():
    with pytest.raises(ValueError, match="images"):
        detection.firing_rate(frame([]), [])
    with pytest.raises(TypeError, match="detections"):
        detection.firing_rate([1, 2], [0])


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 12), size=st.integers(2, 6), seed=st.integers(0, 1000))
def test_mosaic_positions_map_back_to_each_tile(n, size, seed):
    rng = np.random.default_rng(seed)
    images = rng.normal(size=(n, size, size))
    ncols = int(np.ceil(np.sqrt(n)))
    mosaic = detection.to_mosaic(images, ncols)
    k, y, x = rng.integers(0, n), rng.integers(0, size), rng.integers(0, size)
    row, col = k // ncols, k % ncols
    back = detection.from_mosaic([col * size + x], [row * size + y], size, ncols)
    assert back.values.tolist() == [[k, x, y]]
    assert mosaic[row * size + y, col * size + x] == images[k, y, x]


def test_from_mosaic_rejects_mismatched_or_negative_positions():
    with pytest.raises(ValueError, match="same length"):
        detection.from_mosaic([1.0, 2.0], [1.0], 4, 2)
    with pytest.raises(ValueError, match="non-negative"):
        detection.from_mosaic([-1.0], [1.0], 4, 2)
