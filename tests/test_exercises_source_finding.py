"""Tests for the answer checks of notebook 09 (helpers.exercises.source_finding)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.exercises import source_finding as ex


def simple_scores(detections, sources, n_images, radius):
    """A plain student solution: for each source, the nearest unused detection in range."""
    used, found = set(), 0
    for s in sources.itertuples():
        same = detections[detections["image"] == s.image]
        dist = np.hypot(same["x"] - s.x, same["y"] - s.y).sort_values()
        for idx, d in dist.items():
            if d < radius and idx not in used:
                used.add(idx)
                found += 1
                break
    return found / len(sources), (len(detections) - len(used)) / n_images


def test_check_matching_accepts_the_reference_and_a_plain_loop(capsys):
    assert ex.check_matching(ex.reference_scores)
    assert ex.check_matching(simple_scores)
    assert capsys.readouterr().out.count("Correct") == 2


def test_check_matching_explains_a_wrong_answer(capsys):
    def counts_every_detection(detections, sources, n_images, radius):
        return simple_scores(detections, sources, n_images, radius)[0], 0.0

    assert not ex.check_matching(counts_every_detection)
    assert "Not yet" in capsys.readouterr().out


def test_check_matching_reports_unimplemented_and_failing_functions(capsys):
    def todo(*args):
        raise NotImplementedError

    def broken(*args):
        return 1 / 0

    assert not ex.check_matching(todo)
    assert not ex.check_matching(broken)
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "ZeroDivisionError" in out


def test_matching_cases_are_consistent_tables():
    for detections, sources, n_images, radius in ex.matching_cases():
        assert isinstance(detections, pd.DataFrame) and isinstance(sources, pd.DataFrame)
        assert n_images > sources["image"].max() and radius > 0


def test_check_completeness_change(capsys):
    assert ex.check_completeness_change(-0.04, 0.80, 0.76)
    assert not ex.check_completeness_change(0.04, 0.80, 0.76)
    assert not ex.check_completeness_change(-4.0, 0.80, 0.76)
    assert not ex.check_completeness_change(None, 0.80, 0.76)
    out = capsys.readouterr().out
    assert "percent" in out and "no answer yet" in out
