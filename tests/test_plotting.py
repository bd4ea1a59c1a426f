"""helpers.plotting: image grids and training curves check their inputs."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plotting


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_show_images_draws_one_panel_per_image_with_titles():
    fig = plotting.show_images(np.zeros((5, 8, 8, 1)), titles=list("abcde"), ncols=3)
    assert len(fig.axes) == 5
    assert [ax.get_title() for ax in fig.axes] == list("abcde")


def test_show_images_rejects_colour_images_and_wrong_title_count():
    with pytest.raises(ValueError, match="one channel"):
        plotting.show_images(np.zeros((2, 8, 8, 3)))
    with pytest.raises(ValueError, match="one entry per image"):
        plotting.show_images(np.zeros((2, 8, 8)), titles=["a"])
    with pytest.raises(ValueError, match="dimension"):
        plotting.show_images(np.zeros((8, 8)))


def test_plot_history_draws_training_and_validation_curves():
    fig = plotting.plot_history(
        {"loss": [3, 2, 1], "val_loss": [3, 2.5, 2.4], "acc": [0, 1, 1]}, metrics=("loss", "acc")
    )
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2 and len(acc_ax.lines) == 1
    assert loss_ax.get_ylabel() == "loss"


def test_plot_history_names_missing_metrics():
    with pytest.raises(ValueError, match=r"\['accuracy'\] were not recorded"):
        plotting.plot_history({"loss": [1]}, metrics=("accuracy",))
    with pytest.raises(TypeError, match="History"):
        plotting.plot_history([1, 2])


def test_course_style_puts_image_origin_at_lower_left():
    plotting.use_course_style()
    assert matplotlib.rcParams["image.origin"] == "lower"
