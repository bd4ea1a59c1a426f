"""Synthetic galaxy images: ellipticals, spirals and barred spirals.

The images are simple physical models, not renderings of real galaxies, but they carry the
features that separate the three morphological classes:

* **elliptical** - a Sérsic profile :math:`I(r) = I_e \\exp\\{-b_n[(r/r_e)^{1/n} - 1]\\}` with
  :math:`n \\approx 4` (de Vaucouleurs), smooth and featureless;
* **spiral** - a small :math:`n = 4` bulge plus an exponential disc (:math:`n = 1`) whose light
  is concentrated in two logarithmic arms :math:`r = r_0 e^{\\theta \\tan\\varphi}`;
* **barred spiral** - the same with a bar (an elongated, flat :math:`n = 0.5` component) from
  whose ends the arms start.

Each galaxy gets a random position angle, inclination, size, pitch angle, arm sense and a
small offset from the centre. The clean image is optionally blurred by a Gaussian PSF, scaled to
a peak of 1 and given white Gaussian noise. Everything is drawn from one seeded generator.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage, special

from ._validation import check_float, check_int, check_numbers, check_seed

__all__ = ["GALAXY_CLASSES", "make_galaxies", "sersic_bn", "sersic_profile"]

#: Largest Sérsic index accepted (real galaxies have 0.3 <~ n <~ 10; beyond 20 the profile
#: overflows floating point at the centre).
MAX_SERSIC_INDEX = 20.0

#: Class names, in label order: label ``k`` is ``GALAXY_CLASSES[k]``.
GALAXY_CLASSES: tuple[str, ...] = ("elliptical", "spiral", "barred_spiral")


def sersic_bn(n):
    """Return :math:`b_n`, the constant that makes :math:`r_e` enclose half the light.

    It solves :math:`\\gamma(2n, b_n) = \\Gamma(2n)/2`, the same definition
    ``astropy.modeling.models.Sersic2D`` uses.

    Parameters
    ----------
    n : float or array-like
        Sérsic index, > 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`b_n` (about :math:`2n - 1/3` for large n).

    Raises
    ------
    ValueError
        If any ``n`` is not positive.

    Examples
    --------
    >>> round(float(sersic_bn(4.0)), 4)
    7.6692
    """
    n = check_numbers(n, "n (the Sérsic index)", positive=True)
    if np.any(n > MAX_SERSIC_INDEX):
        raise ValueError(f"n (the Sérsic index) must be <= {MAX_SERSIC_INDEX}, got {n.max():g}")
    return special.gammaincinv(2.0 * n, 0.5)


def sersic_profile(r, r_e, n, amplitude=1.0):
    """Evaluate the Sérsic profile :math:`I(r) = I_e \\exp\\{-b_n[(r/r_e)^{1/n} - 1]\\}`.

    Parameters
    ----------
    r : array-like
        Radius (any unit), >= 0.
    r_e : float or array-like
        Effective (half-light) radius, same unit as ``r``, > 0.
    n : float or array-like
        Sérsic index (4 for ellipticals, 1 for exponential discs), > 0.
    amplitude : float or array-like, optional
        Surface brightness :math:`I_e` at ``r_e`` (default 1).

    Returns
    -------
    numpy.ndarray
        Surface brightness, same shape as the broadcast inputs.

    Raises
    ------
    TypeError
        If an argument is not a number or an array of numbers.
    ValueError
        If ``r`` is negative, ``r_e``/``n`` are not positive, or a value is NaN or infinite.

    Examples
    --------
    >>> float(sersic_profile(2.0, r_e=2.0, n=4))
    1.0
    """
    r = check_numbers(r, "r", nonnegative=True)
    r_e = check_numbers(r_e, "r_e", positive=True)
    n = check_numbers(n, "n (the Sérsic index)", positive=True)
    if np.any(n > MAX_SERSIC_INDEX):
        raise ValueError(f"n (the Sérsic index) must be <= {MAX_SERSIC_INDEX}, got {n.max():g}")
    amplitude = check_numbers(amplitude, "amplitude")
    try:
        np.broadcast_shapes(r.shape, r_e.shape, n.shape, amplitude.shape)
    except ValueError:
        raise ValueError(
            f"r, r_e, n and amplitude must broadcast together, got shapes {r.shape}, "
            f"{r_e.shape}, {n.shape} and {amplitude.shape}"
        ) from None
    bn = sersic_bn(n)
    return amplitude * np.exp(-bn * ((r / r_e) ** (1.0 / n) - 1.0))


def _disc_coordinates(size, n, rng, scale, q_range, offset):
    """Galaxy-plane radius and azimuth on the pixel grid, for n random orientations."""
    centre = (size - 1) / 2.0
    y, x = np.mgrid[0:size, 0:size].astype(float)
    dx = rng.uniform(-offset, offset, (n, 1, 1)) * scale
    dy = rng.uniform(-offset, offset, (n, 1, 1)) * scale
    pa = rng.uniform(0.0, np.pi, (n, 1, 1))
    q = rng.uniform(*q_range, (n, 1, 1))
    xs, ys = x[None] - centre - dx, y[None] - centre - dy
    u = xs * np.cos(pa) + ys * np.sin(pa)
    v = (-xs * np.sin(pa) + ys * np.cos(pa)) / q
    # A core of half a pixel approximates averaging the cuspy n = 4 centre over a pixel, so a
    # single pixel does not outshine the whole galaxy.
    return np.sqrt(u**2 + v**2 + (0.5 * scale) ** 2), np.arctan2(v, u)


def _elliptical(size, n, rng, scale):
    r, _ = _disc_coordinates(size, n, rng, scale, (0.45, 1.0), 1.5)
    r_e = rng.uniform(3.0, 6.0, (n, 1, 1)) * scale
    index = rng.uniform(3.5, 4.5, (n, 1, 1))
    return sersic_profile(r, r_e, index)


def _arms(r, theta, rng, n, r_start):
    """Two logarithmic arms r = r0 exp(theta tan(phi)), as an azimuthal modulation in [0, 1]."""
    pitch = np.deg2rad(rng.uniform(14.0, 26.0, (n, 1, 1)))
    sense = rng.choice([-1.0, 1.0], (n, 1, 1))
    phase = rng.uniform(0.0, 2 * np.pi, (n, 1, 1))
    winding = np.log(np.maximum(r, 1e-3) / r_start) / np.tan(pitch)
    return ((1.0 + np.cos(2.0 * (theta - sense * winding - phase))) / 2.0) ** 3, phase


def _spiral(size, n, rng, scale, barred):
    r, theta = _disc_coordinates(size, n, rng, scale, (0.6, 1.0), 1.5)
    h = rng.uniform(3.0, 4.5, (n, 1, 1)) * scale  # exponential scale length
    bulge = rng.uniform(0.6, 1.2, (n, 1, 1)) * sersic_profile(r, 1.0 * scale, 4.0) / 30.0
    if barred:
        r_start = rng.uniform(4.0, 5.5, (n, 1, 1)) * scale  # bar half-length, where arms begin
    else:
        r_start = rng.uniform(1.5, 2.5, (n, 1, 1)) * scale
    arms, phase = _arms(r, theta, rng, n, r_start)
    # Arms fade in over r_start: inside it the disc is smooth (or holds the bar).
    fade = 1.0 / (1.0 + np.exp(-(r - r_start) / (0.6 * scale)))
    disc = np.exp(-r / h) * (0.25 + 2.2 * arms * fade)
    image = bulge + disc
    if barred:
        # The bar lies along the arms' starting azimuth, so the arms leave from its ends.
        u = r * np.cos(theta - phase)
        v = r * np.sin(theta - phase)
        bar_q = rng.uniform(0.2, 0.3, (n, 1, 1))
        r_bar = np.hypot(u, v / bar_q)
        image = image + rng.uniform(0.9, 1.3, (n, 1, 1)) * sersic_profile(
            r_bar, 0.75 * r_start, 0.5
        )
    return image


def make_galaxies(
    n: int,
    *,
    size: int = 32,
    noise: float = 0.0,
    psf_sigma: float = 0.0,
    seed: int | None = 0,
    classes: tuple[str, ...] = GALAXY_CLASSES,
) -> tuple[np.ndarray, np.ndarray]:
    """Generate ``n`` galaxy images with balanced, shuffled class labels.

    Parameters
    ----------
    n : int
        Number of images, >= 1. Classes are as balanced as ``n`` allows.
    size : int, optional
        Image side in pixels, >= 8 (default 32). Galaxies scale with the image.
    noise : float, optional
        Standard deviation of the white Gaussian noise, in units of the peak brightness (the
        clean images peak at 1). Default 0: clean images.
    psf_sigma : float, optional
        Gaussian PSF standard deviation in pixels (default 0: no blurring).
    seed : int or None, optional
        Seed of the random generator (default 0); the same seed gives the same images.
    classes : tuple of str, optional
        Which classes to draw, a subset of :data:`GALAXY_CLASSES` (default: all three).
        Labels always index :data:`GALAXY_CLASSES`.

    Returns
    -------
    images : numpy.ndarray, shape (n, size, size), float32
        The images, peak brightness 1 before noise.
    labels : numpy.ndarray, shape (n,), int64
        Index into :data:`GALAXY_CLASSES` of each image.

    Raises
    ------
    TypeError
        If ``n``, ``size`` or ``seed`` is not an integer.
    ValueError
        If a number is out of range or a class name is unknown.

    Examples
    --------
    >>> images, labels = make_galaxies(6, size=32, noise=0.05, seed=1)
    >>> images.shape, images.dtype, sorted(labels.tolist())
    ((6, 32, 32), dtype('float32'), [0, 0, 1, 1, 2, 2])
    """
    n = check_int(n, "n", minimum=1, maximum=1_000_000)
    size = check_int(size, "size", minimum=8, maximum=1024)
    noise = check_float(noise, "noise", minimum=0.0)
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0.0, maximum=size / 2)
    seed = check_seed(seed)
    if isinstance(classes, str) or not isinstance(classes, (tuple, list)) or not classes:
        raise TypeError(f"classes must be a non-empty tuple of class names, got {classes!r}")
    unknown = [c for c in classes if c not in GALAXY_CLASSES]
    if unknown:
        raise ValueError(f"classes holds unknown class(es) {unknown}; choose from {GALAXY_CLASSES}")

    rng = np.random.default_rng(seed)
    codes = np.array([GALAXY_CLASSES.index(c) for c in classes])
    labels = codes[np.arange(n) % len(codes)]
    rng.shuffle(labels)
    scale = size / 32.0
    images = np.empty((n, size, size), dtype=float)
    makers = {
        0: lambda k: _elliptical(size, k, rng, scale),
        1: lambda k: _spiral(size, k, rng, scale, barred=False),
        2: lambda k: _spiral(size, k, rng, scale, barred=True),
    }
    for code in codes:
        members = np.flatnonzero(labels == code)
        if members.size:
            images[members] = makers[int(code)](members.size)
    if psf_sigma > 0:
        images = ndimage.gaussian_filter(images, sigma=(0, psf_sigma, psf_sigma), mode="constant")
    images /= images.max(axis=(1, 2), keepdims=True)
    if noise > 0:
        images += rng.normal(0.0, noise, images.shape)
    return images.astype(np.float32), labels.astype(np.int64)
