"""The editor's webhook page: register endpoints, rotate their secrets, see deliveries, retry a failed one.

A secret is shown once, by POST/redirect/GET: the POST that makes it (registering, rotating) stashes
the endpoint and a digest of its new secret (``show_once``; never the secret itself) and answers 303 to
the page, whose next GET shows that endpoint's secret if it is still the one made. A reload or a second
visit shows the secret's hint only, and never makes another secret. The page is never cached.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.models import WebhookDelivery, WebhookEndpoint
from reviews.roles import account
from reviews.services.tokens import token_digest
from reviews.services.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_redeliver,
)
from reviews.web import show_once
from reviews.web.decorators import editor_required
from reviews.web.forms import WebhookForm

SHOWN_ONCE = "webhook-secret"  # the show_once name of a secret just made


def _secret_made(request: HttpRequest, endpoint: WebhookEndpoint) -> HttpResponse:
    """Remember which secret was just made, for the page's next GET to show, and send the browser there."""
    show_once.stash(request, SHOWN_ONCE, {"endpoint": endpoint.pk, "digest": token_digest(endpoint.secret)})
    return show_once.HttpResponseSeeOther(reverse("editor-webhooks"))


def _new_secret(request: HttpRequest) -> tuple[WebhookEndpoint | None, bool]:
    """The endpoint whose secret this GET shows (once), and whether one was made but can no longer be
    shown (expired, or rotated again since)."""
    if request.method != "GET":
        return None, False
    made = show_once.take(request, SHOWN_ONCE)
    if made is None:
        return None, False
    if isinstance(made, dict):
        endpoint = WebhookEndpoint.objects.filter(pk=made["endpoint"]).first()
        if endpoint is not None and token_digest(endpoint.secret) == made["digest"]:
            return endpoint, False
    return None, True


def _page(request: HttpRequest, *, form: WebhookForm, status: int = 200) -> HttpResponse:
    """The page; on the first GET after a secret was made, that endpoint's secret at the top."""
    new_secret, new_secret_gone = _new_secret(request)
    deliveries = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
    return render(
        request,
        "reviews/editor_webhooks.html",
        {
            "form": form,
            "endpoints": list(WebhookEndpoint.objects.order_by("-created_at", "-id")),
            "page": Paginator(deliveries, 50).get_page(request.GET.get("page")),
            "new_secret": new_secret,
            "new_secret_gone": new_secret_gone,
        },
        status=status,
    )


@never_cache
@editor_required
def webhooks(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(user=account(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error("url", error.message)
        else:
            return _secret_made(request, endpoint)
    return _page(request, form=form, status=400 if request.method == "POST" else 200)


@require_POST
@never_cache
@editor_required
def rotate_webhook_secret(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """A new secret for the endpoint (the old one stops validating), shown once by the page it redirects to."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    endpoint = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=account(request.user))
    return _secret_made(request, endpoint)


@require_POST
@editor_required
def toggle_webhook(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    webhook_endpoint_update(endpoint=endpoint, user=account(request.user), is_active=not endpoint.is_active)
    messages.info(request, f"Webhook #{endpoint.pk} {'resumed' if endpoint.is_active else 'paused'}.")
    return redirect("editor-webhooks")


@require_POST
@editor_required
def retry_delivery(request: HttpRequest, delivery_id: int) -> HttpResponse:
    get_object_or_404(WebhookDelivery, pk=delivery_id)
    try:
        webhook_redeliver(delivery_id=delivery_id, user=account(request.user))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Delivery #{delivery_id} queued again.")
    return redirect("editor-webhooks")
