"""Tests for the answer checks of notebook 03 (helpers.exercises.overfitting)."""

from __future__ import annotations

import numpy as np
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests
from hypothesis import given
from hypothesis import strategies as st

from helpers.exercises import overfitting as ex

keras = pytest.importorskip("keras")
layers = keras.layers

CURVE = [1.0, 0.8, 0.9, 0.95, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]


# --- exercise 2: rotations and flips -----------------------------------------------------
def dihedral(images, rng):
    out = np.empty_like(images)
    for i, image in enumerate(images):
        if rng.random() < 0.5:
            image = image[:, ::-1]
        out[i] = np.rot90(image, rng.integers(4))
    return out


def flips_only(images, rng):
    out = images.copy()
    for i in range(len(out)):
        if rng.random() < 0.5:
            out[i] = out[i][:, ::-1]
        if rng.random() < 0.5:
            out[i] = out[i][::-1]
    return out


def one_transform_per_batch(images, rng):
    k, mirror = rng.integers(4), rng.random() < 0.5
    return np.rot90(images[:, :, ::-1] if mirror else images, k, axes=(1, 2))


def interpolated_rotation(images, rng):
    from scipy import ndimage

    return np.stack([ndimage.rotate(im, rng.uniform(0, 360), reshape=False) for im in images])


def rotations_without_mirror(images, rng):
    return np.stack([np.rot90(im, rng.integers(4)) for im in images])


def rotates_the_batch_axes(images, rng):
    return np.rot90(images, rng.integers(1, 4))


# --- exercise 3: two remedies together ---------------------------------------------------
SIZE = 8


def _data():
    from helpers import make_galaxies

    x, y = make_galaxies(36, size=SIZE, noise=0.08, seed=3)
    xv, yv = make_galaxies(30, size=SIZE, noise=0.08, seed=4)
    return x[..., None], y, xv[..., None], yv


X_TRAIN, Y_TRAIN, X_VAL, Y_VAL = _data()
BASELINE_WEIGHTS = 64 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3


def _model(*body, output=layers.Dense, activation="softmax", units=3, compile_it=True):
    model = keras.Sequential(
        [keras.Input((SIZE, SIZE, 1)), *body, output(units, activation=activation)]
    )
    if compile_it:
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    return model


def augmentation_and_l2():
    reg = keras.regularizers.l2(1e-3)
    return _model(
        layers.RandomFlip("horizontal_and_vertical"),
        layers.Flatten(),
        layers.Dense(32, activation="relu", kernel_regularizer=reg),
    )


def dropout_only():
    return _model(layers.Flatten(), layers.Dense(32, activation="relu"), layers.Dropout(0.5),
                  layers.Dense(32, activation="relu"))  # fmt: skip


def dropout_and_l2_with_sigmoid_outputs():
    """Issue 18: three sigmoid outputs are three yes/no answers, not one class probability."""
    reg = keras.regularizers.l2(1e-3)
    return _model(layers.Flatten(), layers.Dense(32, activation="relu", kernel_regularizer=reg),
                  layers.Dropout(0.5), activation="sigmoid")  # fmt: skip


def two_class_output():
    return _model(layers.RandomFlip(), layers.Flatten(), layers.Dropout(0.3), units=2)


def not_compiled():
    return _model(layers.RandomFlip(), layers.Flatten(), layers.Dropout(0.3), compile_it=False)


def wrong_input_shape():
    model = keras.Sequential(
        [keras.Input((16, 16, 1)), layers.RandomFlip(), layers.Flatten(), layers.Dropout(0.3),
         layers.Dense(3, activation="softmax")]
    )  # fmt: skip
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


COMBINED_KW = {
    "reference_name": "a bad reference",
    "baseline_weights": BASELINE_WEIGHTS,
    "epochs": 3,
    "batch_size": 12,
    "seeds": (1, 2, 3),
}
BAD_REFERENCE = np.array([5.0, 5.2, 5.4])  # far above any trained model: "better"


def combined_args(prediction="better", build=augmentation_and_l2):
    return (prediction, build, X_TRAIN, Y_TRAIN, X_VAL, Y_VAL, BAD_REFERENCE)


CASES = [
    CheckCase(
        ex.check_patience,
        right=(3, CURVE),
        wrong=[0, 20, 1],
        reason=["Too impatient", "Too patient", "Too impatient"],
    ),
    CheckCase(
        ex.check_dihedral_augmentation,
        right=(dihedral,),
        wrong=[
            flips_only,
            one_transform_per_batch,
            interpolated_rotation,
            rotations_without_mirror,
            rotates_the_batch_axes,
        ],
        reason=["never appear", "same transform", "not a rotation", "never appear", "shape"],
    ),
    CheckCase(
        ex.check_combined_remedies,
        right=combined_args,
        wrong=[
            Lazy(lambda: dropout_only, "dropout only"),
            Lazy(lambda: dropout_and_l2_with_sigmoid_outputs, "sigmoid outputs"),
            Lazy(lambda: two_class_output, "two outputs"),
            Lazy(lambda: not_compiled, "not compiled"),
            Lazy(lambda: wrong_input_shape, "wrong input shape"),
        ],
        answer=1,
        kwargs=COMBINED_KW,
        reason=["combine two", "not probabilities", "outputs per image", "compiled", "input shape"],
        label="check_combined_remedies-model",
    ),
    CheckCase(
        ex.check_combined_remedies,
        right=combined_args,
        wrong=["tie", "worse", "Better than the baseline"],
        answer=0,
        kwargs=COMBINED_KW,
        reason=["you predicted 'tie'", "you predicted 'worse'", "must be one of"],
        label="check_combined_remedies-prediction",
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


# --- early_stopping_epoch and check_patience ---------------------------------------------
def test_early_stopping_epoch_restores_minimum_with_enough_patience():
    assert ex.early_stopping_epoch(CURVE, patience=3) == (8, 4)


def test_early_stopping_epoch_stops_on_first_bump_with_zero_patience():
    assert ex.early_stopping_epoch(CURVE, patience=0) == (3, 1)


@given(st.lists(st.floats(0.01, 10), min_size=1, max_size=30), st.integers(0, 40))
def test_early_stopping_never_restores_worse_than_it_has_seen(curve, patience):
    stop, best = ex.early_stopping_epoch(curve, patience)
    assert 1 <= stop <= len(curve)
    assert curve[best] == min(curve[:stop])


def test_early_stopping_epoch_agrees_with_keras_early_stopping():
    from helpers.exercises.keras_workflow import _keras_run

    for patience in (1, 2, 3, 5):
        stop, best = ex.early_stopping_epoch(CURVE, patience)
        assert _keras_run(CURVE, patience) == (stop, best + 1)


def test_early_stopping_epoch_rejects_bad_patience_and_empty_curve():
    with pytest.raises(ValueError, match="patience"):
        ex.early_stopping_epoch(CURVE, -1)
    with pytest.raises(TypeError, match="patience"):
        ex.early_stopping_epoch(CURVE, 2.5)
    with pytest.raises(ValueError, match="val_loss"):
        ex.early_stopping_epoch([], 2)


def test_check_patience_accepts_a_whole_float_and_rejects_a_fraction(capsys):
    assert ex.check_patience(3.0, CURVE)
    assert not ex.check_patience(2.5, CURVE)
    assert "whole number" in capsys.readouterr().out


def test_check_patience_reports_a_curve_too_short_to_stop_on(capsys):
    assert not ex.check_patience(3, [0.5])
    assert "at least two epochs" in capsys.readouterr().out


# --- rotations and flips -----------------------------------------------------------------
def test_dihedral_transforms_are_eight_distinct_images_of_an_asymmetric_one():
    image = np.random.default_rng(0).normal(size=(5, 5, 1))
    transforms = ex.dihedral_transforms(image)
    assert len({t.tobytes() for t in transforms}) == 8
    assert all(t.shape == image.shape for t in transforms)
    with pytest.raises(ValueError, match="square"):
        ex.dihedral_transforms(np.zeros((3, 4)))


def test_dihedral_check_accepts_a_keras_free_vectorised_answer(capsys):
    def vectorised(images, rng):
        k = rng.integers(4, size=len(images))
        mirror = rng.random(len(images)) < 0.5
        flipped = np.where(mirror[:, None, None, None], images[:, :, ::-1], images)
        return np.stack([np.rot90(im, kk) for im, kk in zip(flipped, k, strict=True)])

    assert ex.check_dihedral_augmentation(vectorised)
    assert "each an exact rotation" in capsys.readouterr().out


def test_dihedral_check_rejects_a_biased_draw(capsys):
    def mostly_unchanged(images, rng):
        return np.stack([im if rng.random() < 0.7 else dihedral(im[None], rng)[0] for im in images])

    assert not ex.check_dihedral_augmentation(mostly_unchanged)
    assert "far from equally likely" in capsys.readouterr().out


# --- two remedies together ---------------------------------------------------------------
def test_remedies_in_names_what_a_model_carries():
    assert ex.remedies_in(augmentation_and_l2(), BASELINE_WEIGHTS) == [
        "l2",
        "smaller_model",
        "augmentation",
    ]
    assert ex.remedies_in(dropout_only(), BASELINE_WEIGHTS) == ["dropout"]
    nested = _model(keras.Sequential([layers.RandomRotation(0.5)]), layers.Flatten(),
                    layers.GaussianNoise(0.1))  # fmt: skip
    assert ex.remedies_in(nested, nested.count_params()) == ["augmentation"]
    with pytest.raises(TypeError, match="model"):
        ex.remedies_in(np.zeros(3), 10)


def test_combined_remedies_calls_a_tie_a_tie(capsys):
    x, y, xv, yv = X_TRAIN, Y_TRAIN, X_VAL, Y_VAL
    losses = []
    for seed in COMBINED_KW["seeds"]:
        keras.utils.set_random_seed(seed)
        model = augmentation_and_l2()
        losses.append(ex.train_and_score(model, x, y, xv, yv, epochs=3, batch_size=12, seed=seed))
    same = np.array(losses)  # the same training: the intervals coincide
    assert ex.check_combined_remedies("tie", augmentation_and_l2, x, y, xv, yv, same, **COMBINED_KW)
    assert "as you predicted" in capsys.readouterr().out


def test_cross_entropy_of_a_uniform_classifier_is_log_of_the_class_count():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(3, activation="softmax",
                              kernel_initializer="zeros")])  # fmt: skip
    x = np.zeros((6, 2), dtype="float32")
    assert ex.cross_entropy(model, x, np.array([0, 1, 2, 0, 1, 2])) == pytest.approx(np.log(3))
