"""helpers.notebook under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

from hostile_inputs import Probe, bad_input_tests

from helpers import notebook

PROBES = [
    Probe(
        notebook.setup_notebook,
        {"seed": 1, "style": False, "verbose": False},
        accepts={"seed": ["zero"], "style": ["a bool"], "verbose": ["a bool"]},
    ),
    Probe(notebook.in_colab, {}),  # no parameters
    Probe(notebook.quiet_stderr, {}),  # no parameters
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
