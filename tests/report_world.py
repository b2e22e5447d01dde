"""A reviewed article that fills every field of the report document (used by the report tests)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from reviews.models import AuditAction, AuditEvent, Claim, ClaimMatch, ExtractionCorrection
from tests.factories import ArticleFactory, ReviewFactory

LEAD = (
    "The harbour board met on Tuesday evening in the old customs house, where members of the public filled "
    "every seat and stood along the back wall, many of them fishermen and their families worried about the "
    "dredging works planned for the northern basin and what they would mean for the winter catch, which "
    "has already fallen in each of the last three seasons according to the cooperative's own accounts "
)
SENTENCES = [
    "The port handled 4.2 million tonnes of cargo last year, a record.",
    "The expansion will create 1,200 permanent jobs.",
    "The new quay is expected to double passenger numbers by 2030.",
    "Officials said the dredging would not harm the seagrass beds.",
]


def report_world(*, reviewer, reviewer2, editor):  # type: ignore[no-untyped-def]
    """An article (version 2, cleared with override) with a supported, a needs-source, an adjudicated and a
    pending claim; reviews with notes, evidence and a missing source; a correction; an audit trail."""
    text = LEAD + " ".join(SENTENCES) + " The board will vote again in March."
    first = ArticleFactory(title="Harbour expansion (first version)", source_url="https://news.example.org/harbour-v1")
    article = ArticleFactory(
        title="Harbour expansion: the board's promises checked",
        source_url="https://news.example.org/harbour",
        origin="url",
        site_name="The Harbour Gazette",
        byline="Ines Calder",
        published_on=(timezone.now() - timedelta(days=2)).date(),
        canonical_url="https://news.example.org/2026/harbour-expansion",
        declared_language="en",
        desk="Economy",
        cleaned_text=text,
        raw_text=text,
        version=2,
        previous_version=first,
        cleared_at=timezone.now(),
        cleared_by=editor,
        clearance_override_reason="Publishing at noon; the jobs figure is with the ministry.",
    )
    now = timezone.now()
    claims = []
    statuses = ["supported", "needs_source", "speculative", "pending"]
    for position, (sentence, status) in enumerate(zip(SENTENCES, statuses, strict=True)):
        start = text.index(sentence)
        claims.append(
            Claim.objects.create(
                article=article,
                position=position,
                text=sentence,
                start=start,
                end=start + len(sentence),
                score=0.9,
                suggested_status="needs_source",
                status=status,
                finalised_at=now if status != "pending" else None,
                rereview_on=(now + timedelta(days=90)).date() if position == 0 else None,
            )
        )
    supported, needs_source, speculative, _pending = claims
    review = ReviewFactory(
        claim=supported, reviewer=reviewer, verdict="supported", note="Matches the port authority's annual report."
    )
    review.evidence.create(url="https://port.example.org/annual-report-2025", title="Port authority annual report 2025")
    ReviewFactory(
        claim=needs_source,
        reviewer=reviewer,
        verdict="needs_source",
        note="No source for the jobs figure.",
        missing_source_kinds=["official_record", "data_set"],
        missing_source_note="the ministry's jobs forecast",
    )
    ReviewFactory(claim=speculative, reviewer=reviewer, verdict="supported", note="The council says so.")
    ReviewFactory(claim=speculative, reviewer=reviewer2, verdict="speculative", note="A forecast, not a fact.")
    AuditEvent.objects.create(
        action=AuditAction.STATUS_CHANGED,
        claim=speculative,
        before="pending",
        after="disputed",
        reason="reviews disagree",
    )
    AuditEvent.objects.create(
        action=AuditAction.CLAIM_ADJUDICATED,
        actor=editor,
        claim=speculative,
        before="disputed",
        after="speculative",
        reason="The forecast is the council's own estimate.",
    )
    ExtractionCorrection.objects.create(
        kind="text_edited",
        state="confirmed",
        article=article,
        claim=supported,
        before_text="The port handled 4.2 million tonnes",
        after_text=supported.text,
        reason="The extractor cut the sentence short.",
        proposed_by=editor,
    )
    earlier = ArticleFactory(title="Port figures, last spring")
    precedent = Claim.objects.create(
        article=earlier,
        position=0,
        text="The port handled 4 million tonnes.",
        start=0,
        end=10,
        score=0.8,
        suggested_status="supported",
        status="supported",
        finalised_at=now,
    )
    ClaimMatch.objects.create(claim=supported, matched_claim=precedent, similarity=0.91)
    return article
