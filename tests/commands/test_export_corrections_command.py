from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from reviews.services.corrections import claim_add_missed, claim_flag_not_a_claim, claim_resolve_flag
from reviews.services.queue import claim_assign_next
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

TEXT = "Key takeaways: The council approved the budget. Taxes could rise by 2% next year."


def test_export_writes_confirmed_corrections_in_the_corpus_format(tmp_path, reviewer, editor):
    article = ArticleFactory(title="Budget", cleaned_text=TEXT)
    heading = ClaimFactory(article=article, position=0, text="Key takeaways:", start=0, end=14, score=0.9)
    ClaimFactory(article=article, position=1, text=TEXT[15:47], start=15, end=47, suggested_status="needs_source")
    untouched = ArticleFactory()
    ClaimFactory(article=untouched)
    held = claim_assign_next(reviewer=reviewer)
    assert held.claim == heading
    claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="list intro")
    claim_resolve_flag(claim_id=heading.pk, editor=editor, confirm=True, reason="agreed")
    claim_add_missed(
        article_id=article.pk,
        editor=editor,
        start=48,
        end=len(TEXT),
        suggested_status="speculative",
        reason="missed hedge",
    )

    call_command("export_corrections", str(tmp_path))

    files = sorted(path.name for path in tmp_path.iterdir())
    assert files == [f"article-{article.pk}.json"]
    document = json.loads((tmp_path / files[0]).read_text(encoding="utf-8"))
    assert document["title"] == "Budget"
    assert document["non_claims"] == ["Key takeaways:"]
    assert [(c["text"], c["label"]) for c in document["claims"]] == [
        ("The council approved the budget.", "needs_source"),
        ("Taxes could rise by 2% next year.", "speculative"),
    ]
    assert [c["kind"] for c in document["corrections"]] == ["not_a_claim", "added"]
    assert document["corrections"][0]["by"] == "rita"


def test_a_proposed_but_undecided_flag_is_not_exported(tmp_path, reviewer):
    ClaimFactory()
    held = claim_assign_next(reviewer=reviewer)
    claim_flag_not_a_claim(assignment_id=held.pk, reviewer=reviewer, reason="maybe")
    call_command("export_corrections", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
