"""The replay: the shipped replay set as a newsroom's decisions in time order, measured on the evaluation set.

The lift is reported by ``manage.py replay_learning`` whatever it is; the floors here are only that the
loop does not make things worse beyond noise (the same paired bootstrap as promotion), never a tuned lift.
"""

from __future__ import annotations

import io
import json
import resource

from django.core.management import call_command

from reviews.learning import dataset
from reviews.learning.evaluation import compare_accuracy, compare_auc
from reviews.learning.replay import replay


def test_replay_after_0_50_100_200_decisions_is_not_worse_than_the_shipped_models():
    evaluation = dataset.evaluation_set()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_utime
    points = replay(dataset.load(dataset.REPLAY_PATH), evaluation)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_utime - before < 60  # CPU seconds, loaded machine
    assert [p.decisions for p in points] == [0, 50, 100, 200]
    start = points[0]
    claims = [str(e.status) for e in evaluation if e.status]
    labels = [e.checkworthy for e in evaluation]
    for point in points[1:]:
        status = compare_accuracy("status", start.status_predictions, point.status_predictions, claims)
        ranking = compare_auc("auc", start.checkworthiness_scores, point.checkworthiness_scores, labels)
        assert status is not None and status.not_worse, status
        assert ranking is not None and ranking.not_worse, ranking


def test_the_replay_command_prints_the_figures_and_json():
    out = io.StringIO()
    call_command("replay_learning", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert [p["decisions"] for p in summary["points"]] == [0, 50, 100, 200]
    assert "status_acc" in out.getvalue()
