"""python manage.py replay_learning : measure the learning loop on an annotated set replayed as decisions.

Takes ``--decisions`` (default: the shipped replay set, ``reviews/learning/data/replay.txt``) as a
newsroom's decisions in time order, retrains both models after every ``--batch`` decisions and prints
status accuracy and check-worthiness ROC-AUC on the disjoint ``--evaluation`` set (default: the shipped
evaluation set) after 0, 50, 100 and 200 decisions, with the lift over 0. ``--embedding`` stacks the
embedding side (needs the matching extra; slower). Touches no database. The last line is JSON.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.learning import dataset
from reviews.learning.replay import replay


class Command(BaseCommand):
    help = "Replay an annotated set as the newsroom's decisions and report the models' figures as they learn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--decisions", default=str(dataset.REPLAY_PATH), help="LABEL<TAB>sentence lines.")
        parser.add_argument("--evaluation", default=str(dataset.EVALUATION_PATH), help="A disjoint annotated set.")
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument("--checkpoints", default="0,50,100,200")
        parser.add_argument("--embedding", action="store_true", help="Stack the embedding-side logits.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            decisions = dataset.load(Path(str(options["decisions"])))
            evaluation = dataset.load(Path(str(options["evaluation"])))
            checkpoints = [int(x) for x in str(options["checkpoints"]).split(",")]
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from None
        embedded = None
        if options["embedding"]:
            from reviews.matching import checkworthiness

            if not checkworthiness.available():
                raise CommandError("the embedding model is not available on this machine")
            embedded = checkworthiness.score
        started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_utime
        points = replay(
            decisions, evaluation, batch=int(str(options["batch"])), checkpoints=checkpoints, embedded=embedded
        )
        cpu_s = resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu
        base = points[0]
        self.stdout.write(
            f"{len(decisions)} decisions replayed in batches of {options['batch']}; "
            f"evaluated on {len(evaluation)} sentences ({sum(1 for e in evaluation if e.status)} claims)"
        )
        self.stdout.write("decisions  status_acc  (lift)   cw_auc  (lift)   | active: status_acc  cw_auc")
        for p in points:
            self.stdout.write(
                f"{p.decisions:9d}  {p.status_accuracy:10.4f}  {p.status_accuracy - base.status_accuracy:+.4f}  "
                f"{p.checkworthiness_auc:7.4f}  {p.checkworthiness_auc - base.checkworthiness_auc:+.4f}   |"
                f" {p.active_status_accuracy:17.4f}  {p.active_checkworthiness_auc:6.4f}"
            )
        summary = {
            "embedding": bool(embedded),
            "cpu_s": round(cpu_s, 2),
            "wall_s": round(time.perf_counter() - started, 2),
            "points": [
                {
                    "decisions": p.decisions,
                    "status_accuracy": round(p.status_accuracy, 4),
                    "checkworthiness_auc": round(p.checkworthiness_auc, 4),
                    "active_status_accuracy": round(p.active_status_accuracy, 4),
                    "active_checkworthiness_auc": round(p.active_checkworthiness_auc, 4),
                }
                for p in points
            ],
        }
        self.stdout.write(json.dumps(summary))
