"""Install the JavaScript the static slide decks load, so they present with no network.

The decks built by ``tools.slides`` load reveal.js, MathJax 2, RequireJS and jQuery. nbconvert
takes them from CDNs by default; lecture halls often have no Wi-Fi, so this tool fetches pinned
versions from the npm registry with ``npm pack`` (the ordinary npm client: it honours the
machine's npm configuration, proxy and cache), checks each tarball against the pinned
``sha512`` integrity recorded below (the value ``npm view NAME@VERSION dist.integrity``
prints), and unpacks it under ``build/slides/vendor/``. Files nobody loads (MathJax's
unminified copy and its non-TeX fonts, reveal.js's sources) are left out.

It is idempotent: a package whose folder already holds a matching ``.pinned`` stamp is not
fetched again, and tarballs are kept in ``build/npm-cache/`` so a rebuild of the vendor folder
needs no network. Unpacking goes to a temporary folder that is renamed into place, so an
interrupted run never leaves a half-installed package behind.

``python -m tools.fetch_slide_assets`` installs them (``--dest`` to choose the folder); it
needs ``npm`` (Debian: ``apt-get install -y npm``) only when a tarball is not cached yet.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "build" / "slides" / "vendor"
CACHE = ROOT / "build" / "npm-cache"


@dataclass(frozen=True)
class Asset:
    """One pinned npm package and the part of it the decks need."""

    name: str
    version: str
    integrity: str  # npm's dist.integrity: "sha512-" + base64 digest of the .tgz
    folder: str  # installed as VENDOR / folder
    keep: tuple[str, ...]  # path prefixes (inside the package) to install
    drop: tuple[str, ...] = ()  # path prefixes to leave out even if kept above

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball(self) -> str:
        return f"{self.name}-{self.version}.tgz"


_MATHJAX_OTHER_FONTS = tuple(
    f"{base}/{font}/"
    for base in ("fonts/HTML-CSS", "jax/output/HTML-CSS/fonts", "jax/output/SVG/fonts")
    for font in (
        "Asana-Math",
        "Gyre-Pagella",
        "Gyre-Termes",
        "Latin-Modern",
        "Neo-Euler",
        "STIX-Web",
        "STIX",
    )
)

ASSETS: tuple[Asset, ...] = (
    Asset(
        name="reveal.js",
        version="4.6.0",
        integrity="sha512-QC80rYsZldAe95bW9VImucIPTjfsKhI0jRQrIOXU4P92ZyXb/dfw9L3EE96bN6i7UmeUl1qBieH4UNTr25erYw==",
        folder="reveal.js",
        keep=("dist/", "plugin/", "LICENSE"),
        drop=("dist/reveal.esm.js", "dist/reveal.js.map"),
    ),
    Asset(
        name="mathjax",
        version="2.7.9",
        integrity="sha512-NOGEDTIM9+MrsqnjPEjVGNx4q0GQxqm61yQwSK+/5S59i26wId5IC5gNu9/bu8+CCVl5p9G2IHcAl/wJa+5+BQ==",
        folder="mathjax",
        keep=("MathJax.js", "config/", "extensions/", "jax/", "fonts/", "localization/", "LICENSE"),
        drop=_MATHJAX_OTHER_FONTS,
    ),
    Asset(
        name="requirejs",
        version="2.3.8",
        integrity="sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        folder="requirejs",
        keep=("require.js", "README.md"),
    ),
    Asset(
        name="jquery",
        version="3.7.1",
        integrity="sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        folder="jquery",
        keep=("dist/jquery.min.js", "LICENSE.txt"),
    ),
)


#: What the course website (``tools.site``) loads: KaTeX's style sheet and fonts for the
#: equations MyST typesets at build time (the same KaTeX release the MyST engine renders with).
SITE_ASSETS: tuple[Asset, ...] = (
    Asset(
        name="katex",
        version="0.15.6",
        integrity="sha512-UpzJy4yrnqnhXvRPhjEuLA4lcPn6eRngixW7Q3TJErjg3Aw2PuLFBzTkdUb89UtumxjhHTqL3a5GDGETMSwgJA==",
        folder="katex",
        # the style sheet and the WOFF2 fonts every current browser loads (no woff/ttf)
        keep=(
            "dist/katex.min.css",
            "LICENSE",
            *(
                f"dist/fonts/KaTeX_{font}.woff2"
                for font in (
                    "AMS-Regular",
                    "Caligraphic-Bold",
                    "Caligraphic-Regular",
                    "Fraktur-Bold",
                    "Fraktur-Regular",
                    "Main-Bold",
                    "Main-BoldItalic",
                    "Main-Italic",
                    "Main-Regular",
                    "Math-BoldItalic",
                    "Math-Italic",
                    "SansSerif-Bold",
                    "SansSerif-Italic",
                    "SansSerif-Regular",
                    "Script-Regular",
                    "Size1-Regular",
                    "Size2-Regular",
                    "Size3-Regular",
                    "Size4-Regular",
                    "Typewriter-Regular",
                )
            ),
        ),
    ),
)


class AssetError(RuntimeError):
    """An asset could not be fetched or failed its checksum."""


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def _stamp(asset: Asset) -> str:
    # what was kept is part of the stamp: a changed selection reinstalls the package
    selection = hashlib.sha256(repr((asset.keep, asset.drop)).encode()).hexdigest()[:12]
    return f"{asset.spec} {asset.integrity} {selection}\n"


def is_installed(asset: Asset, dest: Path = VENDOR) -> bool:
    """True if ``dest/asset.folder`` holds this exact pinned version."""
    stamp = dest / asset.folder / ".pinned"
    return stamp.is_file() and stamp.read_text() == _stamp(asset)


def _fetch_tarball(asset: Asset, cache: Path) -> Path:
    """Return the verified tarball of ``asset``, running ``npm pack`` if it is not cached."""
    cache.mkdir(parents=True, exist_ok=True)
    tgz = cache / asset.tarball
    if tgz.is_file() and _integrity(tgz) == asset.integrity:
        return tgz
    tgz.unlink(missing_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError(
            f"npm is needed once to fetch {asset.spec} for the offline slides: install it "
            "(Debian/Ubuntu: sudo apt-get install -y npm; conda: conda install nodejs) "
            "and run the command again."
        )
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        proc = subprocess.run(
            [npm, "pack", asset.spec, "--loglevel=error"],
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        packed = Path(tmp) / asset.tarball
        if proc.returncode != 0 or not packed.is_file():
            raise AssetError(
                f"npm pack {asset.spec} failed (exit {proc.returncode}): "
                f"{(proc.stderr or proc.stdout).strip()[-500:]}"
            )
        got = _integrity(packed)
        if got != asset.integrity:
            raise AssetError(
                f"checksum mismatch for {asset.spec}: expected {asset.integrity}, got {got}; "
                "the tarball was not installed."
            )
        packed.replace(tgz)
    return tgz


def _wanted(asset: Asset, relative: str) -> bool:
    keep = any(relative == k or relative.startswith(k) for k in asset.keep)
    drop = any(relative == d or relative.startswith(d) for d in asset.drop)
    return keep and not drop


def _unpack(asset: Asset, tgz: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / asset.folder
    staging = Path(tempfile.mkdtemp(prefix=f".{asset.folder}-", dir=dest))
    try:
        with tarfile.open(tgz, "r:gz") as tar:
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                parts = Path(member.name).parts
                # npm tarballs hold one top folder ("package/"); never follow "..".
                if len(parts) < 2 or ".." in parts or Path(member.name).is_absolute():
                    continue
                relative = "/".join(parts[1:])
                if not _wanted(asset, relative):
                    continue
                out = staging / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                if source is None:
                    continue
                with source, open(out, "wb") as fh:
                    shutil.copyfileobj(source, fh)
        (staging / ".pinned").write_text(_stamp(asset))
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def install(
    dest: Path = VENDOR,
    cache: Path = CACHE,
    quiet: bool = False,
    assets: tuple[Asset, ...] | None = None,
) -> list[str]:
    """Install every pinned asset under ``dest``; return the specs that were (re)installed.

    ``assets`` defaults to the decks' assets; :data:`SITE_ASSETS` are the website's.

    Raises
    ------
    AssetError
        If npm is missing when a download is needed, ``npm pack`` fails, or a tarball does not
        match its pinned checksum.
    """
    done = []
    for asset in ASSETS if assets is None else assets:
        if is_installed(asset, dest):
            continue
        tgz = _fetch_tarball(asset, cache)
        _unpack(asset, tgz, dest)
        done.append(asset.spec)
        if not quiet:
            print(f"installed {asset.spec} -> {dest / asset.folder}")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=VENDOR, help="vendor folder")
    parser.add_argument("--cache", type=Path, default=CACHE, help="tarball cache folder")
    args = parser.parse_args(argv)
    try:
        done = install(args.dest, args.cache)
    except AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not done:
        print(f"slide assets up to date in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
