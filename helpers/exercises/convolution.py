"""Answer checks for notebook 04 (convolutional networks).

Every check verifies behaviour: the predicted output shape is compared with the shape of the
Keras stack the check builds, the student's bar kernel is convolved with model galaxies
(bars along and across it, no bar, flat sky) and with simulated spirals, the predicted number
of weights is compared with Keras' count for layers the check builds, and the student's CNN
is evaluated on simulated galaxies the check generates itself.

Examples
--------
>>> from helpers.exercises import convolution as ex
>>> ex.check_output_shape((None, 14, 14, 8)).passed
Correct (output shape after Conv2D + MaxPooling2D): (None, 14, 14, 8), as Keras computes for Conv2D(8, 5) then MaxPooling2D(2) on a 32×32×1 image.
True
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from .._validation import check_float, check_int, check_str
from ..checks import (
    answer_check,
    call_student,
    fail,
    not_attempted,
    require_array,
    require_model,
    require_number,
)

__all__ = [
    "bar_score",
    "check_bar_kernel",
    "check_conv_block",
    "check_conv_parameters",
    "check_output_shape",
    "conv_output_size",
    "conv_parameters_reference",
    "count_layers",
    "expected_output_shape",
]

_PADDINGS = ("valid", "same")


def conv_output_size(n: int, kernel_size: int, *, stride: int = 1, padding: str = "valid") -> int:
    """Side of the output of a convolution or pooling window sliding over ``n`` pixels.

    With ``padding="valid"`` the window stays inside the image:
    :math:`\\lfloor (n - k)/s \\rfloor + 1`; with ``padding="same"`` the image is padded so
    that :math:`\\lceil n/s \\rceil` positions remain (Keras' conventions for ``Conv2D`` and
    ``MaxPooling2D``).

    Parameters
    ----------
    n : int
        Input side in pixels, >= 1.
    kernel_size : int
        Window (kernel or pool) side, >= 1; with ``"valid"`` at most ``n``.
    stride : int, optional
        Step between windows, >= 1 (default 1; pooling uses its pool size).
    padding : {"valid", "same"}, optional
        Keras padding mode (default ``"valid"``).

    Returns
    -------
    int
        Output side in pixels.

    Raises
    ------
    TypeError
        If a size is not an integer or ``padding`` not a string.
    ValueError
        If a size is out of range or ``padding`` unknown.

    Examples
    --------
    >>> conv_output_size(9, 3)
    7
    >>> conv_output_size(7, 2, stride=2, padding="same")
    4
    """
    n = check_int(n, "n", minimum=1)
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
    stride = check_int(stride, "stride", minimum=1)
    check_str(padding, "padding", choices=_PADDINGS)
    if padding == "same":
        return math.ceil(n / stride)
    if kernel_size > n:
        raise ValueError(
            f"kernel_size must be <= n with padding='valid', got kernel_size={kernel_size}, n={n}"
        )
    return (n - kernel_size) // stride + 1


def expected_output_shape(
    input_size: int = 32,
    *,
    filters: int = 8,
    kernel_size: int = 5,
    pool_size: int = 2,
) -> tuple:
    """Keras output shape of ``Conv2D(filters, kernel_size)`` ('valid') then ``MaxPooling2D``.

    Parameters
    ----------
    input_size : int, optional
        Side of the square one-channel input image (default 32).
    filters : int, optional
        Number of convolution kernels (default 8).
    kernel_size : int, optional
        Kernel side (default 5).
    pool_size : int, optional
        Pool side, also its stride (default 2).

    Returns
    -------
    tuple
        ``(None, side, side, filters)``; ``None`` is the batch axis.

    Raises
    ------
    TypeError, ValueError
        If a size is not a positive integer or the kernel is larger than the image.

    Examples
    --------
    >>> expected_output_shape(32, filters=8, kernel_size=5, pool_size=2)
    (None, 14, 14, 8)
    """
    filters = check_int(filters, "filters", minimum=1)
    side = conv_output_size(input_size, kernel_size)
    side = conv_output_size(side, pool_size, stride=check_int(pool_size, "pool_size", minimum=1))
    return (None, side, side, filters)


def _shape_answer(answer) -> tuple:
    """The student's shape as a tuple of ints (``None`` for the batch axis), or fail."""
    if answer is None or answer is Ellipsis:
        not_attempted("the shape is still None: write it as a tuple, e.g. (None, 7, 7, 3).")
    if isinstance(answer, (str, bytes, Mapping, set, frozenset)) or not isinstance(
        answer, Iterable
    ):
        fail(f"write the shape as a tuple of integers, e.g. (None, 7, 7, 3); got {answer!r:.40}.")
    got = []
    for axis, size in enumerate(answer):
        if size is None:
            got.append(None)
        elif isinstance(size, (bool, np.bool_)) or not isinstance(size, numbers.Real):
            fail(f"axis {axis} is {size!r:.30}; an axis length is a whole number (or None).")
        elif not isinstance(size, numbers.Integral) and not float(size).is_integer():
            fail(
                f"axis {axis} is {size!r}; an axis length is a whole number. Keras' windows "
                "never hang over the edge: sizes are rounded down."
            )
        elif size < 0:
            fail(f"axis {axis} is {size!r}; an axis length cannot be negative.")
        else:
            got.append(int(size))
    return tuple(got)


@functools.lru_cache(maxsize=32)
def _keras_stack_shape(input_size: int, filters: int, kernel_size: int, pool_size: int) -> tuple:
    import keras

    stack = keras.Sequential(
        [
            keras.Input(shape=(input_size, input_size, 1)),
            keras.layers.Conv2D(filters, kernel_size),
            keras.layers.MaxPooling2D(pool_size),
        ]
    )
    return tuple(stack.output_shape)


def check_output_shape(
    answer,
    *,
    input_size: int = 32,
    filters: int = 8,
    kernel_size: int = 5,
    pool_size: int = 2,
):
    """Check a predicted output shape of a Conv2D ('valid') + MaxPooling2D stack.

    The check builds the stack in Keras and compares the prediction with its
    ``output_shape``, explaining the usual slips (no shrinkage by the convolution, pooling
    forgotten, channels, the batch axis, fractional sizes).

    Parameters
    ----------
    answer : tuple
        The student's shape, batch axis first (``None``).
    input_size, filters, kernel_size, pool_size : int, optional
        The stack asked about (defaults: 32×32×1 input, 8 kernels of 5×5, 2×2 pooling).

    Returns
    -------
    CheckResult
        Truthy when the shape is Keras'.

    Raises
    ------
    TypeError, ValueError
        If the stack's sizes are invalid (the exercise is set up wrongly).

    Examples
    --------
    >>> check_output_shape((None, 16, 16, 8)).passed
    Not yet (output shape after Conv2D + MaxPooling2D): a 'valid' 5×5 convolution shrinks 32 pixels to 32 - 5 + 1 = 28, before pooling halves it.
    False
    >>> check_output_shape((None, 14.5, 14.5, 8)).passed
    Not yet (output shape after Conv2D + MaxPooling2D): axis 1 is 14.5; an axis length is a whole number. Keras' windows never hang over the edge: sizes are rounded down.
    False
    """
    want = expected_output_shape(
        input_size, filters=filters, kernel_size=kernel_size, pool_size=pool_size
    )
    return _check_output_shape(answer, want, input_size, filters, kernel_size, pool_size)


@answer_check("output shape after Conv2D + MaxPooling2D")
def _check_output_shape(answer, want, input_size, filters, kernel_size, pool_size) -> str:
    got = _shape_answer(answer)
    keras_shape = _keras_stack_shape(input_size, filters, kernel_size, pool_size)
    if keras_shape != want:  # pragma: no cover - guards the reference against Keras changes
        want = keras_shape
    stack = (
        f"Conv2D({filters}, {kernel_size}) then MaxPooling2D({pool_size}) on a "
        f"{input_size}×{input_size}×1 image"
    )
    if got == want:
        return f"{got}, as Keras computes for {stack}."
    if len(got) != len(want):
        if len(got) == len(want) - 1 and got == want[1:]:
            fail(f"{got} lacks the batch axis: Keras writes it first, as None.")
        fail(
            f"{got} has {len(got)} axes; Keras' output has {len(want)} (batch, rows, cols, channels)."
        )
    conv_side = conv_output_size(input_size, kernel_size)
    no_conv = conv_output_size(input_size, pool_size, stride=pool_size)
    rows, cols = got[1], got[2]
    if rows == cols == no_conv:
        fail(
            f"a 'valid' {kernel_size}×{kernel_size} convolution shrinks {input_size} pixels "
            f"to {input_size} - {kernel_size} + 1 = {conv_side}, before pooling halves it."
        )
    if rows == cols == conv_side:
        fail(f"{conv_side} is the size after the convolution; now apply the pooling.")
    if rows == cols == (input_size - kernel_size) // pool_size:
        fail(
            f"a {kernel_size}×{kernel_size} kernel fits in n - k + 1 = {conv_side} positions "
            f"(not n - k = {input_size - kernel_size}), then pooling."
        )
    if (rows, cols) == want[1:3] and got[3] != want[3]:
        fail("the last axis holds one channel per convolution kernel (filters).")
    if got[0] is not None:
        fail("the first axis is the batch: its size is not fixed, Keras writes None.")
    axes = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    fail(f"{got} differs from Keras' output shape on axis/axes {axes}.")


# --- Exercise: a kernel that detects a bar ------------------------------------------------

_BAR_SHAPES = ((0.2, 4.0), (0.3, 4.0), (0.2, 5.5), (0.3, 5.5))  # (axis ratio, half length)
_BAR_ANGLES = np.arange(0.0, 180.0, 15.0)


def _model_galaxy(angle_deg: float, *, bar: bool, axis_ratio: float, half_length: float):
    """A 33×33 model spiral's inner part: bulge, disc and (optionally) a bar at an angle."""
    from scipy import ndimage

    from ..galaxies import sersic_profile

    size = 33
    y, x = np.mgrid[0:size, 0:size].astype(float) - size // 2
    t = np.deg2rad(angle_deg)
    u = x * np.cos(t) + y * np.sin(t)  # along the bar (angle from the +x axis, the rows)
    v = -x * np.sin(t) + y * np.cos(t)
    r = np.sqrt(x**2 + y**2 + 0.25)
    image = 0.9 * sersic_profile(r, 1.0, 4.0) / 30.0 + 0.25 * np.exp(-r / 3.5)
    if bar:
        image = image + 1.1 * sersic_profile(np.hypot(u, v / axis_ratio), 0.75 * half_length, 0.5)
    image = ndimage.gaussian_filter(image, 1.0, mode="constant")
    return image / image.max()


def _centre_response(kernel: np.ndarray, image: np.ndarray) -> float:
    from scipy import ndimage

    return float(ndimage.correlate(image, kernel, mode="constant")[16, 16])


def bar_score(images, kernel) -> np.ndarray:
    """How strongly a bar-detecting ``kernel`` prefers one direction in each image's centre.

    Each image is turned through 12 angles (0 to 165 degrees); the kernel is slid over it
    (Keras-style correlation) and its largest response in the central 6×6 pixels is kept.
    The score is the largest minus the smallest of those responses: large for an elongated
    bar, small for a round bulge (which looks the same from every angle).

    Parameters
    ----------
    images : array-like, shape (n, ny, nx)
        Galaxy images, centred.
    kernel : array-like, shape (k, k)
        The kernel, most sensitive to bars along the rows (the x axis).

    Returns
    -------
    numpy.ndarray, shape (n,)
        One score per image.

    Raises
    ------
    ValueError
        If the images are not a stack of 2-D images of at least 8×8 pixels, or the kernel
        is not a square 2-D array.

    Examples
    --------
    >>> line = np.array([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]]) / 6
    >>> bars = np.stack([_model_galaxy(30.0, bar=True, axis_ratio=0.25, half_length=5.0)])
    >>> round_ = np.stack([_model_galaxy(30.0, bar=False, axis_ratio=0.25, half_length=5.0)])
    >>> bool(bar_score(bars, line)[0] > 3 * bar_score(round_, line)[0])
    True
    """
    from scipy import ndimage

    from .._validation import check_array

    images = check_array(images, "images", ndim=3)
    kernel = check_array(kernel, "kernel", ndim=2)
    if kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"kernel must be square, got shape {kernel.shape}")
    if min(images.shape[1:]) < 8:
        raise ValueError(f"images must be at least 8×8 pixels, got {images.shape[1:]}")
    cy, cx = images.shape[1] // 2, images.shape[2] // 2
    responses = []
    for angle in _BAR_ANGLES:
        turned = ndimage.rotate(images, angle, axes=(1, 2), reshape=False, order=1)
        response = ndimage.correlate(turned, kernel[None], mode="constant")
        responses.append(response[:, cy - 3 : cy + 3, cx - 3 : cx + 3].max(axis=(1, 2)))
    responses = np.stack(responses)
    return responses.max(axis=0) - responses.min(axis=0)


@functools.lru_cache(maxsize=1)
def _simulated_spirals():
    from ..galaxies import make_galaxies

    return make_galaxies(
        160, size=32, noise=0.0, psf_sigma=1.0, seed=2025, classes=("spiral", "barred_spiral")
    )


@answer_check("bar-detecting kernel")
def check_bar_kernel(kernel) -> str:
    """Check a kernel meant to detect a bright bar lying along the rows (the x axis).

    The kernel is slid over model galaxies (Keras-style, without flipping) and read at the
    galaxy's centre. It must

    1. ignore a flat sky level (weights summing to about zero);
    2. give a positive response at the centre of a bright bar along the x axis;
    3. respond at least twice as strongly to that bar as to the same bar turned by 90°;
    4. respond at least 1.5 times as strongly as to the same galaxy without a bar;

    for four bar shapes (axis ratio 0.2-0.3, half length 4-5.5 px). Then, turned through 12
    angles (:func:`bar_score`), it must separate 160 simulated barred from unbarred spirals
    of ``helpers.make_galaxies`` (area under the ROC curve at least 0.8).

    Parameters
    ----------
    kernel : array-like, shape (k, k)
        Odd side k from 3 to 9.

    Returns
    -------
    CheckResult
        Truthy when all the tests pass.

    Examples
    --------
    >>> check_bar_kernel([[-1, -1, -1], [2, 2, 2], [-1, -1, -1]]).passed  # doctest: +ELLIPSIS
    Correct (bar-detecting kernel): flat sky gives 0; ...
    True
    >>> check_bar_kernel(np.ones((3, 3)) / 9).passed  # doctest: +ELLIPSIS
    Not yet (bar-detecting kernel): your weights sum to 1, so a flat sky level ...
    False
    """
    from sklearn.metrics import roc_auc_score

    k = require_array(kernel, "your kernel", ndim=2)
    if k.shape[0] != k.shape[1] or k.shape[0] % 2 == 0 or not 3 <= k.shape[0] <= 9:
        fail(f"your kernel has shape {k.shape}; make it square with an odd side from 3 to 9.")
    total = float(np.abs(k).sum())
    if total == 0:
        fail("your kernel is all zeros: it responds to nothing.")
    if abs(float(k.sum())) > 0.05 * total:
        fail(
            f"your weights sum to {k.sum():.3g}, so a flat sky level (or a smooth disc) gives a "
            "response too. Make the positive and negative weights cancel (sum about 0)."
        )
    worst_across, worst_round = math.inf, math.inf
    for axis_ratio, half_length in _BAR_SHAPES:
        shape = {"axis_ratio": axis_ratio, "half_length": half_length}
        along = _centre_response(k, _model_galaxy(0.0, bar=True, **shape))
        across = _centre_response(k, _model_galaxy(90.0, bar=True, **shape))
        unbarred = _centre_response(k, _model_galaxy(0.0, bar=False, **shape))
        described = f"a bar of axis ratio {axis_ratio:g} and half length {half_length:g} px"
        if along <= 0:
            fail(
                f"at the centre of {described} along the x axis your kernel gives "
                f"{along:.3g}: a bright bar should give a positive response (bright ridge on "
                "the centre row, darker rows above and below)."
            )
        if along < 2.0 * abs(across):
            fail(
                f"for {described} your kernel gives {along:.3g} along the x axis and "
                f"{across:.3g} for the same bar turned by 90°: it should prefer bars along the "
                "rows at least twice as much (long in x, thin in y)."
            )
        if along < 1.5 * abs(unbarred):
            fail(
                f"your kernel gives {along:.3g} for {described} but {unbarred:.3g} for the "
                "same galaxy without a bar: it responds to the round bulge almost as much. "
                "A bar is elongated: reward a ridge along x, penalise light above and below."
            )
        worst_across = min(worst_across, along / max(abs(across), 1e-12))
        worst_round = min(worst_round, along / max(abs(unbarred), 1e-12))
    images, labels = _simulated_spirals()
    auc = float(roc_auc_score(labels == 2, bar_score(images, k)))
    if auc < 0.8:
        fail(
            f"on the model bars it works, but turned through 12 angles it separates simulated "
            f"barred from unbarred spirals with an area under the ROC curve of only {auc:.2f} "
            "(0.5 is guessing; 0.8 needed). Try a kernel that matches a bar's width."
        )
    return (
        f"flat sky gives 0; a bar along x gives at least {worst_across:.1f}× the response of "
        f"the bar turned by 90° and {worst_round:.1f}× that of the galaxy without a bar; "
        f"turned through 12 angles it tells {len(labels)} simulated barred from unbarred "
        f"spirals with ROC AUC {auc:.2f}."
    )


# --- Exercise: the weights of a convolution layer -----------------------------------------


def conv_parameters_reference(
    image_size: int, kernel_size: int, in_channels: int, filters: int
) -> int:
    """Weights plus biases of ``Conv2D(filters, kernel_size)`` on ``in_channels`` channels.

    Every filter has one ``kernel_size × kernel_size`` kernel per input channel and one bias;
    the same kernels slide over every position, so the image size does not enter.

    Parameters
    ----------
    image_size : int
        Side of the input image (>= kernel_size); it does not change the count.
    kernel_size, in_channels, filters : int
        Kernel side, channels of the input, number of filters (all >= 1).

    Returns
    -------
    int
        ``kernel_size**2 * in_channels * filters + filters``.

    Raises
    ------
    TypeError, ValueError
        If a size is not a positive integer or the kernel is larger than the image.

    Examples
    --------
    >>> conv_parameters_reference(16, 3, 8, 16)
    1168
    """
    image_size = check_int(image_size, "image_size", minimum=1)
    kernel_size = check_int(kernel_size, "kernel_size", minimum=1, maximum=image_size)
    in_channels = check_int(in_channels, "in_channels", minimum=1)
    filters = check_int(filters, "filters", minimum=1)
    return kernel_size**2 * in_channels * filters + filters


#: Layers the parameter check builds: (image side, kernel side, input channels, filters).
_CONV_LAYERS = ((32, 3, 1, 8), (16, 3, 8, 16), (256, 3, 8, 16), (32, 5, 3, 4), (8, 1, 32, 10))


@functools.lru_cache(maxsize=16)
def _keras_conv_count(image_size: int, kernel_size: int, in_channels: int, filters: int) -> int:
    import keras

    layer = keras.layers.Conv2D(filters, kernel_size)
    layer.build((None, image_size, image_size, in_channels))
    return int(layer.count_params())


@answer_check("weights of a Conv2D layer")
def check_conv_parameters(func: Callable) -> str:
    """Check ``func(image_size, kernel_size, in_channels, filters)``: a Conv2D's parameters.

    The check builds five ``keras.layers.Conv2D`` layers (on images of 8 to 256 pixels, 1 to
    32 input channels) and compares the student's count with ``layer.count_params()``.

    Parameters
    ----------
    func : callable
        The student's function.

    Returns
    -------
    CheckResult
        Truthy when every count equals Keras'.

    Examples
    --------
    >>> check_conv_parameters(conv_parameters_reference).passed  # doctest: +ELLIPSIS
    Correct (weights of a Conv2D layer): your counts equal Keras' for 5 layers...
    True
    """
    for image_size, kernel_size, in_channels, filters in _CONV_LAYERS:
        layer = (
            f"Conv2D({filters}, {kernel_size}) on {image_size}×{image_size}×{in_channels} inputs"
        )
        predicted = require_number(
            call_student(func, image_size, kernel_size, in_channels, filters, what="your function"),
            f"your count for {layer}",
            integer=True,
        )
        counted = _keras_conv_count(image_size, kernel_size, in_channels, filters)
        if predicted == counted:
            continue
        per_filter = kernel_size**2 * in_channels
        if (
            predicted == counted * image_size**2
            or predicted == per_filter * filters * image_size**2
        ):
            fail(
                f"for {layer} you count {predicted:,}, Keras {counted:,}: the same kernels "
                "slide over every position (weight sharing), so the image size does not enter."
            )
        if predicted == per_filter * filters:
            fail(
                f"for {layer} you count {predicted:,}, Keras {counted:,}: each filter also has "
                "one bias."
            )
        if predicted == kernel_size**2 * filters + filters:
            fail(
                f"for {layer} you count {predicted:,}, Keras {counted:,}: each filter has one "
                f"{kernel_size}×{kernel_size} kernel per input channel ({in_channels} here)."
            )
        fail(
            f"for {layer} you count {predicted:,}, Keras {counted:,}. A filter has "
            "kernel_size² weights per input channel, plus one bias."
        )
    return (
        f"your counts equal Keras' for {len(_CONV_LAYERS)} layers: a Conv2D layer has the same "
        f"{conv_parameters_reference(16, 3, 8, 16):,} weights on a 16×16 as on a 256×256 "
        "image (weight sharing)."
    )


# --- Exercise: a second convolutional block -----------------------------------------------


def count_layers(model, kind: str) -> int:
    """Count the layers of class ``kind`` (for example ``"Conv2D"``) in a Keras model.

    Parameters
    ----------
    model : keras.Model
        Any object with a ``layers`` list.
    kind : str
        Layer class name.

    Returns
    -------
    int
        How many layers are of that class (nested models are searched too).

    Raises
    ------
    TypeError
        If ``model`` has no ``layers`` or ``kind`` is not a string.

    Examples
    --------
    >>> class Conv2D: pass
    >>> class Model:
    ...     layers = [Conv2D(), Conv2D(), object()]
    >>> count_layers(Model(), "Conv2D")
    2
    """
    check_str(kind, "kind")
    if not hasattr(model, "layers"):
        raise TypeError(f"model must be a Keras model (with .layers), got {type(model).__name__}")
    total = 0
    for layer in model.layers:
        if type(layer).__name__ == kind:
            total += 1
        elif hasattr(layer, "layers"):
            total += count_layers(layer, kind)
    return total


#: The exercise's starting model: one block, then the classifier. Unchanged, it is open.
_STARTER_LAYERS = ("Conv2D", "MaxPooling2D", "Flatten", "Dense")


@functools.lru_cache(maxsize=4)
def _held_out_galaxies(image_size: int, noise: float, psf_sigma: float, n_images: int, seed: int):
    from ..galaxies import make_galaxies

    images, labels = make_galaxies(
        n_images, size=image_size, noise=noise, psf_sigma=psf_sigma, seed=seed
    )
    return images[..., None], labels


def check_conv_block(
    model,
    *,
    target: float,
    image_size: int = 32,
    noise: float = 0.15,
    psf_sigma: float = 1.0,
    baseline_conv_layers: int = 1,
    n_images: int = 300,
    seed: int = 2024,
):
    """Check a CNN that got an extra convolutional block, on galaxies the check generates.

    The check counts the model's Conv2D layers and evaluates it on ``n_images`` simulated
    galaxies of its own (``helpers.make_galaxies`` with the notebook's size, noise and PSF,
    a seed the notebook never uses).

    Parameters
    ----------
    model : keras.Model
        The student's trained model (input ``(image_size, image_size, 1)``, 3 softmax outputs).
    target : float
        Accuracy to beat, in [0, 1].
    image_size : int, optional
        Image side (default 32).
    noise, psf_sigma : float, optional
        White noise (in units of the peak) and PSF width (pixels) of the held-out images.
    baseline_conv_layers : int, optional
        Conv2D layers of the model the exercise started from (default 1).
    n_images : int, optional
        Held-out images (default 300).
    seed : int, optional
        Seed of the held-out images (default 2024).

    Returns
    -------
    CheckResult
        Truthy when the model has more Conv2D layers than the baseline and its accuracy on
        the held-out galaxies beats ``target``. The unchanged starting model (Conv2D,
        MaxPooling2D, Flatten, Dense) is an open exercise: "not attempted".

    Raises
    ------
    TypeError, ValueError
        If a setting is invalid (the exercise is set up wrongly).
    """
    target = check_float(target, "target", minimum=0.0, maximum=1.0)
    image_size = check_int(image_size, "image_size", minimum=8)
    noise = check_float(noise, "noise", minimum=0.0)
    psf_sigma = check_float(psf_sigma, "psf_sigma", minimum=0.0)
    baseline_conv_layers = check_int(baseline_conv_layers, "baseline_conv_layers", minimum=0)
    n_images = check_int(n_images, "n_images", minimum=30)
    seed = check_int(seed, "seed", minimum=0)
    return _check_conv_block(
        model, target, image_size, noise, psf_sigma, baseline_conv_layers, n_images, seed
    )


@answer_check("extra convolutional block")
def _check_conv_block(
    model, target, image_size, noise, psf_sigma, baseline_conv_layers, n_images, seed
) -> str:
    model = require_model(model, "my_model")
    want_in = (None, image_size, image_size, 1)
    if tuple(model.input_shape) != want_in:
        fail(f"my_model takes inputs of shape {model.input_shape}; the galaxies are {want_in}.")
    if tuple(model.output_shape) != (None, 3):
        fail(f"my_model's output has shape {model.output_shape}; it needs 3 class probabilities.")
    kinds = tuple(type(layer).__name__ for layer in model.layers)
    if kinds == _STARTER_LAYERS:
        not_attempted(
            "my_model is still the one-block model it started as: add a Conv2D and a "
            "MaxPooling2D where marked, then run the cell."
        )
    n_conv = count_layers(model, "Conv2D")
    if n_conv <= baseline_conv_layers:
        fail(
            f"my_model has {n_conv} Conv2D layer(s); add a block (Conv2D followed by "
            "MaxPooling2D) after the first one."
        )
    images, labels = _held_out_galaxies(image_size, noise, psf_sigma, n_images, seed)
    probabilities = require_array(
        model.predict(images, verbose=0), "my_model's predictions", shape=(n_images, 3)
    )
    accuracy = float((probabilities.argmax(axis=1) == labels).mean())
    if accuracy <= target:
        fail(
            f"on {n_images} new simulated galaxies my_model is right for {accuracy:.3f} of "
            f"them, not above {target:.3f} yet: train it (fit) after adding the block, or "
            "try more filters in the new block."
        )
    return (
        f"{n_conv} Conv2D layers; on {n_images} new simulated galaxies my_model is right for "
        f"{accuracy:.3f} of them (> {target:.3f})."
    )
