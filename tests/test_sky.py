"""Tests for helpers.sky: the sky-image simulator and its FITS round trip."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from astropy.io import fits
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.sky import (
    SkySample,
    default_margin,
    flux_for_snr,
    footprint_mask,
    make_sky_images,
    matched_filter_snr,
    read_sky_fits,
    render_images,
    write_sky_fits,
)


def test_make_sky_images_returns_noisy_clean_and_catalogue_of_the_requested_size():
    sample = make_sky_images(20, size=24, seed=0)
    assert sample.noisy.shape == sample.clean.shape == (20, 24, 24)
    assert sample.noisy.dtype == np.float32
    assert list(sample.catalogue.columns) == ["image", "x", "y", "flux", "snr"]
    assert sample.empty.sum() == 10


def test_make_sky_images_is_reproducible_with_a_seed():
    a = make_sky_images(8, seed=3)
    b = make_sky_images(8, seed=3)
    c = make_sky_images(8, seed=4)
    assert np.array_equal(a.noisy, b.noisy)
    pd.testing.assert_frame_equal(a.catalogue, b.catalogue)
    assert not np.array_equal(a.noisy, c.noisy)


def test_empty_images_hold_no_flux_and_noise_has_the_requested_sigma():
    sample = make_sky_images(200, noise_sigma=2.0, seed=1)
    assert np.all(sample.clean[sample.empty] == 0)
    residual = sample.noisy - sample.clean
    assert residual.std() == pytest.approx(2.0, rel=0.02)


def test_sources_lie_in_the_footprint_and_snr_spans_the_range():
    sample = make_sky_images(400, seed=2, snr_range=(2.0, 20.0))
    cat = sample.catalogue
    m, size = sample.margin, sample.size
    assert cat[["x", "y"]].ge(m).all().all() and cat[["x", "y"]].le(size - 1 - m).all().all()
    assert cat["snr"].min() >= 2.0 and cat["snr"].max() <= 20.0
    assert cat["snr"].min() < 2.5 and cat["snr"].max() > 15.0


def test_catalogue_snr_follows_the_matched_filter_formula():
    sample = make_sky_images(50, psf_sigma=2.0, noise_sigma=0.5, seed=5)
    cat = sample.catalogue
    expected = cat["flux"] / (0.5 * math.sqrt(4 * math.pi) * 2.0)
    np.testing.assert_allclose(cat["snr"], expected)


def test_clean_image_conserves_the_flux_of_a_central_source():
    cat = pd.DataFrame({"image": [0], "x": [15.3], "y": [16.7], "flux": [80.0]})
    sample = render_images(cat, 1, size=32, psf_sigma=1.5, seed=0)
    assert sample.clean.sum() == pytest.approx(80.0, rel=1e-5)
    y, x = np.unravel_index(np.argmax(sample.clean[0]), (32, 32))
    assert (x, y) == (15, 17)


def test_matched_filter_of_the_clean_image_reaches_the_formula_snr():
    from scipy import ndimage

    psf_sigma = 1.5
    cat = pd.DataFrame({"image": [0], "x": [16.0], "y": [16.0], "flux": [60.0]})
    sample = render_images(cat, 1, size=33, psf_sigma=psf_sigma, seed=0)
    yy, xx = np.mgrid[-8:9, -8:9]
    psf = np.exp(-(xx**2 + yy**2) / (2 * psf_sigma**2))
    psf /= psf.sum()
    snr_map = ndimage.convolve(sample.clean[0].astype(float), psf) / np.sqrt((psf**2).sum())
    assert snr_map[16, 16] == pytest.approx(matched_filter_snr(60.0, psf_sigma, 1.0), rel=0.02)


@settings(max_examples=30, deadline=None)
@given(
    snr=st.floats(0.1, 100),
    psf_sigma=st.floats(0.5, 5),
    noise_sigma=st.floats(0.01, 10),
)
def test_flux_for_snr_inverts_matched_filter_snr(snr, psf_sigma, noise_sigma):
    flux = flux_for_snr(snr, psf_sigma, noise_sigma)
    assert matched_filter_snr(flux, psf_sigma, noise_sigma) == pytest.approx(snr)


@settings(max_examples=20, deadline=None)
@given(
    n=st.integers(1, 30),
    size=st.integers(8, 40),
    empty_fraction=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_number_of_empty_images_matches_the_fraction(n, size, empty_fraction, seed):
    sample = make_sky_images(n, size=size, empty_fraction=empty_fraction, seed=seed)
    assert sample.empty.sum() == round(empty_fraction * n)
    assert np.all(sample.n_sources[~sample.empty] >= 1)


def test_footprint_mask_and_default_margin():
    assert default_margin(1.5) == 3
    assert default_margin(2.0) == 4
    mask = footprint_mask(10, 3)
    assert mask.sum() == 16 and mask[3, 3] and not mask[2, 3]


@pytest.mark.parametrize(
    ("kwargs", "error", "word"),
    [
        ({"n_images": 0}, ValueError, "n_images"),
        ({"n_images": 2.5}, TypeError, "n_images"),
        ({"size": 2}, ValueError, "size"),
        ({"psf_sigma": 0.0}, ValueError, "psf_sigma"),
        ({"noise_sigma": -1.0}, ValueError, "noise_sigma"),
        ({"noise_sigma": float("nan")}, ValueError, "noise_sigma"),
        ({"empty_fraction": 1.5}, ValueError, "empty_fraction"),
        ({"sources_per_image": 0.5}, ValueError, "sources_per_image"),
        ({"snr_range": (5.0, 2.0)}, ValueError, "snr_range"),
        ({"snr_range": 5.0}, TypeError, "snr_range"),
        ({"size": 8, "margin": 4}, ValueError, "margin"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_make_sky_images_rejects_bad_arguments(kwargs, error, word):
    with pytest.raises(error, match=word):
        make_sky_images(**{"n_images": 4, **kwargs})


def test_render_images_accepts_an_empty_catalogue():
    cat = pd.DataFrame({"image": [], "x": [], "y": [], "flux": []})
    sample = render_images(cat, 3, size=16, seed=0)
    assert sample.empty.all() and len(sample.catalogue) == 0


@pytest.mark.parametrize(
    ("catalogue", "error", "word"),
    [
        ([[0, 1, 1, 1]], TypeError, "DataFrame"),
        (pd.DataFrame({"image": [0], "x": [1.0], "y": [1.0]}), ValueError, "flux"),
        (pd.DataFrame({"image": [0], "x": [np.nan], "y": [1.0], "flux": [1.0]}), ValueError, "'x'"),
        (pd.DataFrame({"image": [5], "x": [1.0], "y": [1.0], "flux": [1.0]}), ValueError, "image"),
        (pd.DataFrame({"image": [0], "x": [99.0], "y": [1.0], "flux": [1.0]}), ValueError, "'x'"),
    ],
)
def test_render_images_rejects_bad_catalogues(catalogue, error, word):
    with pytest.raises(error, match=word):
        render_images(catalogue, 2, size=16)


def test_fits_round_trip_keeps_images_catalogue_and_header(tmp_path):
    sample = make_sky_images(6, size=16, psf_sigma=1.2, noise_sigma=0.7, seed=9)
    path = write_sky_fits(tmp_path / "sky.fits", sample)
    with fits.open(path) as hdul:
        assert [h.name for h in hdul] == ["PRIMARY", "CLEAN", "CATALOG"]
        assert hdul[0].header["PSFSIG"] == 1.2 and hdul[0].header["NOISESIG"] == 0.7
    back = read_sky_fits(path)
    assert isinstance(back, SkySample)
    assert np.array_equal(back.noisy, sample.noisy) and np.array_equal(back.clean, sample.clean)
    pd.testing.assert_frame_equal(back.catalogue, sample.catalogue, check_dtype=False)
    assert (back.psf_sigma, back.noise_sigma, back.margin) == (1.2, 0.7, sample.margin)


def test_fits_round_trip_of_images_without_sources(tmp_path):
    sample = make_sky_images(3, size=16, empty_fraction=1.0, seed=0)
    back = read_sky_fits(write_sky_fits(tmp_path / "empty.fits", sample))
    assert len(back.catalogue) == 0 and back.empty.all()


def test_write_sky_fits_refuses_to_overwrite_unless_asked(tmp_path):
    sample = make_sky_images(2, size=16, seed=0)
    path = write_sky_fits(tmp_path / "a.fits", sample)
    with pytest.raises(FileExistsError, match="overwrite"):
        write_sky_fits(path, sample)
    write_sky_fits(path, sample, overwrite=True)
    with pytest.raises(TypeError, match="SkySample"):
        write_sky_fits(tmp_path / "b.fits", sample.noisy)


@pytest.mark.parametrize("dropped", ["CLEAN", "CATALOG"])
def test_read_sky_fits_names_a_missing_extension(tmp_path, dropped):
    sample = make_sky_images(2, size=16, seed=0)
    path = write_sky_fits(tmp_path / "sky.fits", sample)
    with fits.open(path) as hdul:
        kept = fits.HDUList([h.copy() for h in hdul if h.name != dropped])
        kept.writeto(tmp_path / "broken.fits")
    with pytest.raises(ValueError, match=dropped):
        read_sky_fits(tmp_path / "broken.fits")


def test_read_sky_fits_reports_missing_header_keyword_and_bad_files(tmp_path):
    sample = make_sky_images(2, size=16, seed=0)
    path = write_sky_fits(tmp_path / "sky.fits", sample)
    with fits.open(path) as hdul:
        del hdul[0].header["PSFSIG"]
        hdul.writeto(tmp_path / "nokey.fits", checksum=True)  # well-formed, keyword missing
    with pytest.raises(ValueError, match="PSFSIG"):
        read_sky_fits(tmp_path / "nokey.fits")
    (tmp_path / "text.fits").write_text("not a fits file")
    with pytest.raises(ValueError, match="FITS"):
        read_sky_fits(tmp_path / "text.fits")
    with pytest.raises(FileNotFoundError):
        read_sky_fits(tmp_path / "missing.fits")


# --------------------------------------------------------------------------- files (issue 18)
def test_write_sky_fits_refuses_a_string_for_overwrite_and_keeps_the_file(tmp_path):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(2, size=16, seed=0))
    before = path.read_bytes()
    with pytest.raises(TypeError, match="overwrite must be True or False"):
        write_sky_fits(path, make_sky_images(2, size=16, seed=1), overwrite="no")
    assert path.read_bytes() == before


def test_a_failed_write_leaves_no_temporary_file_and_the_old_file_intact(tmp_path, monkeypatch):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(2, size=16, seed=0))
    before = path.read_bytes()

    def half_then_fail(self, name, **kwargs):
        Path(name).write_bytes(b"SIMPLE  = half a file")
        raise OSError("disk full")

    monkeypatch.setattr(fits.HDUList, "writeto", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        write_sky_fits(path, make_sky_images(2, size=16, seed=1), overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sky.fits"]
    assert path.read_bytes() == before


def test_temporary_names_are_unique_and_leftovers_of_killed_writes_are_removed(
    tmp_path, monkeypatch
):
    import os
    import time

    leftover = tmp_path / ".sky.fits.killed.tmp.fits"
    leftover.write_bytes(b"x" * 1000)
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    seen = []
    real = fits.HDUList.writeto

    def recording(self, name, **kwargs):
        seen.append(Path(name).name)
        return real(self, name, **kwargs)

    monkeypatch.setattr(fits.HDUList, "writeto", recording)
    sample = make_sky_images(2, size=16, seed=0)
    write_sky_fits(tmp_path / "sky.fits", sample)
    write_sky_fits(tmp_path / "sky.fits", sample, overwrite=True)
    assert len(set(seen)) == 2, f"two writes used the same temporary name: {seen}"
    assert not leftover.exists(), "the killed write's temporary file was not removed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sky.fits"]


def test_fits_gz_is_written_compressed_and_reads_back(tmp_path):
    sample = make_sky_images(3, size=16, seed=0)
    path = write_sky_fits(tmp_path / "sky.fits.gz", sample)
    assert path.read_bytes()[:2] == b"\x1f\x8b", "a .fits.gz file must be gzip-compressed"
    back = read_sky_fits(path)
    np.testing.assert_array_equal(back.noisy, sample.noisy)


def test_write_sky_fits_rejects_what_its_reader_would_reject(tmp_path):
    sample = make_sky_images(2, size=16, seed=0)
    flat = dataclasses.replace(sample, noisy=sample.noisy[0], clean=sample.clean[0])
    with pytest.raises(ValueError, match=r"sample.noisy must be a cube"):
        write_sky_fits(tmp_path / "a.fits", flat)
    no_snr = dataclasses.replace(sample, catalogue=sample.catalogue.drop(columns="snr"))
    with pytest.raises(ValueError, match="snr"):
        write_sky_fits(tmp_path / "b.fits", no_snr)
    with pytest.raises(ValueError, match="path must end in one of"):
        write_sky_fits(tmp_path / "c.txt", sample)
    assert not list(tmp_path.iterdir())


def test_read_sky_fits_says_a_truncated_file_is_truncated(tmp_path):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(4, size=32, seed=0))
    data = path.read_bytes()
    blocks = len(data) // 2880
    for cut in (len(data) // 2, 2880 + 100, 2880 * (blocks // 2), len(data) - 2880):
        (tmp_path / "cut.fits").write_bytes(data[:cut])
        with pytest.raises(ValueError, match="truncated or damaged"):
            read_sky_fits(tmp_path / "cut.fits")


def test_read_sky_fits_detects_a_flipped_byte_by_its_checksum(tmp_path):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(4, size=32, seed=0))
    data = bytearray(path.read_bytes())
    data[2880 + 1000] ^= 0x01  # one bit inside the noisy cube
    (tmp_path / "flip.fits").write_bytes(bytes(data))
    with pytest.raises(ValueError, match="checksums do not match"):
        read_sky_fits(tmp_path / "flip.fits")


def test_read_sky_fits_rejects_a_file_without_checksums(tmp_path):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(2, size=16, seed=0))
    with fits.open(path) as hdul:
        for hdu in hdul:
            del hdu.header["CHECKSUM"]
            del hdu.header["DATASUM"]
        hdul.writeto(tmp_path / "plain.fits")
    with pytest.raises(ValueError, match="no FITS checksum"):
        read_sky_fits(tmp_path / "plain.fits")


@pytest.mark.parametrize(
    ("column", "value", "word"),
    [("X", np.nan, "'x'"), ("Y", np.inf, "'y'"), ("IMAGE", 99, "'image'"), ("SNR", np.nan, "snr")],
)
def test_read_sky_fits_rejects_catalogue_rows_that_do_not_fit_the_images(
    tmp_path, column, value, word
):
    path = write_sky_fits(tmp_path / "sky.fits", make_sky_images(2, size=16, seed=0))
    with fits.open(path) as hdul:
        hdul["CATALOG"].data[column][0] = value
        hdul.writeto(tmp_path / "bad.fits", checksum=True)
    with pytest.raises(ValueError, match=word):
        read_sky_fits(tmp_path / "bad.fits")


def test_fits_paths_expand_the_home_folder_and_refuse_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    sample = make_sky_images(2, size=16, seed=0)
    written = write_sky_fits("~/sky.fits", sample)
    assert written == tmp_path / "sky.fits" and written.is_file()
    assert read_sky_fits("~/sky.fits").n_images == 2
    (tmp_path / "folder.fits").mkdir()
    with pytest.raises(ValueError, match="folder"):
        read_sky_fits(tmp_path / "folder.fits")
    with pytest.raises(ValueError, match="folder"):
        write_sky_fits(tmp_path / "folder.fits", sample, overwrite=True)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_any_simulated_sample_round_trips_through_fits(seed, n_images):
    import tempfile

    sample = make_sky_images(n_images, size=16, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        back = read_sky_fits(write_sky_fits(Path(tmp) / "s.fits", sample))
    np.testing.assert_array_equal(back.noisy, sample.noisy)
    np.testing.assert_array_equal(back.clean, sample.clean)
    pd.testing.assert_frame_equal(
        back.catalogue.reset_index(drop=True),
        sample.catalogue.reset_index(drop=True).astype(back.catalogue.dtypes.to_dict()),
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2), st.floats(6.0, 25.0), st.floats(6.0, 25.0), st.floats(1.0, 500.0)
        ),
        min_size=0,
        max_size=6,
    ),
    st.floats(0.8, 1.5),
)
def test_rendering_conserves_each_image_s_total_flux(sources, psf_sigma):
    """Sources at least 4 PSF widths from the edges keep all but ~1e-4 of their flux."""
    catalogue = pd.DataFrame(sources, columns=["image", "x", "y", "flux"])
    sample = render_images(catalogue, 3, size=32, psf_sigma=psf_sigma, margin=0, seed=0)
    expected = np.bincount(catalogue["image"].astype(int), catalogue["flux"], minlength=3)
    np.testing.assert_allclose(sample.clean.sum(axis=(1, 2)), expected, rtol=1e-3, atol=1e-3)
