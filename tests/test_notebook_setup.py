"""helpers.notebook and helpers.paths: set-up in one call, data folder, quiet start-up."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import notebook, paths

# The legacy global generator is exactly what keras.utils.set_random_seed seeds.
# ruff: noqa: NPY002


def test_setup_notebook_seeds_numpy_and_keras_reproducibly(capsys):
    import keras

    info = notebook.setup_notebook(seed=7)
    first = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    notebook.setup_notebook(seed=7, verbose=False)
    second = (np.random.rand(3), keras.random.uniform((3,)).numpy())
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert info["seed"] == 7 and info["backend"] == "tensorflow" and info["colab"] is False
    assert "Set-up done" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("seed", "error"), [(-1, ValueError), (1.5, TypeError), (None, ValueError)]
)
def test_setup_notebook_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="seed"):
        notebook.setup_notebook(seed=seed)


def test_tensorflow_start_up_messages_do_not_reach_stderr():
    code = "import helpers; helpers.setup_notebook(seed=0, verbose=False)"
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    assert done.stderr.strip() == "", f"start-up noise on stderr: {done.stderr[:300]}"


def test_importing_helpers_does_not_import_tensorflow():
    code = "import sys, helpers; print('tensorflow' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"


def test_quiet_stderr_restores_the_descriptor():
    with notebook.quiet_stderr():
        os.write(2, b"hidden\n")
    assert os.fstat(2)  # descriptor 2 is open again


def test_in_colab_is_false_here():
    assert notebook.in_colab() is False


def test_data_dir_defaults_to_the_checkout_and_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("NN_ASTRO_DATA", raising=False)
    assert paths.data_dir(create=False) == paths.repository_root() / "data"
    monkeypatch.setenv("NN_ASTRO_DATA", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere" and (tmp_path / "elsewhere").is_dir()


def test_helpers_import_from_any_working_directory(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import helpers; print(helpers.__version__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip()
