"""Source detection plumbing: local maxima, matching to a true catalogue, completeness.

Every method in notebook 09 turns an image into a *score map* (the denoised image, the
matched-filter S/N map, the raw noisy image) and is scored the same way:

1. :func:`find_local_maxima` keeps the pixels that are the maximum of their 3x3 (or larger)
   neighbourhood, lie inside the footprint (the pixels where the simulator places sources,
   :func:`helpers.sky.footprint_mask`) and exceed a threshold;
2. :func:`calibrate_threshold` picks that threshold from empty images so the method fires
   (finds at least one peak) on at most a chosen fraction of them, for example 5%;
3. :func:`match_detections` pairs detections with true sources one-to-one within a radius
   (closest pairs first); :func:`completeness_by_snr` and :func:`score_detections` turn the
   pairs into completeness per S/N bin and false detections per image.

:func:`to_mosaic` and :func:`from_mosaic` let a finder that works on one large image
(``photutils.detection.find_peaks``) run on a stack of small images in a single call.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import ndimage

from ._validation import check_array, check_float, check_int

__all__ = [
    "DEFAULT_SNR_BINS",
    "calibrate_threshold",
    "completeness_by_snr",
    "find_local_maxima",
    "firing_rate",
    "from_mosaic",
    "highest_peaks",
    "match_detections",
    "score_detections",
    "to_mosaic",
]

#: S/N bin edges used for completeness in notebook 09: 2-4, 4-6, 6-8, 8-10, 10-20.
DEFAULT_SNR_BINS: tuple[float, ...] = (2.0, 4.0, 6.0, 8.0, 10.0, 20.0)


def _check_stack(images, name: str = "images") -> np.ndarray:
    images = check_array(images, name, ndim=(2, 3, 4))
    if images.ndim == 4:
        if images.shape[-1] != 1:
            raise ValueError(
                f"{name} must have one channel, got shape {images.shape} "
                "(expected (n, height, width), (n, height, width, 1) or (height, width))"
            )
        images = images[..., 0]
    if images.ndim == 2:
        images = images[None]
    if images.shape[1] != images.shape[2]:
        raise ValueError(f"{name} must be square, got images of shape {images.shape[1:]}")
    return images


def _check_margin(margin: int, size: int) -> int:
    margin = check_int(margin, "margin", minimum=0)
    if size - 2 * margin < 1:
        raise ValueError(
            f"margin must leave at least one pixel of a {size}-pixel image, got {margin}"
        )
    return margin


def _maxima_mask(images: np.ndarray, margin: int, box_size: int) -> np.ndarray:
    filtered = ndimage.maximum_filter(images, size=(1, box_size, box_size), mode="nearest")
    mask = images >= filtered
    size = images.shape[-1]
    inside = np.zeros(images.shape[1:], dtype=bool)
    inside[margin : size - margin, margin : size - margin] = True
    return mask & inside[None]


def find_local_maxima(
    images, threshold: float, *, margin: int = 0, box_size: int = 3
) -> pd.DataFrame:
    """Find the local maxima above a threshold inside the footprint of each image.

    Parameters
    ----------
    images : array-like, shape (n, size, size), (n, size, size, 1) or (size, size)
        Score maps (denoised images, S/N maps, ...). Must be finite.
    threshold : float
        A peak is kept when its value is strictly greater than this.
    margin : int, optional
        Only pixels at least ``margin`` pixels from every edge are searched (default 0).
    box_size : int, optional
        Odd side of the neighbourhood a peak must dominate (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per detection: ``image`` (index), ``x``, ``y`` (pixel) and ``value``, sorted
        by image then decreasing value.

    Raises
    ------
    ValueError
        If the images are not square 2-D maps, contain NaN, or ``box_size`` is even.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((1, 7, 7)); img[0, 3, 2] = 5.0; img[0, 0, 0] = 9.0
    >>> find_local_maxima(img, 1.0, margin=1)[["image", "x", "y", "value"]].values.tolist()
    [[0.0, 2.0, 3.0, 5.0]]
    """
    images = _check_stack(images)
    threshold = check_float(threshold, "threshold")
    margin = _check_margin(margin, images.shape[-1])
    box_size = check_int(box_size, "box_size", minimum=1)
    if box_size % 2 == 0:
        raise ValueError(f"box_size must be odd, got {box_size}")
    mask = _maxima_mask(images, margin, box_size) & (images > threshold)
    index, y, x = np.nonzero(mask)
    table = pd.DataFrame(
        {"image": index, "x": x.astype(float), "y": y.astype(float), "value": images[mask]}
    )
    return table.sort_values(["image", "value"], ascending=[True, False]).reset_index(drop=True)


def highest_peaks(images, *, margin: int = 0, box_size: int = 3) -> np.ndarray:
    """Value of the highest local maximum inside the footprint of each image.

    Parameters
    ----------
    images : array-like, shape (n, size, size) or (n, size, size, 1)
        Score maps, finite.
    margin : int, optional
        Footprint margin in pixels (default 0).
    box_size : int, optional
        Neighbourhood side (odd, default 3).

    Returns
    -------
    numpy.ndarray, shape (n,)
        The highest peak per image (``-inf`` if an image has no local maximum).

    Raises
    ------
    ValueError
        If the images are not square 2-D maps or contain NaN.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((2, 5, 5)); img[0, 2, 2] = 3.0; img[1, 1, 3] = 2.0
    >>> highest_peaks(img, margin=1).tolist()
    [3.0, 2.0]
    """
    images = _check_stack(images)
    margin = _check_margin(margin, images.shape[-1])
    box_size = check_int(box_size, "box_size", minimum=1)
    mask = _maxima_mask(images, margin, box_size)
    return np.where(mask, images, -np.inf).reshape(len(images), -1).max(axis=1)


def calibrate_threshold(peak_maxima, max_rate: float = 0.05) -> float:
    """Threshold at which a method fires on at most ``max_rate`` of the empty images.

    Parameters
    ----------
    peak_maxima : array-like, shape (n,)
        Highest peak of the method's score map on each of ``n`` empty images (for example
        from :func:`highest_peaks`); ``-inf`` for images without a peak.
    max_rate : float, optional
        Allowed fraction of empty images with a detection, in [0, 1) (default 0.05).

    Returns
    -------
    float
        A threshold ``t`` such that at most ``floor(max_rate * n)`` values are ``> t``.

    Raises
    ------
    ValueError
        If ``peak_maxima`` is empty or contains NaN, or ``max_rate`` is out of range.

    Examples
    --------
    >>> calibrate_threshold(range(1, 101), max_rate=0.05)
    95.0
    """
    values = check_array(peak_maxima, "peak_maxima", ndim=1, finite=False)
    if np.any(np.isnan(values)) or np.any(values == np.inf):
        raise ValueError("peak_maxima must not contain NaN or +inf")
    max_rate = check_float(max_rate, "max_rate", minimum=0)
    if max_rate >= 1:
        raise ValueError(f"max_rate must be < 1, got {max_rate}")
    ordered = np.sort(values)
    allowed = int(np.floor(max_rate * len(values) + 1e-9))
    threshold = float(ordered[len(values) - 1 - allowed])
    return threshold if np.isfinite(threshold) else float(np.finfo(float).min)


def _check_positions(table, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in ("image", "x", "y") if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; expected image, x, y")
    for column in ("image", "x", "y"):
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"{name} column {column!r} must hold finite numbers")
    return table


def match_detections(
    detections: pd.DataFrame, sources: pd.DataFrame, radius: float = 1.5
) -> tuple[np.ndarray, np.ndarray]:
    """Pair detections with true sources one-to-one within ``radius`` pixels.

    In each image all detection-source pairs closer than ``radius`` are taken in order of
    increasing distance; a pair is accepted when neither member is already paired.

    Parameters
    ----------
    detections : pandas.DataFrame
        Columns ``image``, ``x``, ``y`` (may be empty).
    sources : pandas.DataFrame
        The true catalogue, columns ``image``, ``x``, ``y`` (may be empty).
    radius : float, optional
        Matching radius in pixels, > 0 (default 1.5).

    Returns
    -------
    source_found : numpy.ndarray of bool, shape (len(sources),)
        Whether each source has a detection.
    detection_true : numpy.ndarray of bool, shape (len(detections),)
        Whether each detection is paired with a source (``False`` = false detection).

    Raises
    ------
    TypeError
        If a table is not a DataFrame.
    ValueError
        If a column is missing or not finite, or ``radius`` is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> det = pd.DataFrame({"image": [0, 0, 1], "x": [5.0, 9.0, 5.0], "y": [5.0, 9.0, 5.0]})
    >>> src = pd.DataFrame({"image": [0, 1], "x": [5.4, 20.0], "y": [4.8, 20.0]})
    >>> found, true = match_detections(det, src, radius=1.5)
    >>> found.tolist(), true.tolist()
    ([True, False], [True, False, False])
    """
    detections = _check_positions(detections, "detections")
    sources = _check_positions(sources, "sources")
    radius = check_float(radius, "radius", minimum=0, exclusive_minimum=True)
    source_found = np.zeros(len(sources), dtype=bool)
    detection_true = np.zeros(len(detections), dtype=bool)
    if len(detections) == 0 or len(sources) == 0:
        return source_found, detection_true
    d_img = detections["image"].to_numpy(dtype=int)
    s_img = sources["image"].to_numpy(dtype=int)
    d_xy = detections[["x", "y"]].to_numpy(dtype=float)
    s_xy = sources[["x", "y"]].to_numpy(dtype=float)
    d_order = np.argsort(d_img, kind="stable")
    s_order = np.argsort(s_img, kind="stable")
    d_sorted, s_sorted = d_img[d_order], s_img[s_order]
    for image in np.intersect1d(d_sorted, s_sorted):
        di = d_order[np.searchsorted(d_sorted, image) : np.searchsorted(d_sorted, image, "right")]
        si = s_order[np.searchsorted(s_sorted, image) : np.searchsorted(s_sorted, image, "right")]
        dist = np.hypot(*(d_xy[di, None, :] - s_xy[None, si, :]).transpose(2, 0, 1))
        pairs = np.argwhere(dist < radius)
        if len(pairs) == 0:
            continue
        pairs = pairs[np.argsort(dist[pairs[:, 0], pairs[:, 1]], kind="stable")]
        used_d, used_s = set(), set()
        for a, b in pairs:
            if a in used_d or b in used_s:
                continue
            used_d.add(a)
            used_s.add(b)
            detection_true[di[a]] = True
            source_found[si[b]] = True
    return source_found, detection_true


def completeness_by_snr(snr, found, bins: Sequence[float] = DEFAULT_SNR_BINS) -> pd.DataFrame:
    """Fraction of true sources detected in each S/N bin.

    Parameters
    ----------
    snr : array-like, shape (n,)
        Matched-filter S/N of each true source.
    found : array-like of bool, shape (n,)
        Whether each source was detected (from :func:`match_detections`).
    bins : sequence of float, optional
        Increasing bin edges (default :data:`DEFAULT_SNR_BINS`); bins are ``[lo, hi)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``lo``, ``hi``, ``n_sources``, ``n_found``, ``completeness`` (NaN for an
        empty bin) and ``error`` (binomial standard error).

    Raises
    ------
    ValueError
        If the lengths differ, S/N is not finite or the bins are not increasing.

    Examples
    --------
    >>> completeness_by_snr([3, 5, 5.5, 12], [False, True, False, True], bins=[2, 4, 6, 20])[
    ...     "completeness"].tolist()
    [0.0, 0.5, 1.0]
    """
    snr = check_array(snr, "snr", ndim=1, min_size=0)
    found = np.asarray(found)
    if found.shape != snr.shape:
        raise ValueError(f"found must have the shape of snr {snr.shape}, got {found.shape}")
    found = found.astype(bool)
    edges = check_array(bins, "bins", ndim=1, min_size=2)
    if np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be strictly increasing, got {edges.tolist()}")
    rows = []
    for lo, hi in itertools.pairwise(edges):
        inside = (snr >= lo) & (snr < hi)
        n = int(inside.sum())
        k = int(found[inside].sum())
        p = k / n if n else np.nan
        rows.append(
            {
                "lo": float(lo),
                "hi": float(hi),
                "n_sources": n,
                "n_found": k,
                "completeness": p,
                "error": float(np.sqrt(p * (1 - p) / n)) if n else np.nan,
            }
        )
    return pd.DataFrame(rows)


def firing_rate(detections: pd.DataFrame, images) -> float:
    """Fraction of the given images with at least one detection.

    Parameters
    ----------
    detections : pandas.DataFrame
        Detections with an ``image`` column.
    images : array-like of int
        Indices of the images to consider (for example the empty ones), at least one.

    Returns
    -------
    float
        The fraction in [0, 1].

    Raises
    ------
    ValueError
        If ``images`` is empty.

    Examples
    --------
    >>> import pandas as pd
    >>> firing_rate(pd.DataFrame({"image": [0, 0, 3]}), [0, 1, 2, 3])
    0.5
    """
    if not isinstance(detections, pd.DataFrame) or "image" not in detections.columns:
        raise TypeError("detections must be a pandas DataFrame with an 'image' column")
    images = np.unique(check_array(images, "images", ndim=1, dtype=np.int64))
    return float(np.isin(images, detections["image"].to_numpy()).mean())


def score_detections(
    detections: pd.DataFrame,
    sources: pd.DataFrame,
    n_images: int,
    *,
    radius: float = 1.5,
    bins: Sequence[float] = DEFAULT_SNR_BINS,
) -> dict:
    """Completeness per S/N bin, false detections per image and firing rate on empty images.

    Parameters
    ----------
    detections : pandas.DataFrame
        Columns ``image``, ``x``, ``y``.
    sources : pandas.DataFrame
        True catalogue with ``image``, ``x``, ``y``, ``snr``.
    n_images : int
        Number of images searched (>= 1); images without sources count as empty.
    radius : float, optional
        Matching radius in pixels (default 1.5).
    bins : sequence of float, optional
        S/N bin edges (default :data:`DEFAULT_SNR_BINS`).

    Returns
    -------
    dict
        ``completeness`` (DataFrame from :func:`completeness_by_snr`),
        ``completeness_all`` (float, NaN without sources), ``n_false`` (int),
        ``false_per_image`` (float), ``purity`` (true / all detections, NaN without
        detections) and ``empty_firing_rate`` (fraction of the empty images with a
        detection, NaN without empty images).

    Raises
    ------
    TypeError, ValueError
        As :func:`match_detections`; also if ``sources`` lacks ``snr`` or an image index is
        ``>= n_images``.

    Examples
    --------
    >>> import pandas as pd
    >>> det = pd.DataFrame({"image": [0, 1], "x": [5.0, 3.0], "y": [5.0, 3.0]})
    >>> src = pd.DataFrame({"image": [0], "x": [5.2], "y": [5.1], "snr": [5.0]})
    >>> s = score_detections(det, src, n_images=2)
    >>> s["completeness_all"], s["false_per_image"], s["empty_firing_rate"]
    (1.0, 0.5, 1.0)
    """
    n_images = check_int(n_images, "n_images", minimum=1)
    if not isinstance(sources, pd.DataFrame) or "snr" not in sources.columns:
        raise ValueError("sources must be a DataFrame with an 'snr' column (the true S/N)")
    found, true = match_detections(detections, sources, radius)
    for name, table in (("detections", detections), ("sources", sources)):
        if len(table) and table["image"].max() >= n_images:
            raise ValueError(
                f"{name} refer to image {table['image'].max()} but n_images={n_images}"
            )
    occupied = np.zeros(n_images, dtype=bool)
    occupied[sources["image"].to_numpy(dtype=int)] = True
    empty = np.flatnonzero(~occupied)
    n_false = int((~true).sum())
    return {
        "completeness": completeness_by_snr(sources["snr"].to_numpy(dtype=float), found, bins),
        "completeness_all": float(found.mean()) if len(found) else float("nan"),
        "n_false": n_false,
        "false_per_image": n_false / n_images,
        "purity": float(true.mean()) if len(true) else float("nan"),
        "empty_firing_rate": firing_rate(detections, empty) if len(empty) else float("nan"),
    }


def to_mosaic(images, ncols: int | None = None) -> np.ndarray:
    """Tile a stack of equal square images into one large image (row-major order).

    Parameters
    ----------
    images : array-like, shape (n, size, size) or (n, size, size, 1)
        The images.
    ncols : int, optional
        Tiles per row (default: ``ceil(sqrt(n))``). Missing tiles are filled with zeros.

    Returns
    -------
    numpy.ndarray, shape (nrows * size, ncols * size)
        The mosaic; tile ``k`` sits at row ``k // ncols``, column ``k % ncols``.

    Raises
    ------
    ValueError
        If the images are not a stack of square images.

    Examples
    --------
    >>> import numpy as np
    >>> to_mosaic(np.ones((3, 4, 4)), ncols=2).shape
    (8, 8)
    """
    images = _check_stack(images)
    n, size = images.shape[0], images.shape[-1]
    ncols = int(np.ceil(np.sqrt(n))) if ncols is None else check_int(ncols, "ncols", minimum=1)
    nrows = int(np.ceil(n / ncols))
    padded = np.zeros((nrows * ncols, size, size), dtype=images.dtype)
    padded[:n] = images
    return (
        padded.reshape(nrows, ncols, size, size)
        .transpose(0, 2, 1, 3)
        .reshape(nrows * size, ncols * size)
    )


def from_mosaic(x, y, size: int, ncols: int) -> pd.DataFrame:
    """Map positions in a mosaic made by :func:`to_mosaic` back to (image, x, y).

    Parameters
    ----------
    x, y : array-like
        Column and row positions in the mosaic (pixels).
    size : int
        Side of one tile.
    ncols : int
        Tiles per row used by :func:`to_mosaic`.

    Returns
    -------
    pandas.DataFrame
        Columns ``image``, ``x``, ``y`` (positions within each tile).

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length or are negative.

    Examples
    --------
    >>> from_mosaic([5.0], [9.0], size=4, ncols=2).values.tolist()
    [[5.0, 1.0, 1.0]]
    """
    x = check_array(x, "x", ndim=1, min_size=0)
    y = check_array(y, "y", ndim=1, min_size=0)
    size = check_int(size, "size", minimum=1)
    ncols = check_int(ncols, "ncols", minimum=1)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if np.any(x < 0) or np.any(y < 0):
        raise ValueError("x and y must be non-negative mosaic positions")
    col, row = np.floor(x / size).astype(int), np.floor(y / size).astype(int)
    return pd.DataFrame({"image": row * ncols + col, "x": x - col * size, "y": y - row * size})
