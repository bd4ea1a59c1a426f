"""Tests for helpers.detection: peaks and plateaus, completeness, firing rate, mosaics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import detection


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


def test_firing_rate_rejects_no_images():
    with pytest.raises(ValueError, match="images"):
        detection.firing_rate(frame([]), [])
    with pytest.raises(TypeError, match="detections"):
        detection.firing_rate([1, 2], [0])


# --- regression tests for issue 18 ("detection helpers coerce silently") ---------------------


def test_find_local_maxima_returns_one_peak_per_flat_plateau_at_its_centroid():
    images = np.zeros((2, 9, 9))
    images[0, 2:4, 2:4] = 4.0  # a 2x2 plateau
    images[0, 6, 5:8] = 3.0  # a 1x3 plateau
    images[1, 4, 4] = 2.0  # an isolated peak
    found = detection.find_local_maxima(images, 1.0)
    assert found[["image", "x", "y", "value"]].values.tolist() == [
        [0, 2.5, 2.5, 4.0],
        [0, 6.0, 6.0, 3.0],
        [1, 4.0, 4.0, 2.0],
    ]


def test_find_local_maxima_on_a_flat_image_gives_one_peak_not_every_pixel():
    found = detection.find_local_maxima(np.full((3, 8, 8), 5.0), 1.0, margin=2)
    assert len(found) == 3 and found["image"].tolist() == [0, 1, 2]
    assert found[["x", "y"]].values.tolist() == [[3.5, 3.5]] * 3


def test_plateaus_in_neighbouring_images_are_never_merged():
    images = np.zeros((2, 5, 5))
    images[:, 2, 2] = 1.0  # the same pixel in two images of the stack
    assert detection.find_local_maxima(images, 0.5)["image"].tolist() == [0, 1]


def test_a_plateau_next_to_a_higher_pixel_is_no_peak():
    image = np.zeros((7, 7))
    image[3, 2:5] = 2.0
    image[3, 5] = 3.0  # the plateau's neighbour is higher: only this pixel is a peak
    found = detection.find_local_maxima(image, 1.0)
    assert found[["x", "y", "value"]].values.tolist() == [[5.0, 3.0, 3.0]]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**16), threshold=st.floats(-1.0, 3.0), levels=st.integers(2, 6))
def test_an_image_has_a_peak_above_t_exactly_when_its_highest_peak_exceeds_t(
    seed, threshold, levels
):
    # quantised noise has many ties (plateaus): the calibration property must still hold
    rng = np.random.default_rng(seed)
    images = np.round(rng.normal(size=(20, 10, 10)) * levels) / levels
    highest = detection.highest_peaks(images, margin=1)
    found = detection.find_local_maxima(images, threshold, margin=1)
    fires = np.zeros(20, dtype=bool)
    fires[found["image"].to_numpy()] = True
    assert fires.tolist() == (highest > threshold).tolist()
    per_image = found.groupby("image")["value"].max()
    assert np.allclose(per_image.to_numpy(), highest[per_image.index.to_numpy()])


@pytest.mark.parametrize(
    ("found", "error", "word"),
    [
        (["False", "True"], TypeError, "strings"),
        ([np.nan, 1.0], TypeError, "NaN"),
        ([0.3, 1.0], TypeError, "fractions"),
        ([1.0, 0.0], TypeError, "booleans"),
        ([2, 0], ValueError, "0/1"),
        ([None, True], TypeError, "booleans"),
        ("True", TypeError, "booleans"),
    ],
)
def test_completeness_by_snr_refuses_found_flags_that_are_not_booleans(found, error, word):
    with pytest.raises(error, match=word):
        detection.completeness_by_snr([3.0, 5.0], found)


def test_completeness_by_snr_accepts_booleans_and_documented_zero_one_integers():
    as_bool = detection.completeness_by_snr([3.0, 5.0, 5.5], [True, False, True])
    as_int = detection.completeness_by_snr([3.0, 5.0, 5.5], np.array([1, 0, 1]))
    pd.testing.assert_frame_equal(as_bool, as_int)
    assert as_bool["n_found"].tolist()[:2] == [1, 1]


@pytest.mark.parametrize(
    ("images", "error", "word"),
    [
        (np.array([True, False, True, False]), TypeError, "boolean mask"),
        ([0.5, 1.7], ValueError, "whole-number"),
        ([-1, 2], ValueError, ">= 0"),
        (["0", "1"], TypeError, "integers"),
        (np.zeros((2, 2), dtype=int), ValueError, "1-D"),
    ],
)
def test_firing_rate_refuses_a_boolean_mask_and_non_index_images(images, error, word):
    with pytest.raises(error, match=word):
        detection.firing_rate(pd.DataFrame({"image": [0, 2]}), images)


def test_firing_rate_reads_indices_and_whole_number_floats_alike():
    detections = pd.DataFrame({"image": [0, 0, 3]})
    assert detection.firing_rate(detections, [0, 1, 2, 3]) == 0.5
    assert detection.firing_rate(detections, np.array([0.0, 1.0, 2.0, 3.0])) == 0.5
    assert detection.firing_rate(detections, np.flatnonzero([True, True, False, False])) == 0.5
    with pytest.raises(TypeError, match="image"):
        detection.firing_rate(pd.DataFrame({"image": ["a"]}), [0])


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 12), size=st.integers(2, 6), seed=st.integers(0, 1000))
def test_mosaic_positions_map_back_to_each_tile(n, size, seed):
    rng = np.random.default_rng(seed)
    images = rng.normal(size=(n, size, size))
    ncols = int(np.ceil(np.sqrt(n)))
    mosaic = detection.to_mosaic(images, ncols)
    k, y, x = rng.integers(0, n), rng.integers(0, size), rng.integers(0, size)
    row, col = k // ncols, k % ncols
    back = detection.from_mosaic([col * size + x], [row * size + y], size, ncols, n)
    assert back.values.tolist() == [[k, x, y]]
    assert mosaic[row * size + y, col * size + x] == images[k, y, x]


def test_from_mosaic_refuses_positions_beyond_the_mosaic_instead_of_wrapping():
    # 3 images of 4 px in 2 columns: the mosaic is 8 px wide and holds tiles 0, 1, 2 (3 is padding)
    with pytest.raises(ValueError, match="x must be < ncols"):
        detection.from_mosaic([9.0], [1.0], size=4, ncols=2, n_images=3)  # would wrap to image 2
    with pytest.raises(ValueError, match="beyond the last"):
        detection.from_mosaic([5.0], [5.0], size=4, ncols=2, n_images=3)  # the padding tile
    with pytest.raises(ValueError, match="beyond the last"):
        detection.from_mosaic([1.0], [12.0], size=4, ncols=2, n_images=3)  # below the mosaic
    assert detection.from_mosaic([1.0], [5.0], 4, 2, 3).values.tolist() == [[2.0, 1.0, 1.0]]


def test_from_mosaic_rejects_mismatched_or_negative_positions():
    with pytest.raises(ValueError, match="same length"):
        detection.from_mosaic([1.0, 2.0], [1.0], 4, 2, 4)
    with pytest.raises(ValueError, match="non-negative"):
        detection.from_mosaic([-1.0], [1.0], 4, 2, 4)


def test_highest_peaks_rejects_an_even_box():
    with pytest.raises(ValueError, match="box_size"):
        detection.highest_peaks(np.zeros((1, 8, 8)), box_size=4)


def test_find_local_maxima_works_on_rectangular_images_but_a_mosaic_needs_square_tiles():
    image = np.zeros((9, 20))
    image[4, 15] = 2.0
    image[6, 10] = 3.0  # 2 pixels from the bottom edge: outside a 4-pixel footprint
    found = detection.find_local_maxima(image, 1.0, margin=4)
    assert found[["x", "y"]].values.tolist() == [[15.0, 4.0]]
    assert detection.highest_peaks(image[None], margin=4).tolist() == [2.0]
    with pytest.raises(ValueError, match="square"):
        detection.to_mosaic(np.zeros((3, 8, 9)))
