"""The static slide decks: built offline-ready, then opened in headless Chromium with no network.

The decks are built once per session into ``build/slides`` (what ``make slides`` writes). Each
is loaded from disk (``file://``) in headless Chromium driven over the DevTools protocol (with
``websocket-client``, which jupyter-server already installs) while the network is emulated
offline and all traffic is sent to a dead proxy. For every deck the test checks that reveal.js
initialises, that ``Reveal.getTotalSlides()`` equals the slide count derived from the cells'
``slide_type`` (:func:`tools.slides.expected_slide_count`), that the speaker notes are there,
that MathJax typeset every equation where the notebook has math, that every image loaded, that
nothing was requested from the network and that the console stayed free of errors. It saves the
title slide at 1280×720 to ``build/slides/screenshots/NN.png`` and measures every slide's height
against the 1280×720 frame. What each page reported is kept in ``build/slides/browser_report.json``.
Every figure must be drawn at least half the slide wide (640 of 1280 px) and every section
(a ``slide`` cell and what follows it up to the next one) must carry speaker notes.
Set ``SLIDES_ALLOW_OVERFLOW=1`` to report overflowing slides as expected failures (xfail)
instead of failures while notebooks are being trimmed.

Without Chromium the browser tests are skipped with a message; with ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from browser import unavailable as _unavailable

from tools import slides
from tools.fetch_slide_assets import AssetError

pytestmark = pytest.mark.slow

IN_CI = os.environ.get("CI", "").lower() == "true"
NOTEBOOKS = slides.notebooks()
STEMS = [p.stem for p in NOTEBOOKS]
SCREENSHOTS = slides.OUT / "screenshots"
LOAD_TIMEOUT_S = 60.0


# In-page probes (MathJax 2 and reveal.js 4 APIs).
READY = """(() => {
  if (!(window.Reveal && Reveal.isReady && Reveal.isReady())) return false;
  if (window.MathJax && MathJax.Hub) {  // MathJax 2: startup finished and its queue is empty
    const q = MathJax.Hub.queue;
    if (!MathJax.Hub.Startup.signal.posted.includes('End') || q.pending || q.running
        || q.queue.length) return false;
  }
  return Array.from(document.images).every(img => img.complete);
})()"""

STATE = """(() => {
  const outside = n => !n.parentElement.closest('pre, code, script, style, .MathJax_Preview');
  const walker = document.createTreeWalker(document.querySelector('.slides'), NodeFilter.SHOW_TEXT);
  const rawMath = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (outside(n) && /\\$\\$|\\$[^$\\s][^$]*\\$|\\\\\\(|\\\\\\[/.test(n.textContent))
      rawMath.push(n.textContent.trim().slice(0, 80));
  }
  return {
    ready: Reveal.isReady(),
    total: Reveal.getTotalSlides(),
    notes: document.querySelectorAll('.slides aside.notes').length,
    notesPlugin: !!Reveal.getPlugin('notes'),
    mathSources: document.querySelectorAll('script[type^="math/tex"]').length,
    mathRendered: document.querySelectorAll('.MathJax_CHTML').length,
    mathErrors: document.querySelectorAll('.mjx-merror, .MathJax_Error, merror').length,
    rawMath: rawMath,
    images: document.images.length,
    brokenImages: Array.from(document.images)
      .filter(img => !img.complete || img.naturalWidth === 0)
      .map(img => (img.getAttribute('src') || '').slice(0, 80)),
  };
})()"""

# Visit every slide (transitions off), measure its content against the logical 1280x720 frame.
OVERFLOW = """(() => {
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});
  const cfg = Reveal.getConfig();
  const out = [];
  const small = [];
  Reveal.getSlides().forEach((slide, i) => {
    const idx = Reveal.getIndices(slide);
    Reveal.slide(idx.h, idx.v);
    const h = slide.scrollHeight, w = slide.scrollWidth;
    const heading = slide.querySelector('h1, h2, h3, h4');
    const title = heading ? heading.textContent.replace('¶', '').trim() : '';
    if (h > cfg.height || w > cfg.width) {
      out.push({slide: i + 1, h: idx.h, v: idx.v, height: h, width: w, heading: title});
    }
    // figures: every image on the slide, in the slide's own (untransformed) pixels
    slide.querySelectorAll('img').forEach(img => {
      if (img.offsetWidth < cfg.width / 2) {
        small.push({slide: i + 1, heading: title, width: img.offsetWidth,
                    height: img.offsetHeight, natural: img.naturalWidth});
      }
    });
  });
  Reveal.slide(0, 0);
  return {width: cfg.width, height: cfg.height, overflowing: out, smallFigures: small};
})()"""


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def decks() -> dict[str, slides.Deck]:
    if not NOTEBOOKS:
        pytest.skip("no solution notebooks yet")
    try:
        built = slides.build(quiet=True)
    except AssetError as exc:
        _unavailable(f"the offline slide assets could not be installed: {exc}")
    return {d.stem: d for d in built}


@pytest.fixture(scope="session")
def presented(decks, browser) -> dict[str, dict]:
    """Open every deck once; keep what the page reported."""
    reports = {}
    for stem, deck in decks.items():
        browser.open(deck.html.resolve().as_uri())
        ready = browser.wait_for(READY)
        report = {"ready_in_time": bool(ready)}
        if browser.evaluate("!!(window.Reveal && Reveal.isReady())"):
            report.update(browser.evaluate(STATE))
            browser.evaluate("Reveal.slide(0, 0)")
            time.sleep(0.3)  # let the title slide paint
            browser.screenshot(SCREENSHOTS / f"{deck.number}.png")
            report["overflow"] = browser.evaluate(OVERFLOW)
        time.sleep(0.5)  # late console messages
        report.update(browser.problems())
        reports[stem] = report
    (slides.OUT / "browser_report.json").write_text(json.dumps(reports, indent=1) + "\n")
    return reports


# --------------------------------------------------------------------------- tests
def test_expected_slide_count_follows_nbconvert_rules():
    import nbformat

    def nb(*types):
        cells = [nbformat.v4.new_markdown_cell("x", metadata={"slideshow": {"slide_type": t}})
                 for t in types]  # fmt: skip
        return nbformat.v4.new_notebook(cells=cells)

    assert slides.expected_slide_count(nb("slide", "-", "fragment", "subslide", "notes")) == 2
    # the first visible cell always starts a slide, whatever its type
    assert slides.expected_slide_count(nb("skip", "-", "slide")) == 2
    assert slides.expected_slide_count(nb("notes", "fragment", "subslide")) == 2
    with pytest.raises(slides.SlidesError, match="nothing to show"):
        slides.expected_slide_count(nb("skip", "notes"))


def test_prepare_drops_the_colab_badge_and_links_to_decks():
    import nbformat

    title = (
        "# 00 · Intro\n\nsummary\n\n[![Open In Colab]"
        "(https://colab.research.google.com/assets/colab-badge.svg)](https://colab.x/y)"
    )
    nxt = "[01 · Activations](01_activation_functions.ipynb) and [x](../notebooks/02_b.ipynb#top)"
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(title), nbformat.v4.new_markdown_cell(nxt)]
    )
    out = slides.prepare(nb, "00_intro.ipynb")
    assert "colab" not in out.cells[0].source
    assert out.cells[0].source == "# 00 · Intro\n\nsummary"
    assert "(01_activation_functions.slides.html)" in out.cells[1].source
    assert "(02_b.slides.html#top)" in out.cells[1].source


def test_prepare_refuses_a_remote_image():
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("![m31](https://example.org/m31.png)")]
    )
    with pytest.raises(slides.SlidesError, match=r"remote image https://example.org/m31.png"):
        slides.prepare(nb, "03_x.ipynb")


def test_remote_assets_finds_scripts_styles_and_images_but_not_links():
    page = (
        '<script src="https://cdn.x/a.js"></script><link rel="stylesheet" href="//cdn.x/b.css">'
        '<img src="http://x/c.png"><a href="https://example.org">text</a>'
        '<script src="vendor/local.js"></script>'
    )
    assert slides.remote_assets(page) == ["//cdn.x/b.css", "http://x/c.png", "https://cdn.x/a.js"]


def test_index_lists_every_deck_in_syllabus_order(decks):
    page = (slides.OUT / "index.html").read_text()
    positions = [page.index(f'href="{d.html.name}"') for d in decks.values()]
    assert positions == sorted(positions)
    assert len(positions) == len(NOTEBOOKS)


@pytest.mark.parametrize("stem", STEMS)
def test_deck_loads_nothing_from_the_network(decks, stem):
    page = decks[stem].html.read_text(encoding="utf-8")
    assert slides.remote_assets(page) == []
    assert "colab-badge" not in page
    for url in ("vendor/reveal.js/dist/reveal.js", "vendor/mathjax/MathJax.js"):
        assert url in page
        assert (slides.OUT / url).is_file(), f"{url} missing from the build folder"


@pytest.mark.parametrize("stem", STEMS)
def test_deck_includes_the_executed_outputs(decks, stem):
    # solutions/ is committed executed (`make execute`); a deck without outputs shows no figures
    assert decks[stem].executed, f"{stem}: solutions/{stem}.ipynb has no stored outputs"


@pytest.mark.parametrize("stem", STEMS)
def test_deck_presents_offline_in_chromium(decks, presented, stem):
    deck, report = decks[stem], presented[stem]
    assert report["ready_in_time"], f"{stem}: reveal.js/MathJax/images not ready: {report}"
    assert report["remote_requests"] == [], f"{stem}: requested from the network"
    assert report["errors"] == [], f"{stem}: browser console errors"
    assert report["total"] == deck.slides, (
        f"{stem}: reveal.js shows {report['total']} slides, the cells define {deck.slides}"
    )
    assert report["notes"] == deck.notes, f"{stem}: speaker notes missing"
    assert report["notesPlugin"], f"{stem}: reveal.js notes plugin (speaker view) not loaded"
    assert report["brokenImages"] == [], f"{stem}: images that did not load"
    if deck.has_math:
        assert report["mathSources"] > 0, f"{stem}: has math but MathJax found none"
        assert report["mathRendered"] == report["mathSources"], f"{stem}: math not typeset"
        assert report["mathErrors"] == 0, f"{stem}: MathJax reported TeX errors"
        assert report["rawMath"] == [], f"{stem}: math left as raw TeX"
    assert (SCREENSHOTS / f"{deck.number}.png").stat().st_size > 5000


def test_speaker_view_shows_the_instructor_notes_offline(decks, presented, browser):
    """Press S (the notes plugin's open()): the pop-up speaker view shows the cell's notes."""
    with_notes = [d for d in decks.values() if d.notes]
    if not with_notes:
        pytest.skip("no notebook has notes cells yet")
    deck = max(with_notes, key=lambda d: d.notes)
    browser.open(deck.html.resolve().as_uri())
    assert browser.wait_for(READY), f"{deck.stem}: deck not ready"
    target = browser.evaluate(
        """(() => {
          const s = Reveal.getSlides().find(s => s.querySelector('aside.notes'));
          const i = Reveal.getIndices(s);
          Reveal.slide(i.h, i.v);
          return s.querySelector('aside.notes').textContent.replace(/\\s+/g, ' ').trim();
        })()"""
    )
    # window.open needs a user gesture, as a key press would give
    browser.call(
        "Runtime.evaluate", expression="Reveal.getPlugin('notes').open()", userGesture=True
    )
    snippet = target[:40]
    deadline = time.monotonic() + 20
    shown = None
    while time.monotonic() < deadline:
        shown = browser.popup_text("reveal.js - Speaker View", ".speaker-controls-notes")
        if shown and snippet in " ".join(shown.split()):
            break
        time.sleep(0.3)
    assert shown and snippet in " ".join(shown.split()), (
        f"{deck.stem}: speaker view shows {shown!r}, expected the notes starting {snippet!r}"
    )
    assert browser.problems()["errors"] == []


@pytest.mark.parametrize("stem", STEMS)
def test_no_slide_overflows_1280x720(decks, presented, stem):
    report = presented[stem]
    assert report.get("overflow"), f"{stem}: deck did not initialise"
    over = report["overflow"]["overflowing"]
    if over and os.environ.get("SLIDES_ALLOW_OVERFLOW") == "1":
        pytest.xfail(f"{stem}: {len(over)} slide(s) overflow 1280x720 (SLIDES_ALLOW_OVERFLOW=1)")
    assert over == [], (
        f"{stem}: slides taller/wider than {report['overflow']['width']}x"
        f"{report['overflow']['height']}: "
        + "; ".join(f"#{o['slide']} '{o['heading']}' {o['width']}x{o['height']}" for o in over)
    )


@pytest.mark.parametrize("stem", STEMS)
def test_every_figure_is_drawn_at_least_half_the_slide_wide(decks, presented, stem):
    report = presented[stem]
    assert report.get("overflow"), f"{stem}: deck did not initialise"
    small = report["overflow"]["smallFigures"]
    assert small == [], (
        f"{stem}: figures narrower than {report['overflow']['width'] // 2} px of the "
        f"{report['overflow']['width']} px slide: "
        + "; ".join(f"#{f['slide']} '{f['heading']}' {f['width']}x{f['height']} px" for f in small)
    )


def _sections(nb) -> list[tuple[int, list[dict]]]:
    """Cells grouped by the `slide` cell that starts each horizontal section of the deck."""
    sections: list[tuple[int, list[dict]]] = []
    for index, cell in enumerate(nb["cells"]):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        if kind == "slide" or not sections:
            sections.append((index, []))
        sections[-1][1].append(cell)
    return sections


@pytest.mark.parametrize("path", NOTEBOOKS, ids=STEMS)
def test_every_section_has_speaker_notes(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    bare = []
    for index, cells in _sections(nb):
        kinds = [c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in cells]
        if "notes" not in kinds:
            first = "".join(cells[0].get("source", "")).strip().splitlines()
            bare.append(f"cell {index} ({first[0][:50] if first else ''!r})")
    assert not bare, f"{path.stem}: sections without a speaker-notes cell: " + "; ".join(bare)


# --------------------------------------------------------------------------- asset installer
def _fake_asset(tmp_path: Path):
    import io
    import tarfile

    from tools import fetch_slide_assets as fsa

    tgz = tmp_path / "cache" / "demo-1.0.0.tgz"
    tgz.parent.mkdir()
    with tarfile.open(tgz, "w:gz") as tar:
        for name, data in {"package/dist/a.js": b"a", "package/src/b.js": b"b"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    asset = fsa.Asset("demo", "1.0.0", fsa._integrity(tgz), "demo", keep=("dist/",))
    return fsa, asset, tgz


def test_asset_install_unpacks_only_kept_files_and_is_idempotent(tmp_path, monkeypatch):
    fsa, asset, tgz = _fake_asset(tmp_path)
    monkeypatch.setattr(fsa, "ASSETS", (asset,))
    dest = tmp_path / "vendor"
    assert fsa.install(dest, tgz.parent, quiet=True) == ["demo@1.0.0"]
    assert (dest / "demo" / "dist" / "a.js").read_bytes() == b"a"
    assert not (dest / "demo" / "src").exists()
    assert fsa.is_installed(asset, dest)
    assert fsa.install(dest, tgz.parent, quiet=True) == []  # second run: nothing to do


def test_asset_with_a_bad_checksum_is_never_installed(tmp_path, monkeypatch):
    fsa, asset, tgz = _fake_asset(tmp_path)
    tgz.write_bytes(tgz.read_bytes()[:-10])  # truncated download in the cache
    monkeypatch.setattr(fsa, "ASSETS", (asset,))
    monkeypatch.setattr(fsa.shutil, "which", lambda name: None)  # and no npm to refetch
    with pytest.raises(fsa.AssetError, match=r"npm is needed once to fetch demo@1\.0\.0"):
        fsa.install(tmp_path / "vendor", tgz.parent, quiet=True)
    assert not tgz.exists()
    assert not (tmp_path / "vendor" / "demo").exists()
