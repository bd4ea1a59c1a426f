"""helpers.hxdf under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hostile_inputs import Probe, bad_input_tests

from helpers import hxdf

_SKY = np.random.default_rng(0).normal(0.0, 1.0, (64, 64))
_TABLE = pd.DataFrame({"x": [32.0], "y": [32.0], "r_half": [3.0]})

PROBES = [
    Probe(hxdf.load_hubble_deep_field, {"band": "mean"}),
    Probe(
        hxdf.find_galaxies,
        {"image": _SKY, "threshold": 3.0, "min_area": 5, "background_box": 16},
        # a higher threshold or area is valid: it finds fewer (or no) sources
        accepts={
            "threshold": ["a fraction", "a huge number"],
        },
    ),
    Probe(
        hxdf.galaxy_cutouts,
        {"image": _SKY, "table": _TABLE, "size": 16, "min_box": 16, "background_box": 16},
        accepts={"min_box": ["None"]},
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
