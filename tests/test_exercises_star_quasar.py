"""Tests for the answer checks of notebook 08 (helpers.exercises.star_quasar)."""

from __future__ import annotations

import functools
import os

import numpy as np
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
keras = pytest.importorskip("keras")

from helpers.exercises import star_quasar as ex  # noqa: E402


@functools.lru_cache(maxsize=1)
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 4)).astype("float32") * [1.0, 2.0, 0.5, 1.0] + [1, 0, 0.3, 0]
    y = (x @ np.array([1.5, -1.0, 0.5, 0.2]) + 0.3 * rng.normal(size=400) > 1).astype("float32")
    return x, y


def _trained(layers, epochs=40):
    x, y = data()
    keras.utils.set_random_seed(1)
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    model.fit(x, y, epochs=epochs, batch_size=100, verbose=0)
    return model


@functools.lru_cache(maxsize=1)
def neuron():
    x, _ = data()
    return _trained(
        [
            keras.Input(shape=(4,)),
            keras.layers.Normalization(mean=x.mean(0), variance=x.var(0)),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def untrained_neuron():
    return keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(
                1,
                activation="sigmoid",
                kernel_initializer=keras.initializers.Constant(0.3),
                bias_initializer=keras.initializers.Constant(-2.0),
            ),
        ]
    )


def hidden_layer_network():
    return _trained(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(8, activation="tanh"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def linear_output():
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
    model.set_weights([np.full((4, 1), 2.0), np.array([0.5])])
    return model


# --- k-fold: right and plausible wrong implementations ---------------------------------------


def kfold(make_model, x, y, k):
    folds = np.array_split(np.random.default_rng(0).permutation(len(x)), k)
    scores = []
    for test in folds:
        train = np.setdiff1d(np.arange(len(x)), test)
        model = make_model().fit(x[train], y[train])
        scores.append(np.mean(model.predict(x[test]) == y[test]))
    return scores


def kfold_scores_on_training_folds(make_model, x, y, k):
    folds = np.array_split(np.arange(len(x)), k)
    scores = []
    for test in folds:
        train = np.setdiff1d(np.arange(len(x)), test)
        model = make_model().fit(x[train], y[train])
        scores.append(model.score(x[train], y[train]))  # the training accuracy
    return scores


def repeated_random_split(make_model, x, y, k):
    scores = []
    for seed in range(k):
        order = np.random.default_rng(seed).permutation(len(x))
        test, train = order[: len(x) // k], order[len(x) // k :]
        model = make_model().fit(x[train], y[train])
        scores.append(model.score(x[test], y[test]))
    return scores


def kfold_mean(make_model, x, y, k):
    return float(np.mean(kfold(make_model, x, y, k)))


def fit_on_everything(make_model, x, y, k):
    model = make_model().fit(x, y)
    return [model.score(x[f], y[f]) for f in np.array_split(np.arange(len(x)), k)]


def train_on_one_fold(make_model, x, y, k):
    folds = np.array_split(np.arange(len(x)), k)
    scores = []
    for i, test in enumerate(folds):
        train = folds[(i + 1) % k]
        model = make_model().fit(x[train], y[train])
        scores.append(model.score(x[test], y[test]))
    return scores


# --- purity threshold ------------------------------------------------------------------------


def purity_threshold(proba, is_qso, prior, min_purity):
    for t in np.sort(np.unique(proba)):
        chosen = proba >= t
        c, f = chosen[is_qso].mean(), chosen[~is_qso].mean()
        if prior * c / (prior * c + (1 - prior) * f) >= min_purity:
            return t
    return np.nan


def threshold_ignoring_the_prior(proba, is_qso, prior, min_purity):
    return purity_threshold(proba, is_qso, 0.5, min_purity)  # purity of the balanced test set


def threshold_with_inverted_weights(proba, is_qso, prior, min_purity):
    return purity_threshold(proba, is_qso, 1 - prior, min_purity)


def threshold_at_one_half(proba, is_qso, prior, min_purity):
    return 0.5


def threshold_too_strict(proba, is_qso, prior, min_purity):
    return float(np.quantile(proba[is_qso], 0.9))  # safe but throws quasars away


# --- error rates -----------------------------------------------------------------------------


def error_rates(population, truth, predicted):
    import pandas as pd

    wrong = pd.Series(np.asarray(truth) != np.asarray(predicted))
    return wrong.groupby(np.asarray(population)).mean()


def error_counts(population, truth, predicted):
    import pandas as pd

    wrong = pd.Series(np.asarray(truth) != np.asarray(predicted))
    return wrong.groupby(np.asarray(population)).sum()


def errors_over_all_objects(population, truth, predicted):
    wrong = np.asarray(truth) != np.asarray(predicted)
    return {p: wrong[population == p].sum() / len(wrong) for p in set(population)}


def accuracy_per_population(population, truth, predicted):
    right = np.asarray(truth) == np.asarray(predicted)
    return {p: right[population == p].mean() for p in set(population)}


CASES = [
    CheckCase(
        ex.check_logistic_equivalence,
        right=lambda: (neuron(), *data()),
        wrong=[
            Lazy(untrained_neuron, "an untrained neuron"),
            Lazy(hidden_layer_network, "a network with a hidden layer"),
            Lazy(linear_output, "a linear output"),
        ],
        reason=["train longer", "not one neuron", "not probabilities"],
    ),
    CheckCase(
        ex.check_kfold_accuracy,
        right=(kfold,),
        wrong=[
            kfold_scores_on_training_folds,
            repeated_random_split,
            kfold_mean,
            fit_on_everything,
            train_on_one_fold,
        ],
        reason=[
            "only on objects it was trained on",
            "held out exactly once",
            "not their mean",
            "trained 1 model",
            "all the other folds",
        ],
    ),
    CheckCase(
        ex.check_purity_threshold,
        right=(purity_threshold,),
        wrong=[
            threshold_ignoring_the_prior,
            threshold_with_inverted_weights,
            threshold_at_one_half,
            threshold_too_strict,
        ],
        reason=["gives purity", "gives purity", "gives purity", "keeps"],
    ),
    CheckCase(
        ex.check_error_rates,
        right=(error_rates,),
        wrong=[error_counts, errors_over_all_objects, accuracy_per_population],
        reason=["misclassified fraction", "misclassified fraction", "misclassified fraction"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


# --- behaviour the tables do not show ------------------------------------------------------


def test_logistic_check_accepts_dense_followed_by_a_sigmoid_activation(capsys):
    model = _trained(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(1),
            keras.layers.Activation("sigmoid"),
        ]
    )
    assert ex.check_logistic_equivalence(model, *data()), capsys.readouterr().out


def test_logistic_check_accepts_a_sequential_built_without_input_once_trained(capsys):
    model = _trained([keras.layers.Dense(1, activation="sigmoid")])
    assert ex.check_logistic_equivalence(model, *data()), capsys.readouterr().out


def test_logistic_check_explains_an_unbuilt_model_instead_of_raising(capsys):
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])  # never built
    result = ex.check_logistic_equivalence(model, *data())
    assert not result and "keras.Input" in result.message


def test_logistic_check_runs_an_uncompiled_model(capsys):
    result = ex.check_logistic_equivalence(untrained_neuron(), *data())  # never compiled
    assert not result and "compile" not in result.message.lower()
    assert "could not use" not in result.message


def test_logistic_check_with_string_labels_says_to_encode_them(capsys):
    x, y = data()
    labels = np.where(y == 1, "QSO", "STAR")
    result = ex.check_logistic_equivalence(neuron(), x, labels)
    assert not result and "QSO -> 1" in result.message and "accuracy" not in result.message


def test_logistic_check_rejects_a_model_with_five_inputs(capsys):
    model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(1, "sigmoid")])
    result = ex.check_logistic_equivalence(model, *data())
    assert not result and "(None, 5)" in result.message


def test_kfold_check_accepts_sklearn_stratified_folds_and_score(capsys):
    from sklearn.model_selection import StratifiedKFold

    def with_sklearn(make_model, x, y, k):
        folds = StratifiedKFold(k, shuffle=True, random_state=0).split(x, y)
        return [make_model().fit(x[a], y[a]).score(x[b], y[b]) for a, b in folds]

    assert ex.check_kfold_accuracy(with_sklearn), capsys.readouterr().out


def test_kfold_check_says_to_pass_rows_unchanged(capsys):
    def standardises(make_model, x, y, k):
        return kfold(make_model, (x - x.mean(0)) / x.std(0), y, k)

    result = ex.check_kfold_accuracy(standardises)
    assert not result and "rows of X unchanged" in result.message


def test_purity_check_accepts_a_strict_inequality(capsys):
    def strict(proba, is_qso, prior, min_purity):
        values = np.sort(np.unique(proba))
        for below in values[:-1]:
            chosen = proba > below
            c, f = chosen[is_qso].mean(), chosen[~is_qso].mean()
            if prior * c / (prior * c + (1 - prior) * f) >= min_purity:
                return below
        return values[-1]

    assert ex.check_purity_threshold(strict), capsys.readouterr().out


def test_purity_check_rejects_nan_and_a_list(capsys):
    assert not ex.check_purity_threshold(lambda *a: float("nan"))
    assert "NaN" in capsys.readouterr().out
    assert not ex.check_purity_threshold(lambda *a: [0.5])
    assert "dimension" in capsys.readouterr().out


def test_reference_purity_threshold_reaches_the_target_at_each_prior():
    proba, is_qso = ex._purity_case(5)
    for prior in (0.5, 0.1, 0.01):
        t = ex.reference_purity_threshold(proba, is_qso, prior, 0.8)
        _, purity = ex._purity_completeness(proba, is_qso, t, prior)
        assert purity >= 0.8
    # a rarer class needs a stricter threshold for the same purity
    assert ex.reference_purity_threshold(proba, is_qso, 0.01, 0.8) > (
        ex.reference_purity_threshold(proba, is_qso, 0.5, 0.8)
    )


def test_error_rate_check_accepts_a_dict_and_rejects_missing_populations(capsys):
    assert ex.check_error_rates(ex.reference_error_rates)
    result = ex.check_error_rates(lambda p, t, q: {"white dwarf": 0.1})
    assert not result and "one for each population" in result.message
