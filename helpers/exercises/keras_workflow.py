"""Answer checks for notebook 07 (the Keras workflow).

Three exercises: count the parameters of a dense network (the check builds the networks in
Keras and compares with ``count_params``), write an early-stopping callback (the check drives
it through scripted training runs beside Keras' own ``EarlyStopping``), and predict the
accuracy of aperture photometry on the notebook's toy cutouts (the check simulates it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from ..checks import answer_check, call_student, fail, not_attempted, require_number

__all__ = [
    "check_aperture_accuracy",
    "check_early_stopping_callback",
    "check_param_count",
    "reference_aperture_accuracy",
    "toy_template",
]

# --- exercise 1: parameters of a dense network ---------------------------------------------

_ARCHITECTURES: tuple[tuple[int, ...], ...] = (
    (784, 32, 1),
    (784, 64, 1),
    (784, 256, 256, 3),
    (4, 1),
    (10, 5, 4, 3),
)


def _keras_param_count(units: Sequence[int]) -> int:
    import keras

    layers = [keras.Input(shape=(units[0],))]
    layers += [keras.layers.Dense(n) for n in units[1:]]
    return int(keras.Sequential(layers).count_params())


@answer_check("parameter count")
def check_param_count(func: Callable) -> str:
    """Check ``func(units)``: the number of parameters of a chain of ``Dense`` layers.

    ``units`` lists the layer widths from the input to the output, e.g. ``[784, 32, 1]`` for
    784 inputs, a hidden layer of 32 and one output. The check builds each of its five
    networks in Keras and compares the student's count with ``model.count_params()``.

    Parameters
    ----------
    func : callable
        The student's function of a list of widths.

    Returns
    -------
    CheckResult
        Truthy when every count matches Keras.

    Examples
    --------
    >>> def count(units):
    ...     return sum((a + 1) * b for a, b in itertools.pairwise(units))
    >>> check_param_count(count).passed  # doctest: +ELLIPSIS
    Correct (parameter count): ...
    True
    """
    for units in _ARCHITECTURES:
        got = require_number(
            call_student(func, list(units), what="your function"),
            f"your count for {list(units)}",
        )
        want = _keras_param_count(units)
        if got != want:
            weights = sum(a * b for a, b in itertools.pairwise(units))
            fail(
                f"for the widths {list(units)} you count {got:,.0f} parameters, Keras counts "
                f"{want:,} ({weights:,} weights in the matrices and {want - weights:,} biases). "
                "Each Dense layer with n_in inputs and n_out units holds an n_in x n_out matrix "
                "and one bias per unit; the input layer holds none."
            )
    return (
        f"your counts match model.count_params() on {len(_ARCHITECTURES)} networks, e.g. "
        f"{_keras_param_count(_ARCHITECTURES[0]):,} for 784 -> 32 -> 1."
    )


# --- exercise 2: an early-stopping callback -----------------------------------------------

#: Scripted validation-loss curves and patiences: a clear minimum, a new minimum after a bump
#: (and a dip that is no new minimum), ties (a tie is no improvement), patience 1, and a run that never stops.
_CURVES: tuple[tuple[tuple[float, ...], int], ...] = (
    ((1.0, 0.8, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05), 3),
    ((1.0, 0.8, 0.9, 0.85, 0.82, 0.75, 0.8, 0.85, 0.78, 0.9, 0.95, 1.0, 1.1), 4),
    ((1.0, 0.8, 0.8, 0.8, 0.9, 0.95, 1.0, 1.05), 2),
    ((1.0, 0.9, 0.92, 0.7, 0.75, 0.8, 0.85), 1),
    ((1.0, 0.9, 0.8, 0.7, 0.6, 0.5), 2),
)


def _marker_model():
    import keras

    return keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])


def _mark(model, epoch: int) -> None:
    """Fill every weight with epoch + 1, so the weights tell which epoch they come from."""
    model.set_weights([np.full(w.shape, epoch + 1.0, dtype=w.dtype) for w in model.get_weights()])


def _drive(callback, model, curve: Sequence[float]) -> tuple[int, int]:
    """Run ``callback`` through a scripted training run; return (epochs trained, weights' epoch).

    Before each epoch's end the model's weights are set to that epoch's marker; the
    callback sees ``logs = {"loss": ..., "val_loss": curve[epoch]}``.
    """
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin({})
    trained = 0
    for epoch, value in enumerate(curve):
        callback.on_epoch_begin(epoch, {})
        _mark(model, epoch)
        callback.on_epoch_end(epoch, {"loss": 0.5 * value, "val_loss": float(value)})
        trained = epoch + 1
        if model.stop_training:
            break
    callback.on_train_end({})
    weights = model.get_weights()
    values = np.unique(np.concatenate([np.ravel(w) for w in weights]))
    if values.size != 1 or values[0] != round(float(values[0])):
        return trained, -1  # weights that belong to no epoch
    return trained, round(float(values[0]))


def _keras_run(curve: Sequence[float], patience: int) -> tuple[int, int]:
    import keras

    reference = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, restore_best_weights=True
    )
    return _drive(reference, _marker_model(), curve)


def _curve_text(curve: Sequence[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in curve) + "]"


@answer_check("early-stopping callback")
def check_early_stopping_callback(callback_class) -> str:
    """Check an early-stopping callback class: ``callback_class(patience=...)``.

    The callback must stop training once ``patience`` epochs in a row brought no new minimum
    of ``logs["val_loss"]`` (a value equal to the best is no improvement) and, when training
    ends, put back the weights of the epoch with the lowest validation loss, as
    ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True)`` does. The check drives the callback and Keras' own through
    five scripted training runs of a small model whose weights mark the epoch they come from,
    and compares when each stops and which weights each leaves in the model.

    Parameters
    ----------
    callback_class : type
        The student's subclass of ``keras.callbacks.Callback`` (the class, not an instance).

    Returns
    -------
    CheckResult
        Truthy when the callback behaves as Keras' ``EarlyStopping`` on every run.

    Examples
    --------
    >>> import keras
    >>> class DoesNothing(keras.callbacks.Callback):
    ...     def __init__(self, patience):
    ...         super().__init__()
    >>> check_early_stopping_callback(DoesNothing).passed  # doctest: +ELLIPSIS
    Not yet (not attempted: early-stopping callback): your callback neither stopped ...
    False
    """
    import keras

    if callback_class is None or callback_class is Ellipsis:
        not_attempted("MyEarlyStopping is still None: write the class, then run the cell.")
    if isinstance(callback_class, keras.callbacks.Callback):
        fail(
            "this is an instance of a callback; pass the class itself (MyEarlyStopping, "
            "not MyEarlyStopping(patience=3)): the check makes its own instances."
        )
    for index, (curve, patience) in enumerate(_CURVES):
        callback = call_student(callback_class, patience=patience, what="your class")
        if not isinstance(callback, keras.callbacks.Callback):
            fail(
                f"calling your class with patience={patience} gave "
                f"{type(callback).__name__}, not a keras.callbacks.Callback: subclass "
                "keras.callbacks.Callback."
            )
        try:
            trained, restored = _drive(callback, _marker_model(), curve)
        except Exception as error:  # the student's methods raised: say where
            fail(
                f"on the curve {_curve_text(curve)} with patience {patience} your callback "
                f"raised {type(error).__name__}: {error}."
            )
        want_trained, want_restored = _keras_run(curve, patience)
        best = int(np.argmin(curve)) + 1
        if index == 0 and trained == len(curve) and restored == len(curve):
            not_attempted(
                "your callback neither stopped training nor changed the weights: write the "
                "bodies of on_train_begin, on_epoch_end and on_train_end, then run the cell."
            )
        where = f"on the validation-loss curve {_curve_text(curve)} with patience {patience}"
        if trained != want_trained:
            fail(
                f"{where} your callback stopped after {trained} epoch(s), Keras' EarlyStopping "
                f"after {want_trained} (the lowest loss is at epoch {best}). Count the epochs "
                "since the last new minimum (an equal value is no improvement) and set "
                "self.model.stop_training = True when that count reaches the patience."
            )
        if restored != want_restored:
            held = "weights of no single epoch" if restored < 0 else f"weights of epoch {restored}"
            fail(
                f"{where} training ends with the {held} in the model; Keras restores epoch "
                f"{want_restored}, the lowest validation loss. Keep self.model.get_weights() "
                "when the loss improves and call self.model.set_weights(...) in on_train_end."
            )
    return (
        f"on {len(_CURVES)} scripted training runs your callback stops after the same epoch "
        "as keras.callbacks.EarlyStopping and restores the same (best) weights."
    )


# --- exercise 3: aperture photometry on the toy cutouts -----------------------------------

_SIZE = 28
_PSF_SIGMA = 2.0


def toy_template() -> np.ndarray:
    """The toy source of notebook 07 for unit total flux: a Gaussian PSF, sigma = 2 pixels.

    Returns
    -------
    numpy.ndarray, shape (28, 28)
        The source image, centred between the four central pixels, summing to 1.

    Examples
    --------
    >>> round(float(toy_template().sum()), 6)
    1.0
    """
    yy, xx = np.mgrid[0:_SIZE, 0:_SIZE] - (_SIZE - 1) / 2
    psf = np.exp(-(xx**2 + yy**2) / (2 * _PSF_SIGMA**2))
    return psf / psf.sum()


def _aperture(radius: float) -> np.ndarray:
    yy, xx = np.mgrid[0:_SIZE, 0:_SIZE] - (_SIZE - 1) / 2
    return np.hypot(xx, yy) <= radius


def reference_aperture_accuracy(flux: float, radius: float) -> float:
    r"""Reference answer: accuracy of the best threshold on an aperture sum of the toy cutouts.

    With noise sigma = 1 per pixel, the sum over the N pixels of the aperture has noise
    :math:`\sqrt N` and, with a source, mean :math:`F f` (``f`` the fraction of the source's
    flux inside). Half the cutouts hold a source, so the best threshold lies half-way and the
    accuracy is :math:`\Phi(F f / (2 \sqrt N))`.

    Parameters
    ----------
    flux : float
        Total flux of the source, in units of the pixel noise.
    radius : float
        Aperture radius in pixels (pixels whose centres are within it are summed), > 0.5.

    Returns
    -------
    float
        The accuracy, between 0.5 and 1.

    Raises
    ------
    ValueError
        If ``radius`` is too small to hold a pixel centre.

    Examples
    --------
    >>> round(reference_aperture_accuracy(30.0, 3.0), 3)
    0.973
    """
    mask = _aperture(radius)
    if not mask.any():
        raise ValueError(f"radius must hold at least one pixel centre, got {radius}")
    snr = flux * float(toy_template()[mask].sum()) / math.sqrt(int(mask.sum()))
    return 0.5 * (1.0 + math.erf(snr / 2 / math.sqrt(2)))


_APERTURE_CASES = ((30.0, 1.5), (30.0, 3.0), (30.0, 6.0), (15.0, 3.0), (30.0, 10.0))
_SIMULATED = 6000


def _simulated_accuracy(flux: float, radius: float, seed: int) -> tuple[float, float]:
    """Accuracy of the half-way threshold on simulated cutouts, and its binomial error."""
    rng = np.random.default_rng(seed)
    mask = _aperture(radius)
    labels = np.arange(_SIMULATED) % 2
    inside = flux * float(toy_template()[mask].sum())
    sums = rng.normal(0.0, math.sqrt(int(mask.sum())), _SIMULATED) + labels * inside
    accuracy = float(np.mean((sums > inside / 2) == labels))
    return accuracy, math.sqrt(accuracy * (1 - accuracy) / _SIMULATED)


@answer_check("aperture accuracy")
def check_aperture_accuracy(func: Callable) -> str:
    """Check ``func(flux, radius)``: the accuracy of aperture photometry on the toy cutouts.

    The classifier sums the pixels whose centres lie within ``radius`` of the cutout's centre
    and answers "source" above the best threshold. The check compares the student's accuracy
    with the exact one (within 0.01, so a careful simulation passes too) on five (flux,
    radius) pairs and quotes a simulation of its own beside each, then reports the best
    radius the student's function finds.

    Parameters
    ----------
    func : callable
        The student's function of the flux (in units of the pixel noise) and the radius.

    Returns
    -------
    CheckResult
        Truthy when every accuracy is right.

    Examples
    --------
    >>> check_aperture_accuracy(reference_aperture_accuracy).passed  # doctest: +ELLIPSIS
    Correct (aperture accuracy): ...
    True
    """
    for k, (flux, radius) in enumerate(_APERTURE_CASES):
        got = require_number(
            call_student(func, flux, radius, what="your function"),
            f"your accuracy for flux {flux:g} and radius {radius:g}",
        )
        want = reference_aperture_accuracy(flux, radius)
        if abs(got - want) > 0.01:
            simulated, error = _simulated_accuracy(flux, radius, seed=100 + k)
            mask = _aperture(radius)
            fail(
                f"for flux {flux:g} and an aperture of radius {radius:g} px ({int(mask.sum())} "
                f"pixels, {toy_template()[mask].sum():.0%} of the source's flux) you predict "
                f"{got:.3f}; {_SIMULATED} simulated cutouts give {simulated:.3f} ± {error:.3f}. "
                "The sum of N pixels of noise 1 has noise sqrt(N); half-way between the two "
                "means the threshold is wrong in both directions equally often."
            )
    radii = np.arange(1.0, 10.01, 0.5)
    predicted = [float(call_student(func, 30.0, float(r))) for r in radii]
    best = int(np.nanargmax(predicted))
    simulated, error = _simulated_accuracy(30.0, float(radii[best]), seed=99)
    return (
        f"right on {len(_APERTURE_CASES)} (flux, radius) pairs. For flux 30 your function puts "
        f"the best aperture at radius {radii[best]:g} px, accuracy {predicted[best]:.3f} "
        f"(simulated: {simulated:.3f} ± {error:.3f}); compare the matched filter's."
    )
