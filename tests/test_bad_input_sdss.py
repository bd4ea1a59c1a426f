"""helpers.sdss under the hostile-value table: clear errors naming the parameter.

The fetcher never touches the network here: the connection test and the SkyServer query are
replaced by fakes (an accepted value reads the fake answer).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hostile_inputs import Probe, bad_input_tests

from helpers import sdss

_GOOD_CSV = (
    "u,g,r,i,z,class\n"
    "19.0,18.8,18.6,18.5,18.4,QSO\n"
    "20.0,18.6,18.2,18.0,17.9,STAR\n"
    "18.9,18.7,18.6,18.4,18.3,qso\n"
)


@pytest.fixture(autouse=True)
def _offline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NN_ASTRO_DATA", str(tmp_path / "data"))
    from astropy.table import Table
    from astroquery.sdss import SDSS

    answer = pd.read_csv(io.StringIO(_GOOD_CSV))
    monkeypatch.setattr(sdss, "_check_reachable", lambda *args: None)
    monkeypatch.setattr(SDSS, "query_sql", lambda sql, **kw: Table.from_pandas(answer))


def _raw():
    return pd.read_csv(io.StringIO(_GOOD_CSV))


def _mags():
    return pd.DataFrame({b: [18.0, 19.0] for b in sdss.BANDS})


def _csv():
    import pathlib

    path = pathlib.Path.cwd() / "catalogue.csv"
    path.write_text(_GOOD_CSV)
    return {"path": path, "verbose": False}


_NUMBERS = ["a fraction", "a huge number"]
_ARRAYS = ["an empty list", "an empty array", "a 3-D array"]

PROBES = [
    Probe(sdss.add_colours, lambda: {"table": _mags()}),
    Probe(
        sdss.clean_catalog,
        lambda: {"table": _raw(), "source": "demo", "verbose": False},
        attack=["table", "source", "verbose"],
        # any name for the messages
        accepts={"source": ["a string", "an empty string"], "verbose": ["a bool"]},
    ),
    # attack is listed so that collecting the tests does not call _csv (which writes a file)
    Probe(
        sdss.load_catalog,
        _csv,
        attack=["path", "verbose"],
        paths=["path"],
        accepts={"verbose": ["a bool"]},
    ),
    Probe(
        sdss.build_skyserver_query,
        {"limit_per_class": 10, "max_error": 0.2, "mag_range": (15.0, 20.5), "dereddened": True},
        accepts={"max_error": ["a fraction"], "dereddened": ["a bool"]},
    ),
    Probe(
        sdss.fetch_sdss_catalog,
        {
            "limit_per_class": 10,
            "data_release": 18,
            "timeout": 5.0,
            "refresh": True,
            "verbose": False,
            "host": "skyserver.sdss.org",
            "connect_timeout": 1.0,
            "mag_range": (15.0, 20.5),
        },
        accepts={
            "timeout": ["a fraction"],
            "connect_timeout": ["a fraction"],
            "refresh": ["a bool"],
            "verbose": ["a bool"],
            "host": ["a string"],  # "abc" is a host name (the fake connection accepts it)
        },
    ),
    Probe(sdss.stellar_locus, {}),
    Probe(
        sdss.filter_curves,
        {"wavelength": [4000.0, 6000.0], "kind": "sdss2010"},
        accepts={"wavelength": ["a fraction", "a huge number"]},  # a 0-d wavelength: one value
    ),
    Probe(
        sdss.quasar_spectrum,
        {
            "wavelength": [4000.0, 6000.0],
            "redshift": [1.0, 2.0],
            "alpha": -0.5,
            "line_scale": 1.0,
            "forest_scale": 1.0,
        },
        accepts={
            "wavelength": _NUMBERS,
            "redshift": ["zero", "a fraction"],
            "alpha": ["minus one", "zero", "a fraction"],
            "line_scale": ["zero", "a fraction"],
            "forest_scale": ["zero", "a fraction"],
        },
    ),
    Probe(
        sdss.quasar_colours,
        {
            "redshift": [1.0, 2.0],
            "alpha": -0.5,
            "line_scale": 1.0,
            "forest_scale": 1.0,
            "i_mag": 19.0,
            "filters": "top-hat",
        },
        accepts={
            "redshift": ["zero", "a fraction"],
            "alpha": ["minus one", "zero", "a fraction"],
            "line_scale": ["zero", "a fraction"],
            "forest_scale": ["zero", "a fraction"],
        },
    ),
    Probe(
        sdss.photometric_error,
        {"mag": 18.0, "band": "r"},
        # any magnitude 0-40, of any shape, gives its error
        accepts={"mag": ["zero", "a fraction", "a 3-D array"]},
    ),
    Probe(
        sdss.simulate_catalog,
        {"n_stars": 5, "n_quasars": 5, "seed": 0},
        accepts={"seed": ["None", "zero"]},
    ),
]

(
    test_each_helper_rejects_hostile_values_clearly,
    test_each_helper_rejects_hostile_paths_clearly,
) = bad_input_tests(PROBES)
