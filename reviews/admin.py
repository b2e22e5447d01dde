"""Django admin for editors and admins. History is read-only for everyone."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from reviews.exceptions import DomainError
from reviews.models import (
    Article,
    Assignment,
    AuditEvent,
    Claim,
    EvidenceLink,
    Notification,
    Report,
    Review,
    WebhookDelivery,
    WebhookEndpoint,
)
from reviews.roles import is_admin, is_editor
from reviews.services.webhooks import webhook_redeliver


class RoleAdmin(admin.ModelAdmin):
    """Editors view and change; only admins delete."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_editor(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_editor(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_editor(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)


class ReadOnlyAdmin(RoleAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["position", "text", "suggested_status", "status", "score", "priority"]
    readonly_fields = ["position", "text", "suggested_status", "status", "score"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(RoleAdmin):
    list_display = [
        "id",
        "title",
        "version",
        "desk",
        "language",
        "priority",
        "required_reviews",
        "cleared_at",
        "ingested_at",
    ]
    list_filter = ["desk", "language", "required_reviews", "ingested_at", ("cleared_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "source_url", "cleaned_text"]
    readonly_fields = [
        "raw_text",
        "cleaned_text",
        "content_hash",
        "language",
        "ingested_by",
        "ingested_at",
        "previous_version",
        "version",
        "cleared_at",
        "cleared_by",
        "clearance_override_reason",
    ]
    inlines = [ClaimInline]


class ReviewInline(admin.StackedInline):
    model = Review
    fields = ["reviewer", "verdict", "note", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AuditInline(admin.TabularInline):
    model = AuditEvent
    fields = ["at", "actor", "action", "before", "after", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Claim)
class ClaimAdmin(RoleAdmin):
    list_display = ["id", "article", "position", "short_text", "suggested_status", "status", "score", "priority"]
    list_filter = ["status", "suggested_status", "article__desk"]
    search_fields = ["text", "article__title"]
    list_select_related = ["article"]
    readonly_fields = [
        "article",
        "position",
        "text",
        "start",
        "end",
        "score",
        "suggested_status",
        "cues",
        "status",
        "review_count",
        "lease_count",
        "finalised_at",
        "created_at",
        "updated_at",
    ]
    inlines = [ReviewInline, AuditInline]

    @admin.display(description="Claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:100]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "claim", "reviewer", "state", "leased_at", "expires_at", "closed_at"]
    list_filter = ["state"]
    search_fields = ["reviewer__username", "claim__text"]
    list_select_related = ["claim", "reviewer"]


class EvidenceInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["url", "title", "cited_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["id", "claim", "reviewer", "verdict", "created_at"]
    list_filter = ["verdict", "created_at"]
    search_fields = ["note", "claim__text", "reviewer__username"]
    list_select_related = ["claim", "reviewer"]
    inlines = [EvidenceInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["id", "scope", "format", "article", "state", "progress_done", "progress_total", "requested_at"]
    list_filter = ["state", "format", "scope"]
    list_select_related = ["article"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "article", "claim", "before", "after"]
    list_filter = ["action", "at"]
    search_fields = ["reason", "claim__text"]
    list_select_related = ["actor", "article", "claim"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(RoleAdmin):
    """Register endpoints from the editor pages or the API (they validate the URL); here: pause or describe."""

    list_display = ["id", "url", "description", "events", "is_active", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["url", "events", "secret", "created_by", "created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "endpoint", "event", "state", "response_code", "attempts", "last_attempt_at", "created_at"]
    list_filter = ["state", "event"]
    list_select_related = ["endpoint"]
    actions = ["retry_deliveries"]

    @admin.action(description="Retry the selected deliveries now")
    def retry_deliveries(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        retried = 0
        for delivery in queryset:
            try:
                webhook_redeliver(delivery_id=delivery.pk, user=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                retried += 1
        self.message_user(request, f"{retried} deliveries queued again.", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["id", "recipient", "kind", "subject", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["recipient__username", "subject"]
    list_select_related = ["recipient"]
