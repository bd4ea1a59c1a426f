"""Answer checks for notebook 05 (autoencoders).

Each check verifies what the student's answer *does* on cases the check builds itself:

- :func:`check_smoothed_noise` smooths white-noise fields with a Gaussian and compares the
  noise that is left with the student's prediction;
- :func:`check_threshold` calls the student's threshold rule on score sets of its own and
  counts how many normal images each threshold flags;
- :func:`check_multistep_forecaster` evaluates the student's trained forecaster on fresh
  light curves (the notebook's simulator, with a seed the notebook never uses) against the
  better of two trivial forecasts (the last value, the mean).

Examples
--------
>>> import math
>>> from helpers.exercises import autoencoders as ex
>>> ex.check_smoothed_noise(lambda sigma, width: sigma / (2 * math.sqrt(math.pi) * width)).passed
Correct (noise after Gaussian smoothing): on 5 simulated white-noise fields your prediction is within 0.8% of the measured noise: smoothing with a Gaussian of width s divides white noise by 2 sqrt(pi) s (3.5 at s = 1 px).
True
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..checks import (
    answer_check,
    call_student,
    fail,
    require_array,
    require_model,
    require_number,
)

__all__ = [
    "check_multistep_forecaster",
    "check_smoothed_noise",
    "check_threshold",
]

# --- noise after Gaussian smoothing ------------------------------------------------------

#: (noise sigma, Gaussian width in pixels) of the simulated fields.
_SMOOTHING_CASES = ((0.15, 1.0), (0.15, 2.0), (1.0, 1.5), (0.05, 3.0), (2.0, 1.2))
_FIELD = 512  # pixels per side: thousands of independent noise patches even at width 3
_NOISE_TOLERANCE = 0.05  # relative


def _measured_smoothed_noise(sigma: float, width: float, seed: int) -> float:
    from scipy import ndimage

    field = np.random.default_rng(seed).normal(0.0, sigma, (_FIELD, _FIELD))
    return float(ndimage.gaussian_filter(field, width, mode="wrap").std())


@answer_check("noise after Gaussian smoothing")
def check_smoothed_noise(func: Callable) -> str:
    """Check ``func(sigma, width)``: the noise left after smoothing white noise with a Gaussian.

    The check draws white Gaussian noise of standard deviation ``sigma`` on a 512×512 field,
    smooths it with ``scipy.ndimage.gaussian_filter`` of width ``width`` (pixels) and measures
    the standard deviation that is left, for five pairs; the prediction must be within 5%.

    Parameters
    ----------
    func : callable
        The student's prediction, a function of the noise sigma and the Gaussian's width.

    Returns
    -------
    CheckResult
        Truthy when every prediction matches the measurement.

    Examples
    --------
    >>> check_smoothed_noise(lambda sigma, width: sigma / width).passed  # doctest: +ELLIPSIS
    Not yet (noise after Gaussian smoothing): for noise sigma 0.15 smoothed with a Gaussian of width 1 px you predict 0.15, the simulation measures 0.0423...
    False
    """
    worst = 0.0
    for k, (sigma, width) in enumerate(_SMOOTHING_CASES):
        predicted = require_number(
            call_student(func, sigma, width, what="your function"),
            f"your prediction for sigma {sigma:g}, width {width:g}",
        )
        measured = _measured_smoothed_noise(sigma, width, seed=1000 + k)
        error = abs(predicted - measured) / measured
        if error > _NOISE_TOLERANCE:
            fail(
                f"for noise sigma {sigma:g} smoothed with a Gaussian of width {width:g} px you "
                f"predict {predicted:.4g}, the simulation measures {measured:.4g} "
                f"({predicted / measured:.3g} times too {'large' if predicted > measured else 'small'}"
                "). The smoothed value is a weighted sum of independent pixels: its variance is "
                "sigma^2 times the sum of the squared weights, and for a 2-D Gaussian of unit sum "
                "that sum is 1 / (4 pi width^2)."
            )
        worst = max(worst, error)
    factor = 2 * math.sqrt(math.pi)
    return (
        f"on {len(_SMOOTHING_CASES)} simulated white-noise fields your prediction is within "
        f"{worst:.1%} of the measured noise: smoothing with a Gaussian of width s "
        f"divides white noise by 2 sqrt(pi) s ({factor:.1f} at s = 1 px)."
    )


# --- anomaly threshold --------------------------------------------------------------------


def _score_sets() -> list[tuple[np.ndarray, float, str]]:
    rng = np.random.default_rng(505)
    return [
        (rng.exponential(0.004, 400), 0.05, "400 exponential scores"),
        (rng.lognormal(-5.0, 0.6, 250), 0.10, "250 log-normal scores"),
        (rng.gamma(2.0, 0.002, 1000), 0.01, "1000 gamma-distributed scores"),
        (rng.uniform(0.001, 0.01, 120), 0.20, "120 uniform scores"),
    ]


@answer_check("anomaly threshold")
def check_threshold(func: Callable) -> str:
    """Check ``func(normal_scores, rate)``: a threshold that flags ``rate`` of normal images.

    Images whose score is **above** the threshold are flagged. The check calls ``func`` on
    four sets of anomaly scores of its own (different distributions, sizes and rates) and
    counts the flagged fraction; it must be within one image (or half a percentage point) of
    ``rate``.

    Parameters
    ----------
    func : callable
        The student's rule, a function of a 1-D array of scores and a rate in (0, 1).

    Returns
    -------
    CheckResult
        Truthy when every threshold flags the requested fraction.

    Examples
    --------
    >>> import numpy as np
    >>> check_threshold(lambda s, rate: np.quantile(s, 1 - rate)).passed
    Correct (anomaly threshold): on 4 sets of normal scores (rates 1% to 20%) your threshold flags the requested fraction each time: it is the (1 - rate) quantile of the normal scores.
    True
    """
    for scores, rate, label in _score_sets():
        threshold = require_number(
            call_student(func, scores, rate, what="your function"),
            f"your threshold for {label}",
        )
        flagged = float(np.mean(scores > threshold))
        tolerance = max(1.0 / scores.size, 0.005) + 1e-12
        if abs(flagged - rate) > tolerance:
            fail(
                f"for {label} and rate {rate:.0%} your threshold {threshold:.4g} flags "
                f"{flagged:.1%} of normal images (target {rate:.0%}). Images ABOVE the "
                "threshold are flagged: which quantile of the normal scores leaves a fraction "
                "`rate` above it?"
            )
    rates = [rate for _, rate, _ in _score_sets()]
    return (
        f"on {len(rates)} sets of normal scores (rates {min(rates):.0%} to {max(rates):.0%}) "
        "your threshold flags the requested fraction each time: it is the (1 - rate) "
        "quantile of the normal scores."
    )


# --- multi-step forecaster ----------------------------------------------------------------

_NOISE_MAG = 0.05  # photometric noise of the simulated light curves (mag)
_N_CHECK_CURVES = 400
_CHECK_SEED = 2027  # the notebook draws its curves from seed + 2; this seed is the check's own
_MAX_RATIO = 0.4  # at most this fraction of the better trivial forecast's error


def _light_curves(n: int, length: int, rng: np.random.Generator) -> np.ndarray:
    """Simulated periodic variable stars, the same simulator as notebook 05.

    Periods uniform in 8-30 samples, amplitudes uniform in 0.2-1 mag, random phases, a first
    harmonic of 0.3 times the amplitude, white noise of 0.05 mag.

    Parameters
    ----------
    n : int
        Number of light curves.
    length : int
        Samples per light curve.
    rng : numpy.random.Generator
        The random generator.

    Returns
    -------
    numpy.ndarray, shape (n, length), float32
        Magnitude offsets (mag).

    """
    t = np.arange(length)
    period = rng.uniform(8, 30, (n, 1))
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    amplitude = rng.uniform(0.2, 1.0, (n, 1))
    arg = 2 * np.pi * t / period + phase
    mag = amplitude * (np.sin(arg) + 0.3 * np.sin(2 * arg))
    return (mag + rng.normal(0, _NOISE_MAG, mag.shape)).astype("float32")


@answer_check("multi-step forecaster")
def check_multistep_forecaster(model, horizon: int = 5) -> str:
    """Check a trained Keras model that forecasts the next ``horizon`` samples of a light curve.

    The model takes windows of shape ``(window, 1)`` (its input shape says how long) and
    returns ``horizon`` numbers per window, the next samples in order. The check simulates
    400 fresh light curves (the notebook's simulator, a seed the notebook never uses), asks the
    model for their future and compares, step by step, with the better of two trivial
    forecasts: "every future sample equals the last one seen" and "every future sample is
    the mean brightness" (0). The model passes when its mean squared error is below the
    trivial one at every step and at most 0.4 times it on average.

    Parameters
    ----------
    model : keras.Model
        The student's trained forecaster.
    horizon : int, optional
        Number of future samples it predicts (default 5).

    Returns
    -------
    CheckResult
        Truthy when the forecasts beat the trivial forecasts as described.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 1 <= horizon <= 50:
        fail(f"horizon must be a whole number of samples between 1 and 50, got {horizon!r}.")
    model = require_model(model, "your forecaster")
    shape = tuple(model.input_shape)
    if len(shape) not in (2, 3) or (len(shape) == 3 and shape[2] != 1):
        fail(
            f"your forecaster takes inputs of shape {shape}; it should take windows of shape "
            "(window, 1): keras.Input(shape=(lc_window, 1))."
        )
    window = shape[1]
    if not isinstance(window, int) or not 4 <= window <= 256:
        fail(f"your forecaster's window length is {window!r}; use keras.Input(shape=(24, 1)).")
    curves = _light_curves(_N_CHECK_CURVES, window + horizon, np.random.default_rng(_CHECK_SEED))
    past, future = curves[:, :window], curves[:, window:]
    inputs = past[..., None] if len(shape) == 3 else past
    raw = np.asarray(model.predict(inputs, verbose=0))
    if raw.ndim == 3 and raw.shape[2] == 1:
        raw = raw[..., 0]
    if raw.ndim != 2 or raw.shape[1] != horizon:
        fail(
            f"your forecaster returns shape {raw.shape[1:]} per window; it should return the "
            f"next {horizon} samples, shape ({horizon},): end it with layers.Dense({horizon})."
        )
    forecast = require_array(raw, "your forecaster's output")
    mse = np.mean((forecast - future) ** 2, axis=0)
    naive = np.mean((past[:, -1:] - future) ** 2, axis=0)  # repeat the last value
    mean = np.mean(future**2, axis=0)  # predict the mean brightness, 0
    trivial = np.minimum(naive, mean)
    steps = ", ".join(f"{m:.4f}" for m in mse)
    if np.any(mse >= trivial):
        step = int(np.argmax(mse >= trivial))
        which = "last-value" if naive[step] <= mean[step] else "mean-brightness (0)"
        fail(
            f"at step {step + 1} your MSE is {mse[step]:.4f} mag^2, not below the {which} "
            f"forecast's {trivial[step]:.4f} mag^2 (your MSE per step: {steps}). "
            "Train longer, or check that the targets are the next samples in time order."
        )
    ratio = float(mse.mean() / trivial.mean())
    if ratio > _MAX_RATIO:
        fail(
            f"your mean MSE {mse.mean():.4f} mag^2 is {ratio:.2f} times that of the better "
            f"trivial forecast ({trivial.mean():.4f} mag^2); a forecaster that has learned the "
            f"periods gets below {_MAX_RATIO:g} times. Train longer (more epochs) or give the "
            "network more capacity."
        )
    return (
        f"on {_N_CHECK_CURVES} fresh light curves your MSE per step is {steps} mag^2, "
        f"{ratio:.2f} times that of the better trivial forecast (last value or mean) on "
        f"average; the photometric noise alone gives {_NOISE_MAG**2:.4f} mag^2 at every step."
    )
