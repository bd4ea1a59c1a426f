"""tools/bootstrap.py: set-up problems end in one clear sentence, not a traceback."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

from tools import bootstrap


def test_old_python_gets_a_sentence_naming_the_version_needed():
    message = bootstrap.check_python((3, 8))
    assert "needs Python 3.10 or newer" in message and "3.8" in message


def test_current_python_is_accepted():
    assert bootstrap.check_python() is None


def test_missing_venv_module_names_the_package_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ensurepip(name, *args, **kwargs):
        if name == "ensurepip":
            raise ImportError("No module named 'ensurepip'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ensurepip)
    assert "python3-venv" in bootstrap.check_venv_module()


def test_failure_prints_one_sentence_and_exits_non_zero_without_traceback(tmp_path):
    script = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tools import bootstrap\n"
        "bootstrap.check_python = lambda version=None: 'the course needs Python 3.10 or newer'\n"
        "bootstrap.main([])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert "Set-up stopped: the course needs Python 3.10 or newer" in done.stderr
    assert "Traceback" not in done.stderr


def test_bootstrap_source_parses_on_old_pythons():
    source = (ROOT / "tools" / "bootstrap.py").read_text()
    assert 'f"' not in source and "f'" not in source, "no f-strings: old Pythons must parse it"
    ast.parse(source, feature_version=(3, 6))
