"""Write reviewers' and editors' extraction corrections as corpus JSON files (one per article)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reviews.selectors.corrections import corrections_corpus


class Command(BaseCommand):
    help = "Export confirmed extraction corrections in the corpus JSON format, to feed the extraction evaluation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", help="Directory to write article-<id>.json files into.")
        parser.add_argument("--article", type=int, action="append", help="Only this article id (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        outdir = Path(options["outdir"])
        outdir.mkdir(parents=True, exist_ok=True)
        documents = corrections_corpus(article_ids=options["article"])
        for document in documents:
            path = outdir / f"article-{document['article_id']}.json"
            tmp = path.with_suffix(".json.tmp")
            tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            tmp.replace(path)
        self.stdout.write(f"Wrote {len(documents)} article(s) with corrections to {outdir}")
