"""Every public function of every helper module is probed with the hostile-value table.

``helpers/<module>.py`` has its probes in ``tests/test_bad_input_<module>.py`` (a ``PROBES``
list of :class:`hostile_inputs.Probe`); a public function without a probe fails here. The
answer checks (``helpers.checks``, ``helpers.exercises``) have their own wrong-answer table
(``tests/answer_cases.py``) instead.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import helpers

MODULES = sorted(
    m.name
    for m in pkgutil.iter_modules(helpers.__path__)
    if not m.name.startswith("_") and not m.ispkg and m.name != "checks"
)


def _public_functions(module) -> list[str]:
    return sorted(
        name for name in getattr(module, "__all__", []) if inspect.isfunction(getattr(module, name))
    )


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_helper_function_has_a_hostile_input_probe(module_name):
    module = importlib.import_module(f"helpers.{module_name}")
    public = _public_functions(module)
    tests = importlib.import_module(f"test_bad_input_{module_name}")
    probed = {probe.func.__name__ for probe in getattr(tests, "PROBES", [])}
    missing = sorted(set(public) - probed)
    assert not missing, f"helpers.{module_name} functions never probed with bad input: {missing}"
