"""Answer checks for notebook 07 (the Keras workflow)."""

from __future__ import annotations

import numpy as np

from .._validation import check_int, check_str
from ..checks import CheckResult, _report, check_value

__all__ = ["check_model_description", "check_predictions", "describe_model"]


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def describe_model(model) -> dict:
    """Summarise a compiled Keras model: input shape, Dense layers, optimizer and loss.

    Parameters
    ----------
    model : keras.Model
        A model built with ``keras.Input`` (so its input shape is known).

    Returns
    -------
    dict
        ``input_shape`` (tuple), ``dense`` (list of ``(units, activation)``), ``other``
        (names of non-Dense layer classes), ``compiled`` (bool), ``optimizer`` and ``loss``
        (normalised names: lower case, no underscores; ``None`` when not compiled).

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model.

    Examples
    --------
    >>> import types
    >>> relu = types.SimpleNamespace(__name__="relu")
    >>> Dense = type("Dense", (), {"units": 4, "activation": relu})
    >>> describe_model(types.SimpleNamespace(layers=[Dense()]))["dense"]
    [(4, 'relu')]
    """
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    inputs = getattr(model, "inputs", None) or []
    input_shape = tuple(inputs[0].shape) if inputs else None
    dense, other = [], []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Dense":
            dense.append((int(layer.units), getattr(layer.activation, "__name__", "?")))
        else:
            other.append(kind)
    compiled = bool(getattr(model, "compiled", False))
    optimizer = getattr(model, "optimizer", None) if compiled else None
    loss = getattr(model, "loss", None) if compiled else None
    if loss is not None and not isinstance(loss, str):
        loss = getattr(loss, "name", None) or getattr(loss, "__name__", type(loss).__name__)
    return {
        "input_shape": input_shape,
        "dense": dense,
        "other": other,
        "compiled": compiled,
        # the class name: instance names get suffixes ("adam_1") when several exist
        "optimizer": _norm(type(optimizer).__name__) if optimizer is not None else None,
        "loss": _norm(loss) if loss is not None else None,
    }


def check_model_description(
    model,
    *,
    input_dim: int = 784,
    hidden_units: int = 64,
    hidden_activation: str = "relu",
    output_activation: str = "sigmoid",
    optimizer: str = "adam",
    loss: str = "binary_crossentropy",
) -> CheckResult:
    """Check a model built and compiled from the exercise's description.

    The description: ``input_dim`` inputs (``keras.Input``), one hidden ``Dense`` layer of
    ``hidden_units`` with ``hidden_activation``, one output neuron with ``output_activation``,
    compiled with ``optimizer`` and ``loss``.

    Parameters
    ----------
    model : keras.Model
        The student's model.
    input_dim, hidden_units : int, optional
        Expected input width and hidden-layer width.
    hidden_activation, output_activation, optimizer, loss : str, optional
        Expected names (case and underscores do not matter).

    Returns
    -------
    CheckResult
        Truthy when everything matches; otherwise the first difference is named.

    Raises
    ------
    TypeError, ValueError
        If the description's sizes are not positive integers or its names not strings.

    Examples
    --------
    >>> check_model_description(None).passed
    Not yet (model from the description): expected a Keras model, got NoneType.
    False
    """
    input_dim = check_int(input_dim, "input_dim", minimum=1)
    hidden_units = check_int(hidden_units, "hidden_units", minimum=1)
    for value, label in (
        (hidden_activation, "hidden_activation"),
        (output_activation, "output_activation"),
        (optimizer, "optimizer"),
        (loss, "loss"),
    ):
        check_str(value, label)
    name = "model from the description"
    if not hasattr(model, "layers"):
        return _report(False, name, f"expected a Keras model, got {type(model).__name__}.")
    info = describe_model(model)
    if info["input_shape"] != (None, input_dim):
        return _report(
            False,
            name,
            f"input shape is {info['input_shape']}, expected (None, {input_dim}): "
            f"start with keras.Input(shape=({input_dim},)).",
        )
    want = [(hidden_units, hidden_activation), (1, output_activation)]
    got = [(units, _norm(act)) for units, act in info["dense"]]
    if got != [(u, _norm(a)) for u, a in want]:
        return _report(
            False,
            name,
            f"Dense layers (units, activation) are {info['dense']}, expected {want}.",
        )
    if not info["compiled"]:
        return _report(False, name, "the layers are right; now call model.compile(...).")
    if info["optimizer"] != _norm(optimizer):
        return _report(False, name, f"optimizer is {info['optimizer']!r}, expected {optimizer!r}.")
    if info["loss"] != _norm(loss):
        return _report(False, name, f"loss is {info['loss']!r}, expected {loss!r}.")
    return _report(
        True,
        name,
        f"{input_dim} inputs → Dense({hidden_units}, {hidden_activation}) → "
        f"Dense(1, {output_activation}), compiled with {optimizer} and {loss}.",
    )


def check_predictions(answer, expected) -> CheckResult:
    """Check predictions of a reloaded model against those of the model that was saved.

    Parameters
    ----------
    answer : array-like
        The student's predictions.
    expected : array-like
        The saved model's predictions for the same inputs.

    Returns
    -------
    CheckResult
        Truthy when the arrays have the same shape and equal values (to 1e-6).

    Examples
    --------
    >>> check_predictions([[0.25], [0.5]], [[0.25], [0.5]]).passed
    Correct (predictions of the loaded model): all 2 values match.
    True
    """
    want = np.asarray(expected, dtype=float)
    hint = "load the file with keras.models.load_model(path), then call .predict(x, verbose=0)."
    return check_value(
        answer, want, name="predictions of the loaded model", rtol=1e-6, atol=1e-7, hint=hint
    )
