"""Answer checks for notebook 00 (introduction).

Every check works from what the student's answer *does*: the neuron's output is recomputed
from its inputs, the student's layer function is called on cases the check builds (one of
them with a square weight matrix, so a transposed matrix cannot hide), and the predicted
parameter count of a network is compared with what Keras counts for networks the check builds.

Examples
--------
>>> from helpers.exercises import introduction as ex
>>> ex.check_buzzwords(["machine learning", "deep learning", "AI", "neural network",
...                     "Bayesian analysis"]).passed
Correct (buzzwords): the first five are ways to learn from data; the last three are what astronomers point them at.
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping

import numpy as np

from .._validation import check_array, check_float
from ..checks import (
    CheckResult,
    answer_check,
    call_student,
    fail,
    not_attempted,
    require_array,
    require_number,
)

__all__ = [
    "BUZZWORDS",
    "METHODS",
    "check_buzzwords",
    "check_layer",
    "check_neuron_output",
    "check_parameter_count",
    "layer_reference",
    "neuron_reference",
    "parameter_count_reference",
]

#: The deck's buzzwords, as printed on the slide.
BUZZWORDS = (
    "machine learning",
    "deep learning",
    "AI",
    "neural network",
    "Bayesian analysis",
    "gravitational waves",
    "exoplanets",
    "dark matter",
)

#: Which buzzwords name methods (ways of learning from data) rather than things in the sky.
METHODS = frozenset(
    {"machine learning", "deep learning", "ai", "neural network", "bayesian analysis"}
)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron_reference(x, w, b) -> float:
    """Output of one sigmoid neuron, :math:`\\sigma(w \\cdot x + b)` (the exercise's answer).

    Parameters
    ----------
    x, w : array-like
        Inputs and weights, same length.
    b : float
        Bias.

    Returns
    -------
    float
        The neuron's output, between 0 and 1.

    Raises
    ------
    ValueError
        If ``x`` and ``w`` differ in shape or hold NaN.

    Examples
    --------
    >>> neuron_reference([1.0, 2.0], [0.5, -0.25], 0.0)
    0.5
    """
    x, w, b = _neuron_inputs(x, w, b)
    return float(_sigmoid(w @ x + b))


def _neuron_inputs(x, w, b) -> tuple[np.ndarray, np.ndarray, float]:
    x = check_array(x, "x", ndim=1)
    w = check_array(w, "w", ndim=1)
    if x.shape != w.shape:
        raise ValueError(f"x and w must have the same shape, got {x.shape} and {w.shape}")
    return x, w, check_float(b, "b")


def check_neuron_output(answer, x, w, b) -> CheckResult:
    """Check the output of one sigmoid neuron with inputs ``x``, weights ``w``, bias ``b``.

    The check recomputes :math:`\\sigma(w \\cdot x + b)` and explains the usual slips: the
    weighted sum without the activation, a forgotten bias, the sign of the exponent.

    Parameters
    ----------
    answer : float
        The student's value of :math:`\\sigma(w \\cdot x + b)`.
    x, w : array-like
        Inputs and weights (same length).
    b : float
        Bias.

    Returns
    -------
    CheckResult
        Truthy when the answer is right to 1e-6.

    Raises
    ------
    ValueError
        If ``x`` and ``w`` have different lengths (the exercise is set up wrongly).

    Examples
    --------
    >>> check_neuron_output(0.5, [1.0], [0.0], 0.0).passed
    Correct (neuron output): 0.5 is right: sigmoid(z) with z = w·x + b = 0.
    True
    >>> check_neuron_output(0.0, [1.0], [0.0], 0.0).passed
    Not yet (neuron output): that is the weighted sum z = w·x + b; now apply the sigmoid 1/(1 + exp(-z)) to it.
    False
    """
    x, w, b = _neuron_inputs(x, w, b)
    return _check_neuron_output(answer, x, w, b)


@answer_check("neuron output")
def _check_neuron_output(answer, x, w, b) -> str:
    value = require_number(answer, "your output y")
    z = float(w @ x + b)
    right = float(_sigmoid(z))
    if np.isclose(value, right, rtol=1e-6, atol=1e-9):
        return f"{value:.6g} is right: sigmoid(z) with z = w·x + b = {z:.4g}."
    if np.isclose(value, z, rtol=1e-6, atol=1e-9):
        fail("that is the weighted sum z = w·x + b; now apply the sigmoid 1/(1 + exp(-z)) to it.")
    if np.isclose(value, float(_sigmoid(w @ x)), rtol=1e-6, atol=1e-9):
        fail("you left out the bias b: z = w·x + b.")
    if np.isclose(value, float(w @ x), rtol=1e-6, atol=1e-9):
        fail("that is w·x without the bias, and without the sigmoid.")
    if np.isclose(value, float(_sigmoid(-z)), rtol=1e-6, atol=1e-9):
        fail("check the sign in the exponent: sigmoid(z) = 1/(1 + exp(-z)), with a minus.")
    if not 0.0 < value < 1.0:
        fail(f"{value:.6g} cannot be a sigmoid's output: it lies between 0 and 1.")
    fail(
        f"got {value:.6g}. First the weighted sum z = w·x + b (here {z:.4f}), then the "
        "sigmoid 1/(1 + exp(-z))."
    )


def layer_reference(x, weights, biases) -> np.ndarray:
    """A layer of sigmoid neurons applied to a batch: :math:`\\sigma(X W + b)`.

    Parameters
    ----------
    x : array-like, shape (n_samples, n_inputs)
        One row per sample.
    weights : array-like, shape (n_inputs, n_neurons)
        One column per neuron.
    biases : array-like, shape (n_neurons,)
        One bias per neuron.

    Returns
    -------
    numpy.ndarray, shape (n_samples, n_neurons)
        Each neuron's output for each sample.

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    >>> layer_reference([[0.0, 1.0]], [[1.0, 0.0], [0.0, 0.0]], [0.0, 0.0]).tolist()
    [[0.5, 0.5]]
    """
    x = check_array(x, "x", ndim=2)
    weights = check_array(weights, "weights", ndim=2)
    biases = check_array(biases, "biases", ndim=1)
    if x.shape[1] != weights.shape[0] or weights.shape[1] != biases.shape[0]:
        raise ValueError(
            "x (n_samples, n_inputs), weights (n_inputs, n_neurons) and biases (n_neurons,) "
            f"must fit together, got {x.shape}, {weights.shape} and {biases.shape}"
        )
    return _sigmoid(x @ weights + biases)


def _layer_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(2024)
    cases = []
    # square weights first: a transposed matrix then gives the right shape but wrong numbers
    for n_samples, n_inputs, n_neurons in ((6, 4, 4), (5, 3, 2), (1, 2, 1), (8, 5, 7)):
        cases.append(
            (
                rng.normal(size=(n_samples, n_inputs)),
                rng.normal(size=(n_inputs, n_neurons)),
                rng.normal(size=n_neurons),
            )
        )
    return cases


@answer_check("layer of neurons")
def check_layer(func: Callable) -> str:
    """Check ``func(x, weights, biases)``: a layer of sigmoid neurons on a batch of samples.

    The check calls the function on four cases of its own (batches of 1 to 8 samples, 2 to
    5 inputs, 1 to 7 neurons, one of them with a square weight matrix) and compares with
    :func:`layer_reference`.

    Parameters
    ----------
    func : callable
        The student's function; returns an array of shape (n_samples, n_neurons).

    Returns
    -------
    CheckResult
        Truthy when every output matches to 1e-6.

    Examples
    --------
    >>> check_layer(layer_reference).passed
    Correct (layer of neurons): on 4 batches (1 to 8 samples, 1 to 7 neurons) your layer gives sigmoid(x @ W + b) for every sample and neuron.
    True
    >>> check_layer(lambda x, w, b: x @ w + b).passed
    Not yet (layer of neurons): for a batch of 6 samples, 4 inputs and 4 neurons your outputs match x @ W + b: the sigmoid is missing.
    False
    """
    for x, weights, biases in _layer_cases():
        n_samples, n_inputs = x.shape
        n_neurons = weights.shape[1]
        where = f"for a batch of {n_samples} samples, {n_inputs} inputs and {n_neurons} neurons"
        got = require_array(
            call_student(func, x, weights, biases, what="your layer function"),
            f"what your function returned {where}",
        )
        right = _sigmoid(x @ weights + biases)
        if got.shape != right.shape:
            fail(
                f"{where} your function returned shape {got.shape}, expected "
                f"{right.shape}: one row per sample, one column per neuron (x @ W)."
            )
        if np.allclose(got, right, rtol=1e-6, atol=1e-9):
            continue
        slips = [
            (x @ weights + biases, "the sigmoid is missing"),
            (_sigmoid(x @ weights), "the biases are missing"),
            (np.maximum(x @ weights + biases, 0.0), "that is ReLU; this layer uses the sigmoid"),
            (np.tanh(x @ weights + biases), "that is tanh; this layer uses the sigmoid"),
            (_sigmoid(-(x @ weights + biases)), "the sign of the exponent is wrong"),
        ]
        if n_inputs == n_neurons:
            slips.append(
                (
                    _sigmoid(x @ weights.T + biases),
                    "you used W transposed: column j of W holds neuron j's weights, so x @ W",
                )
            )
        for value, reason in slips:
            if np.allclose(got, value, rtol=1e-6, atol=1e-9):
                fail(f"{where} your outputs match {_describe_slip(reason)}.")
        error = float(np.abs(got - right).max())
        fail(
            f"{where} your outputs differ from sigmoid(x @ W + b) by up to {error:.3g}. "
            "Each neuron j computes sigmoid(sum_i x[n, i] W[i, j] + b[j]) for each sample n."
        )
    return (
        "on 4 batches (1 to 8 samples, 1 to 7 neurons) your layer gives sigmoid(x @ W + b) "
        "for every sample and neuron."
    )


def _describe_slip(reason: str) -> str:
    if reason == "the sigmoid is missing":
        return "x @ W + b: the sigmoid is missing"
    if reason == "the biases are missing":
        return "sigmoid(x @ W): the biases are missing"
    return reason


def parameter_count_reference(layer_sizes) -> int:
    """Weights plus biases of a fully connected network with the given layer sizes.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, the input layer first (at least two layers, each >= 1).

    Returns
    -------
    int
        :math:`\\sum_l n_{l-1} n_l + n_l`: one weight per pair of neurons in consecutive
        layers, one bias per neuron outside the input layer.

    Raises
    ------
    TypeError, ValueError
        If ``layer_sizes`` is not a sequence of at least two positive integers.

    Examples
    --------
    >>> parameter_count_reference([4, 5, 3, 1])
    47
    """
    sizes = _layer_sizes(layer_sizes)
    return int(sum(a * b + b for a, b in itertools.pairwise(sizes)))


def _layer_sizes(layer_sizes) -> list[int]:
    if isinstance(layer_sizes, (str, bytes, Mapping)) or not isinstance(layer_sizes, Iterable):
        raise TypeError(f"layer_sizes must be a list of integers, got {layer_sizes!r}")
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two layers, got {sizes}")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"layer_sizes must hold integers, got {size!r}")
        if size < 1:
            raise ValueError(f"layer_sizes must be >= 1, got {size}")
    return [int(s) for s in sizes]


#: Networks the parameter-count check builds in Keras: the drawn one, notebook 04's dense
#: baseline, an MNIST-sized one, a single neuron and a deeper narrow one.
_NETWORKS = ((4, 5, 3, 1), (1024, 13, 16, 3), (784, 32, 10), (3, 1), (5, 8, 8, 8, 2))


def _keras_count(sizes) -> int:
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(sizes[0],)), *(keras.layers.Dense(n) for n in sizes[1:])]
    )
    return int(model.count_params())


@answer_check("parameter count")
def check_parameter_count(func: Callable) -> str:
    """Check ``func(layer_sizes)``: the number of weights and biases of a dense network.

    The check builds five fully connected Keras networks (``keras.Input`` then one
    ``Dense`` layer per entry after the first) and compares the student's prediction with
    ``model.count_params()``.

    Parameters
    ----------
    func : callable
        The student's function of a tuple of layer sizes (input layer first).

    Returns
    -------
    CheckResult
        Truthy when every prediction equals Keras' count.

    Examples
    --------
    >>> check_parameter_count(parameter_count_reference).passed  # doctest: +ELLIPSIS
    Correct (parameter count): your counts equal Keras' count_params() for 5 networks...
    True
    """
    for sizes in _NETWORKS:
        predicted = require_number(
            call_student(func, sizes, what="your function"),
            f"your count for the layer sizes {sizes}",
            integer=True,
        )
        counted = _keras_count(sizes)
        if predicted == counted:
            continue
        pairs = list(itertools.pairwise(sizes))
        weights = sum(a * b for a, b in pairs)
        if predicted == weights:
            fail(
                f"for {sizes} you count {predicted:,}, Keras counts {counted:,}: those are the "
                "weights only; every neuron outside the input layer also has a bias."
            )
        if predicted == weights + sum(sizes):
            fail(
                f"for {sizes} you count {predicted:,}, Keras counts {counted:,}: the input "
                "layer only passes the data on; it has no biases."
            )
        fail(
            f"for {sizes} you count {predicted:,}, Keras counts {counted:,}. Count one weight "
            "for every pair of neurons in consecutive layers, plus one bias per neuron after "
            "the input layer."
        )
    return (
        f"your counts equal Keras' count_params() for {len(_NETWORKS)} networks, from one "
        f"neuron ({parameter_count_reference((3, 1))} parameters) to notebook 04's dense "
        f"baseline ({parameter_count_reference((1024, 13, 16, 3)):,})."
    )


@answer_check("buzzwords")
def check_buzzwords(methods) -> str:
    """Check which of the deck's buzzwords are methods rather than science topics.

    Parameters
    ----------
    methods : iterable of str
        The buzzwords the student calls methods (case-insensitive).

    Returns
    -------
    CheckResult
        Truthy when exactly the methods were chosen.

    Examples
    --------
    >>> check_buzzwords(["exoplanets"]).passed  # doctest: +ELLIPSIS
    Not yet (buzzwords): missing ...
    False
    >>> check_buzzwords(5).passed
    Not yet (buzzwords): give a list of buzzwords (strings), e.g. ['deep learning'], got int 5.
    False
    """
    if methods is None or methods is Ellipsis:
        not_attempted("my_methods is still None: write a list of buzzwords in its place.")
    if isinstance(methods, (str, bytes, Mapping)) or not isinstance(methods, Iterable):
        fail(
            "give a list of buzzwords (strings), e.g. ['deep learning'], got "
            f"{type(methods).__name__} {methods!r:.40}."
        )
    items = list(methods)
    if any(m is None or m is Ellipsis for m in items):
        not_attempted("my_methods still holds None: write the buzzwords themselves.")
    strange = [m for m in items if not isinstance(m, str)]
    if strange:
        fail(f"write each buzzword as a string, as printed; got {strange!r:.60}.")
    chosen = {m.strip().lower() for m in items}
    known = {b.lower() for b in BUZZWORDS}
    unknown = sorted(chosen - known)
    if unknown:
        fail(f"{unknown} are not on the slide; spell them as printed in ex.BUZZWORDS.")
    missing = sorted(METHODS - chosen)
    extra = sorted(chosen - METHODS)
    if not missing and not extra:
        return (
            "the first five are ways to learn from data; the last three are what astronomers "
            "point them at."
        )
    parts = []
    if missing:
        parts.append(f"missing {missing}")
    if extra:
        parts.append(f"{extra} are things in the Universe, not methods")
    fail("; ".join(parts) + ".")
