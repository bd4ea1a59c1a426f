"""Answer checks for notebook 04 (convolutional networks)."""

from __future__ import annotations

import math
import numbers

from .._validation import check_float, check_int, check_str
from ..checks import CheckResult, _report, check_shape

__all__ = [
    "check_conv_block",
    "check_output_shape",
    "conv_output_size",
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


def check_output_shape(
    answer,
    *,
    input_size: int = 32,
    filters: int = 8,
    kernel_size: int = 5,
    pool_size: int = 2,
) -> CheckResult:
    """Check the output shape of a Conv2D ('valid') + MaxPooling2D stack.

    Parameters
    ----------
    answer : tuple
        The student's shape, batch axis first (``None``).
    input_size, filters, kernel_size, pool_size : int, optional
        The stack asked about (defaults: 32×32×1 input, 8 kernels of 5×5, 2×2 pooling).

    Returns
    -------
    CheckResult
        Truthy when the shape is right.

    Raises
    ------
    TypeError, ValueError
        If the stack's sizes are invalid.

    Examples
    --------
    >>> check_output_shape((None, 14, 14, 8)).passed
    Correct (output shape after Conv2D + MaxPooling2D): (None, 14, 14, 8) is right.
    True
    >>> check_output_shape((None, 16, 16, 8)).passed
    Not yet (output shape after Conv2D + MaxPooling2D): a 'valid' 5×5 convolution shrinks 32 pixels to 32 - 5 + 1 = 28, before pooling halves it.
    False
    """
    want = expected_output_shape(
        input_size, filters=filters, kernel_size=kernel_size, pool_size=pool_size
    )
    name = "output shape after Conv2D + MaxPooling2D"
    try:
        got = tuple(answer)
    except TypeError:
        got = None
    if got is not None and len(got) == 4 and got[1:] != want[1:]:
        conv_side = conv_output_size(input_size, kernel_size)
        no_conv = conv_output_size(input_size, pool_size, stride=pool_size)
        if got[1] == no_conv and got[2] == no_conv:
            return _report(
                False,
                name,
                f"a 'valid' {kernel_size}×{kernel_size} convolution shrinks {input_size} pixels "
                f"to {input_size} - {kernel_size} + 1 = {conv_side}, before pooling halves it.",
            )
        if got[1] == conv_side and got[2] == conv_side:
            return _report(
                False, name, f"{conv_side} is the size after the convolution; now apply pooling."
            )
        if got[3] != filters:
            return _report(False, name, "the last axis holds one channel per convolution kernel.")
    return check_shape(answer, want, name=name)


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


def check_conv_block(
    model, accuracy, *, target: float, baseline_conv_layers: int = 1
) -> CheckResult:
    """Check that a model got an extra convolutional block and beat the target accuracy.

    Parameters
    ----------
    model : keras.Model
        The student's model.
    accuracy : float
        Its test accuracy, a fraction in [0, 1].
    target : float
        Accuracy to beat, in [0, 1].
    baseline_conv_layers : int, optional
        Conv2D layers of the model the exercise started from (default 1).

    Returns
    -------
    CheckResult
        Truthy when the model has more Conv2D layers than the baseline and
        ``accuracy > target``.

    Raises
    ------
    ValueError
        If ``target`` is outside [0, 1].

    Examples
    --------
    >>> class Conv2D: pass
    >>> class Model:
    ...     layers = [Conv2D(), Conv2D()]
    >>> check_conv_block(Model(), 0.93, target=0.9).passed
    Correct (extra convolutional block): 2 Conv2D layers, test accuracy 0.930 > 0.900.
    True
    """
    target = check_float(target, "target", minimum=0.0, maximum=1.0)
    baseline_conv_layers = check_int(baseline_conv_layers, "baseline_conv_layers", minimum=0)
    name = "extra convolutional block"
    if model is None or model is Ellipsis or not hasattr(model, "layers"):
        return _report(False, name, f"expected a Keras model, got {type(model).__name__}.")
    n_conv = count_layers(model, "Conv2D")
    if n_conv <= baseline_conv_layers:
        return _report(
            False,
            name,
            f"the model has {n_conv} Conv2D layer(s); add a block "
            "(Conv2D followed by MaxPooling2D) after the first one.",
        )
    if isinstance(accuracy, bool) or not isinstance(accuracy, numbers.Real):
        return _report(
            False, name, f"accuracy must be a number, got {type(accuracy).__name__} {accuracy!r}."
        )
    if not 0.0 <= float(accuracy) <= 1.0:
        return _report(False, name, f"accuracy must be a fraction in [0, 1], got {accuracy}.")
    if float(accuracy) <= target:
        return _report(
            False,
            name,
            f"test accuracy {float(accuracy):.3f} does not beat {target:.3f} yet; try more "
            "filters in the new block or one or two more epochs.",
        )
    return _report(
        True,
        name,
        f"{n_conv} Conv2D layers, test accuracy {float(accuracy):.3f} > {target:.3f}.",
    )
