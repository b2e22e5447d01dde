"""The editor's webhook page: register endpoints, see deliveries, retry a failed one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reviews.exceptions import DomainError
from reviews.models import WebhookDelivery, WebhookEndpoint
from reviews.roles import account
from reviews.services.webhooks import webhook_endpoint_create, webhook_endpoint_update, webhook_redeliver
from reviews.web.decorators import editor_required
from reviews.web.forms import WebhookForm


@editor_required
def webhooks(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(user=account(request.user), **form.cleaned_data)
        except DomainError as error:
            form.add_error("url", error.message)
        else:
            messages.success(request, f"Webhook #{endpoint.pk} registered. Verify deliveries with its secret.")
            return redirect("editor-webhooks")
    deliveries = WebhookDelivery.objects.select_related("endpoint").order_by("-created_at", "-id")
    return render(
        request,
        "reviews/editor_webhooks.html",
        {
            "form": form,
            "endpoints": list(WebhookEndpoint.objects.order_by("-created_at", "-id")),
            "page": Paginator(deliveries, 50).get_page(request.GET.get("page")),
        },
        status=400 if request.method == "POST" else 200,
    )


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
