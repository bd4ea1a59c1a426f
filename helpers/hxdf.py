"""Real galaxies: the Hubble eXtreme Deep Field image that scikit-image ships.

``skimage.data.hubble_deep_field()`` is an 872×1000 RGB JPEG colour composite of the HXDF
(NASA/ESA; an 8-bit, non-linearly stretched picture, not calibrated flux). It is the course's
offline piece of real sky: real galaxies on a real background (faint galaxies, correlated
noise, JPEG artefacts), exactly what the simulated images leave out.

This module is plumbing: it loads one band, finds the galaxies with Source Extractor's
algorithm (the ``sep`` package) and cuts them out prepared like the course's simulated galaxy
images (one band, ``size``×``size`` pixels, the galaxy filling the frame as the simulated ones
do, background subtracted, peak scaled to 1).
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_float, check_int, check_str

__all__ = ["BANDS", "find_galaxies", "galaxy_cutouts", "load_hubble_deep_field"]

#: The bands :func:`load_hubble_deep_field` can return (the JPEG's channels, or their mean).
BANDS = ("red", "green", "blue", "mean")

# Simulated galaxies (helpers.galaxies) have half-light radii of about 4.5-6 px in a 32 px
# frame: the frame is about six half-light radii across.
_FRAME_IN_HALF_LIGHT_RADII = 6.0


def load_hubble_deep_field(band: str = "mean") -> np.ndarray:
    """Return one band of scikit-image's Hubble eXtreme Deep Field picture, scaled to [0, 1].

    Parameters
    ----------
    band : {"red", "green", "blue", "mean"}, optional
        A colour channel of the JPEG, or the mean of the three (default).

    Returns
    -------
    numpy.ndarray, shape (872, 1000), float32
        Pixel values / 255 (the JPEG's stretched brightness, not flux).

    Raises
    ------
    ValueError
        If ``band`` is not one of :data:`BANDS`.
    ImportError
        If scikit-image is not installed (``pip install scikit-image``).

    Examples
    --------
    >>> image = load_hubble_deep_field()
    >>> image.shape, image.dtype, 0.0 <= float(image.min()) <= float(image.max()) <= 1.0
    ((872, 1000), dtype('float32'), True)
    """
    check_str(band, "band", choices=BANDS)
    try:
        from skimage import data
    except ImportError as error:  # pragma: no cover - scikit-image is a course dependency
        raise ImportError(
            "the Hubble Deep Field image ships with scikit-image: pip install scikit-image"
        ) from error
    rgb = data.hubble_deep_field().astype(np.float32) / 255.0
    if band == "mean":
        return np.ascontiguousarray(rgb.mean(axis=2, dtype=np.float32))
    return np.ascontiguousarray(rgb[..., BANDS.index(band)])


def _sep_background(image: np.ndarray, box: int):
    import sep

    return sep.Background(np.ascontiguousarray(image, dtype=np.float64), bw=box, bh=box)


def find_galaxies(
    image,
    *,
    threshold: float = 3.0,
    min_area: int = 30,
    background_box: int = 64,
):
    """Detect extended sources with Source Extractor's algorithm (``sep``).

    Parameters
    ----------
    image : array-like, shape (ny, nx)
        One band, e.g. from :func:`load_hubble_deep_field`.
    threshold : float, optional
        Detection threshold in units of the global background RMS (default 3).
    min_area : int, optional
        Minimum number of connected pixels above the threshold (default 30).
    background_box : int, optional
        Mesh size in pixels of the background map (default 64; at most the image's smaller
        side). A very high ``threshold`` or ``min_area`` (at most the number of pixels) simply
        finds nothing (an empty table).

    Returns
    -------
    pandas.DataFrame
        One row per source, brightest first: ``x``, ``y`` (pixel centroid), ``flux`` (above
        the background, image units), ``r_half`` (half-light radius, px), ``a``, ``b``
        (semi-axes, px), ``theta`` (radians), ``npix`` and ``peak``.

    Raises
    ------
    ValueError
        If the image is not 2-D or holds NaN, or a number is out of range.

    Examples
    --------
    >>> table = find_galaxies(load_hubble_deep_field())
    >>> len(table) > 50, list(table.columns[:4])
    (True, ['x', 'y', 'flux', 'r_half'])
    """
    import pandas as pd
    import sep

    image = check_array(image, "image", ndim=2)
    threshold = check_float(threshold, "threshold", minimum=0.0, exclusive_minimum=True)
    min_area = check_int(min_area, "min_area", minimum=1, maximum=image.size)
    background_box = check_int(
        background_box, "background_box", minimum=8, maximum=min(image.shape)
    )
    background = _sep_background(image, background_box)
    data = np.ascontiguousarray(image - background.back())
    objects = sep.extract(data, threshold, err=background.globalrms, minarea=min_area)
    if len(objects) == 0:
        columns = ["x", "y", "flux", "r_half", "a", "b", "theta", "npix", "peak"]
        return pd.DataFrame({c: np.array([], dtype=float) for c in columns})
    r_half, _ = sep.flux_radius(
        data,
        objects["x"],
        objects["y"],
        6.0 * objects["a"],
        0.5,
        normflux=objects["flux"],
        subpix=5,
    )
    table = pd.DataFrame(
        {
            "x": objects["x"],
            "y": objects["y"],
            "flux": objects["flux"],
            "r_half": r_half,
            "a": objects["a"],
            "b": objects["b"],
            "theta": objects["theta"],
            "npix": objects["npix"].astype(int),
            "peak": objects["peak"],
        }
    )
    return table.sort_values("flux", ascending=False, ignore_index=True)


def galaxy_cutouts(
    image,
    table,
    *,
    size: int = 32,
    min_box: int | None = None,
    background_box: int = 64,
):
    """Cut galaxies out of ``image``, prepared like the course's simulated galaxy images.

    Each cut-out is a square box centred on the source, ``6 × r_half`` across (the simulated
    galaxies fill their frame the same way) but at least ``min_box`` pixels, with the
    background map subtracted, resampled to ``size``×``size`` and scaled to a peak of 1.
    Sources whose box leaves the image are skipped.

    Parameters
    ----------
    image : array-like, shape (ny, nx)
        The band the sources were found in.
    table : pandas.DataFrame
        Sources from :func:`find_galaxies` (columns ``x``, ``y``, ``r_half``).
    size : int, optional
        Side of the returned images (default 32, as in notebooks 03-06).
    min_box : int, optional
        Smallest box cut from the image, in pixels (default ``size``; at most the image's
        smaller side).
    background_box : int, optional
        Mesh size of the background map (default 64, as in :func:`find_galaxies`; at most the
        image's smaller side).

    Returns
    -------
    cutouts : numpy.ndarray, shape (k, size, size), float32
        Peak 1 (values below 0 are background noise).
    kept : pandas.DataFrame
        The ``k`` rows of ``table`` that were cut out, with the box side in ``box``.

    Raises
    ------
    ValueError
        If ``table`` lacks a column, or a number is out of range.
    TypeError
        If ``table`` is not a DataFrame.

    Examples
    --------
    >>> image = load_hubble_deep_field()
    >>> cutouts, kept = galaxy_cutouts(image, find_galaxies(image).head(5))
    >>> cutouts.shape[1:], float(cutouts.max(axis=(1, 2)).min())
    ((32, 32), 1.0)
    """
    import pandas as pd
    from skimage.transform import resize

    image = check_array(image, "image", ndim=2)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in ("x", "y", "r_half") if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks the column(s) {missing}; use find_galaxies()")
    size = check_int(size, "size", minimum=8, maximum=512)
    min_box = size if min_box is None else check_int(min_box, "min_box", minimum=4)
    if min_box > min(image.shape):
        raise ValueError(
            f"min_box must be <= the image's smaller side {min(image.shape)}, got {min_box}"
        )
    background_box = check_int(
        background_box, "background_box", minimum=8, maximum=min(image.shape)
    )
    data = image - _sep_background(image, background_box).back()
    ny, nx = data.shape
    cutouts, rows, boxes = [], [], []
    for index, row in table.iterrows():
        r_half = float(row["r_half"])
        if not np.isfinite(r_half) or r_half <= 0:
            continue
        box = int(max(min_box, round(_FRAME_IN_HALF_LIGHT_RADII * r_half)))
        x0 = round(float(row["x"]) - box / 2)
        y0 = round(float(row["y"]) - box / 2)
        if x0 < 0 or y0 < 0 or x0 + box > nx or y0 + box > ny:
            continue
        stamp = resize(data[y0 : y0 + box, x0 : x0 + box], (size, size), anti_aliasing=True)
        peak = float(stamp.max())
        if peak <= 0:
            continue
        cutouts.append((stamp / peak).astype(np.float32))
        rows.append(index)
        boxes.append(box)
    kept = table.loc[rows].assign(box=boxes).reset_index(drop=True)
    if not cutouts:
        return np.zeros((0, size, size), dtype=np.float32), kept
    return np.stack(cutouts), kept
