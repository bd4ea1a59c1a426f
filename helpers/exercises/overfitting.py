"""Answer checks for notebook 03 (overfitting)."""

from __future__ import annotations

import numpy as np

from .._validation import check_array, check_int
from ..checks import CheckResult, _report

__all__ = ["check_dropout_model", "check_patience", "early_stopping_epoch"]


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


def check_patience(patience, val_loss, *, max_loss_excess: float = 0.02) -> CheckResult:
    """Check an early-stopping patience on a recorded validation-loss curve.

    Good patience restores weights whose validation loss is within ``max_loss_excess``
    (relative) of the curve's minimum, and stops before the last epoch.

    Parameters
    ----------
    patience : int
        The student's patience.
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
    val_loss = check_array(val_loss, "val_loss", ndim=1)
    name = "patience"
    if patience is None or patience is Ellipsis:
        return _report(False, name, "no answer yet: set an integer number of epochs.")
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)):
        return _report(False, name, f"expected an integer, got {type(patience).__name__}.")
    if patience < 0:
        return _report(False, name, "patience counts epochs, it cannot be negative.")
    stop, best = early_stopping_epoch(val_loss, int(patience))
    lowest = float(val_loss.min())
    got = float(val_loss[best])
    detail = (
        f"stops after {stop} of {val_loss.size} epochs and restores epoch {best + 1} "
        f"(val loss {got:.3g}, the minimum is {lowest:.3g})."
    )
    if got > lowest * (1 + max_loss_excess):
        return _report(
            False, name, detail + " Too impatient: it stops on a bump before the minimum."
        )
    if stop >= val_loss.size:
        return _report(False, name, detail + " Too patient: it never stops early, no time saved.")
    return _report(True, name, detail)


def check_dropout_model(model, *, n_classes: int = 3) -> CheckResult:
    """Check a Keras model has dropout between its hidden layers and the right output.

    Parameters
    ----------
    model : keras.Model
        The student's (uncompiled or compiled) model.
    n_classes : int, optional
        Number of output classes (default 3).

    Returns
    -------
    CheckResult
        Truthy when the model has at least one ``Dropout`` layer with a rate in (0, 1) and a
        softmax output of ``n_classes`` units.

    Examples
    --------
    >>> check_dropout_model(None).passed
    Not yet (dropout model): expected a Keras model, got NoneType.
    False
    """
    name = "dropout model"
    layers = getattr(model, "layers", None)
    if layers is None:
        return _report(False, name, f"expected a Keras model, got {type(model).__name__}.")
    rates = [float(layer.rate) for layer in layers if type(layer).__name__ == "Dropout"]
    if not rates:
        return _report(False, name, "no Dropout layer: add keras.layers.Dropout(rate).")
    if not all(0.0 < r < 1.0 for r in rates):
        return _report(False, name, f"dropout rates {rates} must lie strictly between 0 and 1.")
    if type(layers[-1]).__name__ == "Dropout":
        return _report(False, name, "dropout must not be the last layer: end with the output.")
    try:
        shape = tuple(model.outputs[0].shape)
    except (AttributeError, IndexError, TypeError, ValueError):
        return _report(False, name, "build the model with keras.Input so its output is known.")
    if shape[-1] != n_classes:
        return _report(False, name, f"output has {shape[-1]} units, expected {n_classes}.")
    return _report(True, name, f"{len(rates)} Dropout layer(s) with rate(s) {rates}.")
