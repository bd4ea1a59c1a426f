"""Simulated sky images for source finding: point sources in white Gaussian noise.

The model is the textbook detection problem. Each image is ``size x size`` pixels of white
Gaussian noise of standard deviation :math:`\\sigma_n` (background already subtracted), on
which point sources are drawn with a circular Gaussian PSF of width :math:`\\sigma_{psf}`
(pixels), integrated exactly over each pixel so a source of flux :math:`F` puts exactly
:math:`F` into the (infinite) image. For such a source the matched filter (the image
convolved with the PSF) reaches the signal-to-noise ratio

.. math:: S/N = \\frac{F}{\\sigma_n \\sqrt{4\\pi}\\,\\sigma_{psf}},

the best any detector of an isolated source of known PSF can do. The simulator draws each
source's S/N log-uniformly in ``snr_range`` and sets its flux from this formula, so the
catalogue gives every source its matched-filter S/N.

Sources are placed uniformly in the *footprint*: pixel coordinates from ``margin`` to
``size - 1 - margin`` on both axes (``margin`` defaults to :math:`\\lceil 2\\sigma_{psf}\\rceil`),
so every source is well inside its image. A fraction of the images (default half) is empty;
the others hold ``1 + Poisson(sources_per_image - 1)`` sources (capped at ``max_sources``),
placed independently, so sources may overlap.

Coordinates follow the numpy/FITS-in-Python convention: ``image[y, x]``, pixel centres at
integer ``x`` and ``y`` starting from 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special

from ._validation import (
    check_array,
    check_bool,
    check_float,
    check_int,
    check_path,
    check_seed,
)

__all__ = [
    "CATALOGUE_COLUMNS",
    "SkySample",
    "default_margin",
    "flux_for_snr",
    "footprint_mask",
    "make_sky_images",
    "matched_filter_snr",
    "read_sky_fits",
    "render_images",
    "write_sky_fits",
]

#: Columns of the true catalogue: image index, position (pixels), flux and matched-filter S/N.
CATALOGUE_COLUMNS: tuple[str, ...] = ("image", "x", "y", "flux", "snr")


@dataclass
class SkySample:
    """Simulated images and their true catalogue.

    Attributes
    ----------
    noisy : numpy.ndarray, shape (n, size, size), float32
        Observed images: sources plus noise.
    clean : numpy.ndarray, shape (n, size, size), float32
        The same images without noise.
    catalogue : pandas.DataFrame
        One row per source with columns ``image, x, y, flux, snr``.
    psf_sigma : float
        Gaussian PSF width in pixels.
    noise_sigma : float
        Standard deviation of the white noise per pixel.
    margin : int
        Sources lie at least this many pixels from every edge (the footprint).
    """

    noisy: np.ndarray
    clean: np.ndarray
    catalogue: pd.DataFrame
    psf_sigma: float
    noise_sigma: float
    margin: int

    @property
    def n_images(self) -> int:
        """Number of images."""
        return int(self.noisy.shape[0])

    @property
    def size(self) -> int:
        """Side of an image in pixels."""
        return int(self.noisy.shape[-1])

    @property
    def n_sources(self) -> np.ndarray:
        """Number of true sources in each image."""
        return np.bincount(
            self.catalogue["image"].to_numpy(dtype=int), minlength=self.n_images
        ).astype(int)

    @property
    def empty(self) -> np.ndarray:
        """Boolean mask of the images without any source."""
        return self.n_sources == 0


def default_margin(psf_sigma: float) -> int:
    """Return the default footprint margin, :math:`\\lceil 2\\sigma_{psf}\\rceil` pixels.

    Parameters
    ----------
    psf_sigma : float
        PSF width in pixels, > 0.

    Returns
    -------
    int
        The margin in pixels.

    Examples
    --------
    >>> default_margin(1.5)
    3
    """
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0, exclusive_minimum=True)
    return math.ceil(2.0 * psf_sigma - 1e-9)


def matched_filter_snr(flux, psf_sigma: float, noise_sigma: float):
    """Matched-filter S/N of a point source: :math:`F / (\\sigma_n \\sqrt{4\\pi}\\sigma_{psf})`.

    Parameters
    ----------
    flux : float or array-like
        Total flux of the source (same unit as the pixel values).
    psf_sigma : float
        Gaussian PSF width in pixels, > 0.
    noise_sigma : float
        Noise standard deviation per pixel, > 0.

    Returns
    -------
    float or numpy.ndarray
        The S/N.

    Raises
    ------
    ValueError
        If a width is not positive or ``flux`` is not finite.

    Examples
    --------
    >>> round(float(matched_filter_snr(100.0, 1.5, 1.0)), 3)
    18.806
    """
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0, exclusive_minimum=True)
    noise_sigma = check_float(noise_sigma, "noise_sigma", minimum=0, exclusive_minimum=True)
    flux = check_array(flux, "flux", min_size=0)
    snr = flux / (noise_sigma * math.sqrt(4.0 * math.pi) * psf_sigma)
    return float(snr) if snr.ndim == 0 else snr


def flux_for_snr(snr, psf_sigma: float, noise_sigma: float):
    """Flux a point source needs to reach a given matched-filter S/N (inverse of the above).

    Parameters
    ----------
    snr : float or array-like
        Wanted matched-filter S/N.
    psf_sigma : float
        Gaussian PSF width in pixels, > 0.
    noise_sigma : float
        Noise standard deviation per pixel, > 0.

    Returns
    -------
    float or numpy.ndarray
        The flux :math:`F = S/N \\cdot \\sigma_n \\sqrt{4\\pi}\\,\\sigma_{psf}`.

    Raises
    ------
    ValueError
        If a width is not positive or ``snr`` is not finite.

    Examples
    --------
    >>> round(float(flux_for_snr(5.0, 1.5, 1.0)), 3)
    26.587
    """
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0, exclusive_minimum=True)
    noise_sigma = check_float(noise_sigma, "noise_sigma", minimum=0, exclusive_minimum=True)
    snr = check_array(snr, "snr", min_size=0)
    flux = snr * noise_sigma * math.sqrt(4.0 * math.pi) * psf_sigma
    return float(flux) if flux.ndim == 0 else flux


def footprint_mask(size: int, margin: int) -> np.ndarray:
    """Boolean ``(size, size)`` mask of the pixels where the simulator can place sources.

    Parameters
    ----------
    size : int
        Image side in pixels, >= 1.
    margin : int
        Distance from every edge, >= 0 and small enough to leave at least one pixel.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for pixels with ``margin <= x, y <= size - 1 - margin``.

    Raises
    ------
    ValueError
        If ``margin`` leaves no pixel.

    Examples
    --------
    >>> int(footprint_mask(8, 2).sum())
    16
    """
    size = check_int(size, "size", minimum=1)
    margin = check_int(margin, "margin", minimum=0)
    if size - 2 * margin < 1:
        raise ValueError(
            f"margin must leave at least one pixel of a {size}-pixel image, got {margin}"
        )
    mask = np.zeros((size, size), dtype=bool)
    mask[margin : size - margin, margin : size - margin] = True
    return mask


def _pixel_integrated_profile(centres: np.ndarray, size: int, psf_sigma: float) -> np.ndarray:
    """1-D Gaussian integrated over each pixel: shape (n_sources, size)."""
    edges = np.arange(size + 1, dtype=float) - 0.5
    scaled = (edges[None, :] - centres[:, None]) / (math.sqrt(2.0) * psf_sigma)
    return 0.5 * np.diff(special.erf(scaled), axis=1)


def _check_catalogue(catalogue, n_images: int, size: int) -> pd.DataFrame:
    if not isinstance(catalogue, pd.DataFrame):
        raise TypeError(f"catalogue must be a pandas DataFrame, got {type(catalogue).__name__}")
    missing = [c for c in ("image", "x", "y", "flux") if c not in catalogue.columns]
    if missing:
        raise ValueError(
            f"catalogue is missing column(s) {missing}; expected columns image, x, y, flux"
        )
    for column in ("image", "x", "y", "flux"):
        values = pd.to_numeric(catalogue[column], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"catalogue column {column!r} must hold finite numbers")
    image = catalogue["image"].to_numpy()
    if len(image) and (
        np.any(image != np.round(image)) or image.min() < 0 or image.max() >= n_images
    ):
        raise ValueError(f"catalogue column 'image' must hold integers in [0, {n_images - 1}]")
    for axis in ("x", "y"):
        pos = catalogue[axis].to_numpy(dtype=float)
        if len(pos) and (pos.min() < -0.5 or pos.max() > size - 0.5):
            raise ValueError(
                f"catalogue column {axis!r} must lie inside the image [-0.5, {size - 0.5}]"
            )
    return catalogue


def render_images(
    catalogue: pd.DataFrame,
    n_images: int,
    *,
    size: int = 32,
    psf_sigma: float = 1.5,
    noise_sigma: float = 1.0,
    margin: int | None = None,
    seed: int | None = None,
) -> SkySample:
    """Draw the sources of a given catalogue into images and add white Gaussian noise.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        Columns ``image`` (integer index), ``x``, ``y`` (pixels) and ``flux``; may be empty.
    n_images : int
        Number of images, >= 1 (images without rows in the catalogue are empty).
    size : int, optional
        Image side in pixels (default 32), >= 4.
    psf_sigma : float, optional
        Gaussian PSF width in pixels (default 1.5), > 0.
    noise_sigma : float, optional
        Noise standard deviation per pixel (default 1), > 0.
    margin : int, optional
        Footprint margin recorded in the result (default :func:`default_margin`).
    seed : int, optional
        Seed of the noise.

    Returns
    -------
    SkySample
        Noisy and clean images and the catalogue with an ``snr`` column added.

    Raises
    ------
    TypeError
        If ``catalogue`` is not a DataFrame.
    ValueError
        If a column is missing, not finite, or points outside the images.

    Examples
    --------
    >>> import pandas as pd
    >>> cat = pd.DataFrame({"image": [0], "x": [8.0], "y": [8.0], "flux": [50.0]})
    >>> sample = render_images(cat, 2, size=16, seed=0)
    >>> sample.noisy.shape, round(float(sample.clean[0].sum()), 3), sample.empty.tolist()
    ((2, 16, 16), 50.0, [False, True])
    """
    n_images = check_int(n_images, "n_images", minimum=1, maximum=1_000_000)
    size = check_int(size, "size", minimum=4, maximum=4096)
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0, exclusive_minimum=True, maximum=size)
    noise_sigma = check_float(noise_sigma, "noise_sigma", minimum=0, exclusive_minimum=True)
    margin = (
        default_margin(psf_sigma)
        if margin is None
        else check_int(margin, "margin", minimum=0, maximum=size)
    )
    seed = check_seed(seed)
    catalogue = _check_catalogue(catalogue, n_images, size)
    cat = catalogue.loc[:, ["image", "x", "y", "flux"]].astype(float).reset_index(drop=True)
    cat["image"] = cat["image"].astype(int)
    cat["snr"] = matched_filter_snr(cat["flux"].to_numpy(), psf_sigma, noise_sigma)
    clean = np.zeros((n_images, size, size), dtype=np.float64)
    if len(cat):
        px = _pixel_integrated_profile(cat["x"].to_numpy(), size, psf_sigma)
        py = _pixel_integrated_profile(cat["y"].to_numpy(), size, psf_sigma)
        stamps = cat["flux"].to_numpy()[:, None, None] * py[:, :, None] * px[:, None, :]
        np.add.at(clean, cat["image"].to_numpy(), stamps)
    rng = np.random.default_rng(seed)
    noisy = clean + rng.normal(0.0, noise_sigma, size=clean.shape)
    return SkySample(
        noisy=noisy.astype(np.float32),
        clean=clean.astype(np.float32),
        catalogue=cat,
        psf_sigma=psf_sigma,
        noise_sigma=noise_sigma,
        margin=margin,
    )


def make_sky_images(
    n_images: int = 1000,
    *,
    size: int = 32,
    psf_sigma: float = 1.5,
    noise_sigma: float = 1.0,
    empty_fraction: float = 0.5,
    sources_per_image: float = 1.5,
    max_sources: int = 5,
    snr_range: tuple[float, float] = (2.0, 20.0),
    margin: int | None = None,
    seed: int | None = None,
) -> SkySample:
    """Simulate noisy sky images with point sources, their clean versions and the catalogue.

    Parameters
    ----------
    n_images : int, optional
        Number of images (default 1000), >= 1.
    size : int, optional
        Image side in pixels (default 32), >= 4.
    psf_sigma : float, optional
        Gaussian PSF width in pixels (default 1.5, FWHM 3.5 pixels), > 0.
    noise_sigma : float, optional
        White-noise standard deviation per pixel (default 1), > 0.
    empty_fraction : float, optional
        Fraction of images without sources, in [0, 1] (default 0.5). The number of empty
        images is ``round(empty_fraction * n_images)``; which ones is random.
    sources_per_image : float, optional
        Mean number of sources in a non-empty image, >= 1 (default 1.5): the source density.
    max_sources : int, optional
        Cap on the sources per image (default 5), >= 1.
    snr_range : (float, float), optional
        Matched-filter S/N range, drawn log-uniformly (default (2, 20)), 0 < low <= high.
    margin : int, optional
        Sources lie at least this many pixels from every edge (default
        :math:`\\lceil 2\\sigma_{psf}\\rceil`).
    seed : int, optional
        Seed; the same seed gives the same images.

    Returns
    -------
    SkySample
        ``noisy`` and ``clean`` arrays of shape ``(n_images, size, size)`` (float32) and the
        ``catalogue`` (columns ``image, x, y, flux, snr``), with the PSF, noise and margin.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If an argument is out of range (for example a margin that leaves no room).

    Examples
    --------
    >>> sample = make_sky_images(6, size=16, seed=1)
    >>> sample.noisy.shape, int(sample.empty.sum())
    ((6, 16, 16), 3)
    >>> bool(sample.catalogue["snr"].between(2, 20).all())
    True
    """
    n_images = check_int(n_images, "n_images", minimum=1, maximum=1_000_000)
    size = check_int(size, "size", minimum=4, maximum=4096)
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0, exclusive_minimum=True, maximum=size)
    noise_sigma = check_float(noise_sigma, "noise_sigma", minimum=0, exclusive_minimum=True)
    empty_fraction = check_float(empty_fraction, "empty_fraction", minimum=0, maximum=1)
    sources_per_image = check_float(sources_per_image, "sources_per_image", minimum=1)
    max_sources = check_int(max_sources, "max_sources", minimum=1, maximum=1000)
    if not isinstance(snr_range, (tuple, list)) or len(snr_range) != 2:
        raise TypeError(f"snr_range must be a (low, high) pair, got {snr_range!r}")
    low = check_float(snr_range[0], "snr_range[0]", minimum=0, exclusive_minimum=True)
    high = check_float(snr_range[1], "snr_range[1]", minimum=low)
    margin = (
        default_margin(psf_sigma)
        if margin is None
        else check_int(margin, "margin", minimum=0, maximum=size)
    )
    if size - 1 - 2 * margin < 0:
        raise ValueError(
            f"margin must leave room for sources in a {size}-pixel image, got {margin}"
        )
    seed = check_seed(seed)

    rng = np.random.default_rng(seed)
    n_empty = round(empty_fraction * n_images)
    counts = np.minimum(1 + rng.poisson(sources_per_image - 1.0, size=n_images), max_sources)
    counts[rng.permutation(n_images)[:n_empty]] = 0
    image = np.repeat(np.arange(n_images), counts)
    n = image.size
    x = rng.uniform(margin, size - 1 - margin, size=n)
    y = rng.uniform(margin, size - 1 - margin, size=n)
    snr = np.exp(rng.uniform(np.log(low), np.log(high), size=n))
    catalogue = pd.DataFrame(
        {"image": image, "x": x, "y": y, "flux": flux_for_snr(snr, psf_sigma, noise_sigma)}
    )
    return render_images(
        catalogue,
        n_images,
        size=size,
        psf_sigma=psf_sigma,
        noise_sigma=noise_sigma,
        margin=margin,
        seed=int(rng.integers(2**31)),
    )


def _check_sample(sample) -> SkySample:
    """Check that a SkySample can be written and read back: cubes, catalogue, numbers."""
    if not isinstance(sample, SkySample):
        raise TypeError(f"sample must be a SkySample, got {type(sample).__name__}")
    for name in ("noisy", "clean"):
        cube = np.asarray(getattr(sample, name))
        if cube.ndim != 3 or cube.shape[0] < 1 or cube.shape[1] != cube.shape[2]:
            raise ValueError(
                f"sample.{name} must be a cube of square images, shape (n, size, size), got "
                f"{cube.shape}"
            )
    if np.shape(sample.clean) != np.shape(sample.noisy):
        raise ValueError(
            f"sample.clean has shape {np.shape(sample.clean)}, expected "
            f"{np.shape(sample.noisy)} like sample.noisy"
        )
    if not np.all(np.isfinite(sample.noisy)) or not np.all(np.isfinite(sample.clean)):
        raise ValueError("sample.noisy and sample.clean must hold finite numbers")
    n_images, size = int(np.shape(sample.noisy)[0]), int(np.shape(sample.noisy)[-1])
    try:
        _check_catalogue(sample.catalogue, n_images, size)
    except (TypeError, ValueError) as error:
        raise type(error)(f"sample.catalogue: {error}") from None
    if "snr" not in sample.catalogue.columns:
        raise ValueError(f"sample.catalogue lacks the column 'snr'; expected {CATALOGUE_COLUMNS}")
    snr = pd.to_numeric(sample.catalogue["snr"], errors="coerce").to_numpy(dtype=float)
    if not np.all(np.isfinite(snr)):
        raise ValueError("sample.catalogue column 'snr' must hold finite numbers")
    check_float(sample.psf_sigma, "sample.psf_sigma", minimum=0, exclusive_minimum=True)
    check_float(sample.noise_sigma, "sample.noise_sigma", minimum=0, exclusive_minimum=True)
    check_int(sample.margin, "sample.margin", minimum=0)
    return sample


_FITS_SUFFIXES = (".fits", ".fit", ".fts", ".fits.gz", ".fit.gz", ".fts.gz")


def write_sky_fits(path, sample: SkySample, *, overwrite: bool = False) -> Path:
    """Write a :class:`SkySample` to a FITS file.

    The file has three HDUs: the primary HDU holds the noisy image cube (``NAXIS3`` = image
    index) with ``PSFSIG`` (PSF sigma, pixels), ``NOISESIG`` (noise sigma), ``MARGIN`` and
    ``PSFFWHM`` in its header; the image extension ``CLEAN`` holds the noise-free cube; the
    binary table ``CATALOG`` holds the true sources (``IMAGE, X, Y, FLUX, SNR``; pixel
    coordinates start at 0 as in numpy). Every HDU carries FITS checksums (``CHECKSUM``,
    ``DATASUM``), which :func:`read_sky_fits` verifies. A name ending in ``.gz`` is written
    gzip-compressed. The file is written atomically: to a uniquely named temporary file in the
    same folder, removed if the write fails, then moved into place.

    Parameters
    ----------
    path : str or path-like
        Output file (``.fits``, or ``.fits.gz`` for a compressed file; ``~`` is expanded).
    sample : SkySample
        What to write: 3-D cubes and a catalogue with the columns of
        :data:`CATALOGUE_COLUMNS`.
    overwrite : bool, optional
        Replace an existing file (default ``False``). Must be ``True`` or ``False``.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        If ``sample`` is not a :class:`SkySample`, ``overwrite`` is not a bool or ``path`` is
        not a path.
    ValueError
        If ``path`` is a folder or has no FITS suffix, or ``sample`` is not writable as
        :func:`read_sky_fits` expects (a 2-D cube, a catalogue without ``snr``, NaN).
    FileExistsError
        If the file exists and ``overwrite`` is false.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sample = make_sky_images(4, size=16, seed=0)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sky.fits"
    >>> back = read_sky_fits(write_sky_fits(path, sample))
    >>> bool((back.noisy == sample.noisy).all()), back.psf_sigma, len(back.catalogue)
    (True, 1.5, 4)
    """
    from astropy.io import fits
    from astropy.table import Table

    from .cache import atomic_write

    overwrite = check_bool(overwrite, "overwrite")
    path = check_path(path, "path", must_exist=False)
    if not path.name.lower().endswith(_FITS_SUFFIXES):
        raise ValueError(f"path must end in one of {_FITS_SUFFIXES}, got {path.name!r}")
    sample = _check_sample(sample)
    if path.exists() and not overwrite:
        raise FileExistsError(f"path {path} exists; pass overwrite=True to replace it")
    primary = fits.PrimaryHDU(np.asarray(sample.noisy, dtype=np.float32))
    header = primary.header
    header["PSFSIG"] = (float(sample.psf_sigma), "Gaussian PSF sigma [pixel]")
    header["PSFFWHM"] = (
        2.0 * math.sqrt(2.0 * math.log(2.0)) * sample.psf_sigma,
        "PSF FWHM [pixel]",
    )
    header["NOISESIG"] = (float(sample.noise_sigma), "white noise sigma per pixel")
    header["MARGIN"] = (int(sample.margin), "sources lie >= MARGIN pixels from edges")
    header["CONTENT"] = ("noisy images", "axis 3 = image index")
    header["NEXTEND"] = (2, "extensions: CLEAN, CATALOG")
    clean = fits.ImageHDU(np.asarray(sample.clean, dtype=np.float32), name="CLEAN")
    clean.header["PSFSIG"] = header["PSFSIG"]
    clean.header["NOISESIG"] = header["NOISESIG"]
    cat = sample.catalogue
    table = Table(
        {
            "IMAGE": pd.to_numeric(cat["image"]).to_numpy(dtype=np.int32),
            "X": pd.to_numeric(cat["x"]).to_numpy(dtype=float),
            "Y": pd.to_numeric(cat["y"]).to_numpy(dtype=float),
            "FLUX": pd.to_numeric(cat["flux"]).to_numpy(dtype=float),
            "SNR": pd.to_numeric(cat["snr"]).to_numpy(dtype=float),
        }
    )
    catalog = fits.BinTableHDU(table, name="CATALOG")
    catalog.header["COORDSYS"] = ("pixel, 0-based", "x = column, y = row of image[y, x]")
    hdul = fits.HDUList([primary, clean, catalog])
    return atomic_write(path, lambda tmp: hdul.writeto(tmp, overwrite=True, checksum=True))


def read_sky_fits(path) -> SkySample:
    """Read a FITS file written by :func:`write_sky_fits`, verifying it first.

    Parameters
    ----------
    path : str or path-like
        The FITS file (``~`` is expanded; ``.fits.gz`` is read compressed).

    Returns
    -------
    SkySample
        Images, catalogue, PSF and noise as written.

    Raises
    ------
    TypeError
        If ``path`` is not a path.
    FileNotFoundError
        If the file does not exist.
    ValueError
        If ``path`` is a folder; if the file is not FITS, is truncated or damaged (its FITS
        checksums do not match, or it has none: it was not written by
        :func:`write_sky_fits`); if it lacks the ``CLEAN`` or ``CATALOG`` extension or a
        header keyword; or if its parts disagree (shapes, catalogue rows with NaN or outside
        the images).

    Examples
    --------
    >>> read_sky_fits("/nonexistent.fits")
    Traceback (most recent call last):
    ...
    FileNotFoundError: path: no such file /nonexistent.fits
    """
    import warnings
    import zlib

    from astropy.io import fits

    path = check_path(path, "path", must_exist=True)
    damaged = f"path {path} is truncated or damaged"
    size = path.stat().st_size
    compressed = path.name.lower().endswith(".gz")
    if not compressed and (size == 0 or size % 2880):
        raise ValueError(
            f"{damaged}: a FITS file is a whole number of 2880-byte blocks, this one has "
            f"{size} bytes"
        )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with fits.open(path, memmap=False, checksum=True) as hdul:
                hdul.verify("exception")
                names = [hdu.name for hdu in hdul]
                # read every data array now, inside the error handling (np.array copies)
                parts = {
                    hdu.name: (hdu.header.copy(), None if hdu.data is None else np.array(hdu.data))
                    for hdu in hdul
                }
    except (
        OSError,
        EOFError,
        zlib.error,
        ValueError,
        TypeError,
        IndexError,
        fits.VerifyError,
    ) as error:
        raise ValueError(
            f"{damaged}, or not a FITS file ({type(error).__name__}: {error})"
        ) from None
    failed = [str(w.message) for w in caught if "verification failed" in str(w.message).lower()]
    if failed:
        raise ValueError(f"{damaged}: its FITS checksums do not match ({failed[0]})")
    truncated = [str(w.message) for w in caught if "truncated" in str(w.message).lower()]
    if truncated:
        raise ValueError(f"{damaged}: {truncated[0]}")
    missing = [name for name in ("CLEAN", "CATALOG") if name not in names]
    promised = parts["PRIMARY"][0].get("NEXTEND") if "PRIMARY" in parts else None
    if missing and isinstance(promised, int) and len(names) - 1 < promised:
        raise ValueError(
            f"{damaged}: its header announces {promised} extensions, the file holds "
            f"{len(names) - 1} (missing {missing})"
        )
    if missing:
        raise ValueError(
            f"path {path} lacks the FITS extension(s) {missing} (found {names}); expected a file "
            "written by helpers.sky.write_sky_fits: PRIMARY (noisy images), CLEAN, CATALOG"
        )
    unsummed = [name for name, (head, _) in parts.items() if "CHECKSUM" not in head]
    if unsummed:
        raise ValueError(
            f"path {path}: HDU(s) {unsummed} carry no FITS checksum, so damage cannot be "
            "detected; write the file with helpers.sky.write_sky_fits"
        )
    header, noisy = parts["PRIMARY"]
    keys = [k for k in ("PSFSIG", "NOISESIG", "MARGIN") if k not in header]
    if keys:
        raise ValueError(f"path {path}: primary header lacks keyword(s) {keys}")
    clean = parts["CLEAN"][1]
    if noisy is None or noisy.ndim != 3:
        raise ValueError(f"path {path}: the primary HDU must hold a 3-D image cube")
    if clean is None or clean.shape != noisy.shape:
        raise ValueError(
            f"path {path}: CLEAN has shape {None if clean is None else clean.shape}, "
            f"expected {noisy.shape} like the noisy cube"
        )
    table = parts["CATALOG"][1]
    columns = [] if table is None else [c.upper() for c in table.dtype.names or ()]
    absent = [c for c in ("IMAGE", "X", "Y", "FLUX", "SNR") if c not in columns]
    if absent:
        raise ValueError(f"path {path}: the CATALOG table lacks column(s) {absent}")
    catalogue = pd.DataFrame(
        {
            "image": np.asarray(table["IMAGE"], dtype=int),
            "x": np.asarray(table["X"], dtype=float),
            "y": np.asarray(table["Y"], dtype=float),
            "flux": np.asarray(table["FLUX"], dtype=float),
            "snr": np.asarray(table["SNR"], dtype=float),
        }
    )
    try:
        _check_catalogue(catalogue, int(noisy.shape[0]), int(noisy.shape[-1]))
        if not np.all(np.isfinite(catalogue["snr"])):
            raise ValueError("catalogue column 'snr' must hold finite numbers")
    except ValueError as error:
        raise ValueError(f"path {path}: the CATALOG does not fit the images: {error}") from None
    return SkySample(
        noisy=np.asarray(noisy, dtype=np.float32),
        clean=np.asarray(clean, dtype=np.float32),
        catalogue=catalogue,
        psf_sigma=float(header["PSFSIG"]),
        noise_sigma=float(header["NOISESIG"]),
        margin=int(header["MARGIN"]),
    )
