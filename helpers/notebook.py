"""Notebook set-up in one call: seeds, quiet TensorFlow, plot style, Colab detection."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from ._validation import check_bool, check_seed

__all__ = ["in_colab", "quiet_stderr", "setup_notebook"]


def in_colab() -> bool:
    """Tell whether the code runs in Google Colab.

    Returns
    -------
    bool
        ``True`` inside a Colab runtime.

    Examples
    --------
    >>> in_colab()
    False
    """
    return "google.colab" in sys.modules


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence everything written to the process's standard error inside the block.

    TensorFlow's C++ start-up messages ("Could not find cuda drivers", CPU feature notes)
    bypass Python and write straight to file descriptor 2, which Jupyter shows as red text.
    This redirects the descriptor itself, then restores it. Python exceptions still propagate.

    Examples
    --------
    >>> with quiet_stderr():
    ...     print("this still reaches stdout")
    this still reaches stdout
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no real descriptor 2 (some embedded consoles): nothing to silence
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def setup_notebook(seed: int = 42, *, style: bool = True, verbose: bool = True) -> dict:
    """Prepare a notebook: backend, quiet logs, seeds and plot style, locally or in Colab.

    Call it once, in the set-up cell, before building any model. It

    1. selects the TensorFlow backend for Keras unless ``KERAS_BACKEND`` is already set
       (it must be set before Keras is first imported);
    2. imports TensorFlow and Keras with their C++ start-up messages silenced;
    3. seeds Python, NumPy and the backend with ``keras.utils.set_random_seed(seed)``;
    4. applies the course's matplotlib style (:func:`helpers.plotting.use_course_style`).

    Parameters
    ----------
    seed : int, optional
        Seed for every random number generator (default 42).
    style : bool, optional
        Apply the course's plot style (default ``True``).
    verbose : bool, optional
        Print a one-line summary (default ``True``).

    Returns
    -------
    dict
        ``seed``, ``backend``, ``keras``/``tensorflow`` versions, ``gpus`` (device names)
        and ``colab`` (bool).

    Raises
    ------
    TypeError, ValueError
        If ``seed`` is not a non-negative integer.

    Examples
    --------
    >>> info = setup_notebook(seed=0, verbose=False)  # doctest: +SKIP
    >>> info["backend"]  # doctest: +SKIP
    'tensorflow'
    """
    seed = check_seed(seed)
    if seed is None:
        raise ValueError("seed must be a non-negative integer, got None")
    style = check_bool(style, "style")
    verbose = check_bool(verbose, "verbose")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with quiet_stderr():
        import keras

        tf_version = None
        gpus: list[str] = []
        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            tf.get_logger().setLevel("ERROR")
            tf_version = tf.__version__
            gpus = [d.name for d in tf.config.list_physical_devices("GPU")]
    keras.utils.set_random_seed(seed)
    if style:
        from .plotting import use_course_style

        use_course_style()
    info = {
        "seed": seed,
        "backend": keras.backend.backend(),
        "keras": keras.__version__,
        "tensorflow": tf_version,
        "gpus": gpus,
        "colab": in_colab(),
    }
    if verbose:
        where = "Colab" if info["colab"] else "local"
        device = f"{len(gpus)} GPU(s)" if gpus else "CPU only"
        print(
            f"Set-up done ({where}): Keras {info['keras']} on {info['backend']}, "
            f"{device}, seed {seed}."
        )
    return info
