"""helpers.transients under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import numpy as np
from hostile_inputs import ARRAY_OF_VALUES, Probe, bad_input_tests

from helpers import transients

_IMAGES = np.random.default_rng(0).normal(size=(2, 16, 16))
_NUMBERS = ["a fraction", "a huge number"]

PROBES = [
    Probe(
        transients.convolve_gaussian,
        {"images": _IMAGES, "sigma": 1.0, "shift": np.zeros((2, 2))},
        # a cube of two 2x2 images is a valid input; a huge sigma blurs everything away
        accepts={
            "images": ["a 3-D array"],
            "sigma": ["zero", "a fraction", "a huge number"],
            "shift": ["None"],
        },
    ),
    Probe(
        transients.transient_snr,
        {"flux": 10.0, "psf_sigma": 1.5, "noise_sigma": 1.0},
        accepts={
            # vectorised: an empty array of fluxes or widths gives an empty array of S/N
            "flux": list(ARRAY_OF_VALUES),
            "psf_sigma": [*_NUMBERS, "an empty list", "an empty array"],
            "noise_sigma": _NUMBERS,
        },
    ),
    Probe(
        transients.make_transient_pairs,
        {
            "n": 2,
            "size": 32,
            "psf_sigma_range": (1.0, 2.0),
            "noise_ref": 0.5,
            "noise_sci": 1.0,
            "shift_range": (0.0, 0.5),
            "transient_fraction": 0.5,
            "host_fraction": 0.5,
            "snr_range": (3.0, 40.0),
            "galaxies_per_image": (1, 2),
            "galaxy_size": 24,
            "galaxy_peak_range": (2.0, 200.0),
            "stars_per_image": (0, 2),
            "star_snr_range": (5.0, 300.0),
            "margin": 4,
            "add_noise": True,
            "seed": 0,
        },
        accepts={
            "noise_ref": _NUMBERS,
            "noise_sci": _NUMBERS,
            "transient_fraction": ["zero"],
            "host_fraction": ["zero"],
            "margin": ["zero"],
            "add_noise": ["a bool"],
            "seed": ["None", "zero"],
        },
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
