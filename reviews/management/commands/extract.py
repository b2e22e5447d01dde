"""python manage.py extract PATH... --format json [--per-line] : claims per file, without the database.

Prints one JSON object mapping each PATH, as given, to its rows in article order:
``{"text", "suggested_status", "score", "cues": [{"text", "start", "end", "kind"}]}`` per claim, or
with ``--per-line`` one row per input line (blank lines included) with ``line``, ``is_claim`` and
``uncertain`` added. Per-line scores are refined by the lines' MiniLM pass (computed in batches,
with the fine-tuned top layer of ``reviews.matching.checkworthiness``; the rows are the same);
``--no-embed`` gives the fast sparse-only score (also the fallback, with a warning, when the
embedding model or the fine-tuned weights cannot be loaded). A file that cannot be read (missing,
binary, empty, too large, not UTF-8) stops the command with a one-line error naming it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reviews.exceptions import InvalidArticle
from reviews.extraction.input import decode_article_bytes
from reviews.extraction.pipeline import EmbeddedScorer, extract_article, extract_lines, line_rows, to_json_rows


class Command(BaseCommand):
    help = "Print the check-worthy claims of article files as JSON (PATH -> list of claims)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--per-line", action="store_true", help="Judge every line on its own: one row per input line."
        )
        parser.add_argument(
            "--no-embed",
            action="store_true",
            help="Per-line: score with the sparse model only (fast; no sentence embeddings).",
        )

    def handle(self, *args: object, **options: object) -> None:
        paths = options["paths"]
        assert isinstance(paths, list)
        per_line = bool(options.get("per_line"))
        texts: dict[str, str] = {}
        for name in paths:  # read and validate everything first: no partial output on error
            path = Path(name)
            if path.is_dir():
                raise CommandError(f"{name}: is a directory, not an article file.")
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{name}: cannot read ({error.strerror or error}).") from None
            try:
                texts[name] = decode_article_bytes(data, max_bytes=settings.ARTICLE_MAX_BYTES, name=name)
            except InvalidArticle as error:
                raise CommandError(error.message) from None
        embed = None
        if per_line and not options.get("no_embed"):
            embed = self._embedder()
        output: dict[str, list[dict[str, object]]] = {}
        for name, text in texts.items():
            if per_line:
                output[name] = line_rows(extract_lines(text.splitlines(), embedded=embed))
            else:
                output[name] = to_json_rows(extract_article(text))
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _embedder(self) -> EmbeddedScorer | None:
        from reviews.matching.checkworthiness import get_top, score
        from reviews.matching.embedding import EmbeddingUnavailable

        try:
            get_top()
        except (EmbeddingUnavailable, OSError, ValueError, KeyError, RuntimeError) as error:
            self.stderr.write(f"warning: sentence embeddings unavailable ({error}); sparse scores only.")
            return None
        return score
