"""Answer checks for notebook 06 (generative adversarial networks).

Each check evaluates what the student's answer *does*: the loss function is called on logits
the check chooses, the noise sampler is asked for draws whose distribution the check tests,
and the generator trained with another latent size is sampled and scored by the check itself
against the lesson's generator at the same number of training steps.

Examples
--------
>>> from helpers.exercises import gans as ex
>>> ex.check_smoothed_d_loss(ex.reference_smoothed_d_loss).passed  # doctest: +ELLIPSIS
Correct (discriminator loss with label smoothing): on 4 sets of logits ...
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

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
    "check_latent_size",
    "check_smoothed_d_loss",
    "check_truncated_noise",
    "reference_frechet_distance",
    "reference_smoothed_d_loss",
    "reference_truncated_noise",
]

#: The target of real images in the lesson's one-sided label smoothing.
REAL_LABEL = 0.9


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def reference_smoothed_d_loss(real_logits, fake_logits, real_label: float = REAL_LABEL) -> float:
    r"""Discriminator loss with one-sided label smoothing, from logits.

    Binary cross-entropy with target ``real_label`` for real images and 0 for generated ones:
    :math:`\langle -a\log\sigma(r) - (1-a)\log(1-\sigma(r))\rangle + \langle-\log(1-\sigma(f))
    \rangle`, written with :math:`-\log\sigma(x) = \mathrm{softplus}(-x)` and
    :math:`-\log(1-\sigma(x)) = \mathrm{softplus}(x)` so that large logits do not overflow.

    Parameters
    ----------
    real_logits, fake_logits : array-like
        Discriminator outputs (before the sigmoid) on real and on generated images.
    real_label : float, optional
        Target for real images (default 0.9).

    Returns
    -------
    float
        The loss (nats), the mean over each batch, the two terms added.

    Examples
    --------
    >>> round(reference_smoothed_d_loss([0.0], [0.0]), 4)  # D undecided: 2 ln 2
    1.3863
    """
    real = np.asarray(real_logits, dtype=float)
    fake = np.asarray(fake_logits, dtype=float)
    real_term = real_label * _softplus(-real) + (1.0 - real_label) * _softplus(real)
    return float(np.mean(real_term) + np.mean(_softplus(fake)))


def _loss_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(6)
    return [
        (rng.normal(2.0, 1.0, (16, 1)), rng.normal(-2.0, 1.0, (16, 1))),
        (rng.normal(-1.0, 2.0, (32, 1)), rng.normal(1.5, 2.0, (32, 1))),
        (rng.normal(4.0, 0.5, (8, 1)), rng.normal(3.0, 0.5, (8, 1))),
        (np.array([[60.0], [-60.0], [0.5]]), np.array([[-70.0], [70.0], [0.0]])),
    ]


_LOSS_MISTAKES: dict[str, Callable] = {
    "this is the loss without label smoothing (real target 1)": lambda r, f: (
        reference_smoothed_d_loss(r, f, real_label=1.0)
    ),
    "the generated images got the smoothed target too (0.1 instead of 0)": lambda r, f: float(
        np.mean(REAL_LABEL * _softplus(-r) + (1 - REAL_LABEL) * _softplus(r))
        + np.mean((1 - REAL_LABEL) * _softplus(-f) + REAL_LABEL * _softplus(f))
    ),
    "real and generated labels are swapped": lambda r, f: reference_smoothed_d_loss(f, r),
    "the smoothed target went to the other side (real target 0.1)": lambda r, f: (
        reference_smoothed_d_loss(r, f, real_label=1 - REAL_LABEL)
    ),
    "the inputs were treated as probabilities, but they are logits (apply the sigmoid)": (
        lambda r, f: float(
            np.mean(
                -REAL_LABEL * np.log(np.clip(r, 1e-7, 1))
                - (1 - REAL_LABEL) * np.log(np.clip(1 - r, 1e-7, 1))
            )
            - np.mean(np.log(np.clip(1 - f, 1e-7, 1)))
        )
    ),
}


@answer_check("discriminator loss with label smoothing")
def check_smoothed_d_loss(func: Callable) -> str:
    """Check ``func(real_logits, fake_logits)``: the discriminator loss, real target 0.9.

    The check calls ``func`` on four sets of logits of its own (one with logits of ±60 and
    ±70, where a naive ``log(sigmoid(x))`` overflows) and compares with
    :func:`reference_smoothed_d_loss` to 1e-4 (relative). A wrong value is compared with the
    usual mistakes (no smoothing, smoothing both sides, swapped labels, probabilities instead
    of logits) to say which one it looks like.

    Parameters
    ----------
    func : callable
        The student's loss; it receives float arrays of shape (n, 1) and returns a number.

    Returns
    -------
    CheckResult
        Truthy when every value matches.

    Examples
    --------
    >>> check_smoothed_d_loss(lambda r, f: reference_smoothed_d_loss(r, f, 1.0)).passed
    ... # doctest: +ELLIPSIS
    Not yet (discriminator loss with label smoothing): for logits set 1 you return 0.36, ...: this is the loss without label smoothing (real target 1).
    False
    """
    for k, (real, fake) in enumerate(_loss_cases(), start=1):
        answer = call_student(func, real, fake, what="your function")
        expected = reference_smoothed_d_loss(real, fake)
        large = k == len(_loss_cases())
        if large and _is_non_finite_number(answer):
            answer = np.inf  # reported below with the reason
        value = answer if answer is np.inf else require_number(answer, f"your loss for set {k}")
        if abs(value - expected) <= 1e-4 * max(1.0, abs(expected)):
            continue
        if large:
            fail(
                f"for logits of +-60 and +-70 you return {value:.6g}, expected {expected:.6g}: "
                "log(sigmoid(x)) overflows for large |x|. Write -log(sigmoid(x)) as "
                "np.logaddexp(0, -x) and -log(1 - sigmoid(x)) as np.logaddexp(0, x)."
            )
        for mistake, wrong in _LOSS_MISTAKES.items():
            with np.errstate(all="ignore"):
                candidate = wrong(real, fake)
            if abs(value - candidate) <= 1e-4 * max(1.0, abs(candidate)):
                fail(
                    f"for logits set {k} you return {value:.4g}, expected {expected:.4g}: {mistake}."
                )
        fail(
            f"for logits set {k} you return {value:.4g}, expected {expected:.4g}. The real term is "
            "0.9 * (-log sigmoid(r)) + 0.1 * (-log(1 - sigmoid(r))), the generated term "
            "-log(1 - sigmoid(f)), each averaged over its batch, then added."
        )
    return (
        f"on {len(_loss_cases())} sets of logits (including +-60 and +-70) your loss matches the "
        "binary cross-entropy with targets 0.9 (real) and 0 (generated)."
    )


def _is_non_finite_number(answer) -> bool:
    try:
        value = float(np.asarray(answer, dtype=float))
    except (TypeError, ValueError):
        return False
    return not np.isfinite(value)


def reference_truncated_noise(n: int, dim: int, threshold: float, seed: int) -> np.ndarray:
    """Standard normal noise truncated to ``|z_i| <= threshold`` by redrawing (the truncation trick).

    Parameters
    ----------
    n, dim : int
        Number of vectors and their length.
    threshold : float
        Largest allowed absolute value of a component, > 0.
    seed : int
        Seed of ``numpy.random.default_rng``.

    Returns
    -------
    numpy.ndarray, shape (n, dim), float32
        The noise vectors.

    Examples
    --------
    >>> z = reference_truncated_noise(1000, 8, 0.5, seed=0)
    >>> z.shape, bool(abs(z).max() <= 0.5)
    ((1000, 8), True)
    """
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, dim))
    outside = np.abs(z) > threshold
    while outside.any():
        z[outside] = rng.normal(size=int(outside.sum()))
        outside = np.abs(z) > threshold
    return z.astype(np.float32)


_NOISE_CASES = ((4000, 4, 1.0), (3000, 3, 0.5), (2000, 5, 2.0))


@answer_check("truncated noise")
def check_truncated_noise(func: Callable) -> str:
    """Check ``func(n, dim, threshold, seed)``: N(0, 1) noise truncated to ``|z| <= threshold``.

    For three cases the check asks for the draws and tests their shape, that no component
    exceeds the threshold, that the same seed gives the same draws and another seed other
    draws, and (Kolmogorov-Smirnov test, p > 1e-4) that the components follow the normal
    distribution truncated to ``[-threshold, threshold]``: clipping piles values up at the
    edges, rescaling or a uniform draw changes the shape.

    Parameters
    ----------
    func : callable
        The student's sampler.

    Returns
    -------
    CheckResult
        Truthy when every case passes.

    Examples
    --------
    >>> check_truncated_noise(
    ...     lambda n, d, t, s: np.clip(np.random.default_rng(s).normal(size=(n, d)), -t, t)
    ... ).passed  # doctest: +ELLIPSIS
    Not yet (truncated noise): for threshold 1: 31% of your values sit exactly at +-threshold...
    False
    """
    from scipy import stats

    worst = 1.0
    for n, dim, threshold in _NOISE_CASES:
        label = f"your noise for n={n}, dim={dim}, threshold={threshold:g}"
        z = require_array(call_student(func, n, dim, threshold, 1, what="your function"), label)
        if z.shape != (n, dim):
            fail(f"{label} has shape {z.shape}, expected ({n}, {dim}): one row per vector.")
        if np.abs(z).max() > threshold * (1 + 1e-6):
            fail(
                f"for threshold {threshold:g} your largest |z| is {np.abs(z).max():.3g}: values "
                "beyond the threshold must be drawn again."
            )
        at_edge = float(np.mean(np.abs(np.abs(z) - threshold) < 1e-6 * threshold))
        if at_edge > 0.01:
            fail(
                f"for threshold {threshold:g}: {at_edge:.0%} of your values sit exactly at "
                "+-threshold: clipping moves the tails onto the edge. Redraw them instead."
            )
        again = require_array(call_student(func, n, dim, threshold, 1), label)
        if again.shape != z.shape or not np.array_equal(again, z):
            fail("the same seed gave different noise: draw from np.random.default_rng(seed).")
        other = require_array(call_student(func, n, dim, threshold, 2), label)
        if other.shape == z.shape and np.array_equal(other, z):
            fail("seeds 1 and 2 gave the same noise: use the seed argument.")
        law = stats.truncnorm(-threshold, threshold)
        p = float(stats.kstest(z.ravel(), law.cdf).pvalue)
        if p < 1e-4:
            spread = float(z.std())
            fail(
                f"for threshold {threshold:g} your values do not follow the truncated normal "
                f"(Kolmogorov-Smirnov p = {p:.1e}; your standard deviation {spread:.3f}, "
                f"expected {law.std():.3f}). Draw N(0, 1) and redraw what falls outside."
            )
        worst = min(worst, p)
    return (
        f"in {len(_NOISE_CASES)} cases your noise stays within the threshold, is reproducible "
        f"from its seed and follows the truncated normal (smallest KS p-value {worst:.2f})."
    )


def reference_frechet_distance(features_a, features_b) -> float:
    r"""Fréchet distance between Gaussians fitted to two feature sets (FID-style).

    :math:`|\mu_a-\mu_b|^2 + \mathrm{Tr}(\Sigma_a+\Sigma_b-2(\Sigma_a\Sigma_b)^{1/2})`, the
    trace of the root computed from the eigenvalues of the symmetric matrix
    :math:`\Sigma_a^{1/2}\Sigma_b\Sigma_a^{1/2}` (robust when a covariance is singular).

    Parameters
    ----------
    features_a, features_b : array-like, shape (n, d) and (m, d)
        One row of features per image.

    Returns
    -------
    float
        The distance (>= 0 up to round-off).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a = rng.normal(size=(4000, 3))
    >>> round(reference_frechet_distance(a, a + [2.0, 0, 0]), 2)  # only the means differ
    4.0
    """
    a = np.asarray(features_a, dtype=float)
    b = np.asarray(features_b, dtype=float)
    mean = a.mean(axis=0) - b.mean(axis=0)
    cov_a = np.atleast_2d(np.cov(a, rowvar=False))
    cov_b = np.atleast_2d(np.cov(b, rowvar=False))
    w, v = np.linalg.eigh(cov_a)
    root_a = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    cross = np.sqrt(np.clip(np.linalg.eigvalsh(root_a @ cov_b @ root_a), 0.0, None)).sum()
    return float(mean @ mean + np.trace(cov_a) + np.trace(cov_b) - 2.0 * cross)


_OUTCOMES = {
    "a": "the smaller latent space gives a clearly higher (worse) FID",
    "b": "the two FIDs tie within the uncertainty",
    "c": "the smaller latent space gives a clearly lower (better) FID",
}


def _samples(generator, n: int, seed: int) -> np.ndarray:
    dim = int(generator.input_shape[-1])
    z = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return _call(generator, z)


def _call(model, x: np.ndarray) -> np.ndarray:
    """Apply a Keras model in inference mode (faster than ``predict`` for a few batches)."""
    parts = [np.asarray(model(x[i : i + 500], training=False)) for i in range(0, len(x), 500)]
    return np.concatenate(parts).astype(float)


@answer_check("latent size")
def check_latent_size(
    generator,
    losses,
    choice,
    *,
    reference_generator,
    embedder,
    real_images,
    steps: int,
    n_samples: int = 1000,
    n_repeats: int = 10,
) -> str:
    """Check a prediction about the latent size, against a measurement the check makes.

    The student trains ``generator`` with another latent size than the lesson's
    ``reference_generator``, for the same number of steps (``losses`` holds one row per
    step), and predicts with ``choice`` how its FID compares: ``"a"`` clearly higher,
    ``"b"`` a tie, ``"c"`` clearly lower. The check draws ``n_samples`` images from each
    generator itself (``n_repeats`` times, with fresh noise), embeds them with ``embedder``,
    computes both Fréchet distances to ``real_images``, and calls the mean difference clear
    when it exceeds two standard deviations of the difference over the draws.

    Parameters
    ----------
    generator : keras.Model
        The student's generator, latent vector in, image out.
    losses : array-like, shape (steps, k)
        What the training loop logged, one row per step.
    choice : str
        ``"a"``, ``"b"`` or ``"c"``.
    reference_generator : keras.Model
        The lesson's generator after the same number of steps.
    embedder : keras.Model
        Image -> features (the frozen classifier's penultimate layer).
    real_images : numpy.ndarray
        Held-out real images.
    steps : int
        Training steps of the reference generator.
    n_samples, n_repeats : int, optional
        Generated images per generator and draw, and the number of draws.

    Returns
    -------
    CheckResult
        Truthy when the training is like for like and the prediction matches the measurement.
    """
    model = require_model(generator, "my_generator")
    log = require_array(losses, "my_losses")
    if _missing_choice(choice):
        not_attempted("my_choice is still None: write your prediction, 'a', 'b' or 'c'.")
    if not isinstance(choice, str) or choice.strip().lower() not in _OUTCOMES:
        fail(f"my_choice must be one of 'a', 'b', 'c', got {choice!r}.")
    key = choice.strip().lower()
    if log.ndim == 0 or log.shape[0] != steps:
        trained = log.shape[0] if log.ndim else 0
        fail(
            f"my_losses has {trained} rows but the lesson's generator is compared after {steps} "
            "steps: train for the same number of steps, so the comparison is like with like."
        )
    if not isinstance(model.input_shape, tuple) or len(model.input_shape) != 2:
        fail(
            f"my_generator must take a latent vector (input shape (None, size)), its input "
            f"shape is {model.input_shape}."
        )
    dim = int(model.input_shape[-1])
    ref_dim = int(reference_generator.input_shape[-1])
    if dim == ref_dim:
        fail(
            f"my_generator takes a latent vector of {dim} numbers, like the lesson's: change "
            "the latent size."
        )
    fake = _samples(model, n_samples, seed=11)
    if fake.shape[1:] != tuple(real_images.shape[1:]):
        fail(
            f"my_generator makes images of shape {fake.shape[1:]}, expected {real_images.shape[1:]}."
        )
    if not np.all(np.isfinite(fake)):
        fail("my_generator makes images with NaN or infinite pixels: its training diverged.")

    def embed(images):
        return _call(embedder, np.asarray(images, dtype=np.float32))

    f_real = embed(np.asarray(real_images, dtype=np.float32))
    scores = []  # (mine, theirs) for independent draws of the noise
    for k in range(n_repeats):
        mine_k = fake if k == 0 else _samples(model, n_samples, seed=11 + k)
        theirs_k = _samples(reference_generator, n_samples, seed=11 + k)
        scores.append([reference_frechet_distance(embed(x), f_real) for x in (mine_k, theirs_k)])
    scores = np.array(scores)
    mine, theirs = scores.mean(axis=0)
    spread = float(np.std(scores[:, 0] - scores[:, 1]))
    difference = mine - theirs
    measured = "a" if difference > 2 * spread else "c" if difference < -2 * spread else "b"
    report = (
        f"after {steps} steps, FID {mine:.2f} with latent size {dim} against {theirs:.2f} with "
        f"{ref_dim} (difference {difference:+.2f} +- {spread:.2f} over {n_repeats} draws of "
        f"{n_samples} images; one training run each, so training noise is not in the +-)"
    )
    if key != measured:
        fail(
            f"you predicted that {_OUTCOMES[key]}, but the measurement says {_OUTCOMES[measured]}: "
            f"{report}. Why might that be?"
        )
    return f"{report}: as you predicted, {_OUTCOMES[key]}."


def _missing_choice(choice) -> bool:
    return choice is None or choice is Ellipsis
