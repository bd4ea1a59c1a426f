"""helpers.exercises.keras_workflow: the notebook 07 exercise checks, on real Keras models."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.exercises import keras_workflow as ex

keras = pytest.importorskip("keras")


def build(hidden=64, activation="relu", output="sigmoid", inputs=784, compile_with=None):
    model = keras.Sequential(
        [
            keras.Input(shape=(inputs,)),
            keras.layers.Dense(hidden, activation=activation),
            keras.layers.Dense(1, activation=output),
        ]
    )
    if compile_with:
        model.compile(**compile_with)
    return model


ADAM_BCE = {"optimizer": "adam", "loss": "binary_crossentropy", "metrics": ["accuracy"]}


def test_check_model_description_accepts_the_described_model(capsys):
    assert ex.check_model_description(build(compile_with=ADAM_BCE))
    assert capsys.readouterr().out.startswith("Correct")


def test_check_model_description_accepts_loss_and_optimizer_objects(capsys):
    settings = {
        "optimizer": keras.optimizers.Adam(1e-3),
        "loss": keras.losses.BinaryCrossentropy(),
    }
    assert ex.check_model_description(build(compile_with=settings))


def test_check_model_description_names_a_wrong_input_shape(capsys):
    assert not ex.check_model_description(build(inputs=100, compile_with=ADAM_BCE))
    assert "keras.Input(shape=(784,))" in capsys.readouterr().out


def test_check_model_description_names_wrong_units_or_activation(capsys):
    assert not ex.check_model_description(build(hidden=32, compile_with=ADAM_BCE))
    assert "expected [(64, 'relu'), (1, 'sigmoid')]" in capsys.readouterr().out
    assert not ex.check_model_description(build(output="softmax", compile_with=ADAM_BCE))
    assert "Dense layers" in capsys.readouterr().out


def test_check_model_description_asks_to_compile(capsys):
    assert not ex.check_model_description(build())
    assert "call model.compile" in capsys.readouterr().out


def test_check_model_description_names_a_wrong_optimizer_or_loss(capsys):
    rmsprop = dict(ADAM_BCE, optimizer="rmsprop")
    assert not ex.check_model_description(build(compile_with=rmsprop))
    assert "optimizer is 'rmsprop', expected 'adam'" in capsys.readouterr().out
    mse = dict(ADAM_BCE, loss="mse")
    assert not ex.check_model_description(build(compile_with=mse))
    assert "expected 'binary_crossentropy'" in capsys.readouterr().out


def test_check_model_description_handles_a_missing_model(capsys):
    assert not ex.check_model_description(None)
    assert "expected a Keras model" in capsys.readouterr().out


def test_check_model_description_rejects_a_bad_description():
    with pytest.raises(ValueError, match="hidden_units"):
        ex.check_model_description(None, hidden_units=0)
    with pytest.raises(TypeError, match="loss must be a string"):
        ex.check_model_description(None, loss=None)


def test_describe_model_rejects_non_models():
    with pytest.raises(TypeError, match="model must be a Keras model"):
        ex.describe_model(42)


def test_check_predictions_accepts_reloaded_predictions(tmp_path, capsys):
    model = build(compile_with=ADAM_BCE)
    x = np.random.default_rng(0).normal(size=(5, 784)).astype("float32")
    expected = model.predict(x, verbose=0)
    model.save(tmp_path / "m.keras")
    reloaded = keras.models.load_model(tmp_path / "m.keras")
    assert ex.check_predictions(reloaded.predict(x, verbose=0), expected)
    assert "all 5 values match" in capsys.readouterr().out


def test_check_predictions_reports_wrong_shape_values_and_missing_answer(capsys):
    expected = np.array([[0.1], [0.2]])
    assert not ex.check_predictions(expected[:, 0], expected)
    assert "shape (2,), expected (2, 1)" in capsys.readouterr().out
    assert not ex.check_predictions(expected + 0.1, expected)
    assert "load_model" in capsys.readouterr().out
    assert not ex.check_predictions(None, expected)
    assert "no answer yet" in capsys.readouterr().out
