"""tools/bench.py: parameters, the results.json shape and a real measured run."""

from __future__ import annotations

import json

import nbformat
import pytest

from tools import bench


def test_parse_params_reads_literals_and_strings():
    assert bench.parse_params(["epochs=3 quick=True", "catalog_path=/d/s.csv,rate=0.5"]) == {
        "epochs": 3,
        "quick": True,
        "catalog_path": "/d/s.csv",
        "rate": 0.5,
    }
    with pytest.raises(SystemExit, match="name=value"):
        bench.parse_params(["epochs"])


def test_every_notebook_has_a_budget():
    budgets = bench.load_budgets()
    missing = [p.stem for p in bench.find_notebooks(None) if p.stem not in budgets]
    assert not missing, f"add budgets for {missing} to benchmarks/budgets.toml"
    assert all(b > 0 for b in budgets.values())


def test_run_notebook_measures_time_memory_and_reads_results_with_overrides(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("value = 1.5", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "from helpers import record_result\nrecord_result('doubled', 2 * value, 's')"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = tmp_path / "01_demo.ipynb"
    nbformat.write(nb, path)
    entry = bench.run_notebook(path, {"value": 4.0}, tmp_path / "out.ipynb")
    assert entry["results"] == {"doubled": {"value": 8.0, "unit": "s"}}
    assert entry["wall_s"] > 0 and entry["peak_rss_mb"] > 10  # a kernel was measured


def test_committed_results_json_has_the_agreed_shape(root):
    report = json.loads((root / "benchmarks" / "results.json").read_text())
    assert isinstance(report["machine"], dict) and report["machine"]["cpu_count"]
    for stem, entry in report["notebooks"].items():
        assert (root / "solutions" / f"{stem}.ipynb").exists()
        assert isinstance(entry["wall_s"], float) and isinstance(entry["peak_rss_mb"], float)
        assert isinstance(entry["budget_s"], float)
        for result in entry["results"].values():
            assert set(result) == {"value", "unit"}
            assert isinstance(result["value"], float) and isinstance(result["unit"], str)


def test_syllabus_times_change_only_the_time_column_and_keep_the_blank_line():
    text = (
        "| [08](notebooks/08_star_quasar_classification.ipynb) | quasars | [badge](x) | 38 s |\n"
        "| [09](notebooks/09_source_finding_denoising.ipynb) | sources | [badge](y) | 53 s |\n"
        "\n"
        "## For students\n"
    )
    notebooks = {"09_source_finding_denoising": {"wall_s": 61.4}}
    assert bench.syllabus_with_times(text, notebooks) == text.replace("53 s", "61 s")
