"""Build the static reveal.js slide decks, one per solution notebook, that present offline.

``python -m tools.slides`` (``make slides``) writes, for every ``solutions/NN_name.ipynb``,

* ``build/slides/NN_name.slides.html``: the notebook as a reveal.js deck with its stored
  outputs (run ``make execute`` first to refresh them, or pass ``--execute`` to execute a copy
  here), built with nbconvert's slides exporter;
* ``build/slides/index.html``: a page linking the decks in syllabus order (by ``NN``);
* ``build/slides/vendor/``: reveal.js, MathJax 2, RequireJS and jQuery, installed from the npm
  registry by :mod:`tools.fetch_slide_assets` (pinned versions, checksums verified).

Every script and style sheet a deck loads comes from ``vendor/`` next to it, so the folder can be
copied to a USB stick and opened from disk (``file://``) in a lecture hall without Wi-Fi.
Output images are embedded in the HTML. What would need the network is removed or refused:

* the Colab badge line of the title cell is dropped (a deck needs no Colab link);
* links to other notebooks (``01_activation_functions.ipynb``) point to their decks;
* any other remote image in a markdown cell, and any ``http(s)://`` script, style sheet, image or
  frame left in a deck's HTML, stops the build with a message naming the notebook.

Slide structure (what ``Reveal.getTotalSlides()`` counts): each cell with ``slide_type``
``slide`` or ``subslide`` starts a slide; the first cell that is not ``skip``/``notes`` always
starts one (nbconvert promotes it). ``fragment`` cells are revealed steps of the current slide,
``-`` continues it, ``skip`` cells are left out and ``notes`` cells become speaker notes
(press ``S`` in the deck). :func:`expected_slide_count` implements this count.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat

from tools.fetch_slide_assets import AssetError
from tools.fetch_slide_assets import install as install_assets
from tools.sync_notebooks import BADGE_IMAGE

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
OUT = ROOT / "build" / "slides"

WIDTH, HEIGHT = 1280, 720  # reveal.js logical slide size: a 16:9 projector at 720p

# Paths relative to the deck (decks and vendor/ live in the same folder).
REVEAL_PREFIX = "vendor/reveal.js"
MATHJAX_URL = "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
REQUIRE_JS_URL = "vendor/requirejs/require.js"
JQUERY_URL = "vendor/jquery/dist/jquery.min.js"

NOTEBOOK_NAME = re.compile(r"^\d\d_[\w-]+\.ipynb$")
_NOTEBOOK_LINK = re.compile(
    r"\]\((?:\.\./)?(?:solutions/|notebooks/)?(\d\d_[\w-]+)\.ipynb(#[^)]*)?\)"
)
_REMOTE_MD_IMAGE = re.compile(
    r"!\[[^\]]*\]\(\s*<?(https?://[^)\s>]+)|<img[^>]+src=[\"'](https?://[^\"']+)"
)
_REMOTE_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*[\"']"
    r"((?:https?:)?//[^\"']+)",
    re.IGNORECASE,
)
_IMPORT_URL = re.compile(r"""(?:\bimport\b[^'"]*|@import\s+url\(\s*)['"]((?:https?:)?//[^'"]+)""")
_CODE_SPANS = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)

# The deck template: nbconvert's reveal template with nothing loaded from a CDN. It drops the
# mermaid ES-module import (no notebook uses mermaid; it cannot load offline), exposes `Reveal`
# as a global (for the browser test and the console) and guards the MathJax re-render.
TEMPLATE_NAME = "course_reveal.html.j2"
TEMPLATE = r"""{%- extends 'reveal/index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block notebook_css %}
{{ super() }}
<style type="text/css">
/* A 1280x720 slide holds a heading, a short cell and a compact figure. */
:root {
    --jp-ui-font-size1: 18px;
    --jp-content-font-size1: 18px;
    --jp-code-font-size: 15px;
}
.reveal h1 { font-size: 1.9em; }
.reveal h2 { font-size: 1.45em; margin-bottom: 0.4em; }
.reveal h3 { font-size: 1.2em; }
.reveal .jp-Cell { padding: 2px 0; }
.reveal .jp-InputArea-editor { padding: 0.1em 0.4em; }
.reveal .jp-OutputArea-output img { max-height: 440px; max-width: 100%; width: auto; }
.reveal .jp-RenderedHTMLCommon table { font-size: 0.85em; }
</style>
{% endblock notebook_css %}
{% block footer_js %}
<script>
require(
    {waitSeconds: 30},
    ["{{ reveal_url_prefix }}/dist/reveal.js", "{{ reveal_url_prefix }}/plugin/notes/notes.js"],
    function (Reveal, RevealNotes) {
        window.Reveal = Reveal;
        Reveal.initialize({
            controls: true,
            progress: true,
            history: true,
            center: true,
            transition: "{{ reveal_transition }}",
            slideNumber: "{{ reveal_number }}",
            plugins: [RevealNotes],
            width: {{ reveal_width }},
            height: {{ reveal_height }}
        });
        Reveal.on("slidechanged", function () {
            if (window.MathJax && MathJax.Hub && MathJax.Hub.getAllJax(Reveal.getCurrentSlide())) {
                MathJax.Hub.Rerender(Reveal.getCurrentSlide());
            }
        });
        // Fallback for a slide taller than the frame: let it scroll (mouse wheel or trackpad)
        // instead of cutting it off. The browser test still reports such slides.
        function scrollTallSlide() {
            var slide = Reveal.getCurrentSlide(), height = Reveal.getConfig().height;
            if (slide && slide.scrollHeight > height) {
                slide.style.height = height + "px";
                slide.style.overflowY = "auto";
                slide.style.top = "0px";
            }
        }
        Reveal.on("ready", scrollTallSlide);
        Reveal.on("slidechanged", scrollTallSlide);
    }
);
</script>
{% endblock footer_js %}
"""


class SlidesError(RuntimeError):
    """A deck could not be built so that it presents offline."""


@dataclass
class Deck:
    """What was built for one notebook (also what the browser test checks against)."""

    stem: str  # "00_introduction"
    number: str  # "00"
    title: str
    summary: str
    html: Path
    slides: int  # expected Reveal.getTotalSlides()
    notes: int  # cells that become speaker notes
    has_math: bool  # a visible markdown cell has $...$, $$...$$, \(...\) or \[...\]
    executed: bool  # the notebook had stored outputs


def _slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def expected_slide_count(nb) -> int:
    """Number of slides reveal.js shows for ``nb`` (see the module docstring)."""
    types = [_slide_type(c) for c in nb.cells]
    count = sum(t in {"slide", "subslide"} for t in types)
    first = next((t for t in types if t not in {"skip", "notes"}), None)
    if first is None:
        raise SlidesError("every cell is skip or notes: nothing to show")
    if first not in {"slide", "subslide"}:
        count += 1
    return count


def notes_count(nb) -> int:
    """Number of cells that become speaker notes."""
    return sum(_slide_type(c) == "notes" for c in nb.cells)


def has_math(nb) -> bool:
    """True if a visible markdown cell holds LaTeX math (code spans and blocks ignored)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and _slide_type(cell) != "skip":
            if _MATH.search(_CODE_SPANS.sub("", cell.source)):
                return True
    return False


def _title(nb) -> tuple[str, str]:
    """Title (first heading) and summary (next non-empty line) of the title cell."""
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        return "", ""
    lines = [ln.strip() for ln in first.source.splitlines() if ln.strip()]
    lines = [ln for ln in lines if BADGE_IMAGE not in ln]
    title = next((ln.lstrip("#").strip() for ln in lines if ln.startswith("#")), "")
    rest = [ln for ln in lines if not ln.startswith("#")]
    return title, (rest[0] if rest else "")


def prepare(nb, name: str):
    """Return a copy of ``nb`` ready for an offline deck (badge dropped, links to decks).

    Raises
    ------
    SlidesError
        If a markdown cell still shows a remote image.
    """
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        lines = [ln for ln in cell.source.split("\n") if BADGE_IMAGE not in ln]
        text = "\n".join(lines).rstrip()
        text = _NOTEBOOK_LINK.sub(lambda m: f"]({m[1]}.slides.html{m[2] or ''})", text)
        remote = [a or b for a, b in _REMOTE_MD_IMAGE.findall(_CODE_SPANS.sub("", text))]
        if remote:
            raise SlidesError(
                f"{name} cell {index}: remote image {remote[0]} would not load offline; "
                "save it in the repository (or draw it in code) and link the local file."
            )
        cell.source = text
    return nb


def remote_assets(page: str) -> list[str]:
    """``http(s)://`` (or ``//``) URLs a page would load as script, style, image or frame."""
    found = _REMOTE_ASSET.findall(page)
    found += _IMPORT_URL.findall(page)
    return sorted(set(found))


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = REVEAL_PREFIX
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_transition = "slide"
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_width = str(WIDTH)
    config.SlidesExporter.reveal_height = str(HEIGHT)
    config.SlidesExporter.mathjax_url = MATHJAX_URL
    config.SlidesExporter.require_js_url = REQUIRE_JS_URL
    config.SlidesExporter.jquery_url = JQUERY_URL
    config.SlidesExporter.embed_images = True  # local markdown images inside the HTML
    config.SlidesExporter.exclude_input_prompt = True  # "In [3]:" only costs width
    config.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=config, extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})])
    exporter.template_file = TEMPLATE_NAME
    # Not configurable in nbconvert; the block that used it is removed by the template.
    exporter.mermaid_js_url = ""
    exporter.mermaid_layout_elk_js_url = ""
    return exporter


def _execute(nb, workdir: Path, timeout: int):
    from nbclient import NotebookClient

    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def _executed(nb) -> bool:
    code = [c for c in nb.cells if c.cell_type == "code"]
    return not code or any(c.get("execution_count") is not None or c.get("outputs") for c in code)


def notebooks(source: Path = SOLUTIONS) -> list[Path]:
    """Solution notebooks in syllabus order (``NN_name.ipynb``)."""
    return sorted(p for p in source.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def build_deck(path: Path, out: Path = OUT, execute: bool = False, timeout: int = 600) -> Deck:
    """Build ``out/NN_name.slides.html`` from one notebook and return its :class:`Deck`."""
    raw = nbformat.read(path, as_version=4)
    if execute:
        raw = _execute(raw, path.parent, timeout)
    nb = prepare(raw, path.name)
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    remote = remote_assets(body)
    if remote:
        raise SlidesError(
            f"{path.name}: the deck would load {', '.join(remote)} from the network; "
            "make it local (see tools/slides.py)."
        )
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{path.stem}.slides.html"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(target)
    title, summary = _title(nb)
    return Deck(
        stem=path.stem,
        number=path.name[:2],
        title=title or path.stem,
        summary=summary,
        html=target,
        slides=expected_slide_count(nb),
        notes=notes_count(nb),
        has_math=has_math(nb),
        executed=_executed(raw),
    )


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Neural Networks for Astronomers: slides</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #ddd; }}
td.n {{ text-align: right; }}
kbd {{ border: 1px solid #bbb; border-radius: 3px; padding: 0 0.3em; background: #f6f6f6; }}
</style>
</head>
<body>
<h1>Neural Networks for Astronomers: slides</h1>
<p>One deck per notebook, in syllabus order. Everything they load is in this folder
(<code>vendor/</code>), so they present without a network: copy the whole folder.</p>
<table>
<thead><tr><th>deck</th><th>summary</th><th>slides</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Presenting</h2>
<p><kbd>→</kbd>/<kbd>Space</kbd> next, <kbd>←</kbd> previous, <kbd>↓</kbd>/<kbd>↑</kbd> within a
vertical stack, <kbd>Esc</kbd>/<kbd>O</kbd> overview, <kbd>F</kbd> full screen,
<kbd>S</kbd> speaker view (notes, next slide, timer; allow the pop-up),
<kbd>B</kbd> black screen, <kbd>?</kbd> all keys. Add <code>?print-pdf</code> to a deck's
address and print to save a PDF.</p>
</body>
</html>
"""


def write_index(decks: list[Deck], out: Path = OUT) -> Path:
    """Write ``out/index.html`` linking ``decks`` in syllabus order."""
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(d.html.name)}">{html.escape(d.title)}</a></td>'
        f'<td>{html.escape(d.summary)}</td><td class="n">{d.slides}</td></tr>'
        for d in sorted(decks, key=lambda d: d.stem)
    )
    target = out / "index.html"
    out.mkdir(parents=True, exist_ok=True)
    target.write_text(INDEX_TEMPLATE.format(rows=rows), encoding="utf-8")
    return target


def build(
    source: Path = SOLUTIONS,
    out: Path = OUT,
    only: list[str] | None = None,
    execute: bool = False,
    quiet: bool = False,
) -> list[Deck]:
    """Install the vendor assets and build every deck plus the index; return the decks.

    ``only`` restricts the build to notebooks whose name starts with one of the given
    prefixes (``["00", "08"]``); the index still lists every deck present in ``out``.
    """
    install_assets(out / "vendor", quiet=quiet)
    paths = notebooks(source)
    if only:
        paths = [p for p in paths if any(p.name.startswith(o) for o in only)]
    if not paths:
        raise SlidesError(f"no notebooks named NN_name.ipynb in {source}")
    decks = []
    for path in paths:
        start = time.perf_counter()
        deck = build_deck(path, out, execute=execute)
        decks.append(deck)
        if not quiet:
            note = "" if deck.executed else "  (no stored outputs: run make execute)"
            print(
                f"{deck.html.name}: {deck.slides} slides, {deck.notes} notes, "
                f"{time.perf_counter() - start:.1f} s{note}"
            )
    all_decks = list(decks)
    if not only:  # a renamed or removed notebook leaves no stale deck behind
        for stale in set(out.glob("*.slides.html")) - {d.html for d in decks}:
            stale.unlink()
    if only:  # keep the index complete: describe the other decks from their notebooks
        built = {d.stem for d in decks}
        for path in notebooks(source):
            if path.stem not in built and (out / f"{path.stem}.slides.html").exists():
                nb = prepare(nbformat.read(path, as_version=4), path.name)
                title, summary = _title(nb)
                all_decks.append(
                    Deck(
                        path.stem, path.name[:2], title or path.stem, summary,
                        out / f"{path.stem}.slides.html", expected_slide_count(nb),
                        notes_count(nb), has_math(nb), _executed(nb),
                    )
                )  # fmt: skip
    write_index(all_decks, out)
    (out / "decks.json").write_text(
        json.dumps([{**asdict(d), "html": d.html.name} for d in all_decks], indent=1) + "\n"
    )
    return decks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--notebook", action="append", help="only NN (repeatable)")
    parser.add_argument(
        "--execute", action="store_true", help="execute a copy of each notebook first"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        decks = build(only=args.notebook, execute=args.execute)
    except (SlidesError, AssetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{len(decks)} deck(s) in {OUT.relative_to(ROOT)}/ "
        f"(open {(OUT / 'index.html').relative_to(ROOT)}) in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
