"""Tests for the answer checks of notebook 10 (helpers.exercises.transients)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from answer_cases import CheckCase, answer_check_tests

from helpers.exercises import transients as ex


def kernel_width(a, b):
    return math.sqrt(abs(a**2 - b**2))


def lobe_direction(dx, dy):
    return (dx, dy)


def _transfer(shape, sigma):
    ky = np.fft.fftfreq(shape[0])[:, None]
    kx = np.fft.fftfreq(shape[1])[None, :]
    return np.exp(-2 * np.pi**2 * sigma**2 * (kx**2 + ky**2))


def zogy_without_sqrt(reference, science, psf_ref, psf_sci, noise_ref, noise_sci):
    p_r, p_s = _transfer(reference.shape, psf_ref), _transfer(reference.shape, psf_sci)
    d = p_r * np.fft.fft2(science) - p_s * np.fft.fft2(reference)
    return np.fft.ifft2(d / (noise_sci**2 * p_r**2 + noise_ref**2 * p_s**2)).real


def zogy_with_own_psfs(reference, science, psf_ref, psf_sci, noise_ref, noise_sci):
    """Each image multiplied by its own transfer function instead of the other's."""
    return ex.reference_zogy_difference(reference, science, psf_sci, psf_ref, noise_ref, noise_sci)


def zogy_without_noise_weights(reference, science, psf_ref, psf_sci, noise_ref, noise_sci):
    return ex.reference_zogy_difference(reference, science, psf_ref, psf_sci, 1.0, 1.0)


CASES = [
    CheckCase(
        ex.check_matching_kernel,
        right=(kernel_width,),
        wrong=[
            lambda a, b: abs(a - b),  # widths subtracted, not their squares
            lambda a, b: math.sqrt(a**2 + b**2),  # added instead of subtracted
            lambda a, b: abs(a**2 - b**2),  # the variance, not the width
        ],
        reason=["not 2", "not 2", "not 2"],
    ),
    CheckCase(
        ex.check_dipole_direction,
        right=(lobe_direction,),
        wrong=[
            lambda dx, dy: (-dx, -dy),  # the negative lobe
            lambda dx, dy: (dy, dx),  # axes swapped (row, column)
            lambda dx, dy: (dx, -dy),  # y counted upwards
        ],
        reason=["180 degrees", "90 degrees", "90 degrees"],
    ),
    CheckCase(
        ex.check_zogy_difference,
        right=(ex.reference_zogy_difference,),
        wrong=[zogy_without_sqrt, zogy_with_own_psfs, zogy_without_noise_weights],
        reason=["differs", "differs", "differs"],
    ),
]

(
    test_each_check_accepts_its_right_answer,
    test_each_check_rejects_plausible_wrong_answers,
    test_each_check_rejects_hostile_answers,
) = answer_check_tests(CASES)


def test_matching_kernel_accepts_numpy_scalars_and_rejects_a_negative_width(capsys):
    assert ex.check_matching_kernel(lambda a, b: np.sqrt(np.abs(np.float32(a**2 - b**2))))
    assert not ex.check_matching_kernel(lambda a, b: -kernel_width(a, b) - 0.1)
    assert "a width is >= 0" in capsys.readouterr().out


def test_dipole_direction_accepts_any_length_and_an_array_but_not_zero_or_a_scalar(capsys):
    assert ex.check_dipole_direction(lambda dx, dy: np.array([dx, dy]) * 7.0)
    assert not ex.check_dipole_direction(lambda dx, dy: (0.0, 0.0))
    assert "length 0" in capsys.readouterr().out
    assert not ex.check_dipole_direction(lambda dx, dy: math.atan2(dy, dx))
    assert "shape" in capsys.readouterr().out


def test_zogy_difference_accepts_an_rfft_and_a_sampled_kernel_implementation(capsys):
    def with_rfft(reference, science, psf_ref, psf_sci, noise_ref, noise_sci):
        ky = np.fft.fftfreq(reference.shape[0])[:, None]
        kx = np.fft.rfftfreq(reference.shape[1])[None, :]
        p_r = np.exp(-2 * np.pi**2 * psf_ref**2 * (kx**2 + ky**2))
        p_s = np.exp(-2 * np.pi**2 * psf_sci**2 * (kx**2 + ky**2))
        d = p_r * np.fft.rfft2(science) - p_s * np.fft.rfft2(reference)
        d /= np.sqrt(noise_sci**2 * p_r**2 + noise_ref**2 * p_s**2)
        return np.fft.irfft2(d, s=reference.shape)

    def with_sampled_kernels(reference, science, psf_ref, psf_sci, noise_ref, noise_sci):
        n = reference.shape[0]
        y, x = np.mgrid[0:n, 0:n] - n // 2

        def transfer(sigma):
            kernel = np.exp(-(x**2 + y**2) / (2 * sigma**2))
            return np.fft.fft2(np.fft.ifftshift(kernel / kernel.sum()))

        p_r, p_s = transfer(psf_ref), transfer(psf_sci)
        d = p_r * np.fft.fft2(science) - p_s * np.fft.fft2(reference)
        d /= np.sqrt(noise_sci**2 * np.abs(p_r) ** 2 + noise_ref**2 * np.abs(p_s) ** 2)
        return np.fft.ifft2(d).real

    assert ex.check_zogy_difference(with_rfft)
    assert ex.check_zogy_difference(with_sampled_kernels)
    assert capsys.readouterr().out.count("Correct (") == 2


def test_zogy_difference_rejects_a_map_of_the_wrong_shape(capsys):
    assert not ex.check_zogy_difference(lambda *args: np.zeros(3))
    assert "shape" in capsys.readouterr().out


def test_reference_zogy_difference_has_white_unit_noise_and_cancels_a_static_field():
    rng = np.random.default_rng(1)
    reference = rng.normal(0.0, 0.5, (128, 128))
    science = rng.normal(0.0, 1.0, (128, 128))
    d = ex.reference_zogy_difference(reference, science, 1.1, 1.9, 0.5, 1.0)
    assert d.std() == pytest.approx(1.0, rel=0.03)
    neighbours = np.corrcoef(d[:, :-1].ravel(), d[:, 1:].ravel())[0, 1]
    assert abs(neighbours) < 0.03
    from helpers.transients import convolve_gaussian

    field = np.zeros((64, 64))
    field[20:40, 25:35] = 10.0
    ref, sci = convolve_gaussian(field, 1.2), convolve_gaussian(field, 1.7)
    static = ex.reference_zogy_difference(ref, sci, 1.2, 1.7, 0.5, 1.0)
    assert np.abs(static).max() < 1e-9
