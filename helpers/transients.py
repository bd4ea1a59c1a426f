"""Reference and science image pairs of the same field, some with a transient (notebook 10).

A survey looks at the same field twice: once for the deep **reference** image, once for the
new **science** image. Between the two the seeing changed (a different PSF), the pointing is
registered only to a fraction of a pixel (a small misalignment) and the noise is new. Some
science images hold a **transient**: a point source absent from the reference, either in
empty sky or on a galaxy (a supernova in its host).

This module is the notebook's plumbing: it draws such pairs with their truth (the noiseless
images, the transient alone, the catalogues). The field is made of galaxies from the course's
galaxy generator (:func:`helpers.galaxies.make_galaxies`: Sérsic ellipticals, spirals and
barred spirals) and stars; each image is the field convolved with its own Gaussian PSF. The
convolution and the sub-pixel shift are done exactly in Fourier space
(:func:`convolve_gaussian`), so flux is conserved and point sources sit exactly where the
catalogue says. The difference imaging itself, the method being taught, is written in the
notebook.

Units: pixel values are in units of ``noise_sci``'s unit (the default science noise is 1), so
a galaxy's peak and a source's flux read directly against the science image's noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import check_array, check_float, check_int, check_seed
from .galaxies import GALAXY_CLASSES, make_galaxies
from .sky import flux_for_snr

__all__ = ["TransientPairs", "convolve_gaussian", "make_transient_pairs", "transient_snr"]


@dataclass(frozen=True)
class TransientPairs:
    """Reference/science pairs of one simulated field each, with their truth.

    Attributes
    ----------
    reference, science : numpy.ndarray, shape (n, size, size), float32
        The noisy images: what a telescope delivers.
    clean_reference, clean_science : numpy.ndarray, shape (n, size, size), float32
        The same without noise (the science image includes its transient).
    transient : numpy.ndarray, shape (n, size, size), float32
        The transient alone, in the science image's PSF (zero where there is none): the map
        a difference-imaging pipeline should recover.
    psf_ref, psf_sci : numpy.ndarray, shape (n,)
        Gaussian PSF widths (sigma, pixels) of each image.
    shift : numpy.ndarray, shape (n, 2)
        Misalignment ``(dx, dy)`` in pixels: the science image shows the field moved by this
        much with respect to the reference (x is the column, y the row).
    noise_ref, noise_sci : float
        White-noise standard deviations per pixel.
    catalogue : pandas.DataFrame
        One row per transient: ``image, x, y, flux, snr, on_galaxy, host_brightness``
        (``snr`` is the matched-filter S/N in the science image's noise, see
        :func:`transient_snr`; ``host_brightness`` is the clean reference image at the
        transient's pixel, in units of ``noise_sci``).
    galaxies : pandas.DataFrame
        One row per galaxy: ``image, x, y, peak, morphology`` (``x, y``: its brightest pixel in
        the reference frame; ``peak``: the peak of the unblurred galaxy).
    stars : pandas.DataFrame
        One row per star (present in both images): ``image, x, y, flux``.
    margin : int
        Transients lie at least this many pixels from every edge.
    """

    reference: np.ndarray
    science: np.ndarray
    clean_reference: np.ndarray
    clean_science: np.ndarray
    transient: np.ndarray
    psf_ref: np.ndarray
    psf_sci: np.ndarray
    shift: np.ndarray
    noise_ref: float
    noise_sci: float
    catalogue: pd.DataFrame
    galaxies: pd.DataFrame
    stars: pd.DataFrame
    margin: int

    @property
    def n_pairs(self) -> int:
        """Number of pairs."""
        return int(self.reference.shape[0])

    @property
    def size(self) -> int:
        """Image side in pixels."""
        return int(self.reference.shape[-1])

    @property
    def has_transient(self) -> np.ndarray:
        """Boolean mask of the pairs whose science image holds a transient."""
        mask = np.zeros(self.n_pairs, dtype=bool)
        mask[self.catalogue["image"].to_numpy(dtype=int)] = True
        return mask


def transient_snr(flux, psf_sigma, noise_sigma: float):
    """Matched-filter S/N of a point source in one image: :math:`F/(\\sigma_n\\sqrt{4\\pi}\\sigma)`.

    This is how the notebook defines a transient's S/N: the S/N the optimal detector reaches
    in the science image alone (PSF ``psf_sigma``, noise ``noise_sigma``), as if the reference
    were perfect. A difference image adds the reference's noise, so no method reaches it.

    Parameters
    ----------
    flux : float or array-like
        Total flux of the source.
    psf_sigma : float or array-like
        Gaussian PSF width(s) in pixels, > 0 (broadcast against ``flux``).
    noise_sigma : float
        Noise standard deviation per pixel, > 0.

    Returns
    -------
    float or numpy.ndarray
        The S/N.

    Raises
    ------
    ValueError
        If a width or the noise is not positive, or a value is not finite.

    Examples
    --------
    >>> round(float(transient_snr(100.0, 1.5, 1.0)), 3)
    18.806
    """
    flux = check_array(flux, "flux", min_size=0)
    psf = check_array(psf_sigma, "psf_sigma", min_size=0)
    if psf.size and np.any(psf <= 0):
        raise ValueError(f"psf_sigma must be > 0, got {psf_sigma!r}")
    noise_sigma = check_float(noise_sigma, "noise_sigma", minimum=0, exclusive_minimum=True)
    snr = flux / (noise_sigma * math.sqrt(4.0 * math.pi) * psf)
    return float(snr) if snr.ndim == 0 else snr


def _transfer(
    ky: np.ndarray, kx: np.ndarray, sigma: np.ndarray, shift: np.ndarray | None
) -> np.ndarray:
    """Fourier transfer function of Gaussian PSFs (and shifts), shape (n, len(ky), len(kx)).

    ``ky`` and ``kx`` are frequencies in cycles per pixel; the Gaussian and the shift are both
    separable, so the 2-D function is an outer product of 1-D ones.
    """
    s2 = (np.asarray(sigma, dtype=float) ** 2)[:, None]
    fy = np.exp(-2.0 * np.pi**2 * s2 * ky[None, :] ** 2).astype(complex)
    fx = np.exp(-2.0 * np.pi**2 * s2 * kx[None, :] ** 2).astype(complex)
    if shift is not None:
        fy = fy * np.exp(-2j * np.pi * ky[None, :] * shift[:, 1][:, None])
        fx = fx * np.exp(-2j * np.pi * kx[None, :] * shift[:, 0][:, None])
    return fy[:, :, None] * fx[:, None, :]


def _odd_fast_length(minimum: int) -> int:
    """Smallest odd length >= minimum whose prime factors are 3, 5 and 7 (a fast FFT size).

    An odd length has no Nyquist frequency, so sub-pixel shifts stay exactly real.
    """
    length = minimum + (1 - minimum % 2)
    while True:
        m = length
        for p in (3, 5, 7):
            while m % p == 0:
                m //= p
        if m == 1:
            return length
        length += 2


def convolve_gaussian(images, sigma, shift=None) -> np.ndarray:
    """Convolve images with a Gaussian PSF (and shift them), exactly, in Fourier space.

    The images are treated as periodic (what leaves one edge enters the opposite one), so the
    total flux is conserved exactly; pad them if their edges matter. ``sigma = 0`` with no
    shift returns the images unchanged.

    Parameters
    ----------
    images : array-like, shape (n, ny, nx) or (ny, nx)
        The images.
    sigma : float or array-like, shape (n,)
        Gaussian standard deviation in pixels, >= 0: one for all images or one per image.
    shift : array-like, shape (2,) or (n, 2), optional
        ``(dx, dy)`` in pixels: the content moves by ``+dx`` columns and ``+dy`` rows
        (sub-pixel shifts are exact for band-limited images). Default: no shift.

    Returns
    -------
    numpy.ndarray
        The convolved images, float64, same shape as ``images``.

    Raises
    ------
    ValueError
        If ``images`` is not 2-D or 3-D, ``sigma`` is negative or its length does not match,
        or ``shift`` has the wrong shape.
    TypeError
        If ``images`` is not numeric.

    Examples
    --------
    >>> image = np.zeros((16, 16)); image[8, 8] = 1.0
    >>> blurred = convolve_gaussian(image, 1.5)
    >>> round(float(blurred.sum()), 6), bool(blurred[8, 8] < 1)
    (1.0, True)
    >>> moved = convolve_gaussian(image, 0.0, shift=(2, -1))
    >>> np.unravel_index(np.argmax(moved), moved.shape)
    (np.int64(7), np.int64(10))
    """
    array = check_array(images, "images", ndim=(2, 3))
    single = array.ndim == 2
    stack = array[None] if single else array
    n = stack.shape[0]
    sig = check_array(sigma, "sigma", ndim=(0, 1))
    if np.any(sig < 0):
        raise ValueError(f"sigma must be >= 0, got {sigma!r}")
    if sig.ndim == 1 and sig.size != n:
        raise ValueError(f"sigma must hold one width per image ({n}), got {sig.size}")
    sig = np.broadcast_to(sig, (n,))
    if shift is not None:
        d = check_array(shift, "shift", ndim=(1, 2))
        if d.shape[-1] != 2 or (d.ndim == 2 and d.shape[0] != n):
            raise ValueError(f"shift must have shape (2,) or ({n}, 2), got {d.shape}")
        shift = np.broadcast_to(d, (n, 2))
    ky, kx = np.fft.fftfreq(stack.shape[1]), np.fft.fftfreq(stack.shape[2])
    spectrum = np.fft.fft2(stack) * _transfer(ky, kx, sig, shift)
    out = np.fft.ifft2(spectrum).real
    return out[0] if single else out


def _range(value, name: str, *, minimum: float, exclusive: bool = False) -> tuple[float, float]:
    """Check a (low, high) pair with minimum <= low <= high."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (low, high) pair, got {value!r}")
    low = check_float(value[0], f"{name}[0]", minimum=minimum, exclusive_minimum=exclusive)
    high = check_float(value[1], f"{name}[1]", minimum=low)
    return low, high


def _int_range(value, name: str) -> tuple[int, int]:
    """Check a (low, high) pair of counts with 0 <= low <= high."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a (low, high) pair of integers, got {value!r}")
    low = check_int(value[0], f"{name}[0]", minimum=0)
    high = check_int(value[1], f"{name}[1]", minimum=low)
    return low, high


def _taper(size: int) -> np.ndarray:
    """A round window, 1 inside 0.6 of the stamp's half-width, falling smoothly to 0 at it."""
    centre = (size - 1) / 2.0
    y, x = np.mgrid[0:size, 0:size]
    r = np.hypot(x - centre, y - centre) / (size / 2.0)
    t = np.clip((r - 0.6) / 0.4, 0.0, 1.0)
    return np.cos(0.5 * np.pi * t) ** 2


def make_transient_pairs(
    n: int,
    *,
    size: int = 32,
    psf_sigma_range: tuple[float, float] = (1.0, 2.0),
    noise_ref: float = 0.5,
    noise_sci: float = 1.0,
    shift_range: tuple[float, float] = (0.0, 0.5),
    transient_fraction: float = 0.5,
    host_fraction: float = 0.5,
    snr_range: tuple[float, float] = (3.0, 40.0),
    galaxies_per_image: tuple[int, int] = (1, 2),
    galaxy_size: int = 24,
    galaxy_peak_range: tuple[float, float] = (2.0, 200.0),
    stars_per_image: tuple[int, int] = (0, 2),
    star_snr_range: tuple[float, float] = (5.0, 300.0),
    margin: int = 4,
    add_noise: bool = True,
    seed: int | None = 0,
) -> TransientPairs:
    """Simulate ``n`` reference/science pairs of fields, some science images with a transient.

    Each pair shows one field (galaxies and stars) twice:

    * the **reference** with PSF width ``psf_ref`` and noise ``noise_ref``;
    * the **science** image with its own PSF width ``psf_sci``, the field moved by a random
      misalignment ``shift`` (uniform direction, length uniform in ``shift_range``) and
      noise ``noise_sci``; a fraction of them holds a transient.

    Both PSF widths are drawn independently and uniformly from ``psf_sigma_range``, so either
    image may be the sharper one. A transient's flux is set from its S/N
    (:func:`transient_snr`, drawn log-uniformly from ``snr_range``). Transients on a galaxy
    (``host_fraction`` of them) are placed where the host's light is, with a probability
    proportional to its surface brightness, as supernovae follow the stellar light; the
    others uniformly in the footprint (``margin`` pixels from the edges).

    Parameters
    ----------
    n : int
        Number of pairs, >= 1.
    size : int, optional
        Image side in pixels (default 32), >= 16.
    psf_sigma_range : (float, float), optional
        Range of the Gaussian PSF widths in pixels (default (1, 2)), > 0.
    noise_ref, noise_sci : float, optional
        White-noise sigma per pixel of the reference (default 0.5: a deeper stack) and of the
        science image (default 1), > 0.
    shift_range : (float, float), optional
        Range of the misalignment's length in pixels, drawn uniformly (default (0, 0.5)),
        >= 0; ``(s, s)`` moves every science image by exactly ``s`` pixels.
    transient_fraction : float, optional
        Fraction of pairs with a transient, in [0, 1] (default 0.5); exactly
        ``round(transient_fraction * n)`` pairs, chosen at random.
    host_fraction : float, optional
        Fraction of the transients placed on a galaxy, in [0, 1] (default 0.5).
    snr_range : (float, float), optional
        Transient S/N range, log-uniform (default (3, 40)), > 0.
    galaxies_per_image : (int, int), optional
        Inclusive range of the number of galaxies per field (default (1, 2)); a field whose
        transient needs a host gets at least one. Each field's first galaxy has its core
        inside the footprint (it hosts the transient, if any); the others lie anywhere.
    galaxy_size : int, optional
        Side of the galaxy stamps from :func:`helpers.galaxies.make_galaxies` (default 24;
        the galaxies scale with it), >= 8.
    galaxy_peak_range : (float, float), optional
        Peak brightness of the unblurred galaxies, log-uniform, in units of ``noise_sci``
        (default (2, 200)), > 0.
    stars_per_image : (int, int), optional
        Inclusive range of the number of stars per field (default (0, 2)).
    star_snr_range : (float, float), optional
        Star S/N range in the science image, log-uniform (default (5, 300)), > 0.
    margin : int, optional
        Transients lie at least this many pixels from every edge (default 4), >= 0.
    add_noise : bool, optional
        Add the noise (default ``True``); ``False`` gives noiseless images (fluxes are still
        set from the S/N in ``noise_sci``).
    seed : int or None, optional
        Seed (default 0); the same seed gives the same pairs.

    Returns
    -------
    TransientPairs
        The images, the truth and the catalogues.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If an argument is out of range (for example a ``margin`` that leaves no room).

    Examples
    --------
    >>> pairs = make_transient_pairs(8, seed=1)
    >>> pairs.reference.shape, pairs.science.dtype, int(pairs.has_transient.sum())
    ((8, 32, 32), dtype('float32'), 4)
    >>> sorted(pairs.catalogue.columns)
    ['flux', 'host_brightness', 'image', 'on_galaxy', 'snr', 'x', 'y']
    """
    n = check_int(n, "n", minimum=1, maximum=1_000_000)
    size = check_int(size, "size", minimum=16, maximum=512)
    psf_lo, psf_hi = _range(psf_sigma_range, "psf_sigma_range", minimum=0, exclusive=True)
    noise_ref = check_float(noise_ref, "noise_ref", minimum=0, exclusive_minimum=True)
    noise_sci = check_float(noise_sci, "noise_sci", minimum=0, exclusive_minimum=True)
    shift_lo, shift_hi = _range(shift_range, "shift_range", minimum=0)
    if shift_hi > size / 4:
        raise ValueError(f"shift_range must stay below size / 4 = {size / 4:g} pixels")
    transient_fraction = check_float(transient_fraction, "transient_fraction", minimum=0, maximum=1)
    host_fraction = check_float(host_fraction, "host_fraction", minimum=0, maximum=1)
    snr_lo, snr_hi = _range(snr_range, "snr_range", minimum=0, exclusive=True)
    gal_lo, gal_hi = _int_range(galaxies_per_image, "galaxies_per_image")
    galaxy_size = check_int(galaxy_size, "galaxy_size", minimum=8, maximum=size * 2)
    peak_lo, peak_hi = _range(galaxy_peak_range, "galaxy_peak_range", minimum=0, exclusive=True)
    star_lo, star_hi = _int_range(stars_per_image, "stars_per_image")
    sstar_lo, sstar_hi = _range(star_snr_range, "star_snr_range", minimum=0, exclusive=True)
    margin = check_int(margin, "margin", minimum=0)
    if size - 1 - 2 * margin < 1:
        raise ValueError(f"margin must leave room for transients in a {size}-pixel image")
    if not isinstance(add_noise, (bool, np.bool_)):
        raise TypeError(f"add_noise must be True or False, got {add_noise!r}")
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)

    # --- what each pair holds
    psf_ref = rng.uniform(psf_lo, psf_hi, n)
    psf_sci = rng.uniform(psf_lo, psf_hi, n)
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    length = rng.uniform(shift_lo, shift_hi, n)
    shift = np.stack([length * np.cos(angle), length * np.sin(angle)], axis=1)
    has_transient = np.zeros(n, dtype=bool)
    has_transient[rng.permutation(n)[: round(transient_fraction * n)]] = True
    transient_images = np.flatnonzero(has_transient)
    on_galaxy = np.zeros(transient_images.size, dtype=bool)
    n_host = round(host_fraction * on_galaxy.size)
    on_galaxy[rng.permutation(transient_images.size)[:n_host]] = True
    n_gal = rng.integers(gal_lo, gal_hi + 1, n)
    n_gal[transient_images[on_galaxy]] = np.maximum(n_gal[transient_images[on_galaxy]], 1)
    n_star = rng.integers(star_lo, star_hi + 1, n)

    # --- the galaxies: stamps from the course's generator, tapered so they end smoothly
    total = int(n_gal.sum())
    stamps = np.zeros((0, galaxy_size, galaxy_size))
    labels = np.zeros(0, dtype=int)
    if total:
        stamps, labels = make_galaxies(
            total, size=galaxy_size, seed=int(rng.integers(2**31)), classes=GALAXY_CLASSES
        )
        stamps = stamps.astype(float) * _taper(galaxy_size)
        stamps /= stamps.max(axis=(1, 2), keepdims=True)
    peaks = np.exp(rng.uniform(np.log(peak_lo), np.log(peak_hi), total)) * noise_sci
    gal_image = np.repeat(np.arange(n), n_gal)
    # each field's first galaxy has its core inside the footprint (it can host a transient)
    first = np.zeros(total, dtype=bool)
    first[np.cumsum(n_gal)[n_gal > 0] - n_gal[n_gal > 0]] = True
    lo_pos = np.where(first, margin, -0.5)
    hi_pos = np.where(first, size - 1 - margin, size - 0.5)
    core_x = np.clip(np.rint(rng.uniform(lo_pos, hi_pos)), 0, size - 1).astype(int)
    core_y = np.clip(np.rint(rng.uniform(lo_pos, hi_pos)), 0, size - 1).astype(int)
    flat_peak = stamps.reshape(total, galaxy_size**2).argmax(axis=1)
    stamp_py, stamp_px = np.unravel_index(flat_peak, (galaxy_size, galaxy_size))

    # --- stars (both images) and transients (science only): exact point sources in Fourier
    star_image = np.repeat(np.arange(n), n_star)
    star_x = rng.uniform(-0.5, size - 0.5, star_image.size)
    star_y = rng.uniform(-0.5, size - 0.5, star_image.size)
    star_snr = np.exp(rng.uniform(np.log(sstar_lo), np.log(sstar_hi), star_image.size))
    star_flux = flux_for_snr(star_snr, 1.0, 1.0) * psf_sci[star_image] * noise_sci

    tr_x = rng.uniform(margin, size - 1 - margin, transient_images.size)
    tr_y = rng.uniform(margin, size - 1 - margin, transient_images.size)
    host_of = np.cumsum(n_gal) - n_gal  # index of each image's first galaxy
    for j in np.flatnonzero(on_galaxy):
        k = host_of[transient_images[j]]
        weights = stamps[k].ravel() / stamps[k].sum()
        for _ in range(50):  # draw where the light is, inside the footprint
            py, px = np.unravel_index(rng.choice(weights.size, p=weights), stamps[k].shape)
            x = core_x[k] + (px - stamp_px[k]) + rng.uniform(-0.5, 0.5)
            y = core_y[k] + (py - stamp_py[k]) + rng.uniform(-0.5, 0.5)
            if margin <= x <= size - 1 - margin and margin <= y <= size - 1 - margin:
                break
        else:  # the light lies outside: take the core (inside the footprint by construction)
            x, y = float(core_x[k]), float(core_y[k])
        tr_x[j], tr_y[j] = x, y
    tr_snr = np.exp(rng.uniform(np.log(snr_lo), np.log(snr_hi), transient_images.size))
    tr_flux = flux_for_snr(tr_snr, 1.0, 1.0) * psf_sci[transient_images] * noise_sci

    # --- render: the field on a padded canvas (so nothing wraps into the crop), in chunks
    pad = math.ceil(5.0 * psf_hi + shift_hi) + 1
    if total:
        pad = max(pad, int(stamp_px.max()), int(stamp_py.max()))
        pad = max(pad, int((galaxy_size - stamp_px).max()), int((galaxy_size - stamp_py).max()))
    canvas = _odd_fast_length(size + 2 * pad)
    ky = np.fft.fftfreq(canvas)
    kx = np.fft.rfftfreq(canvas)  # the images are real: half the spectrum is enough
    crop = (slice(None), slice(pad, pad + size), slice(pad, pad + size))
    clean_ref = np.empty((n, size, size))
    clean_sci = np.empty((n, size, size))
    transient = np.empty((n, size, size))

    def points(x, y, flux):
        """Fourier transforms of point sources at field positions (x, y): (m, ny, nx)."""
        ey = np.exp(-2j * np.pi * ky[None, :] * (np.asarray(y)[:, None] + pad))
        ex = np.exp(-2j * np.pi * kx[None, :] * (np.asarray(x)[:, None] + pad))
        return np.asarray(flux)[:, None, None] * ey[:, :, None] * ex[:, None, :]

    tr_of = np.full(n, -1)
    tr_of[transient_images] = np.arange(transient_images.size)
    chunk = 256
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        rows = np.arange(stop - start)
        scene = np.zeros((rows.size, canvas, canvas))
        for k in np.flatnonzero((gal_image >= start) & (gal_image < stop)):
            oy = pad + core_y[k] - stamp_py[k]
            ox = pad + core_x[k] - stamp_px[k]
            scene[gal_image[k] - start, oy : oy + galaxy_size, ox : ox + galaxy_size] += (
                peaks[k] * stamps[k]
            )
        scene_ft = np.fft.rfft2(scene)
        s = np.flatnonzero((star_image >= start) & (star_image < stop))
        np.add.at(scene_ft, star_image[s] - start, points(star_x[s], star_y[s], star_flux[s]))
        new_ft = np.zeros_like(scene_ft)
        here = tr_of[start:stop]
        j = here[here >= 0]
        new_ft[rows[here >= 0]] = points(tr_x[j], tr_y[j], tr_flux[j])
        ref_tf = _transfer(ky, kx, psf_ref[start:stop], None)
        sci_tf = _transfer(ky, kx, psf_sci[start:stop], None)
        moved_tf = _transfer(ky, kx, psf_sci[start:stop], shift[start:stop])
        shape = (canvas, canvas)
        clean_ref[start:stop] = np.fft.irfft2(scene_ft * ref_tf, s=shape)[crop]
        transient[start:stop] = np.fft.irfft2(new_ft * sci_tf, s=shape)[crop]
        static = np.fft.irfft2(scene_ft * moved_tf, s=shape)[crop]
        clean_sci[start:stop] = static + transient[start:stop]

    noise_seed = int(rng.integers(2**31))
    reference, science = clean_ref, clean_sci
    if add_noise:
        noise_rng = np.random.default_rng(noise_seed)
        reference = clean_ref + noise_rng.normal(0.0, noise_ref, clean_ref.shape)
        science = clean_sci + noise_rng.normal(0.0, noise_sci, clean_sci.shape)

    px_x = np.clip(np.rint(tr_x).astype(int), 0, size - 1)
    px_y = np.clip(np.rint(tr_y).astype(int), 0, size - 1)
    catalogue = pd.DataFrame(
        {
            "image": transient_images.astype(int),
            "x": tr_x,
            "y": tr_y,
            "flux": tr_flux,
            "snr": tr_snr,
            "on_galaxy": on_galaxy,
            "host_brightness": clean_ref[transient_images, px_y, px_x] / noise_sci,
        }
    )
    galaxies = pd.DataFrame(
        {
            "image": gal_image.astype(int),
            "x": core_x.astype(float),
            "y": core_y.astype(float),
            "peak": peaks,
            "morphology": [GALAXY_CLASSES[int(c)] for c in labels],
        }
    )
    stars = pd.DataFrame(
        {"image": star_image.astype(int), "x": star_x, "y": star_y, "flux": star_flux}
    )
    as32 = np.float32
    return TransientPairs(
        reference=reference.astype(as32),
        science=science.astype(as32),
        clean_reference=clean_ref.astype(as32),
        clean_science=clean_sci.astype(as32),
        transient=transient.astype(as32),
        psf_ref=psf_ref,
        psf_sci=psf_sci,
        shift=shift,
        noise_ref=noise_ref,
        noise_sci=noise_sci,
        catalogue=catalogue,
        galaxies=galaxies,
        stars=stars,
        margin=margin,
    )
