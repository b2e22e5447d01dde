"""python manage.py stress_debris : per-class repair rates of debris injected into clean outside sentences.

See ``reviews.extraction.stress``. ``--half even`` is the development half, ``--half odd`` the report half.
``--failures N`` prints up to N failures per class (clean line, damaged line, output).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.extraction import stress


class Command(BaseCommand):
    help = "Inject debris of each class into clean outside sentences and measure how much the cleaner repairs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--shared", default=None, help="The shared data directory (default: ../shared).")
        parser.add_argument("--source", choices=[*stress.SOURCES, "all"], default="all")
        parser.add_argument("--half", choices=["even", "odd", "all"], default="even")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--scraped", action="store_true", help="Clean as if the page showed damage elsewhere.")
        parser.add_argument("--class", dest="only", action="append", help="Only this debris class (repeatable).")
        parser.add_argument("--failures", type=int, default=0, help="Show up to N failures per class.")
        parser.add_argument("--json", action="store_true", help="End with the figures as one JSON object.")

    def handle(self, *args: object, **options: object) -> None:
        from django.conf import settings

        shared = Path(str(options["shared"])) if options["shared"] else Path(settings.BASE_DIR).parent / "shared"
        names = list(stress.SOURCES) if options["source"] == "all" else [str(options["source"])]
        only = options["only"]
        classes = [c for c in stress.CLASSES if not only or c.name in only]  # type: ignore[operator]
        write = self.stdout.write
        figures: dict[str, object] = {}
        for name in names:
            parts, ptb = stress.SOURCES[name]
            path = shared.joinpath(*parts)
            if not path.is_file():
                raise CommandError(f"{path}: missing.")
            lines = stress.half(stress.load_lines(path, ptb=ptb), str(options["half"]))
            started = time.perf_counter()
            result = stress.run(
                lines, seed=int(str(options["seed"])), classes=classes, scraped=True if options["scraped"] else None
            )
            seconds = time.perf_counter() - started
            write(
                f"== {name} ({options['half']} rows): {result.n_lines} clean lines, "
                f"false splits {len(result.false_splits)} (as scraped: {len(result.false_splits_scraped)}), "
                f"structural {len(result.structural)}, "
                f"{seconds:.1f}s"
            )
            for line, output in result.false_splits_scraped[: int(str(options["failures"]))]:
                write(f"    false split (as scraped): {line!r}\n              -> {output!r}")
            write(f"   {'class':16s} {'n':>5s} {'exact':>6s} {'tokens':>6s}")
            source_figures: dict[str, object] = {
                "lines": result.n_lines,
                "false_splits": len(result.false_splits),
                "false_splits_scraped": len(result.false_splits_scraped),
                "structural": len(result.structural),
            }
            for debris in classes:
                r = result.classes[debris.name]
                write(f"   {r.name:16s} {r.n:5d} {r.exact_rate:6.3f} {r.token_rate:6.3f}")
                source_figures[r.name] = {"n": r.n, "exact": round(r.exact_rate, 4), "tokens": round(r.token_rate, 4)}
                for clean, damaged, output in r.failures[: int(str(options["failures"]))]:
                    write(f"      {damaged!r}\n        -> {output!r}\n        != {clean!r}")
            figures[name] = source_figures
        if options["json"]:
            write(json.dumps(figures, sort_keys=True))
