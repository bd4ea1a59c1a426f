"""Answer checks for notebook 03 (over-fitting).

Three exercises: choose an early-stopping patience (the check replays the stopping rule on a
recorded validation curve), write a random rotation/flip augmentation (the check identifies
the transformation of every image it gets back), and predict whether two remedies together
beat the best one alone (the check trains the student's model from several seeds and scores
it on validation images, beside the lesson's numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .._validation import check_array, check_int
from ..checks import (
    answer_check,
    call_student,
    fail,
    not_attempted,
    require_array,
    require_model,
    require_number,
)

__all__ = [
    "REMEDIES",
    "check_combined_remedies",
    "check_dihedral_augmentation",
    "check_patience",
    "cross_entropy",
    "dihedral_transforms",
    "early_stopping_epoch",
    "remedies_in",
    "train_and_score",
]


# --- exercise 1: early-stopping patience --------------------------------------------------


def early_stopping_epoch(val_loss, patience: int) -> tuple[int, int]:
    """Simulate Keras ``EarlyStopping(patience=..., restore_best_weights=True)`` on a curve.

    Parameters
    ----------
    val_loss : array-like, shape (n_epochs,)
        Validation loss after each epoch.
    patience : int
        Epochs without improvement before stopping, >= 0.

    Returns
    -------
    stop : int
        Number of epochs trained before stopping.
    best : int
        Index (0-based) of the epoch whose weights are restored.

    Raises
    ------
    TypeError
        If ``patience`` is not an integer.
    ValueError
        If ``patience`` is negative or ``val_loss`` is empty or not finite.

    Examples
    --------
    >>> early_stopping_epoch([1.0, 0.8, 0.9, 0.95, 0.7, 1.0], patience=1)
    (3, 1)
    >>> early_stopping_epoch([1.0, 0.8, 0.9, 0.95, 0.7, 1.0], patience=3)
    (6, 4)
    """
    val_loss = check_array(val_loss, "val_loss", ndim=1)
    patience = check_int(patience, "patience", minimum=0)
    best, wait = 0, 0
    for epoch in range(1, val_loss.size):
        if val_loss[epoch] < val_loss[best]:
            best, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch + 1, best
    return int(val_loss.size), best


@answer_check("patience")
def check_patience(patience, val_loss, *, max_loss_excess: float = 0.02) -> str:
    """Check an early-stopping patience on a recorded validation-loss curve.

    The check replays ``EarlyStopping(patience, restore_best_weights=True)`` on the curve.
    A good patience restores weights whose validation loss is within ``max_loss_excess``
    (relative) of the curve's minimum, and stops before the last epoch.

    Parameters
    ----------
    patience : int
        The student's patience (epochs).
    val_loss : array-like, shape (n_epochs,)
        The validation-loss curve of the over-fitting baseline.
    max_loss_excess : float, optional
        Allowed relative excess over the minimum (default 0.02).

    Returns
    -------
    CheckResult
        Truthy for a patience that finds the minimum and saves epochs.

    Examples
    --------
    >>> curve = [1.0, 0.8, 0.9, 0.95, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
    >>> check_patience(3, curve).passed
    Correct (patience): stops after 8 of 10 epochs and restores epoch 5 (val loss 0.7, the minimum is 0.7).
    True
    """
    curve = require_array(val_loss, "the validation-loss curve", ndim=1)
    if curve.size < 2:
        fail("the validation-loss curve needs at least two epochs.")
    value = require_number(patience, "your patience", integer=True, minimum=0)
    stop, best = early_stopping_epoch(curve, int(value))
    lowest, got = float(curve.min()), float(curve[best])
    detail = (
        f"stops after {stop} of {curve.size} epochs and restores epoch {best + 1} "
        f"(val loss {got:.3g}, the minimum is {lowest:.3g})."
    )
    if got > lowest * (1 + max_loss_excess):
        fail(detail + " Too impatient: it stops on a bump before the minimum.")
    if stop >= curve.size:
        fail(detail + " Too patient: it never stops early, no time saved.")
    return detail


# --- exercise 2: rotations and flips --------------------------------------------------------


def dihedral_transforms(image: np.ndarray) -> list[np.ndarray]:
    """The eight rotations by multiples of 90 degrees and mirror images of a square image.

    Parameters
    ----------
    image : numpy.ndarray, shape (size, size) or (size, size, channels)
        One image.

    Returns
    -------
    list of numpy.ndarray
        ``rot90(image, k)`` for k = 0..3, then the same of the left-right mirror image.

    Raises
    ------
    ValueError
        If the image is not square.

    Examples
    --------
    >>> len(dihedral_transforms(np.arange(4.0).reshape(2, 2)))
    8
    """
    image = np.asarray(image)
    if image.ndim < 2 or image.shape[0] != image.shape[1]:
        raise ValueError(f"image must be square, got shape {image.shape}")
    mirrored = image[:, ::-1]
    return [np.rot90(image, k, axes=(0, 1)) for k in range(4)] + [
        np.rot90(mirrored, k, axes=(0, 1)) for k in range(4)
    ]


_NAMES = ("unchanged", "rot 90", "rot 180", "rot 270", "mirror", "mirror+90", "mirror+180",
          "mirror+270")  # fmt: skip


def _which(output: np.ndarray, image: np.ndarray) -> int:
    for k, candidate in enumerate(dihedral_transforms(image)):
        if np.array_equal(output, candidate):
            return k
    return -1


@answer_check("rotations and flips")
def check_dihedral_augmentation(func: Callable, *, n_calls: int = 12) -> str:
    """Check ``func(images, rng)``: each image rotated by a random multiple of 90° and mirrored.

    Rotations by 90° and mirror images keep every pixel (no interpolation) and a galaxy's
    class. The check calls ``func`` ``n_calls`` times on a batch of 32 random 16×16×1
    images with ``numpy.random.default_rng(k)``, identifies which of the eight transforms each
    returned image is, and asks that every image be one of them, that the images of one batch
    be transformed independently, and that all eight transforms turn up about equally often.

    Parameters
    ----------
    func : callable
        The student's function of ``images`` (shape ``(n, size, size, 1)``) and a numpy
        ``Generator``; it returns an array of the same shape.
    n_calls : int, optional
        How many batches to draw (default 12).

    Returns
    -------
    CheckResult
        Truthy when the transforms are exact, independent and uniform.

    Examples
    --------
    >>> def augment(images, rng):
    ...     out = np.empty_like(images)
    ...     for i, image in enumerate(images):
    ...         out[i] = np.rot90(image[:, ::-1] if rng.random() < 0.5 else image, rng.integers(4))
    ...     return out
    >>> check_dihedral_augmentation(augment).passed  # doctest: +ELLIPSIS
    Correct (rotations and flips): ...
    True
    """
    images = np.random.default_rng(2017).normal(size=(32, 16, 16, 1)).astype("float32")
    counts = np.zeros(8, dtype=int)
    for call in range(n_calls):
        out = require_array(
            call_student(func, images, np.random.default_rng(call), what="your function"),
            "what your function returned",
            shape=images.shape,
        )
        kinds = np.array([_which(out[i], images[i]) for i in range(len(images))])
        if (kinds < 0).any():
            i = int(np.flatnonzero(kinds < 0)[0])
            fail(
                f"image {i} of the batch is not a rotation by a multiple of 90 degrees or a "
                "mirror image of input image "
                f"{i} (an interpolated rotation changes pixel values; rotating the wrong axes "
                "mixes images): use np.rot90(image, k) and image[:, ::-1] on each image."
            )
        if np.unique(kinds).size == 1:
            fail(
                f"every image of a batch got the same transform ({_NAMES[kinds[0]]}): draw a "
                "new rotation and mirror for each image, so the batch holds new combinations."
            )
        counts += np.bincount(kinds, minlength=8)
    expected = counts.sum() / 8
    missing = [_NAMES[k] for k in range(8) if counts[k] == 0]
    if missing:
        fail(
            f"over {n_calls} batches these transforms never appear: {', '.join(missing)}. "
            "A galaxy can lie at any orientation and either way round on the sky: allow all "
            "four rotations, each with and without a mirror."
        )
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    if chi2 > 30.0:  # 7 degrees of freedom: p < 1e-4 for a uniform draw
        shares = ", ".join(f"{_NAMES[k]} {counts[k] / counts.sum():.0%}" for k in range(8))
        fail(
            f"the eight transforms are far from equally likely ({shares}): draw the rotation "
            "uniformly from 0-3 quarter turns and mirror with probability 1/2."
        )
    return (
        f"{counts.sum()} images: each an exact rotation or mirror image of its input, drawn "
        f"independently, all eight transforms about equally often ({counts.min()}-"
        f"{counts.max()} each)."
    )


# --- exercise 3: two remedies together --------------------------------------------------------

#: The remedies a model can carry in its layers (early stopping lives in a callback instead).
REMEDIES = ("dropout", "l2", "smaller_model", "augmentation")
_AUGMENTERS = ("GaussianNoise", "GaussianDropout")


def remedies_in(model, baseline_weights: int) -> list[str]:
    """The over-fitting remedies a Keras model carries in its layers.

    Parameters
    ----------
    model : keras.Model
        The model.
    baseline_weights : int
        Number of parameters of the baseline; fewer means ``"smaller_model"``.

    Returns
    -------
    list of str
        The names from :data:`REMEDIES` found: ``"dropout"`` (a ``Dropout`` layer with a
        rate between 0 and 1), ``"l2"`` (a weight penalty on some layer), ``"smaller_model"``
        and ``"augmentation"`` (random preprocessing layers, ``Random...`` or noise layers).

    Raises
    ------
    TypeError
        If ``model`` has no layers or ``baseline_weights`` is not an integer.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.5),
    ...                           keras.layers.Dense(3, activation="softmax")])
    >>> remedies_in(model, baseline_weights=10)
    ['dropout']
    """
    baseline_weights = check_int(baseline_weights, "baseline_weights", minimum=1)
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")

    def walk(layers):
        for layer in layers:
            yield layer
            yield from walk(getattr(layer, "layers", []))

    found = set()
    for layer in walk(model.layers):
        kind = type(layer).__name__
        rate = getattr(layer, "rate", None)
        if kind == "Dropout" and rate is not None and 0.0 < float(rate) < 1.0:
            found.add("dropout")
        if any(getattr(layer, attr, None) is not None for attr in
               ("kernel_regularizer", "bias_regularizer", "activity_regularizer")):  # fmt: skip
            found.add("l2")
        if kind.startswith("Random") or kind in _AUGMENTERS:
            found.add("augmentation")
    if model.count_params() < baseline_weights:
        found.add("smaller_model")
    return [name for name in REMEDIES if name in found]


def cross_entropy(model, x: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy -log p(true class), in nats, without any regularisation term.

    Parameters
    ----------
    model : keras.Model
        A classifier whose outputs are class probabilities.
    x : numpy.ndarray
        Images.
    y : numpy.ndarray of int
        True classes.

    Returns
    -------
    float
        The mean over the images.
    """
    p = np.asarray(model.predict(x, verbose=0, batch_size=len(x)))
    return float(np.mean(-np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1.0))))


def train_and_score(
    model,
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    seed: int,
) -> float:
    """Train a compiled model as notebook 03 trains every model; return its validation loss.

    The training images are reshuffled every epoch from ``seed`` (a tf.data pipeline,
    ``len(x_train) // batch_size`` steps per epoch), exactly as the notebook's
    ``fit_and_score`` does, so the numbers can be set beside the notebook's table.

    Parameters
    ----------
    model : keras.Model
        A compiled classifier.
    x_train, y_train, x_val, y_val : numpy.ndarray
        Training and validation images and classes.
    epochs, batch_size, seed : int
        Training settings.

    Returns
    -------
    float
        Cross-entropy on the validation images (:func:`cross_entropy`).
    """
    import tensorflow as tf

    data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).cache()
    data = data.shuffle(len(x_train), seed=seed).batch(batch_size).repeat()
    model.fit(
        data, steps_per_epoch=len(x_train) // batch_size, epochs=epochs, shuffle=False, verbose=0
    )
    return cross_entropy(model, x_val, y_val)


def _interval_verdict(ours: np.ndarray, reference: np.ndarray) -> str:
    """'better', 'worse' or 'tie' (mean ± standard deviation intervals overlap)."""
    m1, s1 = ours.mean(), ours.std(ddof=1)
    m2, s2 = reference.mean(), reference.std(ddof=1)
    if abs(m1 - m2) <= s1 + s2:
        return "tie"
    return "better" if m1 < m2 else "worse"


_PREDICTIONS = ("better", "tie", "worse")


@answer_check("two remedies together")
def check_combined_remedies(
    prediction,
    build: Callable,
    x_train,
    y_train,
    x_val,
    y_val,
    reference_losses,
    *,
    reference_name: str,
    baseline_weights: int,
    epochs: int,
    batch_size: int,
    seeds: Sequence[int],
) -> str:
    """Check a prediction and a model that combines two remedies against the best single one.

    ``build()`` returns a fresh compiled classifier (softmax over the classes) that carries at
    least two remedies (:func:`remedies_in`). The check builds and trains it from each seed
    (``keras.utils.set_random_seed(seed)`` first) with :func:`train_and_score`, scores it on
    the validation images, and compares the mean ± standard deviation with the best single
    remedy's per-seed losses (``reference_losses``): overlapping intervals are a tie. The
    student's ``prediction`` ("better", "tie" or "worse") must be what was measured.

    Parameters
    ----------
    prediction : str
        The student's prediction for the combination against the best single remedy.
    build : callable
        The student's function returning a new compiled model.
    x_train, y_train, x_val, y_val : array-like
        The lesson's training and validation images (the model never sees ``x_val``).
    reference_losses : array-like
        Validation losses of the best single remedy, one per seed.
    reference_name : str
        Its name, for the message.
    baseline_weights : int
        Parameters of the baseline (fewer counts as the remedy "smaller model").
    epochs, batch_size : int
        Training settings, as in the lesson.
    seeds : sequence of int
        The seeds (at least two).

    Returns
    -------
    CheckResult
        Truthy when the model combines two remedies and the prediction matches the result.
    """
    import keras

    if prediction is None or prediction is Ellipsis:
        not_attempted("my_prediction is still None: write 'better', 'tie' or 'worse'.")
    if not isinstance(prediction, str) or prediction.strip().lower() not in _PREDICTIONS:
        fail(f"my_prediction must be one of {list(_PREDICTIONS)}, got {prediction!r}.")
    prediction = prediction.strip().lower()
    x_train = np.asarray(x_train, dtype="float32")
    x_val = np.asarray(x_val, dtype="float32")
    y_train, y_val = np.asarray(y_train), np.asarray(y_val)
    reference = np.asarray(reference_losses, dtype=float)
    n_classes = int(max(y_train.max(), y_val.max())) + 1
    losses = []
    for k, seed in enumerate(seeds):
        keras.utils.set_random_seed(int(seed))
        model = require_model(call_student(build, what="my_build"), "the model my_build returns")
        if tuple(model.input_shape[1:]) != x_train.shape[1:]:
            fail(
                f"the model's input shape is {model.input_shape}, the images have shape "
                f"{x_train.shape[1:]}: start it with keras.Input({x_train.shape[1:]})."
            )
        if k == 0:
            probabilities = np.asarray(model.predict(x_val[:8], verbose=0), dtype=float)
            if probabilities.shape != (8, n_classes):
                fail(
                    f"the model gives {probabilities.shape[1:]} outputs per image; the classes "
                    f"need {n_classes}: end with Dense({n_classes}, activation='softmax')."
                )
            if (probabilities < 0).any() or not np.allclose(probabilities.sum(1), 1, atol=1e-4):
                fail(
                    f"the model's {n_classes} outputs are not probabilities that sum to 1 "
                    f"(first image: {np.round(probabilities[0], 3).tolist()}): end with "
                    "activation='softmax' (a sigmoid gives each class its own yes/no)."
                )
            found = remedies_in(model, baseline_weights)
            if len(found) < 2:
                have = found[0] if found else "none of the remedies"
                fail(
                    f"the model carries {have}; combine two of {list(REMEDIES)} (early stopping "
                    "is a callback, not a layer, so it cannot be one of them here)."
                )
            if not getattr(model, "compiled", False):
                fail("my_build must return a compiled model: end it with build(...) or compile.")
        try:
            losses.append(
                train_and_score(
                    model,
                    x_train,
                    y_train,
                    x_val,
                    y_val,
                    epochs=epochs,
                    batch_size=batch_size,
                    seed=int(seed),
                )
            )
        except Exception as error:  # the student's compile settings do not train
            fail(f"training the model failed: {type(error).__name__}: {error}.")
    losses = np.asarray(losses)
    if not np.isfinite(losses).all():
        fail("the validation loss is NaN or infinite: the training diverged (learning rate?).")
    verdict = _interval_verdict(losses, reference)
    measured = (
        f"{' + '.join(found)}: validation loss {losses.mean():.3f} ± {losses.std(ddof=1):.3f} "
        f"over {len(losses)} seeds, against {reference_name} alone "
        f"{reference.mean():.3f} ± {reference.std(ddof=1):.3f}: {verdict}"
    )
    if verdict != prediction:
        fail(
            f"you predicted '{prediction}'; measured {measured}. Why might two remedies not "
            "add up, or do more than either? Change my_prediction once you know."
        )
    return f"as you predicted, {measured}."
