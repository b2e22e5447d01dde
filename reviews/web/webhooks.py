"""The editor's webhook page: register endpoints, rotate their secrets, see deliveries, retry a failed one.

A secret is shown once, in the answer to the POST that made it (registering, rotating): rendered there
rather than redirected to, so it never travels through the session or a message cookie, and marked for
no cache to keep. Every other view of the page shows the secret's hint only."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.models import WebhookDelivery, WebhookEndpoint
from reviews.roles import account
from reviews.services.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_redeliver,
)
from reviews.web.decorators import editor_required
from reviews.web.forms import WebhookForm


def _page(
    request: HttpRequest, *, form: WebhookForm, status: int = 200, new_secret: WebhookEndpoint | None = None
) -> HttpResponse:
    """The page; with ``new_secret``, that endpoint's secret shown once at the top, and nothing cached."""
    deliveries = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
    response = render(
        request,
        "reviews/editor_webhooks.html",
        {
            "form": form,
            "endpoints": list(WebhookEndpoint.objects.order_by("-created_at", "-id")),
            "page": Paginator(deliveries, 50).get_page(request.GET.get("page")),
            "new_secret": new_secret,
        },
        status=status,
    )
    if new_secret is not None:
        add_never_cache_headers(response)
    return response


@editor_required
def webhooks(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(user=account(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error("url", error.message)
        else:
            return _page(request, form=WebhookForm(), new_secret=endpoint)
    return _page(request, form=form, status=400 if request.method == "POST" else 200)


@require_POST
@editor_required
def rotate_webhook_secret(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """A new secret for the endpoint (the old one stops validating), shown in this answer only."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
    endpoint = webhook_endpoint_rotate_secret(endpoint_id=endpoint.pk, user=account(request.user))
    return _page(request, form=WebhookForm(), new_secret=endpoint)


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
