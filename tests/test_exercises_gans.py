"""Tests for the answer checks of notebook 06 (GANs)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.exercises import gans as ex


def test_reference_loss_is_two_ln2_when_discriminator_is_undecided():
    assert ex.reference_discriminator_loss([0.0, 0.0], [0.0]) == pytest.approx(2 * np.log(2))


@settings(max_examples=30, deadline=None)
@given(st.floats(-20, 20), st.floats(-20, 20))
def test_reference_loss_matches_log_sigmoid_formula(r, f):
    sig = 1 / (1 + np.exp(-np.array([r, f])))
    expected = -np.log(sig[0]) - np.log1p(-sig[1])
    assert ex.reference_discriminator_loss([r], [f]) == pytest.approx(expected, rel=1e-6, abs=1e-4)


def test_loss_check_accepts_reference():
    assert ex.check_discriminator_loss(ex.reference_discriminator_loss)


def test_loss_check_rejects_swapped_labels():
    assert not ex.check_discriminator_loss(lambda r, f: ex.reference_discriminator_loss(f, r))


def test_loss_check_reports_not_implemented(capsys):
    def stub(r, f):
        raise NotImplementedError

    assert not ex.check_discriminator_loss(stub)
    assert "not implemented" in capsys.readouterr().out


def test_latent_report_accepts_valid_report():
    assert ex.check_latent_report(2, [0.2, 0.5, 0.3], "a")


@pytest.mark.parametrize(
    ("latent", "fractions", "choice"),
    [
        (0, [0.2, 0.5, 0.3], "a"),
        (2.5, [0.2, 0.5, 0.3], "a"),
        (2, [0.5, 0.5], "a"),
        (2, [0.5, 0.6, 0.3], "a"),
        (2, [0.2, 0.5, 0.3], "b"),
        (2, "abc", "a"),
    ],
)
def test_latent_report_rejects_invalid_reports(latent, fractions, choice):
    assert not ex.check_latent_report(latent, fractions, choice)
