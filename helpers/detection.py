"""Source detection plumbing: local maxima, completeness per S/N bin, mosaics.

Notebook 09 turns each image into a *score map* (the denoised image, the matched-filter S/N
map, ...) and keeps its local maxima above a threshold. The method itself (the threshold
calibrated to an equal false-alarm rate on empty images, the one-to-one matching of detections
to true sources) is written in the notebook; this module holds the bookkeeping around it:

- :func:`find_local_maxima` keeps the pixels that are the maximum of their 3x3 (or larger)
  neighbourhood, lie inside the footprint (at least ``margin`` pixels from every edge) and
  exceed a threshold; a flat plateau of equal maxima is one peak, at its centroid;
- :func:`highest_peaks` gives the highest such maximum of each image (what the false-alarm
  calibration on empty images needs);
- :func:`completeness_by_snr` counts found sources per S/N bin with binomial errors;
  :func:`firing_rate` is the fraction of a set of images with at least one detection;
- :func:`to_mosaic` and :func:`from_mosaic` let a finder that works on one large image
  (photutils' ``DAOStarFinder``, ``sep``) run on a stack of small images in a single call.
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
    "completeness_by_snr",
    "find_local_maxima",
    "firing_rate",
    "from_mosaic",
    "highest_peaks",
    "to_mosaic",
]

#: S/N bin edges used for completeness in notebook 09: 2-4, 4-6, 6-8, 8-10, 10-20.
DEFAULT_SNR_BINS: tuple[float, ...] = (2.0, 4.0, 6.0, 8.0, 10.0, 20.0)

# 8-connectivity inside each image, never across images of a stack.
_PLATEAU_STRUCTURE = np.zeros((3, 3, 3), dtype=bool)
_PLATEAU_STRUCTURE[1] = True


def _check_stack(images, name: str = "images", *, square: bool = False) -> np.ndarray:
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
    if square and images.shape[1] != images.shape[2]:
        raise ValueError(f"{name} must be square, got images of shape {images.shape[1:]}")
    return images


def _check_margin(margin: int, size: int) -> int:
    """``size`` is the smaller side of the images."""
    margin = check_int(margin, "margin", minimum=0)
    if size - 2 * margin < 1:
        raise ValueError(
            f"margin must leave at least one pixel of the {size}-pixel images, got {margin}"
        )
    return margin


def _check_box(box_size: int) -> int:
    box_size = check_int(box_size, "box_size", minimum=1, maximum=99)
    if box_size % 2 == 0:
        raise ValueError(f"box_size must be odd, got {box_size}")
    return box_size


def _peak_table(images: np.ndarray, margin: int, box_size: int) -> pd.DataFrame:
    """Every peak (plateau) of a stack: image, centroid x, y, value; footprint applied."""
    filtered = ndimage.maximum_filter(images, size=(1, box_size, box_size), mode="nearest")
    mask = images >= filtered
    # A plateau that touches an equal pixel which is *not* a maximum (it sees something
    # higher) is a shelf on a slope, not a peak: find such pixels to drop their plateau.
    shelf = np.zeros_like(mask)
    padded_img = np.pad(images, ((0, 0), (1, 1), (1, 1)), mode="edge")
    padded_mask = np.pad(mask, ((0, 0), (1, 1), (1, 1)), mode="edge")
    ny, nx = images.shape[1:]
    for dy, dx in itertools.product((0, 1, 2), repeat=2):
        if dy == 1 and dx == 1:
            continue
        neighbour = padded_img[:, dy : dy + ny, dx : dx + nx]
        neighbour_mask = padded_mask[:, dy : dy + ny, dx : dx + nx]
        shelf |= mask & ~neighbour_mask & (neighbour == images)
    labels, n_peaks = ndimage.label(mask, structure=_PLATEAU_STRUCTURE)
    index, y, x = np.nonzero(mask)
    label = labels[index, y, x] - 1
    count = np.bincount(label, minlength=n_peaks)
    bad = np.bincount(label, weights=shelf[index, y, x], minlength=n_peaks) > 0
    image = np.zeros(n_peaks, dtype=int)
    image[label] = index
    value = np.zeros(n_peaks)
    value[label] = images[index, y, x]
    cx = np.bincount(label, weights=x, minlength=n_peaks) / np.maximum(count, 1)
    cy = np.bincount(label, weights=y, minlength=n_peaks) / np.maximum(count, 1)
    inside = (cx >= margin) & (cx <= nx - 1 - margin) & (cy >= margin) & (cy <= ny - 1 - margin)
    keep = inside & ~bad
    return pd.DataFrame({"image": image[keep], "x": cx[keep], "y": cy[keep], "value": value[keep]})


def find_local_maxima(
    images, threshold: float, *, margin: int = 0, box_size: int = 3
) -> pd.DataFrame:
    """Find the local maxima above a threshold inside the footprint of each image.

    A pixel is a local maximum when no pixel of its ``box_size`` x ``box_size`` neighbourhood
    is higher. Touching pixels (8-neighbours) of equal value form a **plateau**; a plateau
    whose every pixel is a local maximum is **one** peak, placed at the centroid of its pixels
    (for a 2x2 plateau, between the four pixels; a flat image is one peak at its centre). A
    plateau that touches an equal pixel seeing something higher is a shelf on a slope, not a
    peak. An isolated maximum is a plateau of one pixel. A peak is in the footprint when its
    position is at least ``margin`` pixels from every edge.

    Parameters
    ----------
    images : array-like, shape (n, ny, nx), (n, ny, nx, 1) or (ny, nx)
        Score maps (denoised images, S/N maps, ...), square or not. Must be finite.
    threshold : float
        A peak is kept when its value is strictly greater than this.
    margin : int, optional
        Only peaks at least ``margin`` pixels from every edge are kept (default 0).
    box_size : int, optional
        Odd side of the neighbourhood a peak must dominate (default 3).

    Returns
    -------
    pandas.DataFrame
        One row per peak: ``image`` (index), ``x``, ``y`` (pixel; the centroid of a plateau)
        and ``value``, sorted by image then decreasing value.

    Raises
    ------
    ValueError
        If the images are not 2-D maps, contain NaN, or ``box_size`` is even.
    TypeError
        If the images are not numbers or a parameter has the wrong type.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((1, 7, 7)); img[0, 3, 2] = 5.0; img[0, 0, 0] = 9.0
    >>> find_local_maxima(img, 1.0, margin=1)[["image", "x", "y", "value"]].values.tolist()
    [[0.0, 2.0, 3.0, 5.0]]
    >>> flat = np.zeros((1, 7, 7)); flat[0, 2:4, 2:4] = 4.0  # a 2x2 plateau: one peak
    >>> find_local_maxima(flat, 1.0)[["x", "y", "value"]].values.tolist()
    [[2.5, 2.5, 4.0]]
    """
    images = _check_stack(images)
    threshold = check_float(threshold, "threshold")
    margin = _check_margin(margin, min(images.shape[1:]))
    box_size = _check_box(box_size)
    table = _peak_table(images, margin, box_size)
    table = table[table["value"] > threshold]
    return table.sort_values(
        ["image", "value", "y", "x"], ascending=[True, False, True, True]
    ).reset_index(drop=True)


def highest_peaks(images, *, margin: int = 0, box_size: int = 3) -> np.ndarray:
    """Value of the highest local maximum inside the footprint of each image.

    This is what a false-alarm calibration needs: :func:`find_local_maxima` with threshold
    ``t`` finds a peak in an image exactly when the image's highest peak is ``> t`` (plateaus
    and the footprint are treated the same way by both).

    Parameters
    ----------
    images : array-like, shape (n, ny, nx) or (n, ny, nx, 1)
        Score maps, finite.
    margin : int, optional
        Footprint margin in pixels (default 0).
    box_size : int, optional
        Neighbourhood side (odd, default 3).

    Returns
    -------
    numpy.ndarray, shape (n,)
        The highest peak per image (``-inf`` if an image has no local maximum in the
        footprint).

    Raises
    ------
    ValueError
        If the images are not 2-D maps or contain NaN, or ``box_size`` is even.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((2, 5, 5)); img[0, 2, 2] = 3.0; img[1, 1, 3] = 2.0
    >>> highest_peaks(img, margin=1).tolist()
    [3.0, 2.0]
    """
    images = _check_stack(images)
    margin = _check_margin(margin, min(images.shape[1:]))
    box_size = _check_box(box_size)
    table = _peak_table(images, margin, box_size)
    highest = np.full(len(images), -np.inf)
    np.maximum.at(highest, table["image"].to_numpy(), table["value"].to_numpy())
    return highest


def _check_found(found, shape: tuple[int, ...]) -> np.ndarray:
    """Found-flags: booleans, or integers that are all 0 or 1 (nothing else is coerced)."""
    if isinstance(found, (str, bytes)) or found is None:
        raise TypeError(f"found must be an array of booleans, got {type(found).__name__}")
    try:
        raw = np.asarray(found)
    except (TypeError, ValueError) as error:
        raise TypeError(f"found must be an array of booleans ({error})") from error
    if raw.dtype == bool or (raw.size == 0 and raw.dtype.kind in "iuf"):
        flags = raw.astype(bool)
    elif raw.dtype.kind in "iu":
        if raw.size and not np.isin(raw, (0, 1)).all():
            raise ValueError(
                "found must hold booleans or 0/1, got the integer(s) "
                f"{sorted(set(raw[~np.isin(raw, (0, 1))].tolist()))[:5]}"
            )
        flags = raw.astype(bool)
    else:
        raise TypeError(
            f"found must be booleans (True/False) or the integers 0/1, got an array of "
            f"{raw.dtype}: strings, NaN and fractions are not found-flags"
        )
    if flags.shape != shape:
        raise ValueError(f"found must have the shape of snr {shape}, got {flags.shape}")
    return flags


def completeness_by_snr(snr, found, bins: Sequence[float] = DEFAULT_SNR_BINS) -> pd.DataFrame:
    """Fraction of true sources detected in each S/N bin, with its binomial error.

    Parameters
    ----------
    snr : array-like, shape (n,)
        Matched-filter S/N of each true source.
    found : array-like of bool, shape (n,)
        Whether each source was detected: booleans, or integers that are all 0 or 1.
        Anything else (the strings ``"False"``, NaN, fractions such as 0.3) is refused
        rather than coerced (``bool("False")`` is ``True``).
    bins : sequence of float, optional
        Increasing bin edges (default :data:`DEFAULT_SNR_BINS`); bins are ``[lo, hi)``.

    Returns
    -------
    pandas.DataFrame
        Columns ``lo``, ``hi``, ``n_sources``, ``n_found``, ``completeness`` (NaN for an
        empty bin) and ``error`` (binomial standard error ``sqrt(p (1 - p) / n)``).

    Raises
    ------
    TypeError
        If ``found`` is not booleans or 0/1 integers.
    ValueError
        If the lengths differ, S/N is not finite or the bins are not increasing.

    Examples
    --------
    >>> completeness_by_snr([3, 5, 5.5, 12], [False, True, False, True], bins=[2, 4, 6, 20])[
    ...     "completeness"].tolist()
    [0.0, 0.5, 1.0]
    """
    snr = check_array(snr, "snr", ndim=1, min_size=0)
    found = _check_found(found, snr.shape)
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


def _check_indices(values, name: str, *, min_size: int = 0) -> np.ndarray:
    """Image indices: integers >= 0 (whole-number floats accepted), never booleans."""
    if isinstance(values, (bool, np.bool_, str, bytes)) or values is None:
        raise TypeError(f"{name} must be image indices (integers), got {values!r}")
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be image indices (integers) ({error})") from error
    if raw.dtype == bool:
        raise TypeError(
            f"{name} must be image indices, got a boolean mask: pass np.flatnonzero(mask)"
        )
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be image indices (integers), got an array of {raw.dtype}")
    if raw.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of image indices, got shape {raw.shape}")
    if raw.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} image index, got none")
    if raw.dtype.kind == "f" and not (np.isfinite(raw).all() and (raw == np.round(raw)).all()):
        raise ValueError(f"{name} must be whole-number image indices, got {raw[:5].tolist()}")
    if raw.size and raw.min() < 0:
        raise ValueError(f"{name} must be >= 0 (image indices), got {raw.min()}")
    return raw.astype(np.int64)


def firing_rate(detections: pd.DataFrame, images) -> float:
    """Fraction of the given images with at least one detection.

    Parameters
    ----------
    detections : pandas.DataFrame
        Detections with an ``image`` column (integer image indices).
    images : array-like of int
        Indices of the images to consider (for example the empty ones), at least one.
        A boolean mask is refused (it would be read as the indices 0 and 1): pass
        ``numpy.flatnonzero(mask)``.

    Returns
    -------
    float
        The fraction in [0, 1].

    Raises
    ------
    TypeError
        If ``detections`` is not a DataFrame with an ``image`` column, or ``images`` is not
        integer indices (a boolean mask, strings, ...).
    ValueError
        If ``images`` is empty, negative or not whole numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> firing_rate(pd.DataFrame({"image": [0, 0, 3]}), [0, 1, 2, 3])
    0.5
    """
    if not isinstance(detections, pd.DataFrame) or "image" not in detections.columns:
        raise TypeError("detections must be a pandas DataFrame with an 'image' column")
    column = _check_indices(detections["image"].to_numpy(), "detections['image']")
    images = np.unique(_check_indices(images, "images", min_size=1))
    return float(np.isin(images, column).mean())


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
    images = _check_stack(images, square=True)
    n, size = images.shape[0], images.shape[-1]
    if ncols is None:
        ncols = int(np.ceil(np.sqrt(n)))
    else:
        ncols = check_int(ncols, "ncols", minimum=1, maximum=n)
    nrows = int(np.ceil(n / ncols))
    padded = np.zeros((nrows * ncols, size, size), dtype=images.dtype)
    padded[:n] = images
    return (
        padded.reshape(nrows, ncols, size, size)
        .transpose(0, 2, 1, 3)
        .reshape(nrows * size, ncols * size)
    )


def from_mosaic(x, y, size: int, ncols: int, n_images: int) -> pd.DataFrame:
    """Map positions in a mosaic made by :func:`to_mosaic` back to (image, x, y).

    Pixel ``(x, y)`` of the mosaic belongs to the tile whose square ``[col * size,
    (col + 1) * size) x [row * size, (row + 1) * size)`` holds it. A position outside the
    mosaic (``x >= ncols * size``, or in a tile beyond the last image) is an error, never
    wrapped into another tile.

    Parameters
    ----------
    x, y : array-like
        Column and row positions in the mosaic (pixels, 0-based, finite).
    size : int
        Side of one tile.
    ncols : int
        Tiles per row used by :func:`to_mosaic`.
    n_images : int
        Number of images in the mosaic (tiles after the last are zero padding).

    Returns
    -------
    pandas.DataFrame
        Columns ``image`` (int), ``x``, ``y`` (positions within each tile).

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length, or a position lies outside the mosaic's images.

    Examples
    --------
    >>> from_mosaic([5.0], [1.0], size=4, ncols=2, n_images=3).values.tolist()
    [[1.0, 1.0, 1.0]]
    """
    x = check_array(x, "x", ndim=1, min_size=0)
    y = check_array(y, "y", ndim=1, min_size=0)
    size = check_int(size, "size", minimum=1)
    ncols = check_int(ncols, "ncols", minimum=1)
    n_images = check_int(n_images, "n_images", minimum=1)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {len(x)} and {len(y)}")
    if np.any(x < 0) or np.any(y < 0):
        raise ValueError("x and y must be non-negative mosaic positions")
    if np.any(x >= ncols * size):
        raise ValueError(
            f"x must be < ncols * size = {ncols * size} (the mosaic's width), got {x.max():g}"
        )
    col = np.floor(x / size).astype(int)
    row = np.floor(y / size).astype(int)
    image = row * ncols + col
    if np.any(image >= n_images):
        bad = int(np.argmax(image >= n_images))
        raise ValueError(
            f"x, y = ({x[bad]:g}, {y[bad]:g}) lies in tile {image[bad]} (row {row[bad]} * "
            f"ncols {ncols} + column {col[bad]}), beyond the last of n_images = {n_images} images"
        )
    return pd.DataFrame({"image": image, "x": x - col * size, "y": y - row * size})
