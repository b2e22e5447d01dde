"""Issue 12.1: no article is "ready" without a human decision on its text."""

from __future__ import annotations

import pytest

from reviews.exceptions import ArticleNotReady, ArticleStateConflict, InvalidInput, NoClaimsFound, NotAllowed
from reviews.models import Article, ArticleState, AuditEvent
from reviews.selectors.readiness import article_readiness
from reviews.services.articles import article_ingest
from reviews.services.clearance import article_clear
from reviews.services.corrections import claim_add_missed
from reviews.services.triage import article_triage_confirm

pytestmark = pytest.mark.django_db

FRENCH = (
    "Le conseil municipal reporte le vote sur le traversier\n"
    "Le conseil municipal a reporté lundi le vote sur la subvention du traversier, le troisième report cette "
    "année. Selon la mairie, le coût du service a augmenté de 12 % depuis 2022. Les élus ont demandé plus de "
    "temps pour étudier le dossier avec les habitants."
)


def _triaged(editor) -> Article:  # type: ignore[no-untyped-def]
    return article_ingest(raw_text=FRENCH, user=editor, name="fr.txt").article


def test_non_english_article_is_ingested_into_triage_not_ready(editor):
    article = _triaged(editor)
    assert (article.language, article.state, article.claims.count()) == ("fr", ArticleState.TRIAGE, 0)
    readiness = article_readiness(article)
    assert not readiness.ready and (readiness.items, readiness.unresolved_items) == (1, 1)
    event = AuditEvent.objects.get(article=article, action="article_ingested")
    assert event.data["state"] == "triage" and event.data["language"] == "fr"


def test_short_english_text_is_english_and_refused_without_claims():
    """Regression: this text was detected as Portuguese and ingested as "0 of 0 unresolved"."""
    with pytest.raises(NoClaimsFound):
        article_ingest(raw_text="Let's take a closer look. What do you think? Share this article")
    assert Article.objects.count() == 0


def test_text_without_letters_goes_to_triage_as_undetermined(editor):
    article = article_ingest(raw_text="2024 — 17 % · 3,5\n+12 / -4", user=editor).article
    assert (article.language, article.state) == ("und", ArticleState.TRIAGE)


def test_triage_cannot_be_cleared_even_with_an_override(editor):
    article = _triaged(editor)
    with pytest.raises(ArticleNotReady, match="triage"):
        article_clear(article_id=article.pk, user=editor)
    with pytest.raises(ArticleNotReady, match="triage"):
        article_clear(article_id=article.pk, user=editor, override_reason="ship it")
    article.refresh_from_db()
    assert article.cleared_at is None


def test_editor_confirms_nothing_to_check_with_a_reason_audited_then_it_can_be_cleared(editor):
    article = _triaged(editor)
    with pytest.raises(InvalidInput):
        article_triage_confirm(article_id=article.pk, user=editor, reason="  ")
    decided = article_triage_confirm(article_id=article.pk, user=editor, reason="Agenda notice, no factual claims.")
    assert decided.state == ArticleState.NOTHING_TO_CHECK and decided.triage_decided_by == editor
    event = AuditEvent.objects.get(article=article, action="article_triaged")
    assert (event.actor, event.before, event.after) == (editor, "triage", "nothing_to_check")
    assert event.reason == "Agenda notice, no factual claims."
    assert article_readiness(decided).ready
    cleared = article_clear(article_id=article.pk, user=editor)
    assert cleared.cleared_at is not None and cleared.clearance_override_reason == ""
    with pytest.raises(ArticleStateConflict):
        article_triage_confirm(article_id=article.pk, user=editor, reason="again")


def test_reviewer_cannot_decide_triage(editor, reviewer):
    article = _triaged(editor)
    with pytest.raises(NotAllowed):
        article_triage_confirm(article_id=article.pk, user=reviewer, reason="looks fine")
    article.refresh_from_db()
    assert article.state == ArticleState.TRIAGE
    assert not AuditEvent.objects.filter(action="article_triaged").exists()


def test_adding_a_claim_by_hand_ends_triage_and_the_claim_must_be_reviewed(editor):
    article = _triaged(editor)
    start = article.cleaned_text.index("Selon la mairie")
    end = article.cleaned_text.index("2022.") + len("2022.")
    claim = claim_add_missed(
        article_id=article.pk, editor=editor, start=start, end=end, suggested_status="needs_source", reason="cost"
    )
    article.refresh_from_db()
    assert article.state == ArticleState.REVIEW
    readiness = article_readiness(article)
    assert (readiness.total, readiness.unresolved, readiness.ready) == (1, 1, False)
    assert AuditEvent.objects.get(claim=claim, action="claim_added").data["article_state_before"] == "triage"
    with pytest.raises(ArticleNotReady):
        article_clear(article_id=article.pk, user=editor)
