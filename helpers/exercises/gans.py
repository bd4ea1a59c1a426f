"""Answer checks for notebook 06 (generative adversarial networks)."""

from __future__ import annotations

import numpy as np

from ..checks import CheckResult, _report, check_choice, check_function

__all__ = ["check_discriminator_loss", "check_latent_report", "reference_discriminator_loss"]


def reference_discriminator_loss(real_logits, fake_logits) -> float:
    """Binary cross-entropy of a discriminator that outputs logits: real -> 1, fake -> 0.

    Parameters
    ----------
    real_logits, fake_logits : array-like
        Discriminator outputs (before the sigmoid) on real and on generated images.

    Returns
    -------
    float
        :math:`-\\langle\\log\\sigma(D(x))\\rangle - \\langle\\log(1-\\sigma(D(G(z))))\\rangle`.

    Examples
    --------
    >>> round(reference_discriminator_loss([0.0], [0.0]), 4)
    1.3863
    """
    real = np.asarray(real_logits, dtype=float)
    fake = np.asarray(fake_logits, dtype=float)
    # -log(sigmoid(r)) = softplus(-r); -log(1 - sigmoid(f)) = softplus(f)
    return float(np.mean(np.logaddexp(0.0, -real)) + np.mean(np.logaddexp(0.0, fake)))


def check_discriminator_loss(func) -> CheckResult:
    """Check a function ``func(real_logits, fake_logits)`` returning the discriminator loss.

    Parameters
    ----------
    func : callable
        The student's loss; it receives float32 arrays of logits and returns a scalar.

    Returns
    -------
    CheckResult
        Truthy when the loss matches the binary cross-entropy on several inputs.

    Examples
    --------
    >>> check_discriminator_loss(reference_discriminator_loss).passed
    Correct (discriminator loss): matches the reference on 3 test input(s).
    True
    """
    rng = np.random.default_rng(0)
    cases = [
        (np.zeros((4, 1), np.float32), np.zeros((4, 1), np.float32)),
        (rng.normal(2, 1, (8, 1)).astype(np.float32), rng.normal(-2, 1, (8, 1)).astype(np.float32)),
        (
            rng.normal(-1, 2, (16, 1)).astype(np.float32),
            rng.normal(1, 2, (16, 1)).astype(np.float32),
        ),
    ]
    return check_function(
        func,
        reference_discriminator_loss,
        cases,
        name="discriminator loss",
        rtol=1e-4,
        atol=1e-5,
        hint="real images should be labelled 1 and generated ones 0; the inputs are logits.",
    )


_EFFECT = {
    "a": "Right: too few latent dimensions cannot encode all the ways galaxies vary "
    "(class, size, orientation), so samples are less diverse; more dimensions cost little.",
    "b": "No: the latent vector is the generator's only source of variety.",
    "c": "No: the discriminator never sees the latent vector.",
}


def check_latent_report(latent_dim, fractions, choice) -> CheckResult:
    """Check a report of a GAN trained with another latent dimension.

    Parameters
    ----------
    latent_dim : int
        The latent dimension used.
    fractions : array-like, shape (3,)
        Fractions of generated images the classifier puts in each class.
    choice : str
        ``"a"``, ``"b"`` or ``"c"``: the statement about the effect of the latent dimension.

    Returns
    -------
    CheckResult
        Truthy when the report is valid and the choice right.

    Examples
    --------
    >>> check_latent_report(2, [0.2, 0.5, 0.3], "a").passed  # doctest: +ELLIPSIS
    Correct (latent dimension): 'a'. Right: ...
    True
    """
    name = "latent dimension"
    if isinstance(latent_dim, bool) or not isinstance(latent_dim, (int, np.integer)):
        return _report(False, name, f"latent_dim must be an integer, got {latent_dim!r}.")
    if latent_dim < 1:
        return _report(False, name, f"latent_dim must be >= 1, got {latent_dim}.")
    try:
        values = np.asarray(fractions, dtype=float)
    except (TypeError, ValueError):
        return _report(False, name, f"fractions must be three numbers, got {fractions!r}.")
    if values.shape != (3,) or not np.all(np.isfinite(values)):
        return _report(False, name, f"fractions must be three finite numbers, got {fractions!r}.")
    if np.any(values < 0) or abs(values.sum() - 1) > 1e-3:
        return _report(
            False, name, f"fractions must be >= 0 and sum to 1, got sum {values.sum():.3f}."
        )
    return check_choice(choice, "a", name=name, explanations=_EFFECT)
