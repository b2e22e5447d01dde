"""Articles stored twice with the same text (before the hash was normalised), found and listed.

``articles_rehash`` is the body of the data migration that moved the stored hashes to the
normalised form (``reviews/extraction/fingerprint.py``). It never fails and never deletes: where
two stored articles have the same normalised text, one of them (the one already holding the new
hash, else the earliest ingested) takes the new hash and every later one keeps its old hash, which
stays unique. ``article_duplicates`` lists such groups for ``manage.py duplicate_articles``, so an
editor can decide which one stands.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from reviews.extraction.fingerprint import content_hash


@dataclass(frozen=True)
class DuplicatePair:
    kept_id: int  # holds the normalised hash: new ingests of this text name it
    duplicate_id: int  # a later article with the same text; kept its old hash


def _groups(article_model: Any, using: str, chunk_size: int) -> dict[str, list[tuple[int, str]]]:
    """New hash -> [(id, stored hash)] in ingest order, reading the raw text chunk by chunk."""
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        article_model.objects.using(using)
        .order_by("ingested_at", "id")
        .values_list("id", "content_hash", "raw_text")
        .iterator(chunk_size=chunk_size)
    )
    for pk, stored, raw_text in rows:
        groups[content_hash(raw_text)].append((pk, stored))
    return groups


def _split(new_hash: str, members: list[tuple[int, str]]) -> tuple[tuple[int, str], list[tuple[int, str]]]:
    holder = next((member for member in members if member[1] == new_hash), members[0])
    return holder, [member for member in members if member is not holder]


def articles_rehash(*, article_model: Any, using: str = "default", chunk_size: int = 500) -> list[DuplicatePair]:
    """Store the normalised hash on every article that can take it; return the pairs that could not."""
    pairs: list[DuplicatePair] = []
    for new_hash, members in _groups(article_model, using, chunk_size).items():
        (holder_id, holder_hash), others = _split(new_hash, members)
        if holder_hash != new_hash:
            article_model.objects.using(using).filter(pk=holder_id).update(content_hash=new_hash)
        pairs += [DuplicatePair(kept_id=holder_id, duplicate_id=pk) for pk, _stored in others]
    return pairs


def article_duplicates(*, chunk_size: int = 500) -> list[DuplicatePair]:
    """Every pair of stored articles whose texts are the same once normalised (read-only)."""
    from reviews.models import Article

    pairs: list[DuplicatePair] = []
    for new_hash, members in _groups(Article, "default", chunk_size).items():
        if len(members) > 1:
            (holder_id, _), others = _split(new_hash, members)
            pairs += [DuplicatePair(kept_id=holder_id, duplicate_id=pk) for pk, _stored in others]
    return pairs
