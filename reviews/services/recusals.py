"""Conflict-of-interest recusals: topics, people or organisations a reviewer must not review.

A topic matches the article's desk; a person or organisation matches when the name appears, as
whole words, in the claim or in the article text ("Ford" is not in "Oxford"); case-insensitive.
The queue (``claims_open_for``) never offers a matching claim and ``claim_hand_to`` refuses it.
Declaring and withdrawing are audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.lookups import Exact

from reviews.exceptions import InvalidRecusal, NotAllowed, NotFound, RecusalExists, RecusalReviewerNotFound
from reviews.models import Article, AuditAction, Claim, Recusal, RecusalKind
from reviews.roles import is_editor, is_reviewer
from reviews.services.audit import audit_record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser
    from django.db.models import QuerySet


def _may_manage(*, user: AbstractBaseUser, reviewer_id: int) -> None:
    if user.pk != reviewer_id and not is_editor(user):
        raise NotAllowed("Only the reviewer themselves or an editor can change a reviewer's recusals.")


def recusal_declare(*, user: AbstractBaseUser, reviewer_id: int, kind: str, term: str, reason: str = "") -> Recusal:
    """``user`` (the reviewer, or an editor) records that ``reviewer_id`` must not review ``term``."""
    _may_manage(user=user, reviewer_id=reviewer_id)
    reviewer = get_user_model().objects.filter(pk=reviewer_id, is_active=True).first()
    if reviewer is None or not is_reviewer(reviewer):
        raise RecusalReviewerNotFound(f"No active reviewer has id {reviewer_id}: recusals are for active reviewers.")
    if kind not in RecusalKind.values:
        raise InvalidRecusal(f"Choose one of {', '.join(RecusalKind.values)}.")
    term = " ".join(term.split())[:200]
    if len(term) < 2:
        raise InvalidRecusal("Name the topic, person or organisation (at least two characters).")
    try:
        with transaction.atomic():
            recusal = Recusal.objects.create(
                reviewer=reviewer, kind=kind, term=term, reason=reason.strip()[:500], declared_by=user
            )
            audit_record(
                action=AuditAction.RECUSAL_DECLARED,
                actor=user,
                after=f"{kind}:{term}",
                reason=recusal.reason,
                data={"recusal": recusal.pk, "reviewer": reviewer.pk, "kind": kind, "term": term},
            )
    except IntegrityError:
        raise RecusalExists(f"{reviewer.get_username()} is already recused from {term!r}.") from None
    return recusal


def recusal_withdraw(*, user: AbstractBaseUser, recusal_id: int) -> None:
    with transaction.atomic():
        recusal = Recusal.objects.select_for_update().filter(pk=recusal_id).first()
        if recusal is None:
            raise NotFound("No such recusal.")
        _may_manage(user=user, reviewer_id=recusal.reviewer_id)
        audit_record(
            action=AuditAction.RECUSAL_WITHDRAWN,
            actor=user,
            before=f"{recusal.kind}:{recusal.term}",
            data={"recusal": recusal.pk, "reviewer": recusal.reviewer_id, "kind": recusal.kind, "term": recusal.term},
        )
        recusal.delete()


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
