"""Reads for recusals: the matching rule (one pattern for the queue's SQL and for Python), who is recused
from what, and claims stuck because everyone eligible is recused."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import Exact

from reviews.models import (
    ASSIGNMENT_STATES_DONE_BY_REVIEWER,
    Article,
    Assignment,
    Claim,
    ClaimStatus,
    Recusal,
    RecusalKind,
    Review,
)
from reviews.roles import REVIEWER

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser

BLOCKED_LIMIT = 200


# A person or organisation matches as whole words: the term, not preceded or followed by a letter,
# digit or underscore (``\w``: Unicode-aware in PostgreSQL under a UTF-8 locale, and in Python), any
# white space between its words matching any other ("Ford" is not in "Oxford"; "Jane Roe" is in
# "Jane\nRoe"). Lookarounds, ``\w``, ``\s`` and backslash-escaped ASCII punctuation mean the same in
# PostgreSQL's regular expressions and Python's ``re`` (which SQLite's REGEXP calls), so one pattern
# is the rule in the queue's SQL, in the selectors and in ``recusal_matches``. Matched case-insensitively.
_WORD_BEFORE, _WORD_AFTER = r"(?<!\w)", r"(?!\w)"


def _term_pattern(term: str) -> str:
    """``term`` literally (ASCII punctuation escaped), any run of white space between its words."""
    return r"\s+".join(
        "".join("\\" + char if char.isascii() and not char.isalnum() else char for char in word)
        for word in term.split()
    )


def recusal_name_pattern(terms: Iterable[str]) -> str:
    """A regular expression matching any of ``terms`` (people, organisations) as whole words."""
    alternatives = sorted({_term_pattern(term) for term in terms if term.split()}, key=lambda p: (-len(p), p))
    return f"{_WORD_BEFORE}(?:{'|'.join(alternatives)}){_WORD_AFTER}" if alternatives else ""


def recusal_topic_pattern(terms: Iterable[str]) -> str:
    """A regular expression matching a desk that is one of ``terms`` (topics), whole."""
    alternatives = sorted({_term_pattern(term) for term in terms if term.split()}, key=lambda p: (-len(p), p))
    return f"^\\s*(?:{'|'.join(alternatives)})\\s*$" if alternatives else ""


@dataclass(frozen=True)
class RecusalPatterns:
    """One reviewer's recusals as two regular expressions, matched case-insensitively ("" for none)."""

    names: str  # against the claim's text and its article's text
    topics: str  # against the article's desk

    @classmethod
    def of(cls, recusals: Iterable[Recusal]) -> RecusalPatterns:
        recusals = list(recusals)
        return cls(
            names=recusal_name_pattern(r.term for r in recusals if r.kind != RecusalKind.TOPIC),
            topics=recusal_topic_pattern(r.term for r in recusals if r.kind == RecusalKind.TOPIC),
        )


def recusal_patterns(*, reviewer: AbstractBaseUser) -> RecusalPatterns | None:
    """``reviewer``'s recusals (one query), ``None`` when they declared none."""
    recusals = list(Recusal.objects.filter(reviewer=reviewer).only("kind", "term"))
    return RecusalPatterns.of(recusals) if recusals else None


def recusal_exclude(claims: QuerySet[Claim], *, patterns: RecusalPatterns) -> QuerySet[Claim]:
    """``claims`` without those the recusals cover.

    The article is checked per claim, by a scalar subquery on its primary key: a hand-out, which
    stops at the first eligible claim, reads the text of the few articles it passes. (As ``NOT
    EXISTS`` PostgreSQL turns it into an anti-join that runs the pattern over every article's text
    first, 450 ms at 2,000 articles: a regular expression costs it no more than an equality.)
    """
    article: Q | None = None
    if patterns.names:
        claims = claims.exclude(text__iregex=patterns.names)
        article = Q(cleaned_text__iregex=patterns.names)
    if patterns.topics:
        topic = Q(desk__iregex=patterns.topics)
        article = topic if article is None else article | topic
    if article is None:
        return claims
    recused = Article.objects.filter(pk=OuterRef("article_id")).order_by().values_list(
        ExpressionWrapper(article, output_field=BooleanField())
    )
    return claims.filter(Exact(Subquery(recused, output_field=BooleanField()), False))


def recusal_condition(recusal: Recusal) -> Q:
    """Claims matching one recusal, as a filter on ``Claim`` (the rule of ``recusal_exclude``)."""
    patterns = RecusalPatterns.of([recusal])
    if recusal.kind == RecusalKind.TOPIC:
        return Q(article_id__in=Article.objects.filter(desk__iregex=patterns.topics).values("pk"))
    return Q(text__iregex=patterns.names) | Q(
        article_id__in=Article.objects.filter(cleaned_text__iregex=patterns.names).values("pk")
    )


def recusal_matches(recusal: Recusal, claim: Claim) -> bool:
    """The same rule as ``recusal_condition``, in Python, for one claim with its article loaded."""
    patterns = RecusalPatterns.of([recusal])
    if recusal.kind == RecusalKind.TOPIC:
        return re.search(patterns.topics, claim.article.desk, re.IGNORECASE) is not None
    name = re.compile(patterns.names, re.IGNORECASE)
    return name.search(claim.text) is not None or name.search(claim.article.cleaned_text) is not None


def recusal_for_claim(*, reviewer: AbstractBaseUser, claim: Claim) -> Recusal | None:
    """The first of ``reviewer``'s recusals that covers ``claim``, if any."""
    for recusal in Recusal.objects.filter(reviewer=reviewer):
        if recusal_matches(recusal, claim):
            return recusal
    return None


@dataclass(frozen=True)
class RecusalBlockedClaim:
    claim: Claim
    recused: list[str]  # usernames of the eligible reviewers, every one of them recused


def recusal_list(*, reviewer: AbstractBaseUser | None = None) -> QuerySet[Recusal]:
    recusals = Recusal.objects.select_related("reviewer", "declared_by").order_by("reviewer__username", "kind", "term")
    return recusals.filter(reviewer=reviewer) if reviewer is not None else recusals


def claims_blocked_by_recusal(*, limit: int = BLOCKED_LIMIT) -> list[RecusalBlockedClaim]:
    """Open claims that wait only because every reviewer still eligible for them is recused.

    Eligible: an active reviewer who has not held, skipped or reviewed the claim. Claims no
    recusal matches are never in the list; a claim nobody at all is eligible for is not either
    (that is a staffing problem, not a recusal one).
    """
    recusals = list(Recusal.objects.filter(reviewer__is_active=True, reviewer__groups__name=REVIEWER))
    if not recusals:
        return []
    by_reviewer: dict[int, list[Recusal]] = defaultdict(list)
    for recusal in recusals:
        by_reviewer[recusal.reviewer_id].append(recusal)
    candidates = list(
        Claim.objects.filter(status=ClaimStatus.PENDING, review_count__lt=F("required_reviews") - F("lease_count"))
        .filter(reduce(or_, (recusal_condition(recusal) for recusal in recusals)))
        .select_related("article")
        .order_by("-priority", "created_at", "pk")[:limit]
    )
    if not candidates:
        return []
    ids = [claim.pk for claim in candidates]
    done: dict[int, set[int]] = defaultdict(set)
    for claim_id, reviewer_id in Assignment.objects.filter(
        claim_id__in=ids, state__in=ASSIGNMENT_STATES_DONE_BY_REVIEWER
    ).values_list("claim_id", "reviewer_id"):
        done[claim_id].add(reviewer_id)
    for claim_id, reviewer_id in Review.objects.filter(claim_id__in=ids).values_list("claim_id", "reviewer_id"):
        done[claim_id].add(reviewer_id)
    reviewers = dict(
        get_user_model().objects.filter(is_active=True, groups__name=REVIEWER).values_list("pk", "username")
    )
    blocked: list[RecusalBlockedClaim] = []
    for claim in candidates:
        eligible = set(reviewers) - done[claim.pk]
        recused = {pk for pk in eligible if any(recusal_matches(r, claim) for r in by_reviewer.get(pk, []))}
        if eligible and recused == eligible:
            blocked.append(RecusalBlockedClaim(claim=claim, recused=sorted(reviewers[pk] for pk in recused)))
    return blocked
