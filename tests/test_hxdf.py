"""helpers.hxdf: the Hubble eXtreme Deep Field from scikit-image, its galaxies and cut-outs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import galaxies, hxdf


@pytest.fixture(scope="module")
def field():
    return hxdf.load_hubble_deep_field()


def test_load_returns_one_band_in_unit_range_and_bands_differ(field):
    red = hxdf.load_hubble_deep_field("red")
    blue = hxdf.load_hubble_deep_field("blue")
    assert field.shape == red.shape == (872, 1000)
    assert 0.0 <= field.min() and field.max() <= 1.0
    assert not np.allclose(red, blue)
    np.testing.assert_allclose(
        field, (red + blue + hxdf.load_hubble_deep_field("green")) / 3, atol=1e-6
    )


def test_load_rejects_an_unknown_band():
    with pytest.raises(ValueError, match="band must be one of"):
        hxdf.load_hubble_deep_field("ultraviolet")
    with pytest.raises(TypeError, match="band"):
        hxdf.load_hubble_deep_field(3)


def test_find_galaxies_recovers_injected_galaxies_on_a_flat_noisy_sky():
    rng = np.random.default_rng(0)
    sky = rng.normal(0.1, 0.01, (200, 200))
    stamps, _ = galaxies.make_galaxies(2, size=32, seed=3, classes=("elliptical",))
    sky[40:72, 40:72] += 0.5 * stamps[0]
    sky[120:152, 130:162] += 0.5 * stamps[1]
    table = hxdf.find_galaxies(sky, threshold=3.0, min_area=10, background_box=128)
    assert len(table) == 2
    centres = sorted(zip(table.x.round(), table.y.round(), strict=True))
    assert abs(centres[0][0] - 55.5) < 3 and abs(centres[1][1] - 135.5) < 3
    assert (table.r_half > 1).all()


def test_find_galaxies_returns_an_empty_table_for_pure_noise():
    noise = np.random.default_rng(1).normal(0.0, 1.0, (100, 100))
    table = hxdf.find_galaxies(noise, threshold=8.0)
    assert len(table) == 0 and "r_half" in table.columns


@pytest.mark.parametrize(
    ("kwargs", "error", "word"),
    [
        ({"image": np.zeros(10)}, ValueError, "dimension"),
        ({"image": np.full((50, 50), np.nan)}, ValueError, "finite"),
        ({"image": "sky.fits"}, TypeError, "image"),
        ({"image": np.zeros((50, 50)), "threshold": 0}, ValueError, "threshold"),
        ({"image": np.zeros((50, 50)), "min_area": 2.5}, TypeError, "min_area"),
    ],
)
def test_find_galaxies_rejects_bad_input_naming_the_parameter(kwargs, error, word):
    with pytest.raises(error, match=word):
        hxdf.find_galaxies(**kwargs)


def test_cutouts_are_prepared_like_the_simulated_images(field):
    table = hxdf.find_galaxies(field).head(20)
    cutouts, kept = hxdf.galaxy_cutouts(field, table, size=32)
    assert cutouts.shape == (len(kept), 32, 32) and cutouts.dtype == np.float32
    np.testing.assert_allclose(cutouts.max(axis=(1, 2)), 1.0)
    assert (kept.box >= 32).all() and len(kept) >= 10
    # the galaxy is in the middle of its frame, as in make_galaxies
    centre = cutouts[:, 12:20, 12:20].mean()
    assert centre > 3 * cutouts[:, :4, :4].mean()


def test_cutouts_skip_sources_whose_box_leaves_the_image(field):
    edge = pd.DataFrame({"x": [2.0, 500.0], "y": [2.0, 400.0], "r_half": [5.0, 5.0]})
    cutouts, kept = hxdf.galaxy_cutouts(field, edge)
    assert len(kept) == len(cutouts) == 1 and kept.x[0] == 500.0


def test_cutouts_reject_a_table_without_positions(field):
    with pytest.raises(ValueError, match="r_half"):
        hxdf.galaxy_cutouts(field, pd.DataFrame({"x": [1.0], "y": [1.0]}))
    with pytest.raises(TypeError, match="DataFrame"):
        hxdf.galaxy_cutouts(field, {"x": [1.0]})
