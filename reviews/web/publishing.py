"""Editor pages that publish, correct and unpublish fact-checks (thin: the services decide)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.models import Article, Claim
from reviews.roles import account
from reviews.selectors.publications import public_url
from reviews.services.publications import article_publish, claim_publish, claim_unpublish
from reviews.web.decorators import editor_required


class PublishForm(forms.Form):
    summary = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), label="Public summary")


class UnpublishForm(forms.Form):
    reason = forms.CharField(max_length=2000, required=False, label="Why (kept in the audit trail)")


@require_POST
@editor_required
def publish_article(request: HttpRequest, article_id: int) -> HttpResponse:
    get_object_or_404(Article, pk=article_id)
    try:
        published = article_publish(article_id=article_id, editor=account(request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Published {len(published)} fact-check{'s' if len(published) != 1 else ''}.")
    return redirect("editor-article", article_id=article_id)


@require_POST
@editor_required
def publish_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    get_object_or_404(Claim, pk=claim_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a public summary (up to 5,000 characters).")
        return redirect("editor-claim", claim_id=claim_id)
    try:
        publication = claim_publish(
            claim_id=claim_id, editor=account(request.user), summary=form.cleaned_data["summary"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Published at {public_url(publication.key, base=request.build_absolute_uri('/'))}")
    return redirect("editor-claim", claim_id=claim_id)


@require_POST
@editor_required
def unpublish_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    get_object_or_404(Claim, pk=claim_id)
    form = UnpublishForm(request.POST)
    form.is_valid()
    try:
        claim_unpublish(claim_id=claim_id, editor=account(request.user), reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The fact-check is unpublished: its page now answers 410 Gone.")
    return redirect("editor-claim", claim_id=claim_id)


def publishing_context(*, claim: Claim) -> dict[str, object]:
    """What the editor's claim page shows about publishing: the live page, or a prefilled form."""
    from reviews.models import FINAL_STATUSES, Publication
    from reviews.selectors.publications import publication_draft

    publication = Publication.objects.filter(claim=claim).first()
    draft = publication_draft(claim=claim) if claim.status in FINAL_STATUSES else None
    summary = (
        publication.summary if publication is not None and publication.is_live else (draft.summary if draft else "")
    )
    return {
        "publication": publication,
        "publishable": draft is not None,
        "publish_form": PublishForm(initial={"summary": summary}),
        "unpublish_form": UnpublishForm(),
        "publication_stale": bool(publication and publication.is_live and draft and publication.status != claim.status),
    }
