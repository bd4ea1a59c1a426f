"""helpers.sky under the hostile-value table: clear errors naming the parameter."""

from __future__ import annotations

import pandas as pd
import pytest
from hostile_inputs import ARRAY_OF_VALUES, Probe, bad_input_tests

from helpers import sky


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


_CATALOGUE = pd.DataFrame({"image": [0, 1], "x": [8.0, 5.0], "y": [8.0, 9.0], "flux": [30.0, 50.0]})
_NUMBERS = ["a fraction", "a huge number"]


def _written():
    import pathlib

    path = pathlib.Path.cwd() / "sky.fits"
    if not path.exists():
        sky.write_sky_fits(path, sky.make_sky_images(2, size=16, seed=0))
    return {"path": path}


PROBES = [
    Probe(
        sky.default_margin,
        {"psf_sigma": 1.5},
        accepts={"psf_sigma": ["a fraction", "a huge number"]},
    ),
    Probe(
        sky.matched_filter_snr,
        {"flux": 10.0, "psf_sigma": 1.5, "noise_sigma": 1.0},
        accepts={
            # any array of fluxes, an empty one included, gives the S/N of each
            "flux": list(ARRAY_OF_VALUES),
            "psf_sigma": _NUMBERS,
            "noise_sigma": _NUMBERS,
        },
    ),
    Probe(
        sky.flux_for_snr,
        {"snr": 5.0, "psf_sigma": 1.5, "noise_sigma": 1.0},
        accepts={
            "snr": list(ARRAY_OF_VALUES),
            "psf_sigma": _NUMBERS,
            "noise_sigma": _NUMBERS,
        },
    ),
    Probe(sky.footprint_mask, {"size": 16, "margin": 2}, accepts={"margin": ["zero"]}),
    Probe(
        sky.make_sky_images,
        {
            "n_images": 3,
            "size": 16,
            "psf_sigma": 1.5,
            "noise_sigma": 1.0,
            "empty_fraction": 0.5,
            "sources_per_image": 1.5,
            "max_sources": 3,
            "snr_range": (2.0, 20.0),
            "margin": 3,
            "seed": 0,
        },
        accepts={
            "psf_sigma": ["a fraction"],
            "noise_sigma": _NUMBERS,
            "empty_fraction": ["zero"],
            "sources_per_image": _NUMBERS,  # capped at max_sources
            "margin": ["None", "zero"],
            "seed": ["None", "zero"],
        },
    ),
    Probe(
        sky.render_images,
        {
            "catalogue": _CATALOGUE,
            "n_images": 2,
            "size": 16,
            "psf_sigma": 1.5,
            "noise_sigma": 1.0,
            "margin": 2,
            "seed": 0,
        },
        accepts={
            "psf_sigma": ["a fraction"],
            "noise_sigma": _NUMBERS,
            "margin": ["None", "zero"],
            "seed": ["None", "zero"],
        },
    ),
    Probe(
        sky.write_sky_fits,
        lambda: {
            "path": "out.fits",
            "sample": sky.make_sky_images(2, size=16, seed=0),
            "overwrite": True,
        },
        paths=["path"],
        accepts={"overwrite": ["a bool"], "path": ["binary junk"]},  # overwrite=True replaces it
    ),
    Probe(sky.read_sky_fits, _written, paths=["path"]),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
