"""Plumbing for the Neural Networks for Astronomers notebooks.

The lessons themselves live in the notebooks; this package holds what they share:

- :mod:`helpers.notebook` - one-call notebook set-up (:func:`setup_notebook`);
- :mod:`helpers.galaxies` - synthetic galaxy images (elliptical, spiral, barred spiral);
- :mod:`helpers.plotting` - the course style, image grids, training curves;
- :mod:`helpers.checks` and :mod:`helpers.exercises` - answer checks for the exercises;
- :mod:`helpers.results` - recording headline results for ``make bench``;
- :mod:`helpers.cache` and :mod:`helpers.paths` - verified cached files and the data folder.

Importing the package is cheap: TensorFlow is only imported by :func:`setup_notebook`.
"""

from .checks import check_choice, check_function, check_shape, check_value
from .galaxies import GALAXY_CLASSES, make_galaxies
from .notebook import in_colab, setup_notebook
from .paths import data_dir
from .plotting import plot_history, show_images, use_course_style
from .results import record_result

__all__ = [
    "GALAXY_CLASSES",
    "check_choice",
    "check_function",
    "check_shape",
    "check_value",
    "data_dir",
    "in_colab",
    "make_galaxies",
    "plot_history",
    "record_result",
    "setup_notebook",
    "show_images",
    "use_course_style",
]

__version__ = "1.0.0"
