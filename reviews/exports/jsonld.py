"""schema.org ClaimReview JSON-LD: the published form of the reviews (what search engines read).

One ClaimReview per *published* fact-check of the report's claims, exactly as its public page embeds it:
its ``url`` is the page (keyed by the publication, so it survives article versions) and its rating is
on the newsroom's scale (``RatingScale``, set by admins). Claims that are not published have no public
page to point at, so they are not in the export.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from django.db.models import QuerySet

from reviews.models import Claim
from reviews.selectors.publications import claim_review, live_publications, public_url, rating_scale

FIELDS = (
    "key",
    "claim_id",
    "claim_text",
    "article_title",
    "article_url",
    "article_byline",
    "article_published_on",
    "status",
    "summary",
    "published_at",
    "updated_at",
)


def _chunks(claims: QuerySet[Claim], chunk_size: int = 500) -> Iterator[list[dict[str, Any]]]:
    rows = live_publications().filter(claim__in=claims.values("pk")).order_by("claim__article_id", "claim__position")
    chunk: list[dict[str, Any]] = []
    for row in rows.values(*FIELDS).iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) == chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_jsonld(
    out: TextIO,
    claims: QuerySet[Claim],
    *,
    counted: Callable[[Iterable[list[dict[str, Any]]]], Iterable[list[dict[str, Any]]]] = lambda chunks: chunks,
) -> None:
    scale = rating_scale()
    out.write('{\n "@context": "https://schema.org",\n "@graph": [')
    written = 0
    for chunk in counted(_chunks(claims)):
        for row in chunk:
            review = claim_review(row, scale=scale, url=public_url(row["key"]))
            review.pop("@context")
            out.write(("," if written else "") + "\n  " + json.dumps(review, ensure_ascii=False))
            written += 1
    out.write("\n ]\n}\n")
