"""The course website's MyST site template: render Jupyter Book's content as static HTML.

Jupyter Book 2 (the MyST engine) parses the executed notebooks and the Markdown pages into a
content tree (``config.json`` and one ``content/<slug>.json`` per page, with equations already
typeset by KaTeX and notebook images saved as files). A *site template* turns that content into
a website. The stock themes are downloaded from GitHub when a site is built, which neither this
course's CI nor a lecture hall without Wi-Fi can do, so the course ships its own small
template: ``tools/site_template/template.yml`` declares a ``build.render`` command, and
``jupyter-book build --html`` runs it with the content server's address in ``CONTENT_CDN`` and
the output folder in ``BUILD_DIRECTORY``. This module is that command.

It writes one flat folder of static files (every link relative, so it works from disk, from
``python -m http.server`` and from GitHub Pages under any base URL):

* ``index.html`` (the landing page) and ``<slug>.html`` for every page, with a sidebar in
  syllabus order, the lesson's links (Colab, student notebook, slide deck) and its cells: the
  narrative, the code, the stored outputs (figures, tables, printed results), collapsible
  plumbing and speaker notes;
* ``search-index.js``: MyST's search records, loaded as a script so search works offline and
  from ``file://``; ``assets/`` (the course style, the search script, KaTeX's style and fonts)
  and ``media/`` (figures).

Only the standard library is used, so the template runs under any Python 3.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import sys
import urllib.request
from collections.abc import Iterable
from pathlib import Path

MEDIA = "media"
ASSETS = "assets"
#: Site folders ``tools.site`` fills after rendering (decks, notebooks to download).
STATIC_PREFIXES = ("slides/", "notebooks/", "solutions/")


class RenderError(RuntimeError):
    """The content could not be rendered (an unknown node type, a missing file)."""


# --------------------------------------------------------------------------- content access
def _get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(f"{base.rstrip('/')}/{path.lstrip('/')}", timeout=60) as resp:
        return json.load(resp)


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _text_of(node: dict) -> str:
    if node.get("type") == "text":
        return node.get("value", "")
    if node.get("type") in ("inlineCode", "inlineMath"):
        return node.get("value", "")
    return "".join(_text_of(c) for c in node.get("children", []))


# --------------------------------------------------------------------------- the renderer
class PageRenderer:
    """Render one page's MyST tree to HTML.

    Parameters
    ----------
    slug_to_file : dict
        Page slug -> output file name, to rewrite internal links.
    stem_to_file : dict
        Notebook stem (``04_convolutional_networks``) -> output file name.
    public : pathlib.Path
        The folder where MyST saved the page's images (``_build/site/public``).
    out : pathlib.Path
        The site's output folder; images are copied to ``out/media``.
    extra_files : dict
        Relative link -> (source path, site path) of files linked from Markdown (copied).
    """

    def __init__(self, slug_to_file, stem_to_file, public: Path, out: Path, extra_files=None):
        self.slug_to_file = slug_to_file
        self.stem_to_file = stem_to_file
        self.public = public
        self.out = out
        self.extra_files = extra_files or {}
        self.unknown: set[str] = set()
        self.has_math = False
        self.headings: list[tuple[int, str, str]] = []

    # -- links and media
    def link(self, url: str) -> tuple[str, bool]:
        """Return (href, external)."""
        if re.match(r"^[a-z]+:", url):
            return url, True
        anchor = ""
        if "#" in url:
            url, anchor = url.split("#", 1)
            anchor = "#" + anchor
        if not url:
            return anchor, False
        if url in self.extra_files:
            return self.extra_files[url][1] + anchor, False
        if url.startswith(STATIC_PREFIXES):  # files the build copies in beside the pages
            return url + anchor, False
        slug = url.strip("/")
        if slug == "" and url.startswith("/"):
            return "index.html" + anchor, False
        if slug in self.slug_to_file:
            return self.slug_to_file[slug] + anchor, False
        match = re.search(r"(\d\d_[\w-]+)\.ipynb$", url)
        if match and match.group(1) in self.stem_to_file:
            return self.stem_to_file[match.group(1)] + anchor, False
        raise RenderError(f"link to {url!r} does not resolve to a page or a file of the site")

    def media(self, path: str) -> str:
        """Copy a file MyST saved (``/name.png``) into ``media/`` and return its site path."""
        name = Path(path).name
        source = self.public / name
        if not source.is_file():
            raise RenderError(f"MyST did not save the image {path!r} in {self.public}")
        target = self.out / MEDIA / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copyfile(source, target)
        return f"{MEDIA}/{name}"

    # -- nodes
    def children(self, node: dict) -> str:
        return "".join(self.node(c) for c in node.get("children", []))

    def node(self, node: dict) -> str:  # one branch per node type reads best
        kind = node.get("type")
        inner = self.children
        if kind == "text":
            return esc(node.get("value", ""))
        if kind in ("root", "block"):
            return inner(node)
        if kind == "paragraph":
            return f"<p>{inner(node)}</p>\n"
        if kind == "heading":
            depth = max(2, min(int(node.get("depth", 2)), 6))
            ident = node.get("html_id") or node.get("identifier") or ""
            text = _text_of(node)
            self.headings.append((depth, ident, text))
            anchor = f' id="{esc(ident)}"' if ident else ""
            link = (
                f'<a class="anchor" href="#{esc(ident)}" aria-label="link">#</a>' if ident else ""
            )
            return f"<h{depth}{anchor}>{inner(node)}{link}</h{depth}>\n"
        if kind == "strong":
            return f"<strong>{inner(node)}</strong>"
        if kind == "emphasis":
            return f"<em>{inner(node)}</em>"
        if kind == "delete":
            return f"<del>{inner(node)}</del>"
        if kind == "superscript":
            return f"<sup>{inner(node)}</sup>"
        if kind == "subscript":
            return f"<sub>{inner(node)}</sub>"
        if kind in ("span", "container") and node.get("kind") != "figure":
            return inner(node)
        if kind == "container":  # a figure
            return f"<figure>{inner(node)}</figure>\n"
        if kind == "caption":
            return f"<figcaption>{inner(node)}</figcaption>"
        if kind == "break":
            return "<br>"
        if kind == "thematicBreak":
            return "<hr>\n"
        if kind == "blockquote":
            return f"<blockquote>{inner(node)}</blockquote>\n"
        if kind == "inlineCode":
            return f"<code>{esc(node.get('value', ''))}</code>"
        if kind in ("inlineMath", "math"):
            self.has_math = True
            rendered = node.get("html")
            if not rendered:
                raise RenderError(f"equation not typeset by MyST: {node.get('value')!r}")
            return rendered if kind == "inlineMath" else f'<div class="math">{rendered}</div>\n'
        if kind == "link":
            href, external = self.link(node.get("url", ""))
            target = ' target="_blank" rel="noopener"' if external else ""
            return f'<a href="{esc(href)}"{target}>{inner(node)}</a>'
        if kind == "image":
            source = node.get("urlSource", node.get("url", ""))
            if re.match(r"^https?:", source):
                raise RenderError(f"remote image {source!r}: a site that works offline cannot")
            return f'<img src="{esc(self.media(node["url"]))}" alt="{esc(node.get("alt", ""))}">'
        if kind == "list":
            tag = "ol" if node.get("ordered") else "ul"
            start = (
                f' start="{int(node["start"])}"'
                if node.get("ordered") and node.get("start")
                else ""
            )
            return f"<{tag}{start}>{inner(node)}</{tag}>\n"
        if kind == "listItem":
            return f"<li>{inner(node)}</li>\n"
        if kind == "table":
            return f'<div class="table"><table>{inner(node)}</table></div>\n'
        if kind == "tableRow":
            return f"<tr>{inner(node)}</tr>"
        if kind == "tableCell":
            tag = "th" if node.get("header") else "td"
            align = f' style="text-align:{node["align"]}"' if node.get("align") else ""
            return f"<{tag}{align}>{inner(node)}</{tag}>"
        if kind == "code":
            lang = esc(node.get("lang") or "")
            return f'<pre class="code" data-lang="{lang}"><code>{esc(node.get("value", ""))}</code></pre>\n'
        if kind == "outputs":
            return inner(node)
        if kind == "output":
            return self.output(node.get("jupyter_data", {}))
        if kind == "html":
            return node.get("value", "")
        self.unknown.add(str(kind))
        return inner(node)

    def output(self, data: dict) -> str:
        kind = data.get("output_type")
        if kind == "stream":
            css = "stderr" if data.get("name") == "stderr" else "stdout"
            text = data.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            return f'<pre class="output {css}">{_verdicts(esc(text))}</pre>\n'
        if kind == "error":
            return f'<pre class="output error">{esc(data.get("ename"))}: {esc(data.get("evalue"))}</pre>\n'
        bundle = data.get("data", {})
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            if mime in bundle:
                entry = bundle[mime]
                path = entry.get("path") if isinstance(entry, dict) else None
                if not path:
                    raise RenderError(f"an output image ({mime}) was not saved as a file by MyST")
                alt = _plain(bundle.get("text/plain")) or "figure"
                return f'<div class="output figure"><img src="{esc(self.media(path))}" alt="{esc(alt)}"></div>\n'
        if "text/html" in bundle:
            return f'<div class="output html">{_plain(bundle["text/html"])}</div>\n'
        if "application/vnd.nn-astro.result+json" in bundle:
            return f'<div class="output result">{esc(_plain(bundle.get("text/plain")))}</div>\n'
        if "text/plain" in bundle:
            return f'<pre class="output">{esc(_plain(bundle["text/plain"]))}</pre>\n'
        return ""


def _plain(entry) -> str:
    if entry is None:
        return ""
    if isinstance(entry, dict):
        entry = entry.get("content", "")
    return "".join(entry) if isinstance(entry, list) else str(entry)


def _verdicts(escaped: str) -> str:
    """Highlight the answer checks' verdicts in printed output."""
    escaped = re.sub(r"^(Correct \()", r'<span class="verdict ok">\1</span>', escaped, flags=re.M)
    return re.sub(r"^(Not yet \()", r'<span class="verdict no">\1</span>', escaped, flags=re.M)


# --------------------------------------------------------------------------- cells
SLIDE_LABELS = {"skip": "hidden in the slides", "notes": "speaker notes"}


def render_blocks(renderer: PageRenderer, mdast: dict) -> str:
    """Render a notebook page cell by cell (a Markdown page is one block)."""
    parts = []
    for block in mdast.get("children", []):
        if block.get("type") != "block":
            parts.append(renderer.node(block))
            continue
        meta = block.get("data") or {}
        slide = (meta.get("slideshow") or {}).get("slide_type", "-")
        tags = meta.get("tags") or []
        kind = block.get("kind", "")
        body = renderer.node(block)
        if not body.strip():
            continue
        classes = ["cell", "code-cell" if kind == "notebook-code" else "text-cell"]
        if "exercise" in tags:
            classes.append("exercise")
            body = '<div class="cell-label">Exercise</div>\n' + body
        if slide == "notes":
            parts.append(
                f'<details class="cell notes"><summary>Speaker notes</summary>\n{body}</details>\n'
            )
        elif slide == "skip" and kind == "notebook-code" and "setup" not in tags:
            label = "Parameters" if "parameters" in tags else "Code hidden in the slides"
            parts.append(
                f'<details class="cell code-cell plumbing"><summary>{label}</summary>\n'
                f"{body}</details>\n"
            )
        elif "setup" in tags:
            parts.append(
                '<details class="cell code-cell plumbing"><summary>Set-up cell</summary>\n'
                f"{body}</details>\n"
            )
        else:
            parts.append(f'<section class="{" ".join(classes)}">\n{body}</section>\n')
    return "".join(parts)


# --------------------------------------------------------------------------- page layout
def _nav(pages: list[dict], current: str) -> str:
    items = []
    for page in pages:
        cls = ' class="current"' if page["file"] == current else ""
        number = f'<span class="num">{esc(page["number"])}</span>' if page.get("number") else ""
        items.append(
            f'<li{cls}><a href="{esc(page["file"])}">{number}{esc(page["short"])}</a></li>'
        )
    return "\n".join(items)


def _toc(headings: Iterable[tuple[int, str, str]]) -> str:
    rows = [
        f'<li class="d{depth}"><a href="#{esc(ident)}">{esc(text)}</a></li>'
        for depth, ident, text in headings
        if ident and depth <= 3
    ]
    if not rows:
        return ""
    return (
        '<nav class="toc"><div class="toc-title">On this page</div><ul>'
        + "".join(rows)
        + "</ul></nav>"
    )


def _actions(lesson: dict | None) -> str:
    if not lesson:
        return ""
    links = [
        f'<a class="button" href="{esc(lesson["colab"])}" target="_blank" rel="noopener">'
        "Open in Colab</a>",
        f'<a class="button" href="{esc(lesson["student"])}" download>Student notebook</a>',
        f'<a class="button" href="{esc(lesson["solution"])}" download>Solution notebook</a>',
        f'<a class="button" href="{esc(lesson["deck"])}">Slides</a>',
    ]
    time = (
        f'<span class="meta">{esc(lesson["time"])} on a 2-core CPU</span>'
        if lesson.get("time")
        else ""
    )
    return f'<div class="actions">{"".join(links)}{time}</div>\n'


def page_html(*, site: dict, page: dict, title: str, body: str, toc: str, has_math: bool) -> str:
    katex = f'<link rel="stylesheet" href="{ASSETS}/katex/dist/katex.min.css">' if has_math else ""
    canonical = ""
    if site.get("base_url"):
        canonical = (
            f'<link rel="canonical" href="{esc(site["base_url"].rstrip("/"))}/{esc(page["file"])}">'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · {esc(site["title"])}</title>
<meta name="description" content="{esc(site["description"])}">
{canonical}
<link rel="stylesheet" href="{ASSETS}/course.css">
{katex}
</head>
<body>
<header class="topbar">
  <a class="brand" href="index.html">{esc(site["title"])}</a>
  <div class="search">
    <input id="search-input" type="search" placeholder="Search the course" aria-label="Search the course" autocomplete="off">
    <ol id="search-results" hidden></ol>
  </div>
  <a class="repo" href="{esc(site["repository"])}" target="_blank" rel="noopener">Source</a>
</header>
<div class="layout">
<nav class="sidebar" aria-label="Course pages"><ul>
{_nav(site["pages"], page["file"])}
</ul></nav>
<main id="content">
{body}
</main>
{toc}
</div>
<footer>{esc(site["footer"])}</footer>
<script src="search-index.js"></script>
<script src="{ASSETS}/search.js"></script>
</body>
</html>
"""


# --------------------------------------------------------------------------- the build
def render_site(cdn: str, out: Path, manifest: dict, public: Path, template: Path) -> list[str]:
    """Render every page of the site into ``out``; return the files written."""
    config = _get_json(cdn, "config.json")
    project = config["projects"][0]
    slugs = [project["index"]] + [p["slug"] for p in project["pages"] if "slug" in p]
    titles = [project.get("title", "")] + [
        p.get("title", "") for p in project["pages"] if "slug" in p
    ]
    # MyST lists the pages in the order of the table of contents the manifest was written from.
    if len(slugs) != len(manifest["pages"]):
        raise RenderError(
            f"MyST built {len(slugs)} pages but the manifest lists {len(manifest['pages'])}"
        )
    slug_to_file = {}
    for slug, title, page in zip(slugs, titles, manifest["pages"], strict=True):
        if page.get("number") and not title.startswith(page["number"]):
            raise RenderError(f"page {slug!r} ({title!r}) is not lesson {page['number']}")
        slug_to_file[slug] = page["file"]
    stem_to_file = {p["stem"]: p["file"] for p in manifest["pages"] if p.get("stem")}
    extra = {k: tuple(v) for k, v in manifest.get("files", {}).items()}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    unknown: set[str] = set()
    for slug, page in zip(slugs, manifest["pages"], strict=True):
        content = _get_json(cdn, f"content/{slug}.json")
        renderer = PageRenderer(slug_to_file, stem_to_file, public, out, extra)
        body = render_blocks(renderer, content["mdast"])
        title = content.get("frontmatter", {}).get("title") or page["short"]
        # MyST lifts a page's first heading into its title: put it back, then the lesson links.
        if not re.search(r"<h1[ >]", body):
            body = f"<h1>{esc(title)}</h1>\n" + _actions(page.get("lesson")) + body
        text = page_html(
            site=manifest["site"],
            page=page,
            title=title,
            body=body,
            toc=_toc(renderer.headings),
            has_math=renderer.has_math,
        )
        (out / page["file"]).write_text(text, encoding="utf-8")
        written.append(page["file"])
        unknown |= renderer.unknown
    if unknown:
        raise RenderError(f"the site template cannot render MyST nodes of type {sorted(unknown)}")
    for source, target in extra.values():
        destination = out / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    search = _get_json(cdn, "myst.search.json")
    records: dict[str, dict] = {}  # one record per section: its heading and its text
    for record in search.get("records", []):
        path, _, anchor = record.get("url", "").partition("#")
        slug = path.strip("/") or project["index"]
        if slug not in slug_to_file:
            continue
        url = slug_to_file[slug] + (f"#{anchor}" if anchor else "")
        entry = records.setdefault(
            url,
            {
                "url": url,
                "title": " › ".join(v for v in record.get("hierarchy", {}).values() if v),
                "text": "",
            },
        )
        entry["text"] = (entry["text"] + " " + (record.get("content") or "")).strip()[:4000]
    records = list(records.values())
    (out / "search-index.js").write_text(
        "window.COURSE_SEARCH = " + json.dumps(records, ensure_ascii=False) + ";\n",
        encoding="utf-8",
    )
    assets = out / ASSETS
    assets.mkdir(exist_ok=True)
    for name in ("course.css", "search.js"):
        shutil.copyfile(template / "static" / name, assets / name)
    written += ["search-index.js", f"{ASSETS}/course.css", f"{ASSETS}/search.js"]
    return written


def main() -> int:
    cdn = os.environ.get("CONTENT_CDN")
    out = os.environ.get("BUILD_DIRECTORY")
    manifest_path = os.environ.get("COURSE_SITE_MANIFEST")
    if not (cdn and out and manifest_path):
        print(
            "site_render runs inside `jupyter-book build --html` (CONTENT_CDN, BUILD_DIRECTORY) "
            "started by `python -m tools.site` (COURSE_SITE_MANIFEST): use `make site`.",
            file=sys.stderr,
        )
        return 2
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    try:
        written = render_site(
            cdn,
            Path(out),
            manifest,
            Path(manifest["public"]),
            Path(manifest["template"]),
        )
    except RenderError as error:
        Path(manifest_path).with_name("render-error.txt").write_text(str(error))
        print(f"site template: {error}", file=sys.stderr)
        return 1
    # The marker tools.site looks for: MyST does not pass this command's output or exit code on.
    (Path(out) / ".rendered.json").write_text(json.dumps(sorted(written)))
    print(f"site template: rendered {len(written)} files into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
