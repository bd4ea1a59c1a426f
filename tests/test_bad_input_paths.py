"""helpers.paths under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

from hostile_inputs import Probe, bad_input_tests

from helpers import paths

PROBES = [
    Probe(paths.data_dir, {"create": False}, accepts={"create": ["a bool"]}),
    Probe(paths.repository_root, {}),  # no parameters: nothing to get wrong
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
