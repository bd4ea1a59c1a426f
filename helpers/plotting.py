"""Plotting plumbing: the course style, image grids and training curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ._validation import check_array, check_float, check_int, check_str

__all__ = ["plot_history", "show_images", "use_course_style"]

_STYLE = {
    "figure.figsize": (10.0, 4.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "magma",
    "image.origin": "lower",
    "legend.frameon": False,
}


def use_course_style() -> None:
    """Apply the course's matplotlib defaults (compact figures, readable fonts, grid).

    Images are shown with ``origin="lower"`` as astronomers expect, so pixel (0, 0) is at the
    bottom left.

    Examples
    --------
    >>> use_course_style()
    >>> import matplotlib
    >>> matplotlib.rcParams["image.origin"]
    'lower'
    """
    import matplotlib

    matplotlib.rcParams.update(_STYLE)


def show_images(
    images,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    size: float = 1.4,
    cmap: str | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
    suptitle: str | None = None,
):
    """Show a batch of 2-D images as a grid without axes.

    Parameters
    ----------
    images : array-like, shape (n, height, width) or (n, height, width, 1)
        The images.
    titles : sequence of str, optional
        One title per image.
    ncols : int, optional
        Images per row (default 8).
    size : float, optional
        Size of one panel in inches (default 1.4).
    cmap : str, optional
        Colour map (default: the style's ``image.cmap``).
    vmin, vmax : float, optional
        Shared colour limits; by default each panel is scaled on its own.
    suptitle : str, optional
        Title above the grid.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Raises
    ------
    ValueError
        If ``images`` is not a stack of 2-D images or ``titles`` has the wrong length.

    Examples
    --------
    >>> import numpy as np
    >>> fig = show_images(np.random.default_rng(0).normal(size=(4, 8, 8)), ncols=2)
    >>> len(fig.axes)
    4
    """
    import matplotlib.pyplot as plt

    images = check_array(images, "images", ndim=(3, 4))
    size = check_float(size, "size", minimum=0.1, maximum=10.0)
    for value, label in ((vmin, "vmin"), (vmax, "vmax")):
        if value is not None:
            check_float(value, label)
    for value, label in ((cmap, "cmap"), (suptitle, "suptitle")):
        if value is not None:
            check_str(value, label)
    if cmap is not None:
        import matplotlib

        if cmap not in matplotlib.colormaps:
            raise ValueError(f"cmap must be a matplotlib colour map such as 'gray', got {cmap!r}")
    if titles is not None:
        if isinstance(titles, (str, bytes)) or not isinstance(titles, Sequence):
            raise TypeError(f"titles must be a list of strings, got {type(titles).__name__}")
        if not all(isinstance(t, str) for t in titles):
            raise TypeError("titles must be a list of strings, one per image")
    if images.ndim == 4:
        if images.shape[-1] != 1:
            raise ValueError(
                f"images must have one channel, got shape {images.shape} "
                "(expected (n, height, width) or (n, height, width, 1))"
            )
        images = images[..., 0]
    n = images.shape[0]
    if titles is not None and len(titles) != n:
        raise ValueError(f"titles must have one entry per image of images ({n}), got {len(titles)}")
    ncols = min(check_int(ncols, "ncols", minimum=1), n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(size * ncols, size * nrows + (0.4 if suptitle else 0)),
        squeeze=False,
    )
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < n:
            ax.imshow(images[k], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[k], fontsize=9)
    for ax in axes.flat[n:]:
        fig.delaxes(ax)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_history(history, metrics: Sequence[str] = ("loss",), *, title: str | None = None):
    """Plot training and validation curves from a Keras ``History`` (or its ``.history`` dict).

    Parameters
    ----------
    history : keras.callbacks.History or mapping
        What ``model.fit`` returned, or its ``history`` dict.
    metrics : str or sequence of str, optional
        Metric name(s) to plot, one panel each (default ``("loss",)``); ``val_<name>`` is
        drawn beside ``<name>`` when present.
    title : str, optional
        Title above the panels.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Raises
    ------
    TypeError
        If ``history`` has no ``history`` mapping.
    ValueError
        If a requested metric was not recorded.

    Examples
    --------
    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})
    >>> fig.axes[0].get_xlabel()
    'epoch'
    """
    import matplotlib.pyplot as plt

    record = history.history if hasattr(history, "history") else history
    if not isinstance(record, Mapping):
        raise TypeError(
            f"history must be a keras History or a dict of metric lists, got "
            f"{type(history).__name__}"
        )
    if isinstance(metrics, str):  # plot_history(h, "accuracy") means one metric, not letters
        metrics = (metrics,)
    if not isinstance(metrics, Sequence) or not metrics:
        raise TypeError(f"metrics must be a metric name or a list of them, got {metrics!r}")
    if not all(isinstance(m, str) for m in metrics):
        raise TypeError(f"metrics must be metric names (strings), got {list(metrics)!r}")
    if title is not None:
        check_str(title, "title")
    missing = [m for m in metrics if m not in record]
    if missing:
        raise ValueError(
            f"metrics {missing} were not recorded in history; available: {sorted(record)}"
        )
    for metric in list(metrics) + [f"val_{m}" for m in metrics if f"val_{m}" in record]:
        check_array(record[metric], f"history[{metric!r}]", ndim=1)
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.2), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        epochs = np.arange(1, len(record[metric]) + 1)
        ax.plot(epochs, record[metric], label="training")
        if f"val_{metric}" in record:
            ax.plot(epochs, record[f"val_{metric}"], label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
