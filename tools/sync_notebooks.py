"""Keep the course's notebooks consistent and generate the student notebooks.

``solutions/NN_name.ipynb`` is the single source. This tool

1. stamps every solution notebook with what is derived from ``pyproject.toml``: the Colab
   badge in the title cell (pointing at the notebook's own path) and the standard set-up cell
   (tagged ``setup``) with the Colab install line;
2. writes ``notebooks/NN_name.ipynb`` from it: in cells tagged ``exercise`` the code between
   ``# BEGIN SOLUTION`` and ``# END SOLUTION`` is replaced by a ``# YOUR CODE HERE`` comment
   (followed by the text after ``# BEGIN SOLUTION:``, if any, which says what to write; and
   by ``pass`` inside an indented block, so a function stub returns ``None``). Nothing
   raises: the answer the exercise asks for stays ``None`` (set before the solution region),
   the check says "Not yet (not attempted: ...)" and "Run all" goes on in every front end,
   whether or not it honours the ``raises-exception`` tag (the student version never carries
   it). Cells tagged ``solution`` are dropped, output checks are removed (there are no
   outputs to compare) and every output is cleared.

``python -m tools.sync_notebooks`` writes; ``--check`` only reports what is out of date and
exits 1 if anything is (the tests use :func:`expected_student_notebook` directly).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
STUB = "# YOUR CODE HERE"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

SETUP_TEMPLATE = """\
# Set-up: the same cell works on a laptop and in Google Colab.
import sys

if "google.colab" in sys.modules:  # in Colab, install the course's helper package first
    %pip install --quiet "{package} @ git+{repository}"

import helpers

setup_info = helpers.setup_notebook(seed=seed)"""


def project_metadata(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """Return the package name and repository URL declared in ``pyproject.toml``."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    data = tomllib.loads(pyproject.read_text())
    project = data["project"]
    repository = project["urls"]["Repository"].rstrip("/")
    if not re.match(r"^https://github\.com/[\w.-]+/[\w.-]+$", repository):
        raise ValueError(f"project.urls.Repository must be a GitHub URL, got {repository!r}")
    return {"package": project["name"], "repository": repository}


def colab_url(repository: str, relative_path: str) -> str:
    """Colab address that opens ``relative_path`` from the repository's main branch."""
    slug = repository.removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{slug}/blob/main/{relative_path}"


def badge_markdown(repository: str, relative_path: str) -> str:
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(repository, relative_path)})"


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _set_source(cell, text: str) -> None:
    cell["source"] = text


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _set_tags(cell, tags: list[str]) -> None:
    meta = cell.setdefault("metadata", {})
    if tags:
        meta["tags"] = tags
    else:
        meta.pop("tags", None)


def _with_badge(text: str, badge: str) -> str:
    lines = text.split("\n")
    kept = [line for line in lines if BADGE_IMAGE not in line]
    while kept and kept[-1].strip() == "":
        kept.pop()
    return "\n".join([*kept, "", badge])


def normalise_solution(nb: dict, relative_path: str, meta: dict[str, str]) -> dict:
    """Return ``nb`` with its badge, set-up cell and kernelspec derived from the project."""
    nb = copy.deepcopy(nb)
    cells = nb["cells"]
    if not cells or cells[0]["cell_type"] != "markdown":
        raise ValueError(f"{relative_path}: the first cell must be the markdown title cell")
    _set_source(
        cells[0], _with_badge(_source(cells[0]), badge_markdown(meta["repository"], relative_path))
    )
    setup_cells = [c for c in cells if "setup" in _tags(c)]
    if len(setup_cells) != 1:
        raise ValueError(
            f"{relative_path}: expected exactly one cell tagged 'setup', found {len(setup_cells)}"
        )
    _set_source(setup_cells[0], SETUP_TEMPLATE.format(**meta))
    nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    # Only the language name: versions written by the executing kernel would churn the diff.
    nb["metadata"]["language_info"] = {"name": "python"}
    return nb


def _stub_region(text: str, where: str) -> str:
    out, inside, indent = [], False, ""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(BEGIN):
            if inside:
                raise ValueError(f"{where}: nested '{BEGIN}'")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            hint = stripped[len(BEGIN) :].strip().lstrip(":").strip()
            out.append(f"{indent}{STUB}" + (f": {hint}" if hint else ""))
            if indent:  # keep the block valid: a function stub then returns None
                out.append(f"{indent}pass")
            continue
        if stripped.startswith(END):
            if not inside:
                raise ValueError(f"{where}: '{END}' without '{BEGIN}'")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{where}: '{BEGIN}' without '{END}'")
    return "\n".join(out)


def expected_student_notebook(solution: dict, relative_path: str, meta: dict[str, str]) -> dict:
    """Return the student notebook generated from a (normalised) solution notebook."""
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb["cells"]):
        tags = _tags(cell)
        where = f"{relative_path} cell {index}"
        if "solution" in tags:
            continue
        if cell["cell_type"] == "code":
            text = _source(cell)
            if "exercise" in tags:
                if BEGIN not in text:
                    raise ValueError(f"{where}: tagged 'exercise' but has no '{BEGIN}' marker")
                _set_source(cell, _stub_region(text, where))
                tags = [t for t in tags if t != "raises-exception"]
            elif BEGIN in text:
                raise ValueError(f"{where}: has '{BEGIN}' but is not tagged 'exercise'")
            tags = [t for t in tags if t != "nbval-check-output"]
            _set_source(cell, _source(cell).replace("# NBVAL_CHECK_OUTPUT\n", ""))
            cell["outputs"] = []
            cell["execution_count"] = None
            cell.get("metadata", {}).pop("execution", None)
            cell.get("metadata", {}).pop("papermill", None)
        _set_tags(cell, tags)
        cells.append(cell)
    nb["cells"] = cells
    student_path = relative_path.replace("solutions/", "notebooks/", 1)
    _set_source(
        cells[0], _with_badge(_source(cells[0]), badge_markdown(meta["repository"], student_path))
    )
    nb["metadata"].pop("papermill", None)
    return nb


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _load(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:  # store sources as one string per cell, as nbformat does on read
        _set_source(cell, _source(cell))
    return nb


def _write_lines(nb: dict) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        text = _source(cell)
        cell["source"] = text.splitlines(keepends=True)
    return nb


def sync(check: bool = False) -> list[str]:
    """Normalise the solutions and regenerate the student notebooks; return what changed."""
    meta = project_metadata()
    changed = []
    NOTEBOOKS.mkdir(exist_ok=True)
    sources = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    for path in sources:
        rel = f"solutions/{path.name}"
        original = path.read_text(encoding="utf-8")
        solution = normalise_solution(_load(path), rel, meta)
        text = _dump(_write_lines(solution))
        if text != original:
            changed.append(rel)
            if not check:
                path.write_text(text, encoding="utf-8")
        student = _dump(_write_lines(expected_student_notebook(solution, rel, meta)))
        target = NOTEBOOKS / path.name
        if not target.exists() or target.read_text(encoding="utf-8") != student:
            changed.append(f"notebooks/{path.name}")
            if not check:
                target.write_text(student, encoding="utf-8")
    wanted = {p.name for p in sources}
    for extra in sorted(NOTEBOOKS.glob("*.ipynb")):
        if extra.name not in wanted:
            changed.append(f"notebooks/{extra.name} (no solution)")
            if not check:
                extra.unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report, do not write")
    args = parser.parse_args(argv)
    changed = sync(check=args.check)
    if args.check:
        if changed:
            print("Out of date (run `make exercises`):\n  " + "\n  ".join(changed))
            return 1
        print("Notebooks are in sync.")
        return 0
    print("Updated:\n  " + "\n  ".join(changed) if changed else "Nothing to update.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
