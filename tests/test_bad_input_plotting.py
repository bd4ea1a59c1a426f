"""helpers.plotting under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from hostile_inputs import Probe, bad_input_tests

from helpers import plotting

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


_IMAGES = np.random.default_rng(0).random((3, 8, 8))

PROBES = [
    Probe(
        plotting.show_images,
        {
            "images": _IMAGES,
            "titles": ["a", "b", "c"],
            "ncols": 3,
            "size": 1.0,
            "cmap": "gray",
            "vmin": 0.0,
            "vmax": 1.0,
            "suptitle": "three",
        },
        accepts={
            "titles": ["None"],
            "cmap": ["None"],
            "vmin": ["None", "minus one", "zero", "a fraction", "a huge number"],
            "vmax": ["None", "minus one", "zero", "a fraction", "a huge number"],
            "suptitle": ["None", "a string", "an empty string"],
            "size": ["a fraction"],
            "ncols": ["a huge number"],  # capped at the number of images
            "images": ["a 3-D array"],
        },
    ),
    Probe(
        plotting.plot_history,
        {
            "history": {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]},
            "metrics": ("loss",),
            "title": "t",
        },
        accepts={"title": ["None", "a string", "an empty string"]},
    ),
    Probe(plotting.use_course_style, {}),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)


def test_plot_history_takes_one_metric_name_as_one_metric():
    fig = plotting.plot_history({"accuracy": [0.5, 0.7], "val_accuracy": [0.4, 0.6]}, "accuracy")
    assert len(fig.axes) == 1 and fig.axes[0].get_ylabel() == "accuracy"
