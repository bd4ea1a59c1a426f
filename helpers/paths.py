"""Where the course keeps its data."""

from __future__ import annotations

import os
from pathlib import Path

from ._validation import check_bool

__all__ = ["data_dir", "repository_root"]


def repository_root() -> Path | None:
    """Return the course checkout that holds this package, or ``None`` if installed elsewhere.

    Returns
    -------
    pathlib.Path or None
        The folder with the course's ``pyproject.toml`` (an editable install from a clone), or
        ``None`` when the package was installed from an archive (for example in Colab).

    Examples
    --------
    >>> root = repository_root()
    >>> root is None or (root / "pyproject.toml").is_file()
    True
    """
    candidate = Path(__file__).resolve().parent.parent
    marker = candidate / "pyproject.toml"
    if marker.is_file() and 'name = "nn-for-astronomers"' in marker.read_text():
        return candidate
    return None


def data_dir(create: bool = True) -> Path:
    """Return the folder for cached and downloaded data.

    The first of: the ``NN_ASTRO_DATA`` environment variable; ``data/`` in the course
    checkout; ``data/`` in the current working directory (Colab).

    Parameters
    ----------
    create : bool, optional
        Create the folder if it does not exist (default ``True``).

    Returns
    -------
    pathlib.Path
        An absolute path.

    Examples
    --------
    >>> data_dir(create=False).name
    'data'
    """
    create = check_bool(create, "create")
    override = os.environ.get("NN_ASTRO_DATA")
    if override:
        path = Path(override).expanduser().resolve()
    else:
        root = repository_root()
        path = (root if root is not None else Path.cwd()) / "data"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
