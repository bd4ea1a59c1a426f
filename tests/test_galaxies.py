"""helpers.galaxies: the synthetic galaxy images."""

from __future__ import annotations

import numpy as np
import pytest
from astropy.modeling.models import Sersic2D
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.galaxies import GALAXY_CLASSES, make_galaxies, sersic_bn, sersic_profile


def test_sersic_profile_matches_astropy_sersic2d():
    y, x = np.mgrid[0:21, 0:21]
    for n in (0.5, 1.0, 4.0):
        model = Sersic2D(amplitude=1.0, r_eff=4.0, n=n, x_0=10, y_0=10, ellip=0, theta=0)
        ours = sersic_profile(np.hypot(x - 10, y - 10), 4.0, n)
        np.testing.assert_allclose(ours, model(x, y), rtol=1e-6)


def test_sersic_bn_rejects_non_positive_index():
    with pytest.raises(ValueError, match=r"n \(the Sérsic index\) must be"):
        sersic_bn(0.0)


def test_sersic_profile_rejects_negative_radius_and_bad_effective_radius():
    with pytest.raises(ValueError, match="r must be"):
        sersic_profile(-1.0, 1.0, 4)
    with pytest.raises(ValueError, match="r_e must be > 0"):
        sersic_profile(1.0, 0.0, 4)


def test_same_seed_gives_same_images_and_other_seed_differs():
    a, la = make_galaxies(12, seed=5, noise=0.1)
    b, lb = make_galaxies(12, seed=5, noise=0.1)
    c, _ = make_galaxies(12, seed=6, noise=0.1)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert not np.array_equal(a, c)


def test_clean_images_peak_at_one_and_are_non_negative():
    images, _ = make_galaxies(9, seed=0)
    np.testing.assert_allclose(images.max(axis=(1, 2)), 1.0, rtol=1e-6)
    assert images.min() >= 0


def test_noise_has_the_requested_standard_deviation():
    clean, _ = make_galaxies(200, seed=1)
    noisy, _ = make_galaxies(200, seed=1, noise=0.2)
    assert np.std(noisy - clean) == pytest.approx(0.2, rel=0.02)


def test_psf_blurring_lowers_the_contrast_of_ellipticals():
    sharp, labels = make_galaxies(30, seed=2, classes=("elliptical",))
    blurred, _ = make_galaxies(30, seed=2, psf_sigma=2.0, classes=("elliptical",))
    assert set(labels.tolist()) == {0}
    assert blurred.mean() > sharp.mean()  # the same peak of 1, light spread wider


def test_classes_subset_keeps_labels_indexing_all_classes():
    _, labels = make_galaxies(10, seed=0, classes=("barred_spiral",))
    assert set(labels.tolist()) == {GALAXY_CLASSES.index("barred_spiral")}


def test_spirals_are_less_centrally_concentrated_than_ellipticals():
    images, labels = make_galaxies(300, seed=3)
    size = images.shape[-1]
    c = size // 2
    centre = images[:, c - 2 : c + 2, c - 2 : c + 2].sum(axis=(1, 2)) / images.sum(axis=(1, 2))
    assert centre[labels == 0].mean() > 1.5 * centre[labels == 1].mean()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n": 0}, ValueError, "n must be >= 1"),
        ({"n": 2.5}, TypeError, "n must be an integer"),
        ({"n": 4, "size": 4}, ValueError, "size must be >= 8"),
        ({"n": 4, "noise": -0.1}, ValueError, "noise must be >= 0"),
        ({"n": 4, "psf_sigma": 100.0}, ValueError, "psf_sigma must be <="),
        ({"n": 4, "seed": -1}, ValueError, "seed must be >= 0"),
        ({"n": 4, "classes": ("lenticular",)}, ValueError, "classes holds unknown class"),
        ({"n": 4, "classes": "spiral"}, TypeError, "classes must be"),
    ],
)
def test_make_galaxies_rejects_bad_arguments_with_the_parameter_name(kwargs, error, message):
    with pytest.raises(error, match=message):
        make_galaxies(**kwargs)


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(1, 20),
    size=st.integers(8, 48),
    noise=st.floats(0, 0.5),
    seed=st.integers(0, 2**31),
)
def test_any_valid_request_gives_balanced_finite_images(n, size, noise, seed):
    images, labels = make_galaxies(n, size=size, noise=noise, seed=seed)
    assert images.shape == (n, size, size) and images.dtype == np.float32
    assert labels.shape == (n,) and np.all(np.isfinite(images))
    counts = np.bincount(labels, minlength=3)
    assert counts.max() - counts.min() <= 1
