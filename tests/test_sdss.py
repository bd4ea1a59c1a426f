"""Tests for helpers.sdss: loader, SkyServer query and fetch (offline only), simulator."""

from __future__ import annotations

import socket

import numpy as np
import pandas as pd
import pytest
from astropy.table import Table
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import cache, sdss

GOOD = (
    "u,g,r,i,z,class\n"
    "19.0,18.8,18.6,18.5,18.4,QSO\n"
    "20.0,18.6,18.2,18.0,17.9,STAR\n"
    "18.9,18.7,18.6,18.4,18.3,qso\n"
    "21.0,19.5,18.9,18.7,18.6,Star\n"
)


def write(tmp_path, text, name="cat.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


# ---------------------------------------------------------------------------------- loader


def test_loader_returns_magnitudes_colours_and_class(tmp_path):
    cat = sdss.load_catalog(write(tmp_path, GOOD), verbose=False)
    assert list(cat.columns) == [*sdss.BANDS, *sdss.COLOURS, "class"]
    assert cat["class"].tolist() == ["QSO", "STAR", "QSO", "STAR"]
    assert cat["u_g"].iloc[1] == pytest.approx(1.4)
    assert cat["i_z"].iloc[0] == pytest.approx(0.1)


def test_loader_accepts_skyserver_table_header_line(tmp_path):
    cat = sdss.load_catalog(write(tmp_path, "#Table1\n" + GOOD), verbose=False)
    assert len(cat) == 4


@pytest.mark.parametrize("prefix", ["psfMag_", "modelMag_", "PSFMAG_"])
def test_loader_accepts_psf_and_model_magnitude_columns(tmp_path, prefix):
    _header, *rows = GOOD.splitlines()
    names = [f"{prefix}{b}" for b in sdss.BANDS] + ["CLASS", "redshift"]
    text = ",".join(names) + "\n" + "\n".join(r + ",1.0" for r in rows) + "\n"
    cat = sdss.load_catalog(write(tmp_path, text), verbose=False)
    assert len(cat) == 4 and "redshift" in cat


def test_loader_psfmag_columns_win_over_redshift_named_z(tmp_path):
    text = "psfMag_u,psfMag_g,psfMag_r,psfMag_i,psfMag_z,class,z\n19,18.8,18.6,18.5,18.4,QSO,2.1\n"
    text += "20,18.6,18.2,18,17.9,STAR,0.0\n"
    cat = sdss.load_catalog(write(tmp_path, text), verbose=False)
    assert cat["z"].tolist() == [18.4, 17.9]


def test_loader_rejects_catalog_without_magnitude_columns(tmp_path):
    path = write(tmp_path, "u,g,r,i,class\n1,2,3,4,STAR\n")
    with pytest.raises(ValueError, match=r"cat\.csv.*missing magnitude columns \['z'\]"):
        sdss.load_catalog(path)


def test_loader_rejects_catalog_without_class_column(tmp_path):
    path = write(tmp_path, "u,g,r,i,z\n1,2,3,4,5\n")
    with pytest.raises(ValueError, match=r"cat\.csv: missing column 'class'"):
        sdss.load_catalog(path)


def test_loader_drops_non_numeric_and_missing_magnitudes_with_count(tmp_path, capsys):
    text = GOOD + "abc,18,18,18,18,QSO\n19,,18,18,18,STAR\n"
    cat = sdss.load_catalog(write(tmp_path, text))
    assert len(cat) == 4
    assert cat.attrs["dropped"]["non_numeric"] == 2
    assert "dropped 2 row(s) with missing or non-numeric magnitudes" in capsys.readouterr().out


def test_loader_fails_when_no_rows_remain(tmp_path):
    text = "u,g,r,i,z,class\nx,1,1,1,1,QSO\n-9999,1,1,1,1,STAR\n"
    with pytest.raises(ValueError, match=r"cat\.csv: no usable rows remain out of 2"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_drops_sdss_sentinel_values_with_count(tmp_path, capsys):
    text = GOOD + "-9999,18,18,18,18,QSO\n19,18,9999,18,18,STAR\n"
    cat = sdss.load_catalog(write(tmp_path, text))
    assert len(cat) == 4 and cat.attrs["dropped"]["sentinel"] == 2
    assert "dropped 2 row(s) with SDSS sentinel magnitudes" in capsys.readouterr().out


def test_loader_rejects_a_single_class(tmp_path):
    text = "u,g,r,i,z,class\n19,18,18,18,18,STAR\n20,19,18,18,18,star\n"
    with pytest.raises(ValueError, match=r"cat\.csv: only one class present \(STAR: 2 rows\)"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_single_class_after_dropping_galaxies(tmp_path):
    text = "u,g,r,i,z,class\n19,18,18,18,18,STAR\n20,19,18,18,18,GALAXY\n"
    with pytest.raises(ValueError, match="only one class present"):
        sdss.load_catalog(write(tmp_path, text), verbose=False)


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_loader_rejects_empty_file(tmp_path, text):
    with pytest.raises(ValueError, match=r"cat\.csv: the file is empty"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_rejects_header_without_rows(tmp_path):
    with pytest.raises(ValueError, match=r"header \(u, g, r, i, z, class\) but no data rows"):
        sdss.load_catalog(write(tmp_path, "u,g,r,i,z,class\n"))


def test_loader_drops_galaxy_rows_with_message(tmp_path, capsys):
    text = GOOD + "19,18,17,17,17,GALAXY\n19,18,17,17,17,galaxy\n"
    cat = sdss.load_catalog(write(tmp_path, text))
    assert len(cat) == 4 and set(cat["class"]) == {"STAR", "QSO"}
    assert "dropped 2 GALAXY row(s)" in capsys.readouterr().out


def test_loader_rejects_unknown_class_values(tmp_path):
    with pytest.raises(ValueError, match=r"unknown value\(s\) \['WD'\]"):
        sdss.load_catalog(write(tmp_path, GOOD + "19,18,18,18,18,WD\n"))


def test_loader_drops_rows_without_class(tmp_path):
    cat = sdss.load_catalog(write(tmp_path, GOOD + "19,18,18,18,18,\n"), verbose=False)
    assert cat.attrs["dropped"]["missing_class"] == 1


def test_loader_missing_file_and_bad_path_type(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"path: no such file .*nope\.csv"):
        sdss.load_catalog(tmp_path / "nope.csv")
    with pytest.raises(
        TypeError, match=r"path must be a file path \(str or pathlib.Path\), got int 42"
    ):
        sdss.load_catalog(42)


def test_loader_expands_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    write(tmp_path, GOOD, name="mine.csv")
    assert len(sdss.load_catalog("~/mine.csv", verbose=False)) == 4


def test_loader_names_a_folder_as_a_folder(tmp_path):
    folder = tmp_path / "downloads.csv"
    folder.mkdir()
    with pytest.raises(ValueError, match="path is a folder, not a file"):
        sdss.load_catalog(folder)


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("<!DOCTYPE html>\n<html><head><title>Error</title></head></html>\n", "an HTML web page"),
        ("\n  <html>\n<body>Log in</body></html>", "an HTML web page"),
        ('{"error": "Query timed out", "rows": []}\n', "JSON"),
        ('[{"u": 19.0}]', "JSON"),
        ('<?xml version="1.0"?><root/>', "XML"),
    ],
)
def test_loader_says_what_a_web_page_saved_as_csv_looks_like(tmp_path, text, looks_like):
    with pytest.raises(ValueError, match=f"path .* is not a CSV table: it looks like {looks_like}"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_says_a_binary_file_is_binary(tmp_path):
    path = tmp_path / "cat.csv"
    path.write_bytes(b"SIMPLE  =                    T" + bytes(range(256)))
    with pytest.raises(ValueError, match="binary data"):
        sdss.load_catalog(path)


def test_loader_refuses_two_class_columns(tmp_path):
    text = "u,g,r,i,z,class,CLASS\n19,18.8,18.6,18.5,18.4,QSO,STAR\n20,18.6,18.2,18,17.9,STAR,QSO\n"
    with pytest.raises(ValueError, match=r"columns \['class', 'CLASS'\] all give the class"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_refuses_a_column_named_twice_in_the_header(tmp_path):
    text = "u,g,r,i,z,class,class\n19,18.8,18.6,18.5,18.4,QSO,STAR\n"
    with pytest.raises(ValueError, match=r"names column\(s\) \['class'\] more than once"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_refuses_two_columns_for_one_band(tmp_path):
    text = "u,U,g,r,i,z,class\n19,19,18.8,18.6,18.5,18.4,QSO\n20,20,18.6,18.2,18,17.9,STAR\n"
    with pytest.raises(ValueError, match="all give the u magnitude"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_refuses_negative_magnitudes(tmp_path):
    text = GOOD + "-1.5,18.8,18.6,18.5,18.4,QSO\n"
    with pytest.raises(ValueError, match=r"1 magnitude value\(s\) outside 0-40 mag \(e.g. -1.5\)"):
        sdss.load_catalog(write(tmp_path, text))


def test_loader_refuses_fluxes_given_as_magnitudes(tmp_path):
    # nanomaggies: 10**((22.5 - m) / 2.5) for m ~ 18 is about 60
    nano = "u,g,r,i,z,class\n40,48,57,63,69,QSO\n25,57,83,100,105,STAR\n"
    with pytest.raises(ValueError, match="fluxes"):
        sdss.load_catalog(write(tmp_path, nano))
    maggies = "u,g,r,i,z,class\n4e-8,4.8e-8,5.7e-8,6e-8,7e-8,QSO\n2e-8,5e-8,8e-8,1e-7,1e-7,STAR\n"
    with pytest.raises(ValueError, match="look like fluxes"):
        sdss.load_catalog(write(tmp_path, maggies))


def test_clean_catalog_refuses_duplicate_column_names():
    table = pd.DataFrame([[19.0, 18.8, 18.6, 18.5, 18.4, "QSO", "STAR"]])
    table.columns = ["u", "g", "r", "i", "z", "class", "class"]
    with pytest.raises(ValueError, match=r"table has duplicate column names \['class'\]"):
        sdss.clean_catalog(table)


def test_clean_catalog_refuses_a_string_for_verbose():
    raw = pd.read_csv(__import__("io").StringIO(GOOD))
    with pytest.raises(TypeError, match="verbose must be True or False"):
        sdss.clean_catalog(raw, verbose="no")


def test_add_colours_names_a_missing_band_and_a_non_table():
    with pytest.raises(ValueError, match=r"table lacks the magnitude column\(s\) \['z'\]"):
        sdss.add_colours(pd.DataFrame({b: [18.0] for b in "ugri"}))
    with pytest.raises(TypeError, match="table must be a pandas DataFrame, got dict"):
        sdss.add_colours({b: [18.0] for b in "ugriz"})
    with pytest.raises(TypeError, match="table column 'g' must hold numbers"):
        sdss.add_colours(pd.DataFrame({b: ["x" if b == "g" else 18.0] for b in "ugriz"}))


def test_clean_catalog_rejects_non_dataframe_and_empty_table():
    with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
        sdss.clean_catalog({"u": [1]})
    with pytest.raises(ValueError, match="no rows"):
        sdss.clean_catalog(pd.DataFrame(columns=["u", "g", "r", "i", "z", "class"]))


# ------------------------------------------------------------------------------ SkyServer


def test_query_selects_clean_point_sources_of_both_classes():
    sql = sdss.build_skyserver_query(123, max_error=0.1, mag_range=(16, 20))
    assert sql.count("SELECT TOP 123") == 2 and "UNION ALL" in sql
    for text in (
        "s.class = 'STAR'",
        "s.class = 'QSO'",
        "p.type = 6",
        "p.clean = 1",
        "(p.calibStatus_u & 1) != 0",
        "(p.calibStatus_z & 1) != 0",
        "s.zWarning = 0",
        "p.psfMag_i BETWEEN 16 AND 20",
        "p.psfMagErr_u BETWEEN 0 AND 0.1",
        "JOIN SpecObj AS s ON s.bestObjID = p.objID",
        "p.psfMag_u - p.extinction_u AS u",
        "s.z AS redshift",
    ):
        assert text in sql


def test_query_writes_magnitude_limits_exactly():
    sql = sdss.build_skyserver_query(10, max_error=0.1234567891, mag_range=(15.123456789, 20.5))
    assert "p.psfMag_i BETWEEN 15.123456789 AND 20.5" in sql
    assert "BETWEEN 0 AND 0.1234567891" in sql


def test_query_without_dereddening_uses_raw_psf_magnitudes():
    sql = sdss.build_skyserver_query(10, dereddened=False)
    assert "extinction" not in sql and "p.psfMag_z AS z" in sql


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"limit_per_class": 0}, ValueError, "limit_per_class must be >= 1"),
        ({"limit_per_class": 1.5}, TypeError, "limit_per_class must be an integer"),
        ({"max_error": 0}, ValueError, "max_error must be > 0"),
        ({"mag_range": (20, 16)}, ValueError, "bright < faint"),
        ({"mag_range": 5}, TypeError, "mag_range must be a"),
        ({"dereddened": "yes"}, TypeError, "dereddened must be True or False"),
    ],
)
def test_query_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        sdss.build_skyserver_query(**kwargs)


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("NN_ASTRO_DATA", str(folder))
    return folder


def test_fetch_offline_fails_fast_with_advice(data_folder, monkeypatch):
    def no_network(*args, **kwargs):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    with pytest.raises(sdss.SDSSUnavailableError, match=r"simulate_catalog.*catalog_path"):
        sdss.fetch_sdss_catalog(10)


def test_fetch_unreachable_address_fails_fast(data_folder):
    import time

    start = time.perf_counter()
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, so the connection cannot succeed
    with pytest.raises(sdss.SDSSUnavailableError, match=r"Could not reach SDSS SkyServer \(192"):
        sdss.fetch_sdss_catalog(10, host="192.0.2.1", connect_timeout=0.5, verbose=False)
    assert time.perf_counter() - start < 5
    assert not any(data_folder.glob("*.csv"))


def test_fetch_connect_timeout_bounds_a_hanging_name_resolution(data_folder, monkeypatch):
    import threading
    import time

    release = threading.Event()

    def hanging_resolver(*args, **kwargs):
        release.wait(20)  # a resolver that does not answer
        raise socket.gaierror("Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_resolver)
    start = time.perf_counter()
    try:
        with pytest.raises(sdss.SDSSUnavailableError, match="name resolution took longer"):
            sdss.fetch_sdss_catalog(10, connect_timeout=0.5, verbose=False)
        assert time.perf_counter() - start < 2.0
    finally:
        release.set()


def test_fetch_reports_a_name_that_does_not_resolve(data_folder, monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror("Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(sdss.SDSSUnavailableError, match="Name or service not known"):
        sdss.fetch_sdss_catalog(10, verbose=False)


def test_fetch_wraps_query_failures(data_folder, monkeypatch):
    from astroquery.sdss import SDSS

    monkeypatch.setattr(sdss, "_check_reachable", lambda *a: None)

    def broken(*args, **kwargs):
        raise TimeoutError("read timed out")

    monkeypatch.setattr(SDSS, "query_sql", broken)
    with pytest.raises(sdss.SDSSUnavailableError, match="TimeoutError: read timed out"):
        sdss.fetch_sdss_catalog(10, verbose=False)


def fake_answer():
    sim = sdss.simulate_catalog(20, 20, seed=3)
    frame = sim[[*sdss.BANDS, "class", "redshift"]].copy()
    frame.loc[0, "class"] = "GALAXY"
    return Table.from_pandas(frame)


def test_fetch_caches_verified_csv_and_reuses_it(data_folder, monkeypatch):
    from astroquery.sdss import SDSS

    calls = []
    monkeypatch.setattr(sdss, "_check_reachable", lambda *a: None)
    monkeypatch.setattr(SDSS, "query_sql", lambda sql, **kw: calls.append(kw) or fake_answer())
    first = sdss.fetch_sdss_catalog(20, data_release=17, verbose=False)
    files = sorted(p.name for p in data_folder.iterdir())
    assert len(files) == 2 and files[0].startswith("sdss_dr17_") and files[1].endswith(".sha256")
    assert cache.is_valid_cache(data_folder / files[0])
    assert calls == [{"data_release": 17, "timeout": 60.0}]
    assert len(first) == 39
    second = sdss.fetch_sdss_catalog(20, data_release=17, verbose=False)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)


def test_fetch_rebuilds_a_corrupt_cache(data_folder, monkeypatch):
    from astroquery.sdss import SDSS

    calls = []
    monkeypatch.setattr(sdss, "_check_reachable", lambda *a: None)
    monkeypatch.setattr(SDSS, "query_sql", lambda sql, **kw: calls.append(1) or fake_answer())
    sdss.fetch_sdss_catalog(20, verbose=False)
    csv = next(p for p in data_folder.iterdir() if p.suffix == ".csv")
    csv.write_text(csv.read_text()[:50])  # truncated
    sdss.fetch_sdss_catalog(20, verbose=False)
    assert len(calls) == 2 and cache.is_valid_cache(csv)


def test_fetch_empty_answer_is_an_error(data_folder, monkeypatch):
    from astroquery.sdss import SDSS

    monkeypatch.setattr(sdss, "_check_reachable", lambda *a: None)
    monkeypatch.setattr(SDSS, "query_sql", lambda sql, **kw: None)
    with pytest.raises(ValueError, match="returned no rows"):
        sdss.fetch_sdss_catalog(5, verbose=False)


def test_fetch_rejects_bad_arguments(data_folder):
    with pytest.raises(ValueError, match="data_release must be >= 1"):
        sdss.fetch_sdss_catalog(5, data_release=0)
    with pytest.raises(ValueError, match="timeout must be > 0"):
        sdss.fetch_sdss_catalog(5, timeout=0)


# ------------------------------------------------------------------------------ simulator


@pytest.fixture(scope="module")
def simulated():
    return sdss.simulate_catalog(3000, 3000, seed=7)


def test_simulation_is_seeded_and_has_the_schema(simulated):
    again = sdss.simulate_catalog(3000, 3000, seed=7)
    pd.testing.assert_frame_equal(simulated, again)
    assert set([*sdss.BANDS, *sdss.COLOURS, "class", "redshift"]) <= set(simulated.columns)
    assert not sdss.simulate_catalog(3000, 3000, seed=8).equals(simulated)


def test_simulated_stars_follow_the_covey_locus(simulated):
    stars = simulated[(simulated["class"] == "STAR") & (simulated.r < 19)]
    locus = sdss.stellar_locus()
    # distance in (g-r, r-i) from each star to the locus polyline, sampled finely
    t = np.linspace(0, 1, 50)[:, None]
    pts = np.vstack(
        [
            locus[["g_r", "r_i"]].to_numpy()[k] * (1 - t)
            + locus[["g_r", "r_i"]].to_numpy()[k + 1] * t
            for k in range(len(locus) - 1)
        ]
    )
    d = np.min(
        np.hypot(
            stars.g_r.to_numpy()[:, None] - pts[:, 0], stars.r_i.to_numpy()[:, None] - pts[:, 1]
        ),
        axis=1,
    )
    assert np.median(d) < 0.05 and np.mean(d < 0.2) > 0.95


def test_simulated_quasars_have_uv_excess_below_z_2_and_not_near_2_7(simulated):
    qso = simulated[simulated["class"] == "QSO"]
    low = qso[qso.redshift < 2.0]
    mid = qso[(qso.redshift > 2.6) & (qso.redshift < 3.0)]
    assert np.mean(low.u_g < 0.6) > 0.85
    assert np.median(mid.u_g) > 0.6
    assert 1.2 < np.median(qso.redshift) < 2.0 and qso.redshift.max() > 3.5


def test_simulated_stars_include_hot_white_dwarfs_and_white_dwarf_m_dwarf_pairs(simulated):
    stars = simulated[simulated["class"] == "STAR"]
    hot = (stars.u_g < 0.0) & (stars.g_r < -0.2)  # white dwarfs and hot subdwarfs
    assert 0.005 < np.mean(hot) < 0.05
    assert np.quantile(stars.g_r, 0.002) < -0.5  # the hottest reach g-r ~ -0.55
    # pairs: UV excess like a white dwarf, r-i of an M dwarf; absent from the main locus
    pairs = (stars.u_g < 0.7) & (stars.r_i > 0.5)
    assert 0.003 < np.mean(pairs) < 0.03


def test_low_redshift_quasars_get_host_galaxy_light(simulated):
    qso = simulated[(simulated["class"] == "QSO") & (simulated.redshift < 0.3)]
    assert len(qso) > 30  # a low-redshift tail exists
    bare = sdss.quasar_colours(qso.redshift.to_numpy())  # the quasar light alone
    # the host is redder than the quasar: g-r is redder on average, never much bluer
    assert np.median(qso.g_r.to_numpy() - bare.g_r.to_numpy()) > 0.1


def test_simulated_errors_grow_with_magnitude_and_u_is_worst(simulated):
    stars = simulated[simulated["class"] == "STAR"]
    bright, faint = stars[stars.r < 17], stars[stars.r > 19.5]
    assert faint.err_r.median() > bright.err_r.median()
    assert all(stars.err_u.median() > stars[f"err_{b}"].median() for b in "griz")


def test_quasar_model_crosses_the_stellar_locus_near_z_2_7():
    track = sdss.quasar_colours(np.array([1.0, 2.0, 2.7, 3.5]))
    assert track.u_g[0] < 0.6 and track.u_g[1] < 0.6
    assert 0.6 < track.u_g[2] < 1.6  # the u-g of A/F stars
    assert track.u_g[3] > 2.0


def test_fast_photometry_matches_dense_spectrum():
    rng = np.random.default_rng(0)
    z = rng.uniform(0.05, 4.8, 60)
    alpha = rng.normal(-0.5, 0.65, 60)
    lines, forest = 10 ** rng.normal(0, 0.15, 60), 10 ** rng.normal(0, 0.1, 60)
    for kind in sdss.FILTER_SETS:
        spectra = sdss.quasar_spectrum(
            sdss._GRID, z, alpha=alpha, line_scale=lines, forest_scale=forest
        )
        dense = sdss._dense_fluxes(spectra, kind)
        fast = sdss._fast_fluxes(z, alpha, lines, forest, kind)
        seen = dense > 1e-3 * dense.max(axis=1, keepdims=True)  # not a drop-out band
        assert np.max(np.abs(2.5 * np.log10(dense[seen] / fast[seen]))) < 0.05


def test_quasar_colours_are_finite_and_bounded_over_the_whole_range():
    z = np.linspace(*sdss.Z_RANGE, 141)
    track = sdss.quasar_colours(z)
    colours = track[list(sdss.COLOURS)].to_numpy()
    assert np.isfinite(colours).all()
    # asinh magnitudes of zero flux are finite (u 24.6 ... z 22.8): no colour beyond ~6 mag
    assert np.abs(colours).max() < 8
    # the drop-outs move through the bands: u, then g, then r, then i
    at = {k: track.iloc[np.argmin(np.abs(z - k))] for k in (3.5, 4.8, 5.8, 6.5)}
    assert at[3.5].u_g > 2 and at[4.8].g_r > 2 and at[5.8].r_i > 1.5 and at[6.5].i_z > 1.5


def test_quasar_colours_depend_on_brightness_only_for_drop_outs():
    bright = sdss.quasar_colours([1.0, 4.0], i_mag=17.0)
    middle = sdss.quasar_colours([1.0, 4.0], i_mag=19.0)
    faint = sdss.quasar_colours([1.0, 4.0], i_mag=21.0)
    np.testing.assert_allclose(bright.iloc[0], middle.iloc[0], atol=0.01)  # all bands bright
    # near a band's limit the asinh magnitude bends: z at 20.9 is 0.4 mag past its limit
    assert abs(faint.i_z[0] - middle.i_z[0]) < 0.05
    assert bright.u_g[1] > faint.u_g[1] + 1  # u carries no flux: its asinh floor is fixed


def test_measured_and_top_hat_filters_give_colours_within_a_few_tenths():
    z = np.linspace(0.1, 4.8, 48)
    measured = sdss.quasar_colours(z)[list(sdss.COLOURS)].to_numpy()
    top_hat = sdss.quasar_colours(z, filters="top-hat")[list(sdss.COLOURS)].to_numpy()
    shift = np.abs(measured - top_hat)
    # a few hundredths of a magnitude, up to ~1 mag in u-g where the u flux falls off the
    # Lyman limit (z ~ 3.2): there the measured u curve's red wing decides
    assert 0.01 < np.median(shift) < 0.05 and np.quantile(shift, 0.9) < 0.2
    assert shift.max() < 1.5


def test_simulated_catalogue_labels_its_populations():
    cat = sdss.simulate_catalog(2000, 1000, seed=3)
    assert set(cat.population) <= set(sdss.POPULATIONS)
    stars = cat[cat["class"] == "STAR"]
    assert set(stars.population) == set(sdss.POPULATIONS[:3])
    qso = cat[cat["class"] == "QSO"]
    low = qso[qso.population == "quasar z < 0.6"]
    assert (low.redshift < 0.6).all() and (
        qso[qso.redshift >= 3].population == "quasar z > 3.0"
    ).all()
    wd = stars[stars.population == "white dwarf"]
    assert wd.u_g.median() < 0.6 < stars[stars.population == "main-sequence star"].u_g.median()


def test_filter_curves_shape_and_peaks():
    lam = np.linspace(2900, 11200, 3000)
    for kind, centres in [
        ("sdss2010", [3551, 4686, 6166, 7480, 8932]),
        ("top-hat", [3550, 4685, 6165, 7480, 8930]),
    ]:
        curves = sdss.filter_curves(lam, kind)
        assert curves.shape == (5, 3000) and np.allclose(curves.max(axis=1), 1, atol=0.01)
        means = [np.sum(lam * c) / np.sum(c) for c in curves]
        assert np.allclose(means, centres, atol=60 if kind == "sdss2010" else 15)
    assert sdss.filter_curves([20000.0]).max() == 0.0


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: sdss.simulate_catalog(0, 5), ValueError, "n_stars must be >= 1"),
        (lambda: sdss.simulate_catalog(5, 2.0), TypeError, "n_quasars must be an integer"),
        (lambda: sdss.simulate_catalog(5, 5, seed=-1), ValueError, "seed must be >= 0"),
        (lambda: sdss.quasar_spectrum([4000.0], [8.0]), ValueError, "redshift must be in"),
        (
            lambda: sdss.quasar_spectrum([4000.0], [1.0], line_scale=-1),
            ValueError,
            r"line_scale must be in \[0, 100\]",
        ),
        (lambda: sdss.filter_curves([[1.0]]), ValueError, "wavelength must have 1"),
        (lambda: sdss.filter_curves([4000.0], "johnson"), ValueError, "kind must be one of"),
        (lambda: sdss.quasar_colours([1.0], i_mag=30), ValueError, "i_mag must be <= 24"),
        (lambda: sdss.quasar_colours([1.0, 2.0], alpha=[0.1] * 3), ValueError, "one per"),
        (lambda: sdss.photometric_error(18.0, "y"), ValueError, "band must be one of"),
    ],
)
def test_simulation_functions_reject_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    ("mag", "error", "match"),
    [
        (-9999, ValueError, "no measurement"),
        (9999.0, ValueError, "no measurement"),
        (None, TypeError, "mag must be a number"),
        (float("nan"), ValueError, "mag must be finite"),
        ([18.0, -1.0], ValueError, "between 0 and 40"),
        ("18", TypeError, "mag must be a number"),
    ],
)
def test_photometric_error_refuses_what_is_not_a_magnitude(mag, error, match):
    with pytest.raises(error, match=match):
        sdss.photometric_error(mag, "r")


@settings(max_examples=25, deadline=None)
@given(st.floats(10, 25), st.floats(0.01, 3), st.sampled_from(sdss.BANDS))
def test_photometric_error_increases_with_magnitude(mag, step, band):
    assert sdss.photometric_error(mag + step, band) > sdss.photometric_error(mag, band)
    assert sdss.photometric_error(mag, band) >= 0.02


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 40), st.integers(1, 40), st.integers(0, 2**31))
def test_simulated_csv_round_trips_through_the_loader(n_stars, n_quasars, seed):
    sim = sdss.simulate_catalog(n_stars, n_quasars, seed=seed)
    frame = sim[[*sdss.BANDS, "class"]].rename(columns={b: f"psfMag_{b}" for b in sdss.BANDS})
    back = sdss.clean_catalog(frame, verbose=False)
    assert len(back) == n_stars + n_quasars
    np.testing.assert_allclose(back[list(sdss.COLOURS)], sim[list(sdss.COLOURS)])
