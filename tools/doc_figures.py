"""Draw the figures kept in docs/ (run after changing a generator): python -m tools.doc_figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from astropy.visualization import AsinhStretch, ImageNormalize

from helpers.galaxies import GALAXY_CLASSES, make_galaxies
from helpers.plotting import use_course_style

DOCS = Path(__file__).resolve().parent.parent / "docs"


def galaxy_grid(path: Path = DOCS / "galaxies.png") -> Path:
    """Six examples of each class, clean (top) and with PSF and noise as the lessons use them."""
    use_course_style()
    per_class = 6
    clean, labels = make_galaxies(3 * per_class * 4, seed=11)
    noisy, _ = make_galaxies(3 * per_class * 4, seed=11, noise=0.05, psf_sigma=1.0)
    norm = ImageNormalize(vmin=0, vmax=1, stretch=AsinhStretch(0.05))
    fig, axes = plt.subplots(6, per_class, figsize=(1.5 * per_class, 1.6 * 6))
    for k, name in enumerate(GALAXY_CLASSES):
        picks = np.flatnonzero(labels == k)[:per_class]
        for j, index in enumerate(picks):
            for row, (images, kind) in enumerate(((clean, "clean"), (noisy, "PSF σ=1 px + noise"))):
                ax = axes[2 * k + row, j]
                ax.imshow(images[index], cmap="magma", norm=norm)
                ax.set_axis_off()
                if j == 0:
                    ax.set_title(f"{name}: {kind}", loc="left", fontsize=9)
    fig.suptitle("helpers.make_galaxies: 32×32 px, peak 1, asinh stretch as astronomers display")
    fig.tight_layout()
    DOCS.mkdir(exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


if __name__ == "__main__":
    print(galaxy_grid())
