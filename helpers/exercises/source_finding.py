"""Answer checks for notebook 09 (source finding and denoising).

Each check verifies what the answer *does*: the flux of an injected source is put into an
image and measured with the matched filter; the reported change of completeness and its
significance are recomputed by running both networks on the lesson's test images through the
lesson's recipe (equal false-alarm threshold, one-to-one matching); the predicted S/N kept by
a wrongly sized filter is compared with the S/N the check measures on a rendered source.

Examples
--------
>>> import math
>>> from helpers.exercises import source_finding as ex
>>> ex.check_flux_for_snr(lambda snr, psf, noise: snr * noise * math.sqrt(4 * math.pi) * psf).passed
Correct (flux for a given S/N): on 5 cases, the matched filter measures the S/N you asked for in an image holding a source of your flux (within 2.8%).
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..checks import answer_check, call_student, fail, require_model, require_number
from ..detection import find_local_maxima, highest_peaks
from ..sky import SkySample, render_images

__all__ = [
    "check_completeness_change",
    "check_filter_efficiency",
    "check_flux_for_snr",
    "completeness_in_bin",
    "reference_match",
]


# --- the matched filter, as the checks measure it -------------------------------------------


def _gaussian_kernel(sigma: float) -> np.ndarray:
    half = int(np.ceil(5 * sigma))
    y, x = np.mgrid[-half : half + 1, -half : half + 1]
    kernel = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    return kernel / kernel.sum()


def _centred_source(flux: float, psf_sigma: float, noise_sigma: float, size: int = 81):
    """Noise-free image of one source of ``flux`` at the centre pixel (pixel-integrated PSF)."""
    catalogue = pd.DataFrame({"image": [0], "x": [size // 2], "y": [size // 2], "flux": [flux]})
    sample = render_images(
        catalogue, 1, size=size, psf_sigma=psf_sigma, noise_sigma=noise_sigma, margin=0, seed=0
    )
    return sample.clean[0].astype(float)


def _filtered_snr(image: np.ndarray, kernel_sigma: float, noise_sigma: float) -> float:
    """S/N at the centre of ``image`` filtered with a Gaussian: sum(K I) / (sigma_n |K|)."""
    kernel = _gaussian_kernel(kernel_sigma)
    half = kernel.shape[0] // 2
    c = image.shape[0] // 2
    stamp = image[c - half : c + half + 1, c - half : c + half + 1]
    return float((kernel * stamp).sum() / (noise_sigma * np.sqrt((kernel**2).sum())))


_FLUX_CASES = (
    (5.0, 1.5, 1.0),
    (10.0, 1.5, 1.0),
    (5.0, 2.5, 1.0),
    (8.0, 1.2, 3.0),
    (20.0, 3.0, 0.5),
)


@answer_check("flux for a given S/N")
def check_flux_for_snr(func: Callable) -> str:
    """Check ``func(snr, psf_sigma, noise_sigma)``: the flux of a source of that S/N.

    For each case the check draws a source of the returned flux into an image (the lesson's
    simulator, noise-free), applies the matched filter (the PSF, normalised) and compares the
    measured S/N with the one asked for (4% tolerance: the source is integrated over pixels,
    the formula is not, which costs up to 3% for a sharp PSF).

    Parameters
    ----------
    func : callable
        The student's function of three numbers.

    Returns
    -------
    CheckResult
        Truthy when every injected source has the S/N asked for.

    Examples
    --------
    >>> check_flux_for_snr(lambda snr, psf, noise: snr * noise * 4 * math.pi * psf).passed
    ... # doctest: +ELLIPSIS
    Not yet (flux for a given S/N): you asked for S/N 5 (PSF sigma 1.5, noise 1) and your flux 94.25 gives S/N 17.4...
    False
    """
    worst = 0.0
    for snr, psf_sigma, noise_sigma in _FLUX_CASES:
        flux = require_number(
            call_student(func, snr, psf_sigma, noise_sigma, what="your function"),
            f"your flux for S/N {snr:g}",
        )
        if flux <= 0:
            fail(f"for S/N {snr:g} you return the flux {flux:g}: a source's flux is > 0.")
        image = _centred_source(flux, psf_sigma, noise_sigma)
        measured = _filtered_snr(image, psf_sigma, noise_sigma)
        error = abs(measured / snr - 1)
        if error > 0.04:
            fail(
                f"you asked for S/N {snr:g} (PSF sigma {psf_sigma:g}, noise {noise_sigma:g}) and "
                f"your flux {flux:.4g} gives S/N {measured:.3g} in the matched filter. Invert "
                "S/N = F / (sigma_n sqrt(4 pi) sigma_psf): every factor multiplies."
            )
        worst = max(worst, error)
    return (
        f"on {len(_FLUX_CASES)} cases, the matched filter measures the S/N you asked for in an "
        f"image holding a source of your flux (within {100 * worst:.1f}%)."
    )


_WIDTH_CASES = ((3.0, 1.5), (0.75, 1.5), (1.5, 1.5), (2.0, 1.0), (1.2, 2.4), (4.5, 1.5))


@answer_check("S/N kept by a Gaussian filter of the wrong width")
def check_filter_efficiency(func: Callable) -> str:
    """Check ``func(sigma_filter, sigma_psf)``: the fraction of the matched filter's S/N kept.

    The check renders a point source with a Gaussian PSF of ``sigma_psf``, filters it with a
    Gaussian of ``sigma_filter`` and with the PSF itself, and compares the ratio of the two
    S/N (each ``sum(K I) / (sigma_n |K|)``) with the prediction, within 0.03 (pixels make the
    measurement differ a little from the continuous formula), on six pairs.

    Parameters
    ----------
    func : callable
        The student's prediction, a function of two widths (pixels).

    Returns
    -------
    CheckResult
        Truthy when every prediction matches the measurement.

    Examples
    --------
    >>> check_filter_efficiency(lambda f, p: 2 * f * p / (f**2 + p**2)).passed
    ... # doctest: +ELLIPSIS
    Correct (S/N kept by a Gaussian filter of the wrong width): on 6 pairs of widths...
    True
    """
    worst = 0.0
    for sigma_filter, sigma_psf in _WIDTH_CASES:
        predicted = require_number(
            call_student(func, sigma_filter, sigma_psf, what="your function"),
            f"your fraction for the widths ({sigma_filter:g}, {sigma_psf:g})",
        )
        image = _centred_source(100.0, sigma_psf, 1.0)
        measured = _filtered_snr(image, sigma_filter, 1.0) / _filtered_snr(image, sigma_psf, 1.0)
        if abs(predicted - measured) > 0.03:
            fail(
                f"a Gaussian filter of sigma {sigma_filter:g} on a PSF of sigma {sigma_psf:g} "
                f"keeps {measured:.3f} of the matched filter's S/N; you predict {predicted:.3g}. "
                "The signal is the PSF convolved with the filter at the centre, the noise "
                "sigma_n sqrt(sum K^2): work out both for two Gaussians."
            )
        worst = max(worst, abs(predicted - measured))
    return (
        f"on {len(_WIDTH_CASES)} pairs of widths your prediction is within {worst:.3f} of the "
        "S/N ratio measured on a rendered source: a filter of the wrong width, wider or "
        "narrower, always loses S/N, and it loses little near the right width."
    )


# --- the lesson's recipe: equal false-alarm threshold, one-to-one matching ------------------


def _positions(table, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in ("image", "x", "y") if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {missing}; expected image, x, y")
    return table


def reference_match(
    detections: pd.DataFrame, sources: pd.DataFrame, radius: float = 1.5
) -> tuple[np.ndarray, np.ndarray]:
    """Reference answer: pair detections with sources one-to-one, closest pairs first.

    The recipe of notebook 09: every (detection, source) pair in the same image closer than
    ``radius`` is a candidate; candidates are taken in order of increasing distance and a pair
    is accepted when neither member is paired yet. Ties in distance are broken by position,
    so the result does not depend on the order of the rows, nor on which table is which.

    Parameters
    ----------
    detections, sources : pandas.DataFrame
        Columns ``image``, ``x``, ``y``.
    radius : float, optional
        Matching radius in pixels (default 1.5).

    Returns
    -------
    source_found : numpy.ndarray of bool, shape (len(sources),)
        Whether each source is paired with a detection.
    detection_true : numpy.ndarray of bool, shape (len(detections),)
        Whether each detection is paired with a source (``False`` = a false detection).

    Examples
    --------
    >>> det = pd.DataFrame({"image": [0, 0, 1], "x": [5.0, 9.0, 5.0], "y": [5.0, 9.0, 5.0]})
    >>> src = pd.DataFrame({"image": [0, 1], "x": [5.4, 20.0], "y": [4.8, 20.0]})
    >>> found, true = reference_match(det, src)
    >>> found.tolist(), true.tolist()
    ([True, False], [True, False, False])
    """
    detections = _positions(detections, "detections")
    sources = _positions(sources, "sources")
    found = np.zeros(len(sources), dtype=bool)
    true = np.zeros(len(detections), dtype=bool)
    if len(detections) == 0 or len(sources) == 0:
        return found, true
    d = detections[["image", "x", "y"]].to_numpy(dtype=float)
    s = sources[["image", "x", "y"]].to_numpy(dtype=float)
    # candidate pairs from a k-d tree; images are placed far apart so pairs never cross them
    span = 2 * max(np.abs(d[:, 1:]).max(), np.abs(s[:, 1:]).max()) + 4 * radius + 1
    tree_d = cKDTree(np.c_[d[:, 1] + span * d[:, 0], d[:, 2]])
    tree_s = cKDTree(np.c_[s[:, 1] + span * s[:, 0], s[:, 2]])
    pairs = tree_d.sparse_distance_matrix(tree_s, radius * (1 + 1e-9), output_type="ndarray")
    i, j = pairs["i"], pairs["j"]
    dist = np.hypot(d[i, 1] - s[j, 1], d[i, 2] - s[j, 2])
    keep = (d[i, 0] == s[j, 0]) & (dist < radius)
    i, j, dist = i[keep], j[keep], dist[keep]
    # lexicographic keys: distance first, then the two points in a symmetric order
    a, b = d[i, 1:], s[j, 1:]
    a_first = (a[:, 0] < b[:, 0]) | ((a[:, 0] == b[:, 0]) & (a[:, 1] <= b[:, 1]))
    lo = np.where(a_first[:, None], a, b)
    hi = np.where(a_first[:, None], b, a)
    order = np.lexsort((hi[:, 1], hi[:, 0], lo[:, 1], lo[:, 0], dist))
    for k in order:
        if not true[i[k]] and not found[j[k]]:
            true[i[k]] = found[j[k]] = True
    return found, true


def _calibrated_detections(maps: np.ndarray, sample: SkySample, max_rate: float):
    empty = np.flatnonzero(sample.empty)
    peaks = np.sort(highest_peaks(maps[empty], margin=sample.margin))
    allowed = int(np.floor(max_rate * len(peaks) + 1e-9))
    threshold = float(peaks[len(peaks) - 1 - allowed])
    return find_local_maxima(maps, threshold, margin=sample.margin), threshold


def completeness_in_bin(
    model,
    sample: SkySample,
    *,
    snr_bin: tuple[float, float] = (4.0, 6.0),
    max_rate: float = 0.05,
    radius: float = 1.5,
) -> tuple[float, float, int]:
    """Completeness of a denoising network in one S/N bin, by the lesson's recipe.

    The network's output on ``sample.noisy`` is its score map; the threshold is the value that
    its highest peak exceeds on at most ``max_rate`` of the empty images; peaks above it are
    matched to the true sources with :func:`reference_match`.

    Parameters
    ----------
    model : keras.Model
        A network from (n, size, size, 1) images to maps of the same shape.
    sample : helpers.sky.SkySample
        The test images (with empty ones) and their catalogue.
    snr_bin : (float, float), optional
        The S/N bin ``[lo, hi)`` (default 4-6).
    max_rate : float, optional
        Allowed fraction of empty images with a detection (default 0.05).
    radius : float, optional
        Matching radius in pixels (default 1.5).

    Returns
    -------
    completeness : float
        Fraction of the sources of the bin found.
    error : float
        Its binomial standard error ``sqrt(p (1 - p) / n)``.
    n : int
        Number of sources in the bin.

    Examples
    --------
    >>> import keras
    >>> from helpers.sky import make_sky_images
    >>> sample = make_sky_images(200, seed=3)
    >>> identity = keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Identity()])
    >>> p, error, n = completeness_in_bin(identity, sample)
    >>> 0.0 <= p <= 1.0 and n > 0
    True
    """
    maps = np.asarray(model.predict(sample.noisy[..., None], batch_size=256, verbose=0))
    maps = maps.reshape(sample.noisy.shape).astype(float)
    if not np.all(np.isfinite(maps)):
        raise ValueError("the network's output holds NaN or infinity")
    detections, _ = _calibrated_detections(maps, sample, max_rate)
    found, _ = reference_match(detections, sample.catalogue, radius)
    snr = sample.catalogue["snr"].to_numpy()
    inside = (snr >= snr_bin[0]) & (snr < snr_bin[1])
    n = int(inside.sum())
    p = float(found[inside].mean())
    return p, math.sqrt(p * (1 - p) / n), n


def _check_shapes(model, sample: SkySample, what: str) -> None:
    shape = tuple(model.input_shape)
    if shape[1:] != (sample.size, sample.size, 1):
        fail(
            f"{what} takes inputs of shape {shape}, the test images are "
            f"(n, {sample.size}, {sample.size}, 1)."
        )
    out = tuple(model.output_shape)
    if out[1:] != (sample.size, sample.size, 1):
        fail(f"{what} returns maps of shape {out}, not (n, {sample.size}, {sample.size}, 1).")


@answer_check("completeness change at S/N 4-6 and its significance")
def check_completeness_change(
    change,
    significance,
    my_model,
    base_model,
    sample: SkySample,
    max_rate: float = 0.05,
    radius: float = 1.5,
) -> str:
    """Check the change of completeness (new minus base) at S/N 4-6 and its significance.

    The check runs both networks on the test images itself, calibrates each to fire on at
    most ``max_rate`` of the empty images, matches detections to the true sources
    (:func:`completeness_in_bin`), and compares: the change ``p_new - p_base`` within 0.005,
    and the significance ``z = change / sqrt(e_new^2 + e_base^2)`` (the binomial errors added
    in quadrature) within 0.1.

    Parameters
    ----------
    change : float
        The student's change, as a fraction (for example ``-0.03``).
    significance : float
        The student's ``z``: the change in units of its standard error (signed).
    my_model : keras.Model
        The student's network.
    base_model : keras.Model
        The lesson's network.
    sample : helpers.sky.SkySample
        The lesson's test images.
    max_rate, radius : float, optional
        The lesson's false-alarm rate and matching radius.

    Returns
    -------
    CheckResult
        Truthy when both numbers match the recomputed ones.
    """
    change = require_number(change, "your change (new minus base)")
    significance = require_number(significance, "your significance z")
    my_model = require_model(my_model, "my_model")
    if my_model is base_model:
        fail("my_model is the lesson's network itself: build and train a new one.")
    if not isinstance(sample, SkySample):
        fail(f"sample must be the lesson's test images (a SkySample), got {type(sample).__name__}")
    _check_shapes(my_model, sample, "my_model")
    p_new, e_new, n = completeness_in_bin(my_model, sample, max_rate=max_rate, radius=radius)
    p_base, e_base, _ = completeness_in_bin(base_model, sample, max_rate=max_rate, radius=radius)
    expected = p_new - p_base
    sigma = math.hypot(e_new, e_base)
    z = expected / sigma if sigma > 0 else 0.0
    if abs(change) > 1 and abs(change / 100 - expected) <= 0.005:
        fail(f"you give {change:g}: that is in percentage points; give the change as a fraction.")
    if abs(change - expected) > 0.005:
        fail(
            f"your network finds {p_new:.3f} of the {n} sources at S/N 4-6 and the lesson's "
            f"{p_base:.3f}: the change (new minus base) is {expected:+.3f}, you give "
            f"{change:+.4g}."
        )
    if abs(significance - z) > 0.1:
        fail(
            f"the change {expected:+.3f} is right; its standard error is sqrt({e_new:.3f}^2 + "
            f"{e_base:.3f}^2) = {sigma:.3f} (the binomial error of each, in quadrature), so z = "
            f"{z:+.2f}, not {significance:+.3g}."
        )
    if abs(z) < 1:
        verdict = "a tie, the difference is inside its uncertainty."
    elif abs(z) < 2:
        verdict = "within two standard errors: not a significant difference."
    else:
        verdict = "a significant " + ("improvement." if z > 0 else "loss.")
    return f"change {expected:+.3f} +/- {sigma:.3f} at S/N 4-6 (z = {z:+.2f}): {verdict}"
