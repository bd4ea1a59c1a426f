"""Answer checks for notebook 10 (transients: difference imaging and a TransiNet-like network).

Each check calls the student's function on cases it builds itself and verifies what the
function *does*: the PSF-matching kernel must turn the sharper PSF into the broader one, the
predicted dipole direction must agree with a simulated misaligned galaxy, and ZOGY's
difference image must match the formula on simulated pairs, with white unit noise.

Examples
--------
>>> import math
>>> from helpers.exercises import transients as ex
>>> ex.check_matching_kernel(lambda a, b: math.sqrt(abs(a**2 - b**2))).passed
Correct (PSF-matching kernel): on 5 pairs of PSF widths, convolving the sharper PSF with your kernel gives the broader one (to one part in a million).
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..checks import answer_check, call_student, fail, require_array, require_number
from ..transients import convolve_gaussian

__all__ = [
    "check_dipole_direction",
    "check_matching_kernel",
    "check_zogy_difference",
    "reference_zogy_difference",
]

_PSF_PAIRS = ((1.0, 2.0), (2.2, 1.1), (1.5, 1.5), (1.2, 1.3), (0.9, 2.4))


def _point(size: int, sigma: float) -> np.ndarray:
    image = np.zeros((size, size))
    image[size // 2, size // 2] = 1.0
    return convolve_gaussian(image, sigma)


@answer_check("PSF-matching kernel")
def check_matching_kernel(func: Callable) -> str:
    """Check ``func(psf_a, psf_b)``: the width of the kernel that matches two Gaussian PSFs.

    The kernel is convolved with the sharper of the two PSFs; the result must be the broader
    PSF. The check does exactly that, with the width the function returns, on five pairs.

    Parameters
    ----------
    func : callable
        The student's function of two PSF widths (sigmas, pixels, in either order).

    Returns
    -------
    CheckResult
        Truthy when every matched PSF equals the broader one.

    Examples
    --------
    >>> check_matching_kernel(lambda a, b: abs(a - b)).passed  # doctest: +ELLIPSIS
    Not yet (PSF-matching kernel): for PSF widths 1 and 2 your kernel (sigma 1) turns the sharper PSF into one of width 1.414, not 2...
    False
    """
    for a, b in _PSF_PAIRS:
        width = require_number(
            call_student(func, a, b, what="your function"), f"the kernel width for ({a}, {b})"
        )
        if width < 0:
            fail(f"for PSF widths {a:g} and {b:g} you return {width:g}: a width is >= 0.")
        sharp, broad = min(a, b), max(a, b)
        matched = convolve_gaussian(_point(41, sharp), width)
        target = _point(41, broad)
        difference = float(np.abs(matched - target).max())
        if difference > 1e-6 * target.max():
            result = math.hypot(sharp, width)
            fail(
                f"for PSF widths {a:g} and {b:g} your kernel (sigma {width:.4g}) turns the "
                f"sharper PSF into one of width {result:.4g}, not {broad:g}. Widths of "
                "convolved Gaussians add in quadrature: sharp^2 + kernel^2 = broad^2."
            )
    return (
        f"on {len(_PSF_PAIRS)} pairs of PSF widths, convolving the sharper PSF with your "
        "kernel gives the broader one (to one part in a million)."
    )


_SHIFTS = ((0.5, 0.0), (0.0, -0.4), (0.3, 0.3), (-0.35, 0.2), (-0.2, -0.45))


def _measured_lobe(dx: float, dy: float) -> np.ndarray:
    """Unit vector from a galaxy's centre to the positive lobe of science - reference."""
    size = 41
    centre = size // 2
    y, x = np.mgrid[0:size, 0:size] - centre
    galaxy = 50.0 * np.exp(-np.hypot(x / 1.0, y / 0.8) / 2.0)  # an exponential disc
    reference = convolve_gaussian(galaxy, 1.5)
    science = convolve_gaussian(galaxy, 1.5, shift=(dx, dy))
    positive = np.clip(science - reference, 0.0, None)
    vector = np.array([(positive * x).sum(), (positive * y).sum()])
    return vector / np.hypot(*vector)


@answer_check("dipole direction")
def check_dipole_direction(func: Callable) -> str:
    """Check ``func(dx, dy)``: where the positive lobe of the difference sits, for a shift.

    The science image shows the field moved by ``(dx, dy)`` pixels (x to the right, y down
    the rows) with respect to the reference. ``func`` returns a vector ``(ux, uy)`` pointing
    from a galaxy's centre to the positive lobe of ``science - reference``. The check
    simulates that galaxy for five shifts and compares directions (within 25 degrees).

    Parameters
    ----------
    func : callable
        The student's prediction, a function of the shift.

    Returns
    -------
    CheckResult
        Truthy when every predicted direction matches the simulated one.

    Examples
    --------
    >>> check_dipole_direction(lambda dx, dy: (-dx, -dy)).passed  # doctest: +ELLIPSIS
    Not yet (dipole direction): for a shift (0.5, 0) you predict the lobe at 180 degrees, the simulation puts it at 0 degrees...
    False
    """
    worst = 0.0
    for dx, dy in _SHIFTS:
        vector = require_array(
            call_student(func, dx, dy, what="your function"),
            f"your direction for the shift ({dx:g}, {dy:g})",
            shape=(2,),
        )
        norm = float(np.hypot(*vector))
        if norm == 0:
            fail(f"for the shift ({dx:g}, {dy:g}) you return a vector of length 0: no direction.")
        measured = _measured_lobe(dx, dy)
        cosine = float(np.clip(vector @ measured / norm, -1.0, 1.0))
        angle = math.degrees(math.acos(cosine))
        if angle > 25.0:
            predicted = math.degrees(math.atan2(vector[1], vector[0])) % 360
            true = math.degrees(math.atan2(measured[1], measured[0])) % 360
            fail(
                f"for a shift ({dx:g}, {dy:g}) you predict the lobe at {predicted:.0f} degrees, "
                f"the simulation puts it at {true:.0f} degrees (angles from the +x axis towards "
                "+y). Think of S - R ~ -(dx dR/dx + dy dR/dy): where is the galaxy's light new?"
            )
        worst = max(worst, angle)
    return (
        f"on {len(_SHIFTS)} simulated misalignments your predicted lobe direction is within "
        f"{worst:.0f} degrees of the measured one: the positive lobe lies on the side the "
        "galaxy moved to, the negative lobe behind it."
    )


def reference_zogy_difference(
    reference: np.ndarray,
    science: np.ndarray,
    psf_ref: float,
    psf_sci: float,
    noise_ref: float,
    noise_sci: float,
) -> np.ndarray:
    r"""Reference answer: ZOGY's difference image for Gaussian PSFs (Zackay et al. 2016).

    :math:`\hat D = (\hat P_R \hat S - \hat P_S \hat R) /
    \sqrt{\sigma_S^2 |\hat P_R|^2 + \sigma_R^2 |\hat P_S|^2}`, with the Gaussian transfer
    functions :math:`\hat P(k) = \exp(-2\pi^2\sigma^2 |k|^2)`; unit flux scaling of both
    images.

    Parameters
    ----------
    reference, science : numpy.ndarray, shape (ny, nx)
        The two images of one pair.
    psf_ref, psf_sci : float
        Gaussian PSF widths (sigma, pixels).
    noise_ref, noise_sci : float
        White-noise sigmas per pixel.

    Returns
    -------
    numpy.ndarray
        The difference image D, whose noise is white with unit variance.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = reference_zogy_difference(
    ...     rng.normal(0, 0.5, (64, 64)), rng.normal(0, 1.0, (64, 64)), 1.2, 1.8, 0.5, 1.0
    ... )
    >>> round(float(d.std()), 1)
    1.0
    """
    ky = np.fft.fftfreq(reference.shape[0])[:, None]
    kx = np.fft.fftfreq(reference.shape[1])[None, :]
    k2 = kx**2 + ky**2
    p_ref = np.exp(-2 * np.pi**2 * psf_ref**2 * k2)
    p_sci = np.exp(-2 * np.pi**2 * psf_sci**2 * k2)
    numerator = p_ref * np.fft.fft2(science) - p_sci * np.fft.fft2(reference)
    denominator = np.sqrt(noise_sci**2 * p_ref**2 + noise_ref**2 * p_sci**2)
    return np.fft.ifft2(numerator / denominator).real


def _zogy_cases() -> list[tuple]:
    from ..transients import make_transient_pairs

    pairs = make_transient_pairs(6, transient_fraction=0.5, seed=2024)
    sky = make_transient_pairs(
        2, transient_fraction=0.0, galaxies_per_image=(0, 0), stars_per_image=(0, 0), seed=7
    )
    cases = []
    for p in (pairs, sky):
        for i in range(p.n_pairs):
            cases.append(
                (
                    p.reference[i].astype(float),
                    p.science[i].astype(float),
                    float(p.psf_ref[i]),
                    float(p.psf_sci[i]),
                    p.noise_ref,
                    p.noise_sci,
                )
            )
    return cases


@answer_check("ZOGY difference image")
def check_zogy_difference(func: Callable) -> str:
    """Check ``func(reference, science, psf_ref, psf_sci, noise_ref, noise_sci)``: ZOGY's D.

    The check calls ``func`` on eight simulated pairs of its own (either image the sharper,
    with and without transients, two of empty sky) and compares with
    :func:`reference_zogy_difference` within 1% (relative L2 norm), then checks that on the
    empty-sky pairs the noise of D has unit variance.

    Parameters
    ----------
    func : callable
        The student's function for one pair.

    Returns
    -------
    CheckResult
        Truthy when every D matches.

    Examples
    --------
    >>> check_zogy_difference(reference_zogy_difference).passed  # doctest: +ELLIPSIS
    Correct (ZOGY difference image): on 8 simulated pairs your D matches...
    True
    """
    cases = _zogy_cases()
    worst = 0.0
    for k, args in enumerate(cases):
        answer = require_array(
            call_student(func, *args, what="your function"),
            f"your D for pair {k + 1}",
            shape=args[0].shape,
        )
        expected = reference_zogy_difference(*args)
        error = float(np.linalg.norm(answer - expected) / np.linalg.norm(expected))
        if error > 0.01:
            scale = float(answer.std() / expected.std())
            fail(
                f"for pair {k + 1} (PSF widths {args[2]:.2f} reference, {args[3]:.2f} science) "
                f"your D differs from ZOGY's by {error:.0%} (its spread is {scale:.3g} times the "
                "expected). Each image is multiplied by the OTHER image's transfer function, "
                "and the denominator is sqrt(noise_sci^2 |P_R|^2 + noise_ref^2 |P_S|^2)."
            )
        worst = max(worst, error)
    noise = np.concatenate([call_student(func, *args).ravel() for args in cases[-2:]])
    return (
        f"on {len(cases)} simulated pairs your D matches ZOGY's (largest relative difference "
        f"{worst:.1e}); on empty sky its noise has standard deviation {noise.std():.2f}."
    )
