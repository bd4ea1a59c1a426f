"""Execute solution notebooks in fresh kernels and measure them.

For every notebook: wall time (kernel start-up included), peak resident memory of the kernel
process tree, and the results the notebook recorded with ``helpers.record_result``. Writes
``benchmarks/results.json`` and the table ``benchmarks/README.md``, and refreshes the time
column of the syllabus table in the top-level ``README.md``.

Examples
--------
python -m tools.bench                          # every notebook, as `make bench`
python -m tools.bench --store                  # also store executed outputs (`make execute`)
python -m tools.bench --notebook 08 --param catalog_path=/data/sdss.csv
    # one notebook with overrides: prints that run's results as JSON on the last line and
    # leaves benchmarks/ untouched
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
BENCH = ROOT / "benchmarks"


def load_budgets(path: Path = BENCH / "budgets.toml") -> dict[str, float]:
    """Return ``{notebook stem: budget in seconds}``."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    budgets = tomllib.loads(path.read_text()).get("budgets", {})
    return {str(k): float(v) for k, v in budgets.items()}


def parse_params(items: list[str]) -> dict:
    """Parse ``name=value`` overrides; values are Python literals, else plain strings.

    >>> parse_params(["epochs=5", "catalog_path=/tmp/a.csv", "quick=True"])
    {'epochs': 5, 'catalog_path': '/tmp/a.csv', 'quick': True}
    """
    params = {}
    for item in items:
        for part in item.replace(",", " ").split():
            if "=" not in part:
                raise SystemExit(f"--param expects name=value, got {part!r}")
            name, value = part.split("=", 1)
            if not name.isidentifier():
                raise SystemExit(f"--param name must be a Python identifier, got {name!r}")
            try:
                params[name] = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                params[name] = value
    return params


def find_notebooks(selector: str | None) -> list[Path]:
    """Solution notebooks in syllabus order, optionally those whose name starts with selector."""
    paths = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    if selector:
        paths = [p for p in paths if p.stem.startswith(selector)]
        if not paths:
            raise SystemExit(f"no solution notebook matches {selector!r} in {SOLUTIONS}")
    return paths


class PeakMemory:
    """Poll the resident memory and CPU time of this process's children (the kernel).

    ``peak_bytes`` is the largest total resident memory seen; ``cpu_s`` the CPU time (user +
    system) the children had used at the last sample, which, unlike wall time, hardly changes
    when other programs share the machine.
    """

    def __init__(self, interval: float = 0.1):
        import psutil

        self._psutil = psutil
        self.interval = interval
        self.peak_bytes = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_s(self) -> float:
        return sum(self._cpu.values())

    def _sample(self) -> int:
        total = 0
        for child in self._psutil.Process().children(recursive=True):
            try:
                total += child.memory_info().rss
                times = child.cpu_times()
                self._cpu[child.pid] = times.user + times.system
            except (self._psutil.NoSuchProcess, self._psutil.AccessDenied):
                pass
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _clean_metadata(path: Path) -> None:
    """Drop papermill's bookkeeping so stored notebooks diff cleanly."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
        if cell["cell_type"] == "code":
            for output in cell.get("outputs", []):
                output.get("metadata", {}).pop("papermill", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


def run_notebook(path: Path, params: dict, output: Path) -> dict:
    """Execute one notebook with papermill; return wall time, peak memory and results."""
    import papermill

    from helpers.results import read_results

    start = time.perf_counter()
    with PeakMemory() as memory:
        papermill.execute_notebook(
            str(path),
            str(output),
            parameters=params or None,
            kernel_name="python3",
            cwd=str(path.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    wall = time.perf_counter() - start
    executed = json.loads(output.read_text(encoding="utf-8"))
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": round(memory.peak_bytes / 2**20, 1),
        "cpu_s": round(memory.cpu_s, 1),
        "results": read_results(executed),
    }


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:  # pragma: no cover
        pass
    try:
        from importlib.metadata import version

        info["tensorflow"] = version("tensorflow")
        info["keras"] = version("keras")
    except Exception:  # pragma: no cover - reported, not required
        pass
    return info


def _format_results(results: dict) -> str:
    if not results:
        return ""
    return "<br>".join(
        f"`{name}` = {r['value']:.4g}{(' ' + r['unit']) if r['unit'] else ''}"
        for name, r in results.items()
    )


def write_reports(report: dict) -> None:
    """Write results.json, benchmarks/README.md and the syllabus times in README.md."""
    BENCH.mkdir(exist_ok=True)
    # notebooks in syllabus order; each notebook's results in the order it recorded them
    report = {**report, "notebooks": dict(sorted(report["notebooks"].items()))}
    (BENCH / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    m = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (do not edit by hand): each solution notebook executed in a fresh",
        "kernel with its default parameters. Budgets live in `budgets.toml`; raw numbers in",
        "`results.json`.",
        "",
        f"Machine: {m.get('cpu_count')} CPU cores, {m.get('memory_gb', '?')} GB, "
        f"{m.get('platform')}; Python {m.get('python')}, TensorFlow {m.get('tensorflow')}, "
        f"Keras {m.get('keras')}; run {m.get('date')}.",
        "",
        "Time is wall-clock time; CPU is the kernel's user + system time (both cores count).",
        "",
        "| notebook | time (s) | CPU (s) | peak memory (MB) | headline results | budget (s) "
        "| within budget |",
        "|---|---:|---:|---:|---|---:|:---:|",
    ]
    for stem, entry in sorted(report["notebooks"].items()):
        ok = "yes" if entry["wall_s"] <= entry["budget_s"] else "**no**"
        lines.append(
            f"| {stem} | {entry['wall_s']:.1f} | {entry.get('cpu_s', float('nan')):.0f} | "
            f"{entry['peak_rss_mb']:.0f} | "
            f"{_format_results(entry['results'])} | {entry['budget_s']:.0f} | {ok} |"
        )
    (BENCH / "README.md").write_text("\n".join(lines) + "\n")

    readme = ROOT / "README.md"
    if readme.exists():
        readme.write_text(syllabus_with_times(readme.read_text(), report["notebooks"]))


def syllabus_with_times(text: str, notebooks: dict) -> str:
    """Return README text with the last column of each notebook's syllabus row set to its time.

    >>> row = "| [08](notebooks/08_x.ipynb) | topic | 12 s |"
    >>> syllabus_with_times(row + "\\n\\n## Next", {"08_x": {"wall_s": 37.2}})
    '| [08](notebooks/08_x.ipynb) | topic | 37 s |\\n\\n## Next'
    """
    for stem, entry in notebooks.items():
        pattern = re.compile(
            rf"^(\|\s*\[{re.escape(stem[:2])}\]\(notebooks/{re.escape(stem)}\.ipynb\).*\|)"
            rf"[^|\n]*\|[ \t]*$",
            re.MULTILINE,
        )
        text = pattern.sub(lambda mt, e=entry: f"{mt.group(1)} {e['wall_s']:.0f} s |", text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute and measure the solution notebooks.")
    parser.add_argument("--notebook", "-n", help="only notebooks whose name starts with this")
    parser.add_argument("--param", "-p", action="append", default=[], help="name=value override")
    parser.add_argument(
        "--store", action="store_true", help="write the executed notebooks back to solutions/"
    )
    args = parser.parse_args(argv)
    params = parse_params(args.param)
    if params and args.store:
        raise SystemExit("--store keeps default-parameter outputs only; drop --param or --store")
    budgets = load_budgets()
    paths = find_notebooks(args.notebook)

    results_path = BENCH / "results.json"
    report = {"machine": machine_info(), "notebooks": {}}
    if results_path.exists():
        previous = json.loads(results_path.read_text())
        report["notebooks"] = {
            k: v
            for k, v in previous.get("notebooks", {}).items()
            if (SOLUTIONS / f"{k}.ipynb").exists()
        }

    failures = []
    last = {}
    for path in paths:
        print(
            f"== {path.stem}: executing{' with ' + str(params) if params else ''} ...", flush=True
        )
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / path.name
            try:
                entry = run_notebook(path, params, output)
            except Exception as error:  # report every notebook, then fail
                print(f"   FAILED: {type(error).__name__}: {str(error).strip()[-2000:]}")
                failures.append(path.stem)
                continue
            if args.store:
                _clean_metadata(output)
                path.write_text(output.read_text(encoding="utf-8"), encoding="utf-8")
        budget = budgets.get(path.stem)
        if budget is None:
            print(f"   note: no budget for {path.stem} in benchmarks/budgets.toml")
            budget = float("nan")
        entry = {
            "wall_s": entry["wall_s"],
            "peak_rss_mb": entry["peak_rss_mb"],
            "cpu_s": entry["cpu_s"],
            "budget_s": budget,
            "results": entry["results"],
        }
        verdict = "within" if entry["wall_s"] <= budget else "OVER"
        print(
            f"   {entry['wall_s']:.1f} s ({verdict} budget {budget:.0f} s), "
            f"CPU {entry['cpu_s']:.0f} s, peak {entry['peak_rss_mb']:.0f} MB, "
            f"{len(entry['results'])} result(s)",
            flush=True,
        )
        report["notebooks"][path.stem] = entry
        last = entry["results"]
    if not params:
        write_reports(report)
        print(f"Wrote {results_path.relative_to(ROOT)} and benchmarks/README.md")
    if failures:
        print("Failed notebooks: " + ", ".join(failures))
        return 1
    if len(paths) == 1:
        print(json.dumps(last, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
