"""python manage.py evaluate_extraction DIR : score the extractor against gold NAME.txt/NAME.json pairs.

Prints one line per article and the pooled figures, computed exactly like shared/corpus/score.py
(rapidfuzz similarity ≥ 0.85, one-to-one greedy matching, the same debris definition). The last
line is a one-line summary. ``--json`` makes the last line a JSON object instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.extraction.evaluation import LABELS, evaluate_directory, load_gold


def _fmt(value: float | None) -> str:
    return "  n/a" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = "Evaluate claim extraction and status suggestion on a directory of gold-annotated articles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--json", action="store_true", help="End with the overall figures as JSON.")
        parser.add_argument("--verbose", action="store_true", help="List missed, spurious and mislabelled claims.")

    def handle(self, *args: object, **options: object) -> None:
        directory = Path(str(options["directory"]))
        if not directory.is_dir():
            raise CommandError(f"{directory}: not a directory.")
        try:
            gold = load_gold(directory)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"{directory}: unreadable gold file ({error}).") from None
        missing = [name for name in gold if not (directory / f"{name}.txt").is_file()]
        if not gold:
            raise CommandError(f"{directory}: no gold NAME.json files with a 'claims' list.")
        if missing:
            raise CommandError(f"{directory}: gold files without an article: {', '.join(sorted(missing))}.")
        result = evaluate_directory(directory)
        write = self.stdout.write
        write(
            f"{'article':32s} {'gold':>4s} {'pred':>4s} {'match':>5s} {'P':>5s} {'R':>5s} {'F1':>5s} "
            f"{'lab_acc':>7s} {'lab_mF1':>7s} {'debris':>6s} {'nc_fp':>5s}"
        )
        for article in result.articles:
            f = article.figures
            write(
                f"{article.name:32s} {article.n_gold:4d} {article.n_pred:4d} {article.n_matched:5d} "
                f"{_fmt(f.precision)} {_fmt(f.recall)} {_fmt(f.f1)} {_fmt(f.status_accuracy):>7s} "
                f"{_fmt(f.macro_f1):>7s} {_fmt(f.debris_rate):>6s} {article.nonclaims_predicted:5d}"
            )
            if options.get("verbose"):
                for text in article.missed_gold:
                    write(f"    missed:   {text}")
                for text in article.unmatched_predictions:
                    write(f"    spurious: {text}")
                for text, gold_label, predicted in article.wrong_labels:
                    write(f"    label {gold_label} -> {predicted}: {text}")
        confusion = " ".join(f"{g}->[" + ",".join(str(result.confusion[g][p]) for p in LABELS) + "]" for g in LABELS)
        write(f"confusion (matched claims; rows=gold, cols=pred): {confusion}  order={','.join(LABELS)}")
        o = result.overall
        write(
            f"overall gold={result.n_gold} pred={result.n_pred} matched={result.n_matched} "
            f"claim_P={_fmt(o.precision)} claim_R={_fmt(o.recall)}"
        )
        if options.get("json"):
            figures = {k: round(v, 6) if v is not None else None for k, v in o.as_dict().items()}
            write(
                json.dumps(
                    {
                        **figures,
                        "n_articles": len(result.articles),
                        "n_gold": result.n_gold,
                        "n_pred": result.n_pred,
                        "n_matched": result.n_matched,
                    }
                )
            )
        else:
            write(
                f"overall claim_F1={o.f1:.3f} label_acc={o.status_accuracy or 0:.3f} "
                f"label_macroF1={o.macro_f1 or 0:.3f} debris_rate={o.debris_rate or 0:.3f}"
            )
