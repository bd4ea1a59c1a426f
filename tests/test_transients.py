"""helpers.transients: reference/science pairs with transients, and the exact Gaussian PSF."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.transients import (
    TransientPairs,
    convolve_gaussian,
    make_transient_pairs,
    transient_snr,
)

# --- convolve_gaussian ---------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    sigma=st.floats(0.0, 4.0),
    dx=st.floats(-3.0, 3.0),
    dy=st.floats(-3.0, 3.0),
)
def test_gaussian_convolution_conserves_flux_for_any_width_and_shift(seed, sigma, dx, dy):
    images = np.random.default_rng(seed).uniform(0.0, 5.0, (2, 17, 20))
    out = convolve_gaussian(images, sigma, shift=(dx, dy))
    np.testing.assert_allclose(out.sum(axis=(1, 2)), images.sum(axis=(1, 2)), rtol=1e-10)


@settings(max_examples=25, deadline=None)
@given(s1=st.floats(0.8, 2.5), s2=st.floats(0.0, 2.5))
def test_two_gaussian_convolutions_add_their_widths_in_quadrature(s1, s2):
    """The identity PSF matching rests on: G(s1) * G(s2) = G(sqrt(s1^2 + s2^2))."""
    image = np.zeros((41, 41))
    image[20, 20] = 1.0
    twice = convolve_gaussian(convolve_gaussian(image, s1), s2)
    once = convolve_gaussian(image, math.hypot(s1, s2))
    np.testing.assert_allclose(twice, once, atol=1e-12)


def test_gaussian_convolution_has_the_requested_width():
    image = np.zeros((61, 61))
    image[30, 30] = 1.0
    blurred = convolve_gaussian(image, 2.0)
    _, x = np.mgrid[0:61, 0:61]
    variance_x = float((blurred * (x - 30) ** 2).sum())
    assert variance_x == pytest.approx(4.0, rel=1e-6)


def test_integer_shift_moves_the_content_by_whole_pixels_and_per_image_shifts_differ():
    images = np.zeros((2, 16, 16))
    images[:, 5, 5] = 1.0
    moved = convolve_gaussian(images, 0.0, shift=[[2.0, 0.0], [0.0, -3.0]])
    assert np.unravel_index(np.argmax(moved[0]), (16, 16)) == (5, 7)
    assert np.unravel_index(np.argmax(moved[1]), (16, 16)) == (2, 5)
    np.testing.assert_allclose(moved[0, 5, 7], 1.0, atol=1e-12)


def test_zero_width_without_shift_returns_the_images_unchanged():
    images = np.random.default_rng(0).normal(size=(3, 8, 9))
    np.testing.assert_allclose(convolve_gaussian(images, 0.0), images, atol=1e-12)
    np.testing.assert_allclose(convolve_gaussian(images[0], [0.0][0]), images[0], atol=1e-12)


def test_per_image_widths_blur_each_image_by_its_own_psf():
    images = np.zeros((2, 31, 31))
    images[:, 15, 15] = 1.0
    out = convolve_gaussian(images, np.array([1.0, 2.0]))
    np.testing.assert_allclose(out[0], convolve_gaussian(images[0], 1.0), atol=1e-12)
    np.testing.assert_allclose(out[1], convolve_gaussian(images[1], 2.0), atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"images": np.zeros(5), "sigma": 1.0}, ValueError, "images must have 2 or 3"),
        ({"images": "abc", "sigma": 1.0}, TypeError, "images must be a numeric array"),
        ({"images": np.zeros((4, 4)), "sigma": -1.0}, ValueError, "sigma must be >= 0"),
        ({"images": np.zeros((2, 4, 4)), "sigma": [1.0, 1.0, 1.0]}, ValueError, "one width"),
        ({"images": np.zeros((4, 4)), "sigma": 1.0, "shift": (1, 2, 3)}, ValueError, "shift"),
        ({"images": np.full((4, 4), np.nan), "sigma": 1.0}, ValueError, "finite"),
    ],
)
def test_convolve_gaussian_rejects_bad_input_naming_the_parameter(kwargs, error, match):
    with pytest.raises(error, match=match):
        convolve_gaussian(**kwargs)


# --- transient_snr -------------------------------------------------------------------------


def test_transient_snr_is_the_matched_filter_formula_and_broadcasts_psf_widths():
    assert transient_snr(100.0, 1.5, 1.0) == pytest.approx(100 / (math.sqrt(4 * math.pi) * 1.5))
    snr = transient_snr(np.array([10.0, 10.0]), np.array([1.0, 2.0]), 0.5)
    np.testing.assert_allclose(snr, 10 / (0.5 * math.sqrt(4 * math.pi) * np.array([1.0, 2.0])))


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((10.0, 0.0, 1.0), ValueError, "psf_sigma must be > 0"),
        ((10.0, 1.0, 0.0), ValueError, "noise_sigma must be > 0"),
        ((np.nan, 1.0, 1.0), ValueError, "flux must be finite"),
        (("ten", 1.0, 1.0), TypeError, "flux must be a numeric array"),
    ],
)
def test_transient_snr_rejects_bad_input_naming_the_parameter(args, error, match):
    with pytest.raises(error, match=match):
        transient_snr(*args)


# --- make_transient_pairs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pairs() -> TransientPairs:
    return make_transient_pairs(120, seed=7)


def test_pairs_have_the_requested_shapes_dtypes_and_number_of_transients(pairs):
    for name in ("reference", "science", "clean_reference", "clean_science", "transient"):
        array = getattr(pairs, name)
        assert array.shape == (120, 32, 32) and array.dtype == np.float32, name
    assert pairs.n_pairs == 120 and pairs.size == 32
    assert pairs.has_transient.sum() == 60 == len(pairs.catalogue)
    assert pairs.catalogue["on_galaxy"].sum() == 30
    assert pairs.psf_ref.shape == pairs.psf_sci.shape == (120,) and pairs.shift.shape == (120, 2)


def test_same_seed_gives_the_same_pairs_and_another_seed_differs():
    a = make_transient_pairs(10, seed=3)
    b = make_transient_pairs(10, seed=3)
    c = make_transient_pairs(10, seed=4)
    np.testing.assert_array_equal(a.science, b.science)
    np.testing.assert_array_equal(a.reference, b.reference)
    assert a.catalogue.equals(b.catalogue) and a.galaxies.equals(b.galaxies)
    assert not np.array_equal(a.science, c.science)


def test_noise_has_the_requested_sigma_in_each_image(pairs):
    residual_ref = pairs.reference - pairs.clean_reference
    residual_sci = pairs.science - pairs.clean_science
    assert residual_ref.std() == pytest.approx(0.5, rel=0.02)
    assert residual_sci.std() == pytest.approx(1.0, rel=0.02)
    assert abs(np.corrcoef(residual_ref.ravel(), residual_sci.ravel())[0, 1]) < 0.02


def test_transients_lie_in_the_footprint_with_snr_in_range_and_follow_the_formula(pairs):
    cat, m = pairs.catalogue, pairs.margin
    assert cat[["x", "y"]].ge(m).all().all() and cat[["x", "y"]].le(31 - m).all().all()
    assert cat["snr"].between(3.0, 40.0).all()
    expected = transient_snr(cat["flux"].to_numpy(), pairs.psf_sci[cat["image"]], 1.0)
    np.testing.assert_allclose(cat["snr"], expected)


def test_images_without_a_transient_have_an_empty_transient_map(pairs):
    assert np.all(pairs.transient[~pairs.has_transient] == 0)
    assert np.all(pairs.transient[pairs.has_transient].max(axis=(1, 2)) > 0)


def test_transient_map_peaks_at_the_catalogue_position(pairs):
    for row in pairs.catalogue.itertuples():
        y, x = np.unravel_index(np.argmax(pairs.transient[row.image]), (32, 32))
        assert abs(x - row.x) <= 0.5 + 1e-9 and abs(y - row.y) <= 0.5 + 1e-9


def test_transients_on_galaxies_sit_on_host_light_and_the_others_mostly_do_not(pairs):
    cat = pairs.catalogue
    host = cat[cat["on_galaxy"]]
    field = cat[~cat["on_galaxy"]]
    assert (host["host_brightness"] > 0.05).all()
    assert host["host_brightness"].median() > 3 * field["host_brightness"].median()
    for row in host.itertuples():
        galaxies = pairs.galaxies[pairs.galaxies["image"] == row.image]
        distance = np.hypot(galaxies["x"] - row.x, galaxies["y"] - row.y).min()
        assert distance < 12.0  # within the host's stamp (galaxy_size / 2)


def test_galaxy_and_star_counts_follow_the_requested_ranges(pairs):
    per_image = pairs.galaxies.groupby("image").size().reindex(range(120), fill_value=0)
    assert per_image.between(1, 2).all()
    stars = pairs.stars.groupby("image").size().reindex(range(120), fill_value=0)
    assert stars.between(0, 2).all() and stars.sum() > 0
    assert set(pairs.galaxies["morphology"]) <= {"elliptical", "spiral", "barred_spiral"}


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**16), psf=st.floats(1.0, 2.5))
def test_noiseless_difference_with_equal_psfs_and_no_shift_is_exactly_the_transient(seed, psf):
    pairs = make_transient_pairs(
        6,
        psf_sigma_range=(psf, psf),
        shift_range=(0.0, 0.0),
        transient_fraction=1.0,
        add_noise=False,
        seed=seed,
    )
    difference = pairs.science.astype(float) - pairs.reference
    np.testing.assert_allclose(difference, pairs.transient, atol=1e-3)
    # the injected flux is recovered, less the part of the PSF that falls beyond the frame
    # (a transient 4 px from the edge loses up to 4% of a sigma = 2.5 px PSF)
    cat = pairs.catalogue
    size = pairs.science.shape[-1]

    def inside(centre):
        lo, hi = (
            (-0.5 - centre) / (psf * math.sqrt(2)),
            (size - 0.5 - centre) / (psf * math.sqrt(2)),
        )
        return 0.5 * (np.vectorize(math.erf)(hi) - np.vectorize(math.erf)(lo))

    expected = cat["flux"] * inside(cat["x"].to_numpy()) * inside(cat["y"].to_numpy())
    recovered = difference.sum(axis=(1, 2))[cat["image"]]
    np.testing.assert_allclose(recovered, expected, rtol=0.01)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_psf_matching_the_noiseless_pair_leaves_only_the_transient_in_the_interior(seed):
    """Convolve the sharper image by sqrt(broad^2 - sharp^2): the static field cancels."""
    pairs = make_transient_pairs(
        8, shift_range=(0.0, 0.0), transient_fraction=1.0, add_noise=False, seed=seed
    )
    inner = (slice(None), slice(10, 22), slice(10, 22))
    for i in range(pairs.n_pairs):
        ref, sci = pairs.clean_reference[i].astype(float), pairs.clean_science[i].astype(float)
        sr, ss = pairs.psf_ref[i], pairs.psf_sci[i]
        kernel = math.sqrt(abs(sr**2 - ss**2))
        big = max(float(np.abs(ref).max()), 1.0)
        if ss < sr:
            diff = convolve_gaussian(sci, kernel) - ref
            expected = convolve_gaussian(pairs.transient[i].astype(float), kernel)
        else:
            diff = sci - convolve_gaussian(ref, kernel)
            expected = pairs.transient[i]
        residual = (diff - expected)[None][inner]
        assert np.abs(residual).max() < 2e-3 * big, (i, sr, ss)


def test_science_image_shows_the_field_moved_by_the_recorded_shift():
    pairs = make_transient_pairs(
        6,
        psf_sigma_range=(1.5, 1.5),
        shift_range=(0.7, 0.7),
        transient_fraction=0.0,
        add_noise=False,
        seed=11,
    )
    assert np.hypot(*pairs.shift.T) == pytest.approx(0.7)
    # shifting the cropped reference (periodic edges ring a little) reproduces the science image
    moved = convolve_gaussian(pairs.clean_reference.astype(float), 0.0, shift=pairs.shift)
    inner = (slice(None), slice(6, 26), slice(6, 26))
    scale = np.abs(pairs.clean_reference).max()
    assert np.abs(moved - pairs.clean_science)[inner].max() < 1e-2 * scale
    unmoved = np.abs(pairs.clean_reference - pairs.clean_science)[inner].max()
    assert unmoved > 0.05 * scale  # the misalignment is really there


def test_transient_free_pairs_and_empty_fields_are_possible():
    empty = make_transient_pairs(
        5,
        transient_fraction=0.0,
        galaxies_per_image=(0, 0),
        stars_per_image=(0, 0),
        add_noise=False,
        seed=0,
    )
    assert len(empty.catalogue) == 0 and len(empty.galaxies) == 0 and len(empty.stars) == 0
    assert np.all(empty.science == 0) and np.all(empty.reference == 0)
    assert not empty.has_transient.any()


def test_host_transients_get_a_galaxy_even_when_fields_may_have_none():
    pairs = make_transient_pairs(
        20, galaxies_per_image=(0, 0), transient_fraction=1.0, host_fraction=1.0, seed=2
    )
    assert pairs.galaxies["image"].nunique() == 20
    assert pairs.catalogue["on_galaxy"].all()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0}, ValueError, "n must be >= 1"),
        ({"n": 2.5}, TypeError, "n must be an integer"),
        ({"size": 8}, ValueError, "size must be >= 16"),
        ({"psf_sigma_range": (2.0, 1.0)}, ValueError, r"psf_sigma_range\[1\]"),
        ({"psf_sigma_range": (0.0, 1.0)}, ValueError, r"psf_sigma_range\[0\] must be > 0"),
        ({"psf_sigma_range": 1.5}, TypeError, "psf_sigma_range must be a"),
        ({"noise_ref": 0.0}, ValueError, "noise_ref must be > 0"),
        ({"noise_sci": -1.0}, ValueError, "noise_sci must be > 0"),
        ({"shift_range": (0.0, 20.0)}, ValueError, "shift_range must stay below"),
        ({"shift_range": (-1.0, 0.5)}, ValueError, r"shift_range\[0\] must be >= 0"),
        ({"transient_fraction": 1.5}, ValueError, "transient_fraction must be <= 1"),
        ({"host_fraction": -0.1}, ValueError, "host_fraction must be >= 0"),
        ({"snr_range": (0.0, 10.0)}, ValueError, r"snr_range\[0\] must be > 0"),
        ({"galaxies_per_image": (2, 1)}, ValueError, r"galaxies_per_image\[1\]"),
        ({"galaxies_per_image": 2}, TypeError, "galaxies_per_image must be a"),
        ({"stars_per_image": (0.5, 2)}, TypeError, r"stars_per_image\[0\] must be an integer"),
        ({"galaxy_size": 4}, ValueError, "galaxy_size must be >= 8"),
        ({"galaxy_peak_range": (0.0, 5.0)}, ValueError, r"galaxy_peak_range\[0\]"),
        ({"star_snr_range": (10.0, 5.0)}, ValueError, r"star_snr_range\[1\]"),
        ({"margin": 16}, ValueError, "margin must leave room"),
        ({"margin": -1}, ValueError, "margin must be >= 0"),
        ({"add_noise": "yes"}, TypeError, "add_noise must be True or False"),
        ({"seed": -3}, ValueError, "seed must be >= 0"),
    ],
)
def test_make_transient_pairs_rejects_bad_input_naming_the_parameter(kwargs, error, match):
    arguments = {"n": 4, **kwargs}
    with pytest.raises(error, match=match):
        make_transient_pairs(**arguments)
