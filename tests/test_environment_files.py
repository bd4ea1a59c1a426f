"""pyproject.toml, environment.yml and requirements.lock describe the same environment."""

from __future__ import annotations

import re

import tomllib
import yaml
from conftest import ROOT

# Not Python packages of the course: the interpreter, pip, and Node.js (npm fetches the offline
# slide assets; pip users have it from their system).
CONDA_ONLY = ("python", "pip", "nodejs")
# conda-forge names that differ from PyPI's
CONDA_NAMES = {"tensorflow": "tensorflow", "scikit-learn": "scikit-learn"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return dict(_split(r) for r in requirements)


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    entries = [d for d in env["dependencies"] if isinstance(d, str)]
    packages = dict(
        _split(d.replace("=", "==", 1) if re.match(r"^[\w.-]+=[^=]", d) else d) for d in entries
    )
    for conda_only in CONDA_ONLY:
        packages.pop(conda_only, None)
    return packages


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    pip = _pyproject_requirements()
    conda = _conda_requirements()
    assert sorted(conda) == sorted(CONDA_NAMES.get(n, n) for n in pip), (
        "environment.yml and pyproject.toml list different packages: "
        f"only in pyproject {sorted(set(pip) - set(conda))}, "
        f"only in environment.yml {sorted(set(conda) - set(pip))}"
    )
    differing = {n: (pip[n], conda[n]) for n in pip if pip[n] != conda[n]}
    assert not differing, f"version bounds differ (pyproject, conda): {differing}"


def test_environment_yml_is_a_named_conda_forge_environment_with_a_current_python():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["name"] == "nn-astro"
    assert env["channels"] == ["conda-forge"]
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    major, minor = map(int, re.findall(r"\d+", python)[:2])
    assert (major, minor) >= (3, 10)


def test_lock_file_pins_every_declared_package_exactly():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            lock[name.lower().replace("_", "-")] = version
    missing = [n for n in _pyproject_requirements() if n not in lock]
    assert not missing, f"requirements.lock does not pin {missing}: run `make lock`"
    assert all(re.match(r"^\d", v) for v in lock.values()), "every lock line must be name==version"


def test_tensorflow_bound_guarantees_keras_3():
    pip = _pyproject_requirements()
    assert pip["tensorflow"] == ">=2.16"
    assert pip["keras"].startswith(">=3")
