"""Tests for the answer checks of notebook 08 (helpers.exercises.star_quasar)."""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
keras = pytest.importorskip("keras")

from helpers.exercises import star_quasar as ex  # noqa: E402


def net(*units, activations=None, dropout=False, out=(1, "sigmoid"), inputs=4):
    activations = activations or ["relu"] * len(units)
    layers = [keras.Input(shape=(inputs,))]
    for n, act in zip(units, activations, strict=True):
        layers.append(keras.layers.Dense(n, activation=act))
        if dropout:
            layers.append(keras.layers.Dropout(0.2))
    layers.append(keras.layers.Dense(out[0], activation=out[1]))
    return keras.Sequential(layers)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 4)).astype("float32")
    y = (x @ np.array([1.5, -1.0, 0.5, 0.2]) + 0.3 * rng.normal(size=400) > 0).astype("float32")
    return x, y


def test_check_labels_right_and_wrong(capsys):
    assert ex.check_labels(np.array([1, 0, 1]), ["QSO", "STAR", "QSO"])
    assert not ex.check_labels(np.array([0, 1, 0]), ["QSO", "STAR", "QSO"])
    assert "QSO -> 1" in capsys.readouterr().out
    assert not ex.check_labels(None, ["QSO"])


def test_check_split_cases():
    x, y = np.zeros((100, 4)), np.array([0, 1] * 50)
    assert ex.check_split(x[:75], x[75:], y[:75], y[75:], 100, 0.25)
    assert not ex.check_split(x[:50], x[50:], y[:50], y[50:], 100, 0.25)  # wrong size
    assert not ex.check_split(x[:75], x[75:], y[:74], y[75:], 100, 0.25)  # misaligned
    assert not ex.check_split(x[:70], x[75:], y[:70], y[75:], 100, 0.25)  # rows lost
    ones = np.ones(100)
    assert not ex.check_split(x[:75], x[75:], ones[:75], ones[75:], 100, 0.25)  # one class
    assert not ex.check_split(..., x, y, y, 100, 0.25)


def test_check_small_model_accepts_the_right_network_only():
    assert ex.check_small_model(net(12))
    assert not ex.check_small_model(net(16))
    assert not ex.check_small_model(net(12, activations=["tanh"]))
    assert not ex.check_small_model(net(12, out=(2, "softmax")))
    assert not ex.check_small_model(net(12, inputs=5))
    assert not ex.check_small_model(net(12, 8))
    assert not ex.check_small_model("model")
    assert not ex.check_small_model(None)


def test_check_deeper_model_counts_dense_layers():
    assert ex.check_deeper_model(net(12, 8))
    assert not ex.check_deeper_model(net(12))


def test_check_dropout_model(data):
    x, y = data
    model = net(24, dropout=True)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, validation_data=(x, y), epochs=2, verbose=0)
    assert ex.check_dropout_model(model, history)
    assert not ex.check_dropout_model(net(24), history)  # no Dropout
    assert not ex.check_dropout_model(net(12, dropout=True), history)  # not doubled
    assert not ex.check_dropout_model(model, {"loss": [1.0]})  # no validation


def test_check_best_model_compares_with_the_best_epoch(data, tmp_path):
    x, y = data
    model = net(8)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    path = tmp_path / "best.keras"
    history = model.fit(
        x,
        y,
        validation_data=(x[:100], y[:100]),
        epochs=4,
        verbose=0,
        callbacks=[keras.callbacks.ModelCheckpoint(path, save_best_only=True)],
    )
    best = keras.models.load_model(path)
    assert ex.check_best_model(best, history, x[:100], y[:100])
    fake = {"val_loss": [float(np.min(history.history["val_loss"])) - 0.5]}
    assert not ex.check_best_model(best, fake, x[:100], y[:100])
    assert not ex.check_best_model(best, {"loss": [1.0]}, x[:100], y[:100])


def test_check_logistic_equivalence(data):
    x, y = data
    neuron = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")]
    )
    neuron.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    neuron.fit(x, y, epochs=30, batch_size=100, verbose=0)
    assert ex.check_logistic_equivalence(neuron, x, y)
    untrained = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(
                1,
                activation="sigmoid",
                kernel_initializer="zeros",
                bias_initializer=keras.initializers.Constant(5.0),
            ),
        ]
    )
    assert not ex.check_logistic_equivalence(untrained, x, y)
    assert not ex.check_logistic_equivalence(net(4), x, y)  # two layers
