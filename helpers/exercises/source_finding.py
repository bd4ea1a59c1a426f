"""Answer checks for notebook 09 (source finding and denoising).

Examples
--------
>>> from helpers.exercises import source_finding as ex
>>> ex.check_matching(ex.reference_scores).passed
Correct (completeness and false detections per image): matches the reference on 4 test input(s).
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..checks import CheckResult, _report, check_function, check_value
from ..detection import score_detections

__all__ = ["check_completeness_change", "check_matching", "matching_cases", "reference_scores"]


def reference_scores(
    detections: pd.DataFrame, sources: pd.DataFrame, n_images: int, radius: float
) -> tuple[float, float]:
    """Reference answer: (completeness, false detections per image).

    Parameters
    ----------
    detections : pandas.DataFrame
        Columns ``image``, ``x``, ``y``.
    sources : pandas.DataFrame
        True catalogue with ``image``, ``x``, ``y`` (an ``snr`` column is optional).
    n_images : int
        Number of images searched.
    radius : float
        Matching radius in pixels.

    Returns
    -------
    tuple of float
        Fraction of sources with a detection within ``radius`` (one detection per source)
        and the number of unmatched detections divided by ``n_images``.

    Examples
    --------
    >>> det = pd.DataFrame({"image": [0, 0], "x": [4.0, 9.0], "y": [4.0, 9.0]})
    >>> src = pd.DataFrame({"image": [0, 1], "x": [4.3, 5.0], "y": [4.0, 5.0]})
    >>> reference_scores(det, src, 2, 1.5)
    (0.5, 0.5)
    """
    sources = sources.copy()
    if "snr" not in sources.columns:
        sources["snr"] = 5.0
    scores = score_detections(detections, sources, n_images, radius=radius)
    return scores["completeness_all"], scores["false_per_image"]


def matching_cases() -> list[tuple]:
    """Test inputs for :func:`check_matching`: (detections, sources, n_images, radius) tuples.

    Returns
    -------
    list of tuple
        Four cases: a perfect match, a detection just outside the radius, two detections on
        one source (one is false) and detections in an image without sources.

    Examples
    --------
    >>> len(matching_cases())
    4
    """

    def frame(rows):
        return pd.DataFrame(rows, columns=["image", "x", "y"]).astype(
            {"image": int, "x": float, "y": float}
        )

    sources = frame([[0, 10.2, 10.1], [0, 20.0, 5.0], [1, 15.0, 15.0], [3, 8.0, 20.0]])
    return [
        (frame([[0, 10, 10], [0, 20, 5], [1, 15, 15], [3, 8, 20]]), sources, 4, 1.5),
        (frame([[0, 10, 10], [0, 21.6, 5], [1, 15, 16]]), sources, 4, 1.5),
        (frame([[0, 10, 10], [0, 11, 10], [3, 8, 21]]), sources, 4, 1.5),
        (frame([[2, 5, 5], [2, 25, 25], [1, 15, 14]]), sources, 5, 2.0),
    ]


def check_matching(func: Callable) -> CheckResult:
    """Check a student's ``func(detections, sources, n_images, radius)``.

    It must return ``(completeness, false_detections_per_image)``: the fraction of true sources
    with a detection closer than ``radius`` (each detection used once) and the number of
    detections matched to no source divided by ``n_images``.

    Parameters
    ----------
    func : callable
        The student's function.

    Returns
    -------
    CheckResult
        Truthy when every test case matches the reference.

    Examples
    --------
    >>> check_matching(lambda d, s, n, r: (1.0, 0.0)).passed  # doctest: +ELLIPSIS
    Not yet (completeness and false detections per image): wrong value...
    False
    """
    return check_function(
        func,
        reference_scores,
        matching_cases(),
        name="completeness and false detections per image",
        hint=(
            "a source is found when a detection in the same image lies closer than radius; "
            "each detection may count for one source only; unmatched detections are false, "
            "divide their number by n_images."
        ),
    )


def check_completeness_change(
    answer, base_completeness: float, new_completeness: float
) -> CheckResult:
    """Check the reported change of completeness at S/N = 5 (new minus base).

    Parameters
    ----------
    answer : float
        The student's change, as a fraction (for example ``-0.03``).
    base_completeness : float
        Completeness of the lesson's network in the S/N 4-6 bin.
    new_completeness : float
        Completeness of the modified network in the same bin.

    Returns
    -------
    CheckResult
        Truthy when ``answer`` equals ``new - base`` within 0.005.

    Examples
    --------
    >>> check_completeness_change(-0.05, 0.75, 0.70).passed
    Correct (completeness change at S/N 5): -0.05 is right.
    True
    """
    if answer is None or answer is Ellipsis or new_completeness is None:
        return _report(
            False,
            "completeness change at S/N 5",
            "no answer yet: train your network, measure its completeness, compute new minus base.",
        )
    if isinstance(answer, (int, float, np.floating)) and abs(float(answer)) > 1:
        return _report(
            False,
            "completeness change at S/N 5",
            f"got {float(answer):.4g}: give the change as a fraction (between -1 and 1), "
            "not in percent.",
        )
    return check_value(
        answer,
        float(new_completeness) - float(base_completeness),
        name="completeness change at S/N 5",
        atol=0.005,
        rtol=0.0,
        hint="subtract the base network's completeness from the new one's (new - base).",
    )
