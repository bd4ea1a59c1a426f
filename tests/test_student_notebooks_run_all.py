"""Every student notebook survives "Run all" in a front end that ignores cell tags.

Not every front end honours nbval's ``raises-exception`` tag (Colab documents no support for
it), so an open exercise must not raise at all. Each student notebook is copied with every
cell tag removed and executed with ``jupyter nbconvert --to notebook --execute`` without
``--allow-errors``: one exception anywhere fails the run. Then every exercise cell must have
printed its check's verdict, and every verdict must be "Not yet (not attempted: ...)".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTION_PATHS, load_notebook

pytestmark = [pytest.mark.slow, pytest.mark.notebooks]

STUDENT_PATHS = [ROOT / "notebooks" / p.name for p in SOLUTION_PATHS]


def _untagged_copy(path: Path, folder: Path) -> tuple[Path, list[int]]:
    nb = load_notebook(path)
    exercises = []
    for index, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).pop("tags", [])
        if "exercise" in tags:
            exercises.append(index)
    copy = folder / path.name
    copy.write_text(json.dumps(nb), encoding="utf-8")
    return copy, exercises


def _stdout(cell: dict) -> str:
    return "".join(
        "".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )


@pytest.mark.parametrize("path", STUDENT_PATHS, ids=[p.stem for p in STUDENT_PATHS])
def test_student_notebook_runs_top_to_bottom_ignoring_tags(path, tmp_path):
    copy, exercises = _untagged_copy(path, tmp_path)
    assert exercises, f"{path.name} has no exercise cells"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=900",
            "--ExecutePreprocessor.kernel_name=python3",
            "--output-dir",
            str(tmp_path / "out"),
            str(copy),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"},
        timeout=1800,
    )
    assert run.returncode == 0, (
        f"'Run all' stopped in {path.name} (tags ignored):\n{run.stderr[-3000:]}"
    )
    executed = load_notebook(tmp_path / "out" / path.name)
    for index in exercises:
        verdicts = [
            line
            for line in _stdout(executed["cells"][index]).splitlines()
            if line.startswith(("Correct (", "Not yet ("))
        ]
        assert verdicts, f"{path.name} cell {index}: the open exercise printed no verdict"
        for verdict in verdicts:
            assert verdict.startswith("Not yet (not attempted: "), (
                f"{path.name} cell {index}: an open exercise must read 'not attempted': {verdict}"
            )
