"""helpers.galaxies under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import numpy as np
from hostile_inputs import Probe, bad_input_tests

from helpers import galaxies

PROBES = [
    Probe(
        galaxies.make_galaxies,
        {"n": 3, "size": 16, "noise": 0.1, "psf_sigma": 1.0, "seed": 0, "classes": ("spiral",)},
        accepts={
            "noise": ["zero", "a fraction", "a huge number"],
            "psf_sigma": ["zero", "a fraction"],
            "seed": ["None", "zero", "a huge number"],
        },
    ),
    Probe(galaxies.sersic_bn, {"n": 4.0}, accepts={"n": ["a fraction"]}),
    Probe(
        galaxies.sersic_profile,
        {"r": np.linspace(0, 10, 5), "r_e": 3.0, "n": 4.0, "amplitude": 1.0},
        accepts={
            "r": ["zero", "a fraction", "a huge number", "a 3-D array"],
            "r_e": ["a fraction", "a huge number"],
            "n": ["a fraction"],
            "amplitude": ["minus one", "zero", "a fraction", "a huge number", "a 3-D array"],
        },
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
