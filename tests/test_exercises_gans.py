"""Tests for the answer checks of notebook 06 (helpers.exercises.gans)."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pytest
from answer_cases import CheckCase, Lazy, answer_check_tests
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import gans as ex

# --------------------------------------------------------------------------- loss
REAL = ex.REAL_LABEL


def loss_without_smoothing(r, f):
    return ex.reference_smoothed_d_loss(r, f, real_label=1.0)


def loss_smoothed_both_sides(r, f):
    r, f = np.asarray(r), np.asarray(f)
    sp = lambda x: np.logaddexp(0, x)  # noqa: E731
    return float(
        np.mean(REAL * sp(-r) + (1 - REAL) * sp(r)) + np.mean((1 - REAL) * sp(-f) + REAL * sp(f))
    )


def loss_with_naive_logs(r, f):
    """Right formula, but log(sigmoid) overflows at large logits."""
    with np.errstate(all="ignore"):
        sr, sf = 1 / (1 + np.exp(-np.float32(r))), 1 / (1 + np.exp(-np.float32(f)))
        return float(
            np.mean(-REAL * np.log(sr) - (1 - REAL) * np.log(1 - sr)) - np.mean(np.log(1 - sf))
        )


def loss_on_probabilities(r, f):
    return float(
        np.mean(-REAL * np.log(np.clip(r, 1e-7, 1)) - (1 - REAL) * np.log(np.clip(1 - r, 1e-7, 1)))
        - np.mean(np.log(np.clip(1 - f, 1e-7, 1)))
    )


# --------------------------------------------------------------------------- noise
def clipped_noise(n, dim, threshold, seed):
    return np.clip(np.random.default_rng(seed).normal(size=(n, dim)), -threshold, threshold)


def rescaled_noise(n, dim, threshold, seed):
    z = np.random.default_rng(seed).normal(size=(n, dim))
    return z * threshold / np.abs(z).max()


def uniform_noise(n, dim, threshold, seed):
    return np.random.default_rng(seed).uniform(-threshold, threshold, (n, dim))


def plain_noise(n, dim, threshold, seed):
    return np.random.default_rng(seed).normal(size=(n, dim))


_FRESH = np.random.default_rng()


def unseeded_noise(n, dim, threshold, seed):
    """Ignores the seed: every call gives other draws."""
    return ex.reference_truncated_noise(n, dim, threshold, seed=int(_FRESH.integers(1 << 30)))


# --------------------------------------------------------------------------- latent size
STEPS = 12


@functools.cache
def _real() -> np.ndarray:
    from helpers import make_galaxies

    images, _ = make_galaxies(1400, size=16, noise=0.01, seed=3)
    return (2 * images - 1)[..., None].astype(np.float32)


def linear_generator(k: int):
    """A PPCA-like generator of k components fitted to the test's real images (no training)."""
    import keras

    real = _real()[:800]
    flat = real.reshape(len(real), -1)
    mean = flat.mean(axis=0)
    _, s, vt = np.linalg.svd(flat - mean, full_matrices=False)
    weights = vt[:k].T * (s[:k] / np.sqrt(len(flat)))
    model = keras.Sequential(
        [keras.Input((k,)), keras.layers.Dense(flat.shape[1]), keras.layers.Reshape(real.shape[1:])]
    )
    model.layers[0].set_weights([weights.T, mean])
    return model


@functools.cache
def _embedder():
    import keras

    return keras.Sequential(
        [keras.Input((16, 16, 1)), keras.layers.AveragePooling2D(2), keras.layers.Flatten()]
    )


@functools.cache
def _latent_kwargs() -> dict:
    return {
        "reference_generator": linear_generator(24),
        "embedder": _embedder(),
        "real_images": _real()[800:],
        "steps": STEPS,
        "n_samples": 600,
        "n_repeats": 4,
    }


def _losses(steps=STEPS):
    return np.tile([1.3, 0.8, 0.6, 0.4], (steps, 1))


class _LazyKwargs(Mapping):
    """The latent-size check's keyword arguments, built the first time a test needs them."""

    def __getitem__(self, key):
        return _latent_kwargs()[key]

    def __iter__(self):
        return iter(_latent_kwargs())

    def __len__(self):
        return len(_latent_kwargs())


LATENT_KWARGS = _LazyKwargs()


def _right_latent():
    return (linear_generator(2), _losses(), "a")


CASES = [
    CheckCase(
        ex.check_smoothed_d_loss,
        right=(ex.reference_smoothed_d_loss,),
        wrong=[
            loss_without_smoothing,
            loss_smoothed_both_sides,
            lambda r, f: ex.reference_smoothed_d_loss(f, r),  # labels swapped
            loss_on_probabilities,
            loss_with_naive_logs,
        ],
        reason=["without label smoothing", "0.1 instead of 0", "swapped", "logits", "overflows"],
    ),
    CheckCase(
        ex.check_truncated_noise,
        right=(ex.reference_truncated_noise,),
        wrong=[clipped_noise, rescaled_noise, uniform_noise, plain_noise, unseeded_noise],
        reason=["clipping", "truncated normal", "truncated normal", "beyond", "same seed"],
    ),
    CheckCase(
        ex.check_latent_size,
        right=_right_latent,
        wrong=["c", "b", "A lot worse"],
        kwargs=LATENT_KWARGS,
        answer=2,
        reason=["measurement says", "measurement says", "one of"],
        label="check_latent_size-prediction",
    ),
    CheckCase(
        ex.check_latent_size,
        right=_right_latent,
        wrong=[Lazy(lambda: linear_generator(24), "same latent size"), Lazy(_embedder, "embedder")],
        kwargs=LATENT_KWARGS,
        answer=0,
        reason=["change the latent size", "latent vector"],
        label="check_latent_size-generator",
    ),
    CheckCase(
        ex.check_latent_size,
        right=_right_latent,
        wrong=[_losses(STEPS // 2), _losses(3 * STEPS), np.array(1.3)],
        kwargs=LATENT_KWARGS,
        answer=1,
        reason=["like with like", "like with like", "like with like"],
        label="check_latent_size-steps",
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


# --------------------------------------------------------------------------- references
def test_reference_loss_is_two_ln2_when_discriminator_is_undecided():
    # with target 0.9 the real term at D = 1/2 is still ln 2
    assert ex.reference_smoothed_d_loss([0.0, 0.0], [0.0]) == pytest.approx(2 * np.log(2))


@settings(max_examples=30, deadline=None)
@given(st.floats(-20, 20), st.floats(-20, 20), st.floats(0.5, 1.0))
def test_reference_loss_matches_the_cross_entropy_formula(r, f, a):
    sr, sf = 1 / (1 + np.exp(-r)), 1 / (1 + np.exp(-f))
    expected = -a * np.log(sr) - (1 - a) * np.log1p(-sr) - np.log1p(-sf)
    value = ex.reference_smoothed_d_loss([r], [f], real_label=a)
    assert value == pytest.approx(expected, rel=1e-6, abs=1e-4)


def test_reference_loss_is_finite_for_huge_logits():
    assert np.isfinite(ex.reference_smoothed_d_loss([800.0, -800.0], [-900.0, 900.0]))


def test_truncated_noise_has_the_truncated_normal_variance():
    from scipy import stats

    z = ex.reference_truncated_noise(20000, 3, 0.7, seed=5)
    assert np.abs(z).max() <= 0.7
    assert z.var() == pytest.approx(stats.truncnorm(-0.7, 0.7).var(), rel=0.03)


def test_frechet_distance_of_gaussians_matches_the_closed_form():
    # one dimension: (mu1 - mu2)^2 + (s1 - s2)^2
    rng = np.random.default_rng(1)
    a = rng.normal(1.0, 2.0, (200000, 1))
    b = rng.normal(-0.5, 0.5, (200000, 1))
    assert ex.reference_frechet_distance(a, b) == pytest.approx(1.5**2 + 1.5**2, rel=0.01)


def test_frechet_distance_is_zero_for_one_set_and_survives_a_singular_covariance():
    rng = np.random.default_rng(2)
    a = np.c_[rng.normal(size=(500, 3)), np.zeros(500)]  # a dead feature: singular covariance
    assert abs(ex.reference_frechet_distance(a, a)) < 1e-8
    assert ex.reference_frechet_distance(a, a + 1.0) == pytest.approx(4.0, rel=1e-6)


def test_frechet_distance_agrees_with_scipy_sqrtm():
    from scipy import linalg

    rng = np.random.default_rng(3)
    a = rng.normal(size=(400, 5)) @ rng.normal(size=(5, 5))
    b = rng.normal(size=(300, 5)) @ rng.normal(size=(5, 5)) + 0.3
    ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    mean = a.mean(0) - b.mean(0)
    expected = mean @ mean + np.trace(ca + cb - 2 * linalg.sqrtm(ca @ cb).real)
    assert ex.reference_frechet_distance(a, b) == pytest.approx(expected, rel=1e-6)


def test_latent_size_check_says_tie_when_the_generators_are_alike(capsys):
    # two 24-component generators (one through another layer object) are the same sampler
    kwargs = dict(_latent_kwargs())
    other = linear_generator(23)
    assert ex.check_latent_size(other, _losses(), "b", **kwargs), capsys.readouterr().out


def test_latent_size_check_rejects_a_generator_with_nan_pixels(capsys):
    generator = linear_generator(2)
    weights = generator.layers[0].get_weights()
    generator.layers[0].set_weights([weights[0], np.full_like(weights[1], np.nan)])
    assert not ex.check_latent_size(generator, _losses(), "a", **_latent_kwargs())
    assert "NaN" in capsys.readouterr().out
