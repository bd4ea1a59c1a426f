"""Every notebook follows the course's conventions, and notebooks/ is in sync with solutions/."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SOLUTION_PATHS, load_notebook, source

from tools import sync_notebooks as sync

SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
META = sync.project_metadata()
IDS = [p.stem for p in SOLUTION_PATHS]


def test_there_is_a_solution_notebook_for_every_budget_and_no_gaps_in_numbering():
    numbers = [int(p.name[:2]) for p in SOLUTION_PATHS]
    assert numbers, "no solution notebooks found"
    assert numbers == list(range(len(numbers))), f"notebook numbers must be 00, 01, ...: {numbers}"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_student_notebook_is_generated_from_its_solution(path):
    student = ROOT / "notebooks" / path.name
    assert student.exists(), f"{student.name} missing: run `make exercises`"
    solution = load_notebook(path)
    for cell in solution["cells"]:
        cell["source"] = source(cell)
    rel = f"solutions/{path.name}"
    normalised = sync.normalise_solution(solution, rel, META)
    assert sync._dump(sync._write_lines(normalised)) == path.read_text(encoding="utf-8"), (
        f"{rel} is not normalised (badge, set-up cell or formatting): run `make exercises`"
    )
    expected = sync._dump(sync._write_lines(sync.expected_student_notebook(normalised, rel, META)))
    assert student.read_text(encoding="utf-8") == expected, (
        f"notebooks/{path.name} is out of date with {rel}: run `make exercises`"
    )


def test_no_student_notebook_without_a_solution():
    solutions = {p.name for p in SOLUTION_PATHS}
    orphans = [p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.name not in solutions]
    assert not orphans, f"student notebooks without a solution: {orphans}"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_student_notebook_has_no_outputs_and_no_solution_code(path):
    nb = load_notebook(ROOT / "notebooks" / path.name)
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell["outputs"] == [], f"cell {index} has stored outputs"
        assert cell["execution_count"] is None, f"cell {index} has an execution count"
        assert sync.BEGIN not in source(cell), f"cell {index} still holds solution code"
        tags = cell["metadata"].get("tags", [])
        assert "nbval-check-output" not in tags, f"cell {index} asks nbval to compare no outputs"
        if "exercise" in tags:
            assert "raises-exception" not in tags, (
                f"exercise cell {index} relies on the raises-exception tag, which not every "
                "front end honours: an open exercise must run without raising"
            )
            assert "raise NotImplementedError" not in source(cell), (
                f"exercise cell {index} raises: leave the answer None instead"
            )
            assert sync.STUB in source(cell), f"exercise cell {index} has no '{sync.STUB}'"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_solution_notebook_is_executed_with_no_errors(path):
    nb = load_notebook(path)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code if source(c).strip()]
    assert all(isinstance(n, int) for n in counts), (
        "solutions are committed executed: `make execute`"
    )
    assert counts == sorted(counts), "cells were not executed top to bottom in one kernel"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, f"stored outputs contain errors: {[e['ename'] for e in errors]}"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_notebook_opens_with_title_summary_and_badge_to_its_own_path(path):
    for folder in ("solutions", "notebooks"):
        nb = load_notebook(ROOT / folder / path.name)
        first = nb["cells"][0]
        assert first["cell_type"] == "markdown"
        text = source(first)
        lines = [line for line in text.splitlines() if line.strip()]
        assert re.match(rf"^# {path.name[:2]} · \S", lines[0]), (
            f"title must be '# NN · ...': {lines[0]}"
        )
        assert len(lines) >= 3, "title cell needs a one-line summary and the badge"
        badges = re.findall(r"\]\((https://colab\.research\.google\.com/github/[^)]+)\)", text)
        assert badges == [sync.colab_url(META["repository"], f"{folder}/{path.name}")], (
            f"{folder}/{path.name}: the Colab badge must point at the notebook's own path"
        )


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_parameters_cell_comes_before_setup_and_defines_the_seed(path):
    nb = load_notebook(path)
    tags = [c["metadata"].get("tags", []) for c in nb["cells"]]
    params = [i for i, t in enumerate(tags) if "parameters" in t]
    setup = [i for i, t in enumerate(tags) if "setup" in t]
    assert len(params) == 1, "exactly one cell tagged 'parameters'"
    assert setup == [params[0] + 1], "the set-up cell follows the parameters cell"
    text = source(nb["cells"][params[0]])
    assert re.search(r"^seed\s*=\s*\d+", text, re.MULTILINE), "parameters must define seed"
    compile(text, "parameters", "exec")  # plain Python assignments papermill can override
    setup_text = source(nb["cells"][setup[0]])
    assert f"git+{META['repository']}" in setup_text
    assert "helpers.setup_notebook(seed=seed)" in setup_text


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_every_cell_has_slide_metadata_and_the_kernel_is_python3(path):
    nb = load_notebook(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    missing = [
        i
        for i, c in enumerate(nb["cells"])
        if c["metadata"].get("slideshow", {}).get("slide_type") not in SLIDE_TYPES
    ]
    assert not missing, f"cells without a valid slideshow.slide_type: {missing}"
    slides = [c for c in nb["cells"] if c["metadata"]["slideshow"]["slide_type"] == "slide"]
    assert len(slides) >= 3, "a deck needs a title slide and at least two more"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_notebook_has_three_exercises_each_ending_with_a_check(path):
    nb = load_notebook(path)
    exercises = [c for c in nb["cells"] if "exercise" in c["metadata"].get("tags", [])]
    assert len(exercises) >= 3, (
        f"the teaching standard asks for at least three exercises, found {len(exercises)}"
    )
    for cell in exercises:
        after = source(cell).split(sync.END)[-1]
        assert "check" in after, "an exercise cell ends with a call to its check"


def _stdout(cell: dict) -> str:
    return "".join(
        "".join(o.get("text", "")) for o in cell.get("outputs", []) if o.get("name") == "stdout"
    )


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_every_solved_exercise_prints_correct(path):
    nb = load_notebook(path)
    for index, cell in enumerate(nb["cells"]):
        if "exercise" not in cell["metadata"].get("tags", []):
            continue
        verdicts = [
            line
            for line in _stdout(cell).splitlines()
            if line.startswith(("Correct (", "Not yet ("))
        ]
        assert verdicts, f"cell {index}: the solved exercise printed no check verdict"
        wrong = [v for v in verdicts if not v.startswith("Correct (")]
        assert not wrong, f"cell {index}: the solution does not pass its own check: {wrong}"


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=IDS)
def test_notebook_writes_no_files_into_the_repository_folders(path):
    text = "\n".join(source(c) for c in load_notebook(path)["cells"] if c["cell_type"] == "code")
    for bad in ('"solutions/', '"notebooks/', "sys.path.insert", "sys.path.append"):
        assert bad not in text, f"notebook code uses {bad!r}"


def test_sync_tool_stubs_exercises_and_tags_them():
    solution = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# 99 · X\n\nsummary"},
            {
                "cell_type": "code",
                "metadata": {"tags": ["exercise"]},
                "outputs": [],
                "execution_count": 3,
                "source": "def f(x):\n    # BEGIN SOLUTION\n    return x\n    # END SOLUTION\n\ncheck(f)",
            },
            {"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "answer"},
        ],
        "metadata": {},
    }
    student = sync.expected_student_notebook(solution, "solutions/99_x.ipynb", META)
    code = student["cells"][1]
    assert len(student["cells"]) == 2, "cells tagged 'solution' are dropped"
    assert "return x" not in code["source"] and "raise" not in code["source"]
    assert code["source"] == "def f(x):\n    # YOUR CODE HERE\n    pass\n\ncheck(f)"
    assert "raises-exception" not in code["metadata"]["tags"]
    assert code["outputs"] == [] and code["execution_count"] is None
    namespace = {}
    exec(code["source"].replace("check(f)", ""), namespace)
    assert namespace["f"](1) is None, "an open function exercise returns None"


def test_sync_tool_writes_the_hint_and_keeps_a_top_level_placeholder():
    solution = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# 99 · X\n\nsummary"},
            {
                "cell_type": "code",
                "metadata": {"tags": ["exercise", "raises-exception"]},
                "outputs": [],
                "execution_count": 1,
                "source": "my_lr = None\n# BEGIN SOLUTION: a float below 2/lambda_max\n"
                "my_lr = 1.2\n# END SOLUTION\ncheck(my_lr)",
            },
        ],
        "metadata": {},
    }
    code = sync.expected_student_notebook(solution, "solutions/99_x.ipynb", META)["cells"][1]
    assert code["source"] == (
        "my_lr = None\n# YOUR CODE HERE: a float below 2/lambda_max\ncheck(my_lr)"
    )
    assert code["metadata"]["tags"] == ["exercise"], "the raises-exception tag is dropped"


def test_sync_tool_rejects_unbalanced_solution_markers():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# 99 · X\n\ns"},
            {
                "cell_type": "code",
                "metadata": {"tags": ["exercise"]},
                "outputs": [],
                "execution_count": None,
                "source": "# BEGIN SOLUTION\nx = 1",
            },
        ],
        "metadata": {},
    }
    with pytest.raises(ValueError, match="without"):
        sync.expected_student_notebook(nb, "solutions/99_x.ipynb", META)


def test_repository_url_lives_only_in_pyproject():
    url = META["repository"]
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*ROOT.glob("helpers/**/*.py"), *ROOT.glob("tools/*.py"), ROOT / "Makefile"]
        if url in p.read_text()
    ]
    assert not offenders, f"the repository URL is hard-coded in {offenders}"


def test_notebook_json_is_valid_nbformat():
    import nbformat

    for folder in ("solutions", "notebooks"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))
            json.loads(path.read_text(encoding="utf-8"))
