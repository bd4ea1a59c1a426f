"""The course website: built by ``make site`` with Jupyter Book 2, then read as a student would.

The site is built once per test session into ``build/site`` (what ``make site`` writes, from
the executed notebooks; nothing is executed). Then

* every page's links are followed on disk: every relative ``href``/``src`` names a file of the
  site, every ``#anchor`` an element of its page, every lesson page links its Colab notebook,
  its student notebook and its deck, and no page loads anything from the network;
* every page is opened from disk in headless Chromium with the network off: it loads with no
  console error, every image loads, equations are typeset by KaTeX with its fonts, and the
  search box finds a word of notebook 04 ("pooling");
* screenshots of the landing page and of lesson 04 are saved in ``build/site-screenshots/``.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import unavailable
from conftest import ROOT, SOLUTION_PATHS

from tools import site
from tools.fetch_slide_assets import AssetError

pytestmark = pytest.mark.slow

SCREENSHOTS = ROOT / "build" / "site-screenshots"


@pytest.fixture(scope="session")
def built():
    if shutil.which("node") is None:
        unavailable("Node.js is needed by Jupyter Book 2 (apt-get install -y nodejs npm)")
    try:
        return site.build(quiet=True)
    except AssetError as error:
        unavailable(f"the site's offline assets could not be installed: {error}")


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(built) -> list[Path]:
    return [site.OUT / page["file"] for page in built["manifest"]["pages"]]


def test_site_has_a_page_per_lesson_plus_landing_instructors_and_data(built):
    names = {p.name for p in _pages(built)}
    lessons = {f"{p.stem}.html" for p in SOLUTION_PATHS}
    assert names == lessons | {"index.html", "instructors.html", "data.html"}
    assert all(p.is_file() for p in _pages(built))
    assert set(built["pages"]) == names, "no stray HTML pages"


def test_every_internal_link_and_anchor_resolves(built):
    parsed = {p.name: _parse(p) for p in _pages(built)}
    broken = []
    for name, page in parsed.items():
        for tag, attribute, value in page.links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            target = (site.OUT / unquote(parts.path)) if parts.path else site.OUT / name
            if not target.is_file():
                broken.append(f"{name}: <{tag} {attribute}={value!r}> (no file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target.name].ids if target.name in parsed else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{name}: {value!r} (no element with that id)")
    assert not broken, "broken links:\n" + "\n".join(broken[:40])


def test_no_page_loads_anything_from_the_network(built):
    remote = []
    for path in _pages(built):
        for tag, attribute, value in _parse(path).links:
            loads = tag in ("img", "script", "iframe", "source") or (
                tag == "link" and attribute == "href"
            )
            if loads and re.match(r"^(https?:)?//", value):
                remote.append(f"{path.name}: <{tag} {attribute}={value}>")
    assert not remote, remote


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=[p.stem for p in SOLUTION_PATHS])
def test_lesson_page_links_colab_student_notebook_and_deck(built, path):
    page = (site.OUT / f"{path.stem}.html").read_text(encoding="utf-8")
    repo = site.project_metadata()["repository"].removeprefix("https://github.com/")
    colab = f"https://colab.research.google.com/github/{repo}/blob/main/notebooks/{path.name}"
    assert f'href="{colab}"' in page
    assert (
        f'href="notebooks/{path.name}"' in page and (site.OUT / "notebooks" / path.name).is_file()
    )
    assert f'href="slides/{path.stem}.slides.html"' in page
    assert (site.OUT / "slides" / f"{path.stem}.slides.html").is_file()
    student = json.loads((site.OUT / "notebooks" / path.name).read_text())
    assert all(not c.get("outputs") for c in student["cells"] if c["cell_type"] == "code")


def test_lesson_pages_show_the_stored_outputs_and_equations(built):
    for path in SOLUTION_PATHS:
        nb = json.loads(path.read_text())
        page = (site.OUT / f"{path.stem}.html").read_text(encoding="utf-8")
        figures = sum(
            1
            for c in nb["cells"]
            if c["cell_type"] == "code"
            for o in c.get("outputs", [])
            if "image/png" in o.get("data", {})
        )
        assert page.count('class="output figure"') == figures, f"{path.stem}: figures missing"
        has_math = any(
            "$" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"
        )
        assert ('class="katex"' in page) == has_math, f"{path.stem}: equations not typeset"


def test_landing_page_has_syllabus_times_and_how_to_run(built):
    page = (site.OUT / "index.html").read_text(encoding="utf-8")
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())["notebooks"]
    for path in SOLUTION_PATHS:
        assert f'href="{path.stem}.html"' in page
        if path.stem in results:
            assert f"{results[path.stem]['wall_s']:.0f} s" in page
    for words in ("make lab", "make test", "conda env create", "Colab"):
        assert words in page, words


def test_search_index_covers_every_page(built):
    text = (site.OUT / "search-index.js").read_text(encoding="utf-8")
    records = json.loads(text.removeprefix("window.COURSE_SEARCH = ").rstrip().rstrip(";"))
    pages = {r["url"].split("#")[0] for r in records}
    assert pages == {p.name for p in _pages(built)}


# --------------------------------------------------------------------------- in Chromium
PAGE_STATE = """(() => {
  const katex = document.querySelectorAll('.katex');
  const first = katex[0];
  return {
    ready: document.readyState === 'complete'
      && Array.from(document.images).every(img => img.complete),
    images: document.images.length,
    brokenImages: Array.from(document.images)
      .filter(img => !img.complete || img.naturalWidth === 0)
      .map(img => img.getAttribute('src')),
    equations: katex.length,
    katexErrors: document.querySelectorAll('.katex-error').length,
    katexStyled: first ? getComputedStyle(first).fontFamily.includes('KaTeX_Main') : null,
    mathmlHidden: first ? getComputedStyle(first.querySelector('.katex-mathml')).position === 'absolute' : null,
    fontsLoaded: document.fonts.status === 'loaded',
  };
})()"""


@pytest.fixture(scope="session")
def visited(built, browser) -> dict[str, dict]:
    reports = {}
    for path in _pages(built):
        browser.open(path.resolve().as_uri())
        browser.wait_for("document.readyState === 'complete'")
        browser.wait_for(
            "Array.from(document.images).every(i => i.complete) && document.fonts.status === 'loaded'"
        )
        time.sleep(0.2)
        report = browser.evaluate(PAGE_STATE)
        report.update(browser.problems())
        reports[path.name] = report
        if path.name == "index.html":
            browser.screenshot(SCREENSHOTS / "landing.png")
        if path.name.startswith("04_"):
            browser.screenshot(SCREENSHOTS / "lesson-04.png")
    (SCREENSHOTS / "browser_report.json").write_text(json.dumps(reports, indent=1) + "\n")
    return reports


def test_every_page_loads_offline_without_console_errors(visited):
    bad = {
        name: {k: r[k] for k in ("errors", "remote_requests", "brokenImages")}
        for name, r in visited.items()
        if r["errors"] or r["remote_requests"] or r["brokenImages"] or not r["ready"]
    }
    assert not bad, json.dumps(bad, indent=1)


def test_every_equation_is_typeset_with_katex_fonts(visited):
    with_math = {n: r for n, r in visited.items() if r["equations"]}
    assert with_math, "no page has equations: the lessons do"
    bad = {
        n: r
        for n, r in with_math.items()
        if r["katexErrors"] or not r["katexStyled"] or not r["mathmlHidden"] or not r["fontsLoaded"]
    }
    assert not bad, json.dumps(bad, indent=1)


def test_search_finds_pooling_in_notebook_04(built, browser):
    browser.open((site.OUT / "index.html").resolve().as_uri())
    browser.wait_for("document.readyState === 'complete' && !!window.courseSearch")
    browser.evaluate(
        "(() => { const i = document.getElementById('search-input'); i.value = 'pooling';"
        " i.dispatchEvent(new Event('input')); })()"
    )
    links = browser.wait_for(
        "(() => { const l = document.getElementById('search-results');"
        " return !l.hidden && Array.from(l.querySelectorAll('a')).map(a => a.getAttribute('href')); })()"
    )
    assert links, "the search box showed no results for 'pooling'"
    assert any(link.startswith("04_convolutional_networks.html") for link in links), links
    browser.screenshot(SCREENSHOTS / "search-pooling.png")
    assert not browser.problems()["errors"]


def test_screenshots_of_the_landing_page_and_a_lesson_are_saved(visited):
    for name in ("landing.png", "lesson-04.png"):
        shot = SCREENSHOTS / name
        assert shot.is_file() and shot.stat().st_size > 20_000, name
