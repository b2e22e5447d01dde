"""Django admin for editors and admins. History is read-only for everyone."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html_join

from reviews.exceptions import DomainError
from reviews.models import (
    ApiToken,
    Article,
    Assignment,
    AuditEvent,
    Claim,
    EvidenceLink,
    ExtractionCorrection,
    ModelVersion,
    Notification,
    PageFetch,
    Publication,
    RatingScale,
    Recusal,
    Report,
    Review,
    WebhookDelivery,
    WebhookEndpoint,
)
from reviews.roles import REVIEWER, account, is_admin, is_editor
from reviews.selectors.publications import rating_scale
from reviews.services.adjudication import claim_prioritise, claim_reopen
from reviews.services.article_edits import article_admin_save
from reviews.services.learning import model_retrain_request, model_version_rollback
from reviews.services.publications import rating_scale_update
from reviews.services.queue import claim_hand_to
from reviews.services.tokens import token_expires_at, tokens_revoke
from reviews.services.webhooks import webhook_endpoint_delete, webhook_endpoint_update, webhook_redeliver


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


class KeepsHistoryAdmin(RoleAdmin):
    """Articles and claims carry the audit trail: deleting one would erase its history, so nobody
    deletes them here (a corrected article is re-ingested as a new version instead)."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AdminsOnly:
    """For an admin class: only admins see the model at all (the list, its rows, the index entry)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)


class ReadOnlyAdmin(RoleAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["position", "text", "suggested_status", "status", "score", "priority"]
    # Priority changes go through the claim admin's bulk action (audited), never a bare save.
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(KeepsHistoryAdmin):
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

    def save_model(self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool) -> None:
        """Never a bare save: title, desk, source URL, priority, deadline and required reviews go through
        the services (``article_admin_save``), so every change is audited with before and after and the
        claims follow the review settings."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if not change or not changes:
            return
        try:
            article_admin_save(article_id=obj.pk, editor=account(request.user), changes=changes)
        except DomainError as error:
            messages.error(request, error.message)
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        raise PermissionDenied("Articles keep their history: they are never deleted.")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        raise PermissionDenied("Articles keep their history: they are never deleted.")


class ReviewInline(admin.StackedInline):
    model = Review
    fields = ["reviewer", "verdict", "note", "missing_source_kinds", "missing_source_note", "created_at"]
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


class ClaimActionForm(ActionForm):
    """Extra inputs for the claim admin's bulk actions."""

    priority = forms.IntegerField(required=False, min_value=-1000, max_value=1000, label="Priority")
    reviewer = forms.CharField(required=False, max_length=150, label="Reviewer (username)")
    reason = forms.CharField(required=False, max_length=2000, label="Reason")


@admin.register(Claim)
class ClaimAdmin(KeepsHistoryAdmin):
    list_display = [
        "id",
        "article",
        "position",
        "short_text",
        "suggested_status",
        "status",
        "score",
        "priority",
        "deadline",
        "review_count",
        "required_reviews",
    ]
    list_filter = ["status", "suggested_status", "article__desk", "required_reviews", "review_round", "deadline"]
    search_fields = ["=id", "text", "article__title"]
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
        "priority",
        "deadline",
        "required_reviews",
        "review_round",
        "review_count",
        "lease_count",
        "finalised_at",
        "rereview_on",
        "rereview_reason",
        "rereview_set_by",
        "rule_status",
        "checkworthiness_model",
        "status_model",
        "created_at",
        "updated_at",
    ]
    inlines = [ReviewInline, AuditInline]
    action_form = ClaimActionForm
    actions = ["set_priority", "reopen", "assign_to_reviewer"]

    @admin.display(description="Claim")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:100]

    def _each(self, request: HttpRequest, queryset: QuerySet[Claim], run, done: str) -> None:  # type: ignore[no-untyped-def]  # run is a per-action callable taking a claim
        ok, refused = 0, []
        for claim in queryset.order_by("pk"):
            try:
                run(claim)
                ok += 1
            except DomainError as error:
                refused.append(f"#{claim.pk}: {error.message}")
        if ok:
            messages.success(request, f"{ok} claim(s) {done}.")
        if refused:
            messages.warning(request, "Refused: " + "; ".join(refused[:20]))

    @admin.action(description="Set priority of the selected claims (enter a priority)")
    def set_priority(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        priority = request.POST.get("priority", "").strip()
        if not priority.lstrip("-").isdigit():
            messages.error(request, "Enter a priority (a whole number, higher is reviewed first).")
            return
        reason = request.POST.get("reason", "")
        self._each(
            request,
            queryset,
            lambda claim: claim_prioritise(
                claim_id=claim.pk, editor=account(request.user), priority=int(priority), reason=reason
            ),
            f"set to priority {priority}",
        )

    @admin.action(description="Reopen the selected claims (enter a reason)")
    def reopen(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        reason = request.POST.get("reason", "")
        self._each(
            request,
            queryset,
            lambda claim: claim_reopen(claim_id=claim.pk, editor=account(request.user), reason=reason),
            "reopened",
        )

    @admin.action(description="Assign the selected claims to a reviewer (enter a username)")
    def assign_to_reviewer(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        username = request.POST.get("reviewer", "").strip()
        reviewer = get_user_model().objects.filter(username=username, groups__name=REVIEWER).first()
        if reviewer is None:
            messages.error(request, f"No reviewer called {username!r}.")
            return
        reason = request.POST.get("reason", "")
        self._each(
            request,
            queryset,
            lambda claim: claim_hand_to(
                claim_id=claim.pk, reviewer_id=reviewer.pk, editor=account(request.user), reason=reason
            ),
            f"handed to {username}",
        )


@admin.register(ExtractionCorrection)
class ExtractionCorrectionAdmin(ReadOnlyAdmin):
    """Corrections are history: decided through the pages and API, shown here read-only."""

    list_display = ["id", "kind", "state", "article", "claim", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["kind", "state", "proposed_at"]
    search_fields = ["before_text", "after_text", "reason", "proposed_by__username"]
    list_select_related = ["article", "claim", "proposed_by", "decided_by"]


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
    """Register endpoints from the editor pages or the API (they validate the URL); here: pause or describe.

    The signing secret is never shown here (only its hint): it was shown once, when made; rotate it on the
    editor page or the API to get a new one."""

    list_display = ["id", "url", "description", "events", "is_active", "created_at"]
    list_filter = ["is_active"]
    exclude = ["secret"]
    readonly_fields = ["url", "events", "secret_hint", "created_by", "created_at"]

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form: forms.ModelForm, change: bool) -> None:
        """Through the service, so pausing or describing an endpoint is audited."""
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in ("description", "is_active")}
        if change and changes:
            webhook_endpoint_update(
                endpoint=WebhookEndpoint.objects.get(pk=obj.pk), user=account(request.user), **changes
            )
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: WebhookEndpoint) -> None:
        webhook_endpoint_delete(endpoint_id=obj.pk, user=account(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        for endpoint_id in queryset.values_list("pk", flat=True):
            webhook_endpoint_delete(endpoint_id=endpoint_id, user=account(request.user))


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "endpoint",
        "event",
        "state",
        "response_code",
        "response_ms",
        "attempts",
        "last_attempt_at",
        "created_at",
    ]
    list_filter = ["state", "event"]
    list_select_related = ["endpoint"]
    actions = ["retry_deliveries"]

    @admin.action(description="Retry the selected deliveries now")
    def retry_deliveries(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        retried = 0
        for delivery in queryset:
            try:
                webhook_redeliver(delivery_id=delivery.pk, user=account(request.user))
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


@admin.register(Recusal)
class RecusalAdmin(ReadOnlyAdmin):
    """Declared from the reviewer and editor pages or the API (audited there); read-only here."""

    list_display = ["id", "reviewer", "kind", "term", "reason", "declared_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reviewer__username", "term"]
    list_select_related = ["reviewer", "declared_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(AdminsOnly, admin.ModelAdmin):
    """Admins see whose tokens exist (owner, prefix, created, expiry) and revoke them; nothing more.

    Only the key's digest is stored and it is not shown (it is no credential, but nothing here needs it);
    nobody makes a token here, since its key would be shown to the admin rather than its owner. Revoking,
    one or many, goes through ``tokens_revoke`` so it is audited with the admin as actor."""

    list_display = ["user", "prefix", "created", "expires_at"]
    fields = ["user", "prefix", "created", "expires_at"]
    readonly_fields = fields
    search_fields = ["user__username", "prefix"]
    list_select_related = ["user"]
    ordering = ["-created"]
    actions = ["revoke_selected"]

    @admin.display(description="Expires")
    def expires_at(self, obj: ApiToken) -> object:
        return token_expires_at(obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, object]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would delete without the audit; revoke_selected audits
        return actions

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        tokens_revoke(user=obj.user, actor=account(request.user), reason="Revoked in the admin.")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            self.delete_model(request, token)

    @admin.action(description="Revoke the selected API tokens", permissions=["delete"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.select_related("user"))
        self.delete_queryset(request, queryset)
        self.message_user(request, f"Revoked {len(tokens)} API token(s).", messages.SUCCESS)


@admin.register(RatingScale)
class RatingScaleAdmin(RoleAdmin):
    """The public rating scale: admins change it (audited); editors see it."""

    fields = [
        "worst_rating",
        "best_rating",
        "supported_rating",
        "supported_wording",
        "speculative_rating",
        "speculative_wording",
        "needs_source_rating",
        "needs_source_wording",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[RatingScale]:
        rating_scale()  # the one row exists from the first look
        return super().get_queryset(request)

    def save_model(self, request: HttpRequest, obj: RatingScale, form: forms.ModelForm, change: bool) -> None:
        rating_scale_update(user=account(request.user), **{name: getattr(obj, name) for name in form.changed_data})


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Published fact-checks (publish, correct and unpublish from the editor pages, the API or the command)."""

    list_display = ["key", "claim_text", "status", "published_at", "unpublished_at"]
    list_filter = ["status"]
    search_fields = ["key", "claim_text", "article_title"]


class ModelVersionActionForm(ActionForm):
    reason = forms.CharField(required=False, max_length=2000, label="Reason")


@admin.register(ModelVersion)
class ModelVersionAdmin(AdminsOnly, ReadOnlyAdmin):
    """Admins see every version with its figures and training size, retrain now, and roll back (audited)."""

    list_display = [
        "name",
        "kind",
        "state",
        "training_size",
        "held_back_size",
        "headline_figures",
        "embedding_used",
        "parent",
        "created_at",
        "activated_at",
    ]
    list_filter = ["kind", "state"]
    list_select_related = ["parent"]
    readonly_fields = [
        "name",
        "kind",
        "state",
        "base",
        "training_size",
        "held_back_size",
        "embedding_used",
        "parent",
        "note",
        "figures",
        "decisions_digest",
        "created_at",
        "activated_at",
        "retired_at",
    ]
    exclude = ["parameters"]
    action_form = ModelVersionActionForm
    actions = ["roll_back"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModelVersion]:
        return super().get_queryset(request).defer("parameters")

    @admin.display(description="Figures (active → candidate, paired-bootstrap lower bound)")
    def headline_figures(self, obj: ModelVersion) -> str:
        rows = obj.figures.get("comparisons", []) if isinstance(obj.figures, dict) else []
        if not rows:
            return "—"
        return format_html_join(
            "; ",
            "{}: {} → {} (lower {}, n={})",
            ((r["name"], r["active"], r["candidate"], r["lower"], r["items"]) for r in rows),
        )

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "retrain/",
                self.admin_site.admin_view(self.retrain_view),
                name="reviews_modelversion_retrain",
            )
        ]
        return own + super().get_urls()

    def retrain_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not is_admin(request.user):
            raise PermissionDenied
        model_retrain_request(actor=account(request.user))
        messages.success(request, "Retraining queued: new candidates appear here when the worker has finished.")
        return HttpResponseRedirect(reverse("admin:reviews_modelversion_changelist"))

    @admin.action(description="Roll back to the selected version (one; enter a reason)")
    def roll_back(self, request: HttpRequest, queryset: QuerySet[ModelVersion]) -> None:
        if not is_admin(request.user):
            raise PermissionDenied
        if queryset.count() != 1:
            messages.error(request, "Select exactly one version to roll back to.")
            return
        try:
            version = model_version_rollback(
                version_id=queryset.get().pk, actor=account(request.user), reason=request.POST.get("reason", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
            return
        messages.success(request, f"{version} is active again.")


@admin.register(PageFetch)
class PageFetchAdmin(AdminsOnly, ReadOnlyAdmin):
    """Web pages asked for by URL (the task's record: address, state, last error): admins look, nobody
    edits. Editors follow their fetches on their own pages and in the API."""

    list_display = ["id", "page_url", "state", "error_code", "attempts", "requested_by", "requested_at", "article"]
    list_filter = ["state", "error_code", "requested_at"]
    search_fields = ["page_url", "requested_by__username"]
    list_select_related = ["requested_by", "article"]
    readonly_fields = [field.name for field in PageFetch._meta.fields]
