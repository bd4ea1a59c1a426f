"""Answer checks for notebook 08, star/quasar classification from SDSS colours.

Each check verifies what the answer *does*: the one-neuron model is probed on inputs the check
draws (is the logit of its output affine in the colours?) and compared with scikit-learn's
logistic regression on the data; the student's k-fold function is run with a spy classifier
that records which rows each model was trained and tested on; the threshold and the
error-rate functions are called on cases the check builds, and their answers recomputed.

Examples
--------
>>> import numpy as np
>>> from helpers.exercises import star_quasar as ex
>>> ex.check_purity_threshold(lambda proba, is_qso, prior, min_purity: 0.5).passed
... # doctest: +ELLIPSIS
Not yet (threshold for a purity target): ...
False
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np

from ..checks import (
    answer_check,
    call_student,
    fail,
    not_attempted,
    require_array,
    require_callable,
    require_model,
)

__all__ = [
    "check_error_rates",
    "check_kfold_accuracy",
    "check_logistic_equivalence",
    "check_purity_threshold",
    "reference_error_rates",
    "reference_purity_threshold",
]


# --- exercise 1: one sigmoid neuron is logistic regression -----------------------------------


def _labels_01(y, what: str = "y") -> np.ndarray:
    """0/1 labels as ints, or a clear "Not yet" (strings, booleans-as-text, other values)."""
    raw = np.asarray(y)
    if raw.dtype.kind in "USO":
        fail(
            f"the labels {what} are not numbers (e.g. {raw.ravel()[:2].tolist()}); the neuron "
            "predicts P(QSO), so encode them as numbers: QSO -> 1, STAR -> 0."
        )
    labels = require_array(raw, f"the labels {what}", ndim=1)
    if not np.isin(labels, (0.0, 1.0)).all():
        fail(f"the labels {what} must be 0 (STAR) and 1 (QSO), got values {np.unique(labels)[:5]}.")
    if len(np.unique(labels)) < 2:
        fail(f"the labels {what} hold only one class; both are needed.")
    return labels.astype(int)


def _probabilities(model, x: np.ndarray) -> np.ndarray:
    """The model's outputs on x as a 1-D float array (one value per row), or "Not yet"."""
    try:
        out = model.predict(x, verbose=0)
    except Exception as error:  # a model that cannot run on (n, 4) inputs
        fail(f"your model could not predict on {x.shape[1]} colours ({type(error).__name__}).")
    out = np.asarray(out, dtype=float)
    if out.ndim != 2 or out.shape[1] != 1:
        fail(
            f"your model outputs shape {out.shape}; one neuron gives one number per object "
            "(shape (n, 1))."
        )
    out = out[:, 0]
    if not np.all(np.isfinite(out)):
        fail("your model outputs NaN or infinity: train it again with a smaller learning rate.")
    return out


@answer_check("one neuron = logistic regression")
def check_logistic_equivalence(model, x, y, min_agreement: float = 0.97) -> str:
    """Check a one-neuron sigmoid model against scikit-learn's logistic regression.

    The check verifies behaviour, not layer names: on random inputs it draws, the logit
    ``log(p / (1 - p))`` of the model's output must be an affine function of the four inputs
    (one neuron with a sigmoid, however it is written: ``Dense(1, activation="sigmoid")``,
    ``Dense(1)`` + ``Activation("sigmoid")``, with or without a ``Normalization`` layer). Then
    it fits ``LogisticRegression`` (on standardised inputs) to ``x, y`` itself and compares
    the predicted classes.

    Parameters
    ----------
    model : keras.Model
        The student's trained model (built with ``keras.Input(shape=(4,))`` or by training).
    x : array-like, shape (n, 4)
        The colours the model was trained on.
    y : array-like, shape (n,)
        Labels 0 (STAR) and 1 (QSO).
    min_agreement : float, optional
        Fraction of identical predicted classes required (default 0.97).

    Returns
    -------
    CheckResult
        Truthy when the model is one sigmoid neuron and agrees with logistic regression.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = require_model(model, "your neuron")
    x = require_array(x, "the colours x", ndim=2)
    labels = _labels_01(y)
    if len(labels) != len(x):
        fail(f"x has {len(x)} rows but y has {len(labels)} labels.")
    shape = tuple(model.input_shape)
    if len(shape) != 2 or shape[1] != x.shape[1]:  # (None, 4); (batch, 4) if built by fit
        fail(f"your neuron takes inputs of shape {shape}, expected (None, {x.shape[1]}).")

    rng = np.random.default_rng(8)
    probe = x.mean(0) + rng.normal(size=(256, x.shape[1])) * x.std(0) * 0.5
    p = _probabilities(model, probe.astype("float32"))
    if p.min() < 0 or p.max() > 1:
        fail(
            f"your model's outputs run from {p.min():.3g} to {p.max():.3g}: not probabilities. "
            "End with a sigmoid, so that the output is P(QSO)."
        )
    inside = (p > 1e-4) & (p < 1 - 1e-4)  # float32 outputs: logits exact to ~1e-3 here
    if inside.sum() < 20:
        fail("your model's outputs are all 0 or 1 on typical colours: is it trained?")
    logit = np.log(p[inside] / (1 - p[inside]))
    design = np.column_stack([probe[inside], np.ones(inside.sum())])
    coef, *_ = np.linalg.lstsq(design, logit, rcond=None)
    residual = logit - design @ coef
    if np.std(residual) > 1e-3 * max(np.std(logit), 1e-3) + 1e-4:
        fail(
            "the logit of your model's output is not an affine function of the colours, so it "
            "is not one neuron (a hidden layer bends the boundary): use a single Dense(1) with "
            "a sigmoid."
        )

    reference = make_pipeline(StandardScaler(), LogisticRegression()).fit(x, labels)
    ours = (_probabilities(model, x.astype("float32")) > 0.5).astype(int)
    agree = float(np.mean(ours == reference.predict(x)))
    acc_nn, acc_lr = float(np.mean(ours == labels)), float(reference.score(x, labels))
    detail = (
        f"same class for {agree:.1%} of the objects; accuracy {acc_nn:.3f} (your neuron) vs "
        f"{acc_lr:.3f} (LogisticRegression)"
    )
    if agree < min_agreement:
        fail(detail + f"; train longer or with a larger learning rate (need {min_agreement:.0%}).")
    return detail + "."


# --- exercise 2: k-fold cross-validation ---------------------------------------------------


class _Log:
    """What every spy classifier was fitted on and asked to predict."""

    def __init__(self, x: np.ndarray):
        self.index = {row.tobytes(): k for k, row in enumerate(np.asarray(x, dtype=np.float64))}
        self.sessions: list[dict] = []

    def rows(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2:
            raise ValueError(f"expected a 2-D array of rows, got shape {x.shape}")
        found = [self.index.get(row.tobytes(), -1) for row in x]
        if -1 in found:
            raise ValueError(
                "rows that are not rows of X reached the model: pass the rows of X unchanged "
                "(no scaling or copying to another dtype)"
            )
        return np.array(found, dtype=int)


class _SpyClassifier:
    """A nearest-centroid classifier that records its training and test rows."""

    def __init__(self, log: _Log):
        self._log = log
        self._session: dict | None = None

    def fit(self, x, y):
        rows = self._log.rows(x)
        labels = np.asarray(y, dtype=float).ravel()
        if labels.shape != rows.shape:
            raise ValueError(f"fit got {len(rows)} rows but {labels.size} labels")
        x = np.asarray(x, dtype=np.float64)
        self._centres = {c: x[labels == c].mean(0) for c in np.unique(labels)}
        self._session = {"train": rows, "tested": [], "predicted": []}
        self._log.sessions.append(self._session)
        return self

    def predict(self, x):
        if self._session is None:
            raise RuntimeError("predict was called before fit: call fit(X_train, y_train) first")
        rows = self._log.rows(x)
        x = np.asarray(x, dtype=np.float64)
        classes = np.array(sorted(self._centres))
        distance = np.stack([np.linalg.norm(x - self._centres[c], axis=1) for c in classes])
        predicted = classes[np.argmin(distance, axis=0)]
        self._session["tested"].append(rows)
        self._session["predicted"].append(predicted)
        return predicted

    def score(self, x, y):
        return float(np.mean(self.predict(x) == np.asarray(y, dtype=float).ravel()))


def _kfold_case(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.uniform(size=n) < 0.4).astype(float)
    x = rng.normal(size=(n, 4)) + y[:, None] * np.array([1.2, -0.8, 0.4, 0.0])
    x[:, 3] = np.arange(n) + 0.5  # a distinct value per row (exact in float32 too)
    return x, y


@answer_check("k-fold cross-validation")
def check_kfold_accuracy(func: Callable) -> str:
    """Check ``func(make_model, X, y, k)``: the k held-out accuracies of a k-fold split.

    The check calls ``func`` on data of its own with ``make_model`` returning a spy classifier
    (scikit-learn style ``fit``/``predict``/``score``) that records which rows every model was
    trained on and which it predicted. Each object must be tested exactly once, by a model
    that was trained on all the other folds and never on it, and the returned accuracies must
    be those of the held-out predictions.

    Parameters
    ----------
    func : callable
        The student's function ``(make_model, X, y, k) -> k accuracies``.

    Returns
    -------
    CheckResult
        Truthy when the folds and the accuracies are right for every case.
    """
    require_callable(func)
    for n, k, seed in [(60, 5, 1), (47, 3, 2), (90, 10, 3)]:
        x, y = _kfold_case(n, seed)
        log = _Log(x)
        returned = call_student(func, lambda log=log: _SpyClassifier(log), x, y, k)
        scores = require_array(returned, f"what your function returned for k = {k}")
        if scores.shape != (k,):
            fail(
                f"for k = {k} your function returned {scores.size} number(s); return the "
                f"{k} held-out accuracies, one per fold (not their mean)."
            )
        sessions = [s for s in log.sessions if s["tested"]]
        if len(log.sessions) != k:
            fail(f"for k = {k} your function trained {len(log.sessions)} model(s), expected {k}.")
        held_out, expected = [], []
        for session in sessions:
            train = set(session["train"].tolist())
            rows = np.concatenate(session["tested"])
            predicted = np.concatenate(session["predicted"])
            new = np.array([r not in train for r in rows])
            if not new.any():
                fail(
                    f"for k = {k} a model was evaluated only on objects it was trained on: "
                    "that measures memory, not generalisation. Test each fold's model on the "
                    "fold it did not see."
                )
            fold = rows[new]
            held_out.append(fold)
            expected.append(float(np.mean(predicted[new] == y[fold])))
        every = np.concatenate(held_out) if held_out else np.array([], dtype=int)
        counts = np.bincount(every, minlength=n)
        if len(held_out) != k or counts.min() != 1 or counts.max() != 1:
            fail(
                f"for k = {k} on {n} objects, {int((counts == 0).sum())} object(s) were never "
                f"in a test fold and {int((counts > 1).sum())} were tested more than once: in "
                "k-fold cross-validation each object is held out exactly once (split the "
                "indices into k disjoint folds)."
            )
        for session, fold in zip(sessions, held_out, strict=True):
            if len(session["train"]) != n - len(fold):
                fail(
                    f"for k = {k} a model was trained on {len(session['train'])} objects; "
                    f"train each one on all the other folds ({n - len(fold)} objects)."
                )
        if not np.allclose(np.sort(scores), np.sort(expected), atol=1e-9):
            fail(
                f"for k = {k} you return accuracies {np.round(np.sort(scores), 3).tolist()}, "
                f"but the held-out predictions give {np.round(np.sort(expected), 3).tolist()}: "
                "score each model on its own test fold."
            )
    return (
        "every object was held out exactly once, each model trained on the other folds, and "
        "your accuracies are those of the held-out predictions (k = 5, 3 and 10)."
    )


# --- exercise 3: a threshold for a purity target at a survey prior ---------------------------


def _purity_completeness(
    proba: np.ndarray, is_qso: np.ndarray, threshold: float, prior: float, strict: bool = False
) -> tuple[float, float]:
    """Completeness and purity at ``prior`` of selecting ``proba >= threshold`` (``>``)."""
    chosen = proba > threshold if strict else proba >= threshold
    completeness = float(np.mean(chosen[is_qso]))
    contamination = float(np.mean(chosen[~is_qso]))
    selected = prior * completeness + (1 - prior) * contamination
    purity = prior * completeness / selected if selected > 0 else math.nan
    return completeness, purity


def reference_purity_threshold(proba, is_qso, prior: float, min_purity: float) -> float:
    """The lowest threshold whose selection reaches ``min_purity`` at quasar fraction ``prior``.

    Quasars and stars of the test set are re-weighted to the survey's mix: purity
    ``P = π C / (π C + (1 − π) F)`` with completeness ``C`` and the fraction ``F`` of stars
    selected. The lowest threshold that keeps ``P ≥ min_purity`` keeps the most quasars.

    Parameters
    ----------
    proba : array-like, shape (n,)
        The classifier's P(QSO) for each test object.
    is_qso : array-like of bool, shape (n,)
        True for quasars.
    prior : float
        Fraction of quasars among the survey's point sources, in (0, 1).
    min_purity : float
        Required purity, in (0, 1).

    Returns
    -------
    float
        The threshold (select ``proba >= threshold``); NaN if no threshold reaches the purity.

    Examples
    --------
    >>> import numpy as np
    >>> proba = np.array([0.1, 0.4, 0.6, 0.7, 0.9, 0.95])
    >>> is_qso = np.array([False, False, True, False, True, True])
    >>> float(reference_purity_threshold(proba, is_qso, 0.5, 0.9))
    0.9
    """
    proba = np.asarray(proba, dtype=float)
    is_qso = np.asarray(is_qso, dtype=bool)
    for threshold in np.sort(np.unique(proba)):
        _, purity = _purity_completeness(proba, is_qso, threshold, prior)
        if purity >= min_purity:
            return float(threshold)
    return math.nan


def _purity_case(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    is_qso = rng.uniform(size=n) < 0.5
    score = rng.normal(size=n) + 2.5 * is_qso
    return 1 / (1 + np.exp(-2 * (score - 1.25))), is_qso


@answer_check("threshold for a purity target")
def check_purity_threshold(func: Callable) -> str:
    """Check ``func(proba, is_qso, prior, min_purity)``: the lowest threshold reaching a purity.

    The check calls ``func`` on test sets of its own at several priors and purity targets and
    recomputes, for the threshold returned, the completeness and the purity at the prior. The
    threshold must reach the purity and keep as many quasars as the best threshold does
    (within one quasar).

    Parameters
    ----------
    func : callable
        The student's function ``(proba, is_qso, prior, min_purity) -> threshold``.

    Returns
    -------
    CheckResult
        Truthy when every threshold reaches the target and is the most complete one.
    """
    require_callable(func)
    cases = [(0.5, 0.9, 11), (0.1, 0.8, 12), (0.01, 0.5, 13), (0.01, 0.8, 14)]
    for prior, min_purity, seed in cases:
        proba, is_qso = _purity_case(seed)
        got = call_student(func, proba, is_qso, prior, min_purity)
        threshold = require_array(got, f"your threshold for prior {prior:g}", ndim=0)
        threshold = float(threshold)
        best = reference_purity_threshold(proba, is_qso, prior, min_purity)
        c_best, _ = _purity_completeness(proba, is_qso, best, prior)
        completeness, purity = _purity_completeness(proba, is_qso, threshold, prior)
        if not purity >= min_purity - 1e-12:  # the student may select proba > threshold
            completeness, purity = _purity_completeness(proba, is_qso, threshold, prior, True)
        where = f"at a quasar fraction of {prior:g} with a purity target of {min_purity:g}"
        if not purity >= min_purity - 1e-12:
            shown = "nothing selected" if math.isnan(purity) else f"{purity:.3f}"
            fail(
                f"{where} your threshold {threshold:.4g} gives purity {shown} (completeness "
                f"{completeness:.3f}). Weight the test set to the survey's mix: purity = "
                "prior C / (prior C + (1 - prior) F), F = fraction of stars selected."
            )
        if completeness < c_best - 1.0 / is_qso.sum() - 1e-12:
            fail(
                f"{where} your threshold {threshold:.4g} keeps {completeness:.3f} of the "
                f"quasars, but threshold {best:.4g} reaches the purity and keeps {c_best:.3f}: "
                "choose the lowest threshold that reaches the target."
            )
    return (
        f"on {len(cases)} test sets (quasar fractions 0.5 to 0.01) your thresholds reach the "
        "purity target and keep as many quasars as possible."
    )


# --- exercise 4: which population does the classifier get wrong? -------------------------------


def reference_error_rates(population, truth, predicted) -> dict[str, float]:
    """Fraction of misclassified objects in each population.

    Parameters
    ----------
    population : array-like of str, shape (n,)
        The population of each object.
    truth, predicted : array-like, shape (n,)
        True and predicted labels (any comparable values).

    Returns
    -------
    dict
        Population -> error rate (wrong / objects of that population).

    Examples
    --------
    >>> reference_error_rates(["a", "a", "b"], [1, 0, 1], [1, 1, 1])
    {'a': 0.5, 'b': 0.0}
    """
    population = np.asarray(population, dtype=object)
    wrong = np.asarray(truth) != np.asarray(predicted)
    return {str(p): float(np.mean(wrong[population == p])) for p in sorted(set(population))}


def _population_case(seed: int):
    rng = np.random.default_rng(seed)
    names = np.array(["main-sequence star", "white dwarf", "quasar 2.2-3.0", "quasar 0.6-2.2"])
    sizes = rng.integers(5, 60, size=names.size)
    population = np.repeat(names, sizes)
    truth = np.isin(population, names[2:]).astype(int)
    error_rate = np.repeat(rng.uniform(0.0, 0.6, names.size), sizes)
    flip = rng.uniform(size=population.size) < error_rate
    order = rng.permutation(population.size)
    return population[order], truth[order], np.where(flip, 1 - truth, truth)[order]


def _as_rates(answer, what: str) -> dict[str, float]:
    if hasattr(answer, "to_dict") and callable(answer.to_dict):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        fail(
            f"{what} must map each population to its error rate (a dict or a pandas Series), "
            f"got {type(answer).__name__}."
        )
    rates = {}
    for key, value in answer.items():
        if value is None:
            not_attempted(f"{what} still holds None for {key!r}: compute every rate.")
        rates[str(key)] = float(require_array(value, f"the rate of {key!r}", ndim=0))
    return rates


@answer_check("error rate per population")
def check_error_rates(func: Callable) -> str:
    """Check ``func(population, truth, predicted)``: the error rate of each population.

    The check calls ``func`` on labelled cases of its own (populations of different sizes and
    error rates) and compares with :func:`reference_error_rates`.

    Parameters
    ----------
    func : callable
        The student's function; it returns a dict or pandas Series population -> rate.

    Returns
    -------
    CheckResult
        Truthy when every rate matches.
    """
    require_callable(func)
    for seed in (21, 22, 23):
        population, truth, predicted = _population_case(seed)
        got = _as_rates(
            call_student(func, population, truth, predicted), "what your function returned"
        )
        want = reference_error_rates(population, truth, predicted)
        if set(got) != set(want):
            fail(
                f"your function returns rates for {sorted(got)}, expected one for each "
                f"population: {sorted(want)}."
            )
        for name, rate in want.items():
            if not math.isclose(got[name], rate, abs_tol=1e-9):
                n = int(np.sum(population == name))
                fail(
                    f"for {name!r} ({n} objects, {round(rate * n)} misclassified) you return "
                    f"{got[name]:.4g}, expected {rate:.4g}: the error rate is the misclassified "
                    "fraction of that population's objects."
                )
    return "the error rate of every population matches on 3 labelled test cases."
