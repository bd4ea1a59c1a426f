"""Build the course website from the executed notebooks: ``python -m tools.site`` (``make site``).

The site is built with Jupyter Book 2 (the MyST engine, ``jupyter-book`` on PyPI, which runs on
Node.js) from the notebooks in ``solutions/`` *with their stored outputs*: nothing is executed.
Steps:

1. ``build/site-src/`` is written from the repository: the landing page (the course's purpose,
   the syllabus with each lesson's time on a 2-core CPU from ``benchmarks/results.json``, how to
   run it locally, in conda and in Colab, all taken from ``README.md``), the instructors' page
   (``README.md``'s instructors' section, every deck, the budgets), the data page
   (``data/README.md``), a copy of every solution notebook (its Colab badge line removed: the
   page shows its own links), ``myst.yml`` and the site template (``tools/site_template``).
2. ``jupyter-book build --html`` parses them and runs the template's render command,
   :mod:`tools.site_render`, which writes static HTML (the stock MyST themes are downloaded from
   GitHub at build time; this one ships with the course, so the build needs no network).
3. The slide decks (:mod:`tools.slides`, built if missing), KaTeX's style and fonts (pinned,
   checksummed, from npm once), the student and solution notebooks (for download) are copied
   in, and the finished folder replaces ``build/site/`` in one rename.

The result is a folder of static files with relative links: open ``build/site/index.html``, or
serve it (``python -m http.server -d build/site``), or publish it on GitHub Pages
(``.github/workflows/site.yml``). ``--base-url`` (``make site BASE_URL=...``) is the address the
site will be published at; it goes into each page's canonical link.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomllib

from tools import slides
from tools.fetch_slide_assets import SITE_ASSETS, AssetError
from tools.fetch_slide_assets import install as install_assets
from tools.sync_notebooks import BADGE_IMAGE, colab_url, project_metadata

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
TEMPLATE = ROOT / "tools" / "site_template"
SOURCE = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"
TITLE = "Neural Networks for Astronomers"


class SiteError(RuntimeError):
    """The site could not be built."""


# --------------------------------------------------------------------------- README pieces
def readme_sections(text: str) -> dict[str, str]:
    """Split Markdown into ``{heading: body}`` by its level-2 headings (``""`` is the intro).

    >>> readme_sections("# T\\n\\nintro\\n\\n## A\\n\\na text\\n")
    {'': 'intro', 'A': 'a text'}
    """
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        match = re.match(r"^## (.+?)\s*$", line)
        if match:
            current = match.group(1)
            sections[current] = []
        elif not (current == "" and line.startswith("# ")):
            sections[current].append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items()}


def syllabus(readme: str) -> dict[str, dict[str, str]]:
    """The README's syllabus rows: ``{"04": {"title": ..., "topics": ...}}``.

    >>> row = "| [04](notebooks/04_x.ipynb) | CNNs | pooling | [badge](url) | 33 s |"
    >>> syllabus(row)["04"]
    {'stem': '04_x', 'title': 'CNNs', 'topics': 'pooling'}
    """
    rows = {}
    pattern = re.compile(
        r"^\|\s*\[(\d\d)\]\(notebooks/(\d\d_[\w-]+)\.ipynb\)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|",
        re.MULTILINE,
    )
    for number, stem, title, topics in pattern.findall(readme):
        rows[number] = {"stem": stem, "title": title, "topics": topics}
    return rows


def rewrite_repo_links(markdown: str, repository: str, pages: dict[str, str]) -> str:
    """Point README-relative links at site pages (``pages``: repo path -> page source) or GitHub.

    >>> rewrite_repo_links("[a](CONTRIBUTING.md) [b](notebooks/04_x.ipynb)",
    ...                    "https://github.com/o/r", {"notebooks/04_x.ipynb": "04_x.ipynb"})
    '[a](https://github.com/o/r/blob/main/CONTRIBUTING.md) [b](04_x.ipynb)'
    """

    def fix(match: re.Match) -> str:
        bang, text, target = match.group(1), match.group(2), match.group(3)
        if re.match(r"^([a-z]+:|#)", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        path = path.removeprefix("./").removeprefix("../")
        if path in pages:
            new = pages[path]
        elif bang:
            new = path  # images are copied into the site's source folder
        else:
            kind = "tree" if path.endswith("/") else "blob"
            new = f"{repository}/{kind}/main/{path}"
        return f"{bang}[{text}]({new}{'#' + anchor if anchor else ''})"

    return re.sub(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)", fix, markdown)


# --------------------------------------------------------------------------- lessons
def lesson_notebooks() -> list[Path]:
    return sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def site_copy_of_notebook(nb: dict) -> dict:
    """The notebook as the site shows it: the title cell's Colab badge line removed."""
    nb = copy.deepcopy(nb)
    first = nb["cells"][0]
    lines = [line for line in _source(first).split("\n") if BADGE_IMAGE not in line]
    first["source"] = "\n".join(lines).rstrip() + "\n"
    return nb


def _times() -> dict[str, float]:
    path = ROOT / "benchmarks" / "results.json"
    if not path.is_file():
        return {}
    report = json.loads(path.read_text())
    return {stem: entry["wall_s"] for stem, entry in report.get("notebooks", {}).items()}


def _budgets() -> dict[str, float]:
    path = ROOT / "benchmarks" / "budgets.toml"
    return {k: float(v) for k, v in tomllib.loads(path.read_text()).get("budgets", {}).items()}


def _lesson_title(nb: dict, stem: str) -> str:
    for line in _source(nb["cells"][0]).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise SiteError(f"{stem}: the first cell has no '# NN · Title' heading")


# --------------------------------------------------------------------------- page sources
def _landing(readme: str, lessons: list[dict], repository: str, pages: dict[str, str]) -> str:
    parts = readme_sections(readme)
    intro = rewrite_repo_links(parts[""], repository, pages)
    rows = [
        "| # | lesson | topics | time on a 2-core CPU | run it |",
        "|---|---|---|---:|---|",
    ]
    for lesson in lessons:
        rows.append(
            f"| {lesson['number']} | [{lesson['short']}]({lesson['source']}) | "
            f"{lesson['topics']} | {lesson['time'] or '–'} | "
            f"[Open in Colab]({lesson['colab']}) · [slides]({lesson['deck']}) |"
        )
    quick = rewrite_repo_links(parts.get("Quick start", ""), repository, pages)
    students = rewrite_repo_links(parts.get("For students", ""), repository, pages)
    return "\n\n".join(
        [
            f"# {TITLE}",
            intro,
            "## Syllabus",
            "Each lesson is a page with its figures, equations and printed results; its "
            "buttons open the exercise version in Google Colab, download the student or the "
            "solution notebook, and open its slide deck. Times are wall-clock times of the "
            "whole solution notebook on a 2-core CPU without a GPU, measured by `make bench`.",
            "\n".join(rows),
            "## Run it",
            quick,
            "## For students",
            students,
            "## For instructors and maintainers",
            "Teaching from the notebooks as slides, the offline decks, the time budgets and "
            "how this site is built: [the instructors' page](instructors.md). Where the data "
            "come from: [the data page](data.md).",
        ]
    )


def _instructors(readme: str, lessons: list[dict], repository: str, pages: dict[str, str]) -> str:
    parts = readme_sections(readme)
    budgets = _budgets()
    rows = ["| # | lesson | slide deck | budget | measured |", "|---|---|---|---:|---:|"]
    for lesson in lessons:
        budget = budgets.get(lesson["stem"])
        rows.append(
            f"| {lesson['number']} | [{lesson['short']}]({lesson['source']}) | "
            f"[{lesson['stem']}.slides.html]({lesson['deck']}) | "
            f"{f'{budget:.0f} s' if budget else '–'} | {lesson['time'] or '–'} |"
        )
    return "\n\n".join(
        [
            "# For instructors",
            rewrite_repo_links(parts.get("For instructors", ""), repository, pages),
            "## Every lesson's deck and budget",
            "The decks below are the static reveal.js decks of `make slides`, copied into this "
            "site with their offline assets: they present from this folder with no network. "
            "The budget is the wall time each solution notebook must stay within on a 2-core "
            "CPU; the last column is what `make bench` measured.",
            "\n".join(rows),
        ]
    )


def _myst_yml(lessons: list[dict]) -> str:
    toc = "\n".join(f"    - file: {lesson['source']}" for lesson in lessons)
    return f"""# Written by tools/site.py (make site): do not edit.
version: 1
project:
  title: {TITLE}
  toc:
    - file: index.md
{toc}
    - file: instructors.md
    - file: data.md
  settings:
    output_matplotlib_strings: remove
site:
  template: ./_template
"""


def _template_yml() -> str:
    text = (TEMPLATE / "template.yml").read_text()
    return text.replace("PYTHON", json.dumps(sys.executable)[1:-1])


def prepare(source: Path = SOURCE, base_url: str = "") -> dict:
    """Write the site's source folder and return the manifest the template renders from."""
    meta = project_metadata()
    repository = meta["repository"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = syllabus(readme)
    times = _times()
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    lessons = []
    for path in lesson_notebooks():
        number, stem = path.name[:2], path.stem
        nb = json.loads(path.read_text(encoding="utf-8"))
        (source / path.name).write_text(json.dumps(site_copy_of_notebook(nb)), encoding="utf-8")
        title = _lesson_title(nb, stem)
        row = rows.get(number, {})
        wall = times.get(stem)
        lessons.append(
            {
                "number": number,
                "stem": stem,
                "source": path.name,
                "file": f"{stem}.html",
                "title": title,
                "short": title.split("·", 1)[-1].strip(),
                "topics": row.get("topics", ""),
                "time": f"{wall:.0f} s" if wall else "",
                "colab": colab_url(repository, f"notebooks/{path.name}"),
                "student": f"notebooks/{path.name}",
                "solution": f"solutions/{path.name}",
                "deck": f"slides/{stem}.slides.html",
            }
        )
    missing = sorted({r["stem"] for r in rows.values()} - {lesson["stem"] for lesson in lessons})
    if missing:
        raise SiteError(f"the README's syllabus lists notebooks that do not exist: {missing}")
    pages = {f"notebooks/{lesson['source']}": lesson["source"] for lesson in lessons}
    pages.update({f"solutions/{lesson['source']}": lesson["source"] for lesson in lessons})
    pages["data/README.md"] = "data.md"
    (source / "docs").mkdir()
    for image in (ROOT / "docs").glob("*.png"):
        shutil.copyfile(image, source / "docs" / image.name)
    (source / "index.md").write_text(_landing(readme, lessons, repository, pages) + "\n")
    (source / "instructors.md").write_text(_instructors(readme, lessons, repository, pages) + "\n")
    data = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    (source / "data.md").write_text(rewrite_repo_links(data, repository, pages) + "\n")
    (source / "myst.yml").write_text(_myst_yml(lessons))
    template = source / "_template"
    shutil.copytree(TEMPLATE, template)
    (template / "template.yml").write_text(_template_yml())
    (template / "node_modules").mkdir()  # nothing to npm-install: MyST skips its install step
    nav = [{"file": "index.html", "short": "Home", "source": "index.md"}]
    nav += [
        {"file": x["file"], "short": x["short"], "number": x["number"], "source": x["source"]}
        for x in lessons
    ]
    nav += [
        {"file": "instructors.html", "short": "For instructors", "source": "instructors.md"},
        {"file": "data.html", "short": "Data", "source": "data.md"},
    ]
    by_source = {x["source"]: x for x in lessons}
    manifest_pages = []
    for entry in nav:
        page = dict(entry)
        if entry["source"] in by_source:
            lesson = by_source[entry["source"]]
            page["stem"] = lesson["stem"]
            page["lesson"] = lesson
        manifest_pages.append(page)
    manifest = {
        "site": {
            "title": TITLE,
            "description": "A notebook course on neural networks for astronomers: theory, "
            "Keras and hands-on sessions on SDSS photometry and sky images.",
            "repository": repository,
            "base_url": base_url,
            "pages": nav,
            "footer": f"{TITLE} · built with Jupyter Book 2 from the executed notebooks · "
            "MIT licence",
        },
        "pages": manifest_pages,
        "public": str(source / "_build" / "site" / "public"),
        "template": str(template),
        "files": {},
    }
    (source / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


# --------------------------------------------------------------------------- the build
def jupyter_book() -> list[str]:
    """The command that runs Jupyter Book from this Python environment."""
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.is_file():
        return [str(exe)]
    try:
        import jupyter_book  # noqa: F401
    except ImportError as error:
        raise SiteError(
            "Jupyter Book 2 is not installed: `make site` installs it (pip install "
            "'jupyter-book>=2')"
        ) from error
    return [sys.executable, "-m", "jupyter_book"]


def build(out: Path = OUT, base_url: str = "", quiet: bool = False) -> dict:
    """Build the site into ``out``; return a summary (pages, files, seconds)."""
    start = time.perf_counter()
    if shutil.which("node") is None:
        raise SiteError(
            "Jupyter Book 2 needs Node.js >= 18: install it (Debian/Ubuntu: sudo apt-get "
            "install -y nodejs npm; conda: conda install nodejs) and run make site again."
        )
    deck_dir = slides.OUT
    expected = {p.stem for p in lesson_notebooks()}
    present = {p.name.removesuffix(".slides.html") for p in deck_dir.glob("*.slides.html")}
    if not expected <= present or not (deck_dir / "vendor").is_dir():
        if not quiet:
            print("building the slide decks first (make slides) ...", flush=True)
        slides.build(quiet=quiet)
    manifest = prepare(SOURCE, base_url)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "COURSE_SITE_MANIFEST": str(SOURCE / "manifest.json"),
        "BASE_URL": base_url.rstrip("/"),
    }
    proc = subprocess.run(
        [*jupyter_book(), "build", "--html"],
        cwd=SOURCE,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    log = proc.stdout + proc.stderr
    (SOURCE / "build.log").write_text(log)
    html_dir = SOURCE / "_build" / "html"
    render_error = SOURCE / "render-error.txt"
    if render_error.is_file():
        raise SiteError(f"the site template failed: {render_error.read_text()}")
    marker = html_dir / ".rendered.json"
    if proc.returncode != 0 or not marker.is_file() or not (html_dir / "index.html").is_file():
        raise SiteError(
            f"jupyter-book build --html failed (exit {proc.returncode}); the end of its log "
            f"({SOURCE / 'build.log'}):\n{log[-3000:]}"
        )
    marker.unlink()
    problems = [line for line in log.splitlines() if line.startswith("⛔")]
    if problems:
        raise SiteError("Jupyter Book reported errors:\n" + "\n".join(problems[:20]))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    try:
        shutil.copytree(html_dir, staging, dirs_exist_ok=True)
        install_assets(staging / "assets", quiet=True, assets=SITE_ASSETS)
        shutil.copytree(
            deck_dir, staging / "slides", ignore=shutil.ignore_patterns("screenshots", "*.json")
        )
        for folder in ("notebooks", "solutions"):
            (staging / folder).mkdir()
            for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
                shutil.copyfile(path, staging / folder / path.name)
        (staging / ".nojekyll").write_text("")  # GitHub Pages: serve folders starting with _
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    pages = sorted(p.name for p in out.glob("*.html"))
    summary = {
        "pages": pages,
        "files": sum(1 for p in out.rglob("*") if p.is_file()),
        "seconds": round(time.perf_counter() - start, 1),
        "manifest": manifest,
    }
    if not quiet:
        print(
            f"site: {len(pages)} pages, {summary['files']} files in "
            f"{out.relative_to(ROOT)}/ in {summary['seconds']:.0f} s "
            f"(open {(out / 'index.html').relative_to(ROOT)}, or "
            f"python -m http.server -d {out.relative_to(ROOT)})"
        )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base-url", default=os.environ.get("BASE_URL", ""), help="where the site is published"
    )
    args = parser.parse_args(argv)
    try:
        build(base_url=args.base_url)
    except (SiteError, AssetError, slides.SlidesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
