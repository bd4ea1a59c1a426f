"""helpers.detection under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hostile_inputs import Probe, bad_input_tests

from helpers import detection

_IMAGES = np.random.default_rng(0).normal(size=(3, 12, 12))
_DETECTIONS = pd.DataFrame({"image": [0, 2], "x": [4.0, 6.0], "y": [5.0, 7.0]})

PROBES = [
    Probe(
        detection.find_local_maxima,
        {"images": _IMAGES, "threshold": 1.0, "margin": 2, "box_size": 3},
        accepts={
            # a (2, 2, 2) cube is two 2x2 images; any finite threshold is a threshold
            "images": ["a 3-D array"],
            "threshold": ["minus one", "zero", "a huge number", "a fraction"],
            "margin": ["zero"],
        },
    ),
    Probe(
        detection.highest_peaks,
        {"images": _IMAGES, "margin": 2, "box_size": 3},
        accepts={"images": ["a 3-D array"], "margin": ["zero"]},
    ),
    Probe(
        detection.completeness_by_snr,
        {
            "snr": [3.0, 5.0, 12.0],
            "found": [True, False, True],
            "bins": detection.DEFAULT_SNR_BINS,
        },
        accepts={},
    ),
    Probe(
        detection.firing_rate,
        {"detections": _DETECTIONS, "images": [0, 1, 2, 3]},
        accepts={},
    ),
    Probe(
        detection.to_mosaic,
        {"images": _IMAGES, "ncols": 2},
        accepts={"images": ["a 3-D array"], "ncols": ["None"]},
    ),
    Probe(
        detection.from_mosaic,
        {"x": [1.0, 13.0], "y": [2.0, 14.0], "size": 12, "ncols": 2, "n_images": 4},
        accepts={
            # a huge image count only relaxes the check that tiles hold images; a huge tile
            # side puts both positions in tile 0
            "n_images": ["a huge number"],
            "size": ["a huge number"],
        },
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
