"""Answer checks for notebook 08, star/quasar classification from SDSS colours.

Each check prints ``Correct (...)`` or ``Not yet (...): <what is wrong>`` and returns a
:class:`helpers.checks.CheckResult`; none raises because an answer is wrong.
"""

from __future__ import annotations

import numpy as np

from ..checks import CheckResult, _report, check_value

__all__ = [
    "check_best_model",
    "check_deeper_model",
    "check_dropout_model",
    "check_labels",
    "check_logistic_equivalence",
    "check_small_model",
    "check_split",
]


def _dense_layers(model):
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def _activation_name(layer) -> str:
    return getattr(getattr(layer, "activation", None), "__name__", "")


def _is_model(model, name: str) -> CheckResult | None:
    """Return a failed result if ``model`` is not a built Keras model, else ``None``."""
    import keras

    if model is None or model is Ellipsis:
        return _report(False, name, "no model yet: build it and assign it to the variable.")
    if not isinstance(model, keras.Model):
        return _report(False, name, f"expected a keras Model, got {type(model).__name__}.")
    if not _dense_layers(model):
        return _report(False, name, "the model has no Dense layers.")
    return None


def _output_ok(model, name: str) -> CheckResult | None:
    out = _dense_layers(model)[-1]
    if out.units != 1 or _activation_name(out) != "sigmoid":
        return _report(
            False,
            name,
            f"the output layer is Dense({out.units}, {_activation_name(out)}); for two classes "
            "use one neuron with a sigmoid: Dense(1, activation='sigmoid').",
        )
    if tuple(model.input_shape) != (None, 4):
        return _report(
            False, name, f"input shape {model.input_shape}, expected (None, 4): four colours."
        )
    return None


def _problems(model, name: str) -> CheckResult | None:
    """Return the first failed check of the model type and its input/output, else ``None``."""
    bad = _is_model(model, name)
    return bad if bad is not None else _output_ok(model, name)


def check_labels(answer, classes) -> CheckResult:
    """Check labels encoded as 0 (STAR) and 1 (QSO).

    Parameters
    ----------
    answer : array-like
        The student's labels.
    classes : array-like of str
        The ``class`` column (``"STAR"``/``"QSO"``).

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> check_labels([1, 0], ["QSO", "STAR"]).passed
    Correct (labels 0/1): all 2 values match.
    True
    """
    expected = (np.asarray(classes, dtype=object) == "QSO").astype(int)
    return check_value(
        answer,
        expected,
        name="labels 0/1",
        hint="QSO -> 1 and STAR -> 0, e.g. (catalog['class'] == 'QSO').astype(int).",
    )


def check_split(x_train, x_test, y_train, y_test, n_total: int, test_fraction: float):
    """Check a train/test split: sizes, matching lengths and both classes in each part.

    Parameters
    ----------
    x_train, x_test, y_train, y_test : array-like
        The four parts returned by ``train_test_split``.
    n_total : int
        Number of rows before splitting.
    test_fraction : float
        The requested test fraction.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> import numpy as np
    >>> x, y = np.zeros((10, 4)), np.array([0, 1] * 5)
    >>> check_split(x[:8], x[8:], y[:8], y[8:], 10, 0.2).passed
    Correct (train/test split): 8 training and 2 test rows, both classes in each.
    True
    """
    name = "train/test split"
    parts = [x_train, x_test, y_train, y_test]
    if any(p is None or p is Ellipsis for p in parts):
        return _report(False, name, "no answer yet: assign all four parts.")
    x_train, x_test = np.asarray(x_train), np.asarray(x_test)
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        return _report(
            False, name, "inputs and labels have different lengths: keep X and y aligned."
        )
    if len(x_train) + len(x_test) != n_total:
        return _report(
            False, name, f"{len(x_train) + len(x_test)} rows in total, expected {n_total}."
        )
    want = int(np.ceil(test_fraction * n_total))
    if abs(len(x_test) - want) > 1:
        return _report(False, name, f"{len(x_test)} test rows, expected about {want}.")
    if x_train.ndim != 2 or x_train.shape[1] != 4:
        return _report(False, name, f"X_train has shape {x_train.shape}; expected (n, 4) colours.")
    if len(np.unique(y_train)) < 2 or len(np.unique(y_test)) < 2:
        return _report(False, name, "a part misses one class; use stratify=y.")
    return _report(
        True, name, f"{len(x_train)} training and {len(x_test)} test rows, both classes in each."
    )


def check_small_model(model) -> CheckResult:
    """Check a model with a Dense(12, relu) hidden layer and a Dense(1, sigmoid) output.

    Parameters
    ----------
    model : keras.Model
        The student's model (built with ``keras.Input(shape=(4,))``).

    Returns
    -------
    CheckResult
    """
    name = "small model"
    bad = _problems(model, name)
    if bad is not None:
        return bad
    dense = _dense_layers(model)
    if len(dense) != 2:
        return _report(False, name, f"{len(dense)} Dense layers, expected 2 (hidden + output).")
    if dense[0].units != 12 or _activation_name(dense[0]) != "relu":
        return _report(
            False,
            name,
            f"hidden layer is Dense({dense[0].units}, {_activation_name(dense[0])}), expected "
            "Dense(12, activation='relu').",
        )
    return _report(True, name, f"4 -> 12 (relu) -> 1 (sigmoid), {model.count_params()} weights.")


def check_deeper_model(model, min_layers: int = 3) -> CheckResult:
    """Check a model with at least ``min_layers`` Dense layers and a sigmoid output."""
    name = "deeper model"
    bad = _problems(model, name)
    if bad is not None:
        return bad
    dense = _dense_layers(model)
    if len(dense) < min_layers:
        return _report(
            False, name, f"{len(dense)} Dense layers, expected at least {min_layers}: add more."
        )
    sizes = " -> ".join(str(d.units) for d in dense)
    return _report(
        True, name, f"{len(dense)} Dense layers ({sizes}), {model.count_params()} weights."
    )


def check_dropout_model(model, history, first_units: int = 24) -> CheckResult:
    """Check the widened first layer (``first_units``) with Dropout, trained with validation."""
    import keras

    name = "wider model with Dropout"
    bad = _problems(model, name)
    if bad is not None:
        return bad
    dense = _dense_layers(model)
    if dense[0].units != first_units:
        return _report(
            False, name, f"first layer has {dense[0].units} neurons, expected {first_units}."
        )
    if not any(isinstance(layer, keras.layers.Dropout) for layer in model.layers):
        return _report(False, name, "no Dropout layer: add keras.layers.Dropout(rate).")
    record = getattr(history, "history", history)
    if not isinstance(record, dict) or "val_loss" not in record:
        return _report(
            False, name, "pass the History of a fit with validation data (val_loss missing)."
        )
    gap = record["val_loss"][-1] - record["loss"][-1]
    return _report(True, name, f"Dropout in place; final val - train loss = {gap:+.3f}.")


def check_best_model(model, history, x_val, y_val, atol: float = 2e-3) -> CheckResult:
    """Check that a reloaded checkpoint reproduces the best validation loss of the run.

    Parameters
    ----------
    model : keras.Model
        The model loaded from the checkpoint (``keras.models.load_model``).
    history : keras.callbacks.History
        The training run that wrote the checkpoint (``save_best_only=True``).
    x_val, y_val : array-like
        The validation data passed to ``fit``.
    atol : float, optional
        Tolerance on the loss.

    Returns
    -------
    CheckResult
    """
    name = "best checkpoint"
    bad = _is_model(model, name)
    if bad is not None:
        return bad
    record = getattr(history, "history", history)
    if not isinstance(record, dict) or "val_loss" not in record:
        return _report(False, name, "pass the History of a fit with validation_data.")
    best = float(np.min(record["val_loss"]))
    result = model.evaluate(np.asarray(x_val), np.asarray(y_val), verbose=0)
    loss = float(result[0] if isinstance(result, (list, tuple)) else result)
    if abs(loss - best) > atol:
        return _report(
            False,
            name,
            f"the reloaded model has validation loss {loss:.4f}, but the best epoch had "
            f"{best:.4f}: use ModelCheckpoint(..., monitor='val_loss', save_best_only=True) "
            "and load that file.",
        )
    epoch = int(np.argmin(record["val_loss"])) + 1
    return _report(
        True,
        name,
        f"reloaded model = best epoch {epoch} of {len(record['val_loss'])} (val loss {best:.4f}).",
    )


def check_logistic_equivalence(model, x, y, min_agreement: float = 0.97) -> CheckResult:
    """Check a single-neuron sigmoid model against scikit-learn's logistic regression.

    Parameters
    ----------
    model : keras.Model
        One Dense(1, sigmoid) layer (a Normalization layer before it is allowed).
    x, y : array-like
        Data to compare on (the model was trained on it, standardised inside or outside).
    min_agreement : float, optional
        Fraction of identical predicted classes required (default 0.97).

    Returns
    -------
    CheckResult
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    name = "one neuron = logistic regression"
    bad = _problems(model, name)
    if bad is not None:
        return bad
    if len(_dense_layers(model)) != 1:
        return _report(
            False, name, f"{len(_dense_layers(model))} Dense layers; use exactly one neuron."
        )
    x, y = np.asarray(x, dtype=float), np.asarray(y)
    reference = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, y)
    ours = (model.predict(x, verbose=0)[:, 0] > 0.5).astype(int)
    agree = float(np.mean(ours == reference.predict(x)))
    acc_nn, acc_lr = float(np.mean(ours == y)), float(reference.score(x, y))
    detail = (
        f"same class for {agree:.1%} of objects; accuracy {acc_nn:.3f} (neuron) vs "
        f"{acc_lr:.3f} (LogisticRegression)"
    )
    if agree < min_agreement:
        return _report(False, name, detail + f"; train longer (need {min_agreement:.0%}).")
    return _report(True, name, detail + ".")
