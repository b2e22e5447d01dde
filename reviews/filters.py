"""The claim filters, defined once and used by the editor's claims list page and the REST API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from reviews.models import Claim, ClaimStatus, Review, Verdict
from reviews.selectors.claims import claims_verdicts_visible_q


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """Midnight at the end of ``day`` (exclusive bound); the last representable instant for the last day."""
    if day >= date.max:
        return timezone.make_aware(datetime.max - timedelta(days=1))
    return day_start(day + timedelta(days=1))


MAX_WAITING_DAYS = 100_000
_DATE = forms.DateInput(attrs={"type": "date"})  # the browser's date picker on the claims page


def waited_since(days: float) -> datetime:
    """The moment ``days`` days ago (clamped to a sane range)."""
    return timezone.now() - timedelta(days=min(max(float(days), 0.0), MAX_WAITING_DAYS))


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A whole number such as an object id (an id out of the database's range simply matches nothing)."""

    field_class = forms.IntegerField

    def get_max_validator(self) -> None:
        return None  # no 1e50 cap: an id out of range simply matches nothing


@extend_schema_field(OpenApiTypes.DOUBLE)
class FloatFilter(django_filters.NumberFilter):
    """A real number (any finite float, where django-filter's default caps decimals at 1e50)."""

    field_class = forms.FloatField

    def get_max_validator(self) -> None:
        return None  # any finite float; the score lies in [0, 1] and the comparison says the rest


class StableOrderingFilter(django_filters.OrderingFilter):
    """An ordering with ``id`` as the last key, so ties come back in the same order every time.

    Without it, rows that tie (same score, say) come back in the order they lie on disk, which moves
    when a row is updated: recording a review on a claim would then show in where it sorts.
    """

    def filter(self, qs: QuerySet[Claim], value: list[str] | None) -> QuerySet[Claim]:
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        return qs.order_by(*ordering, "id")


class ClaimFilter(django_filters.FilterSet):
    """Pass ``request``: the review filters (reviewed, reviewer, verdict, review dates) apply the blind-review
    rule of the caller (``claims_verdicts_visible_q``); tests/security/test_blind_review.py checks every filter."""

    status = django_filters.ChoiceFilter(
        empty_label="any", label="Status", choices=ClaimStatus.choices, help_text="Current status."
    )
    suggested_status = django_filters.ChoiceFilter(
        empty_label="any", label="Suggested", choices=Verdict.choices, help_text="What the extractor suggested."
    )
    article = IdFilter(label="Article id", field_name="article_id", help_text="Article id.")
    desk = django_filters.CharFilter(
        label="Desk", field_name="article__desk", help_text="Desk or topic of the article."
    )
    score_min = FloatFilter(
        label="Score at least", field_name="score", lookup_expr="gte", help_text="Check-worthiness ≥."
    )
    score_max = FloatFilter(
        label="Score at most", field_name="score", lookup_expr="lte", help_text="Check-worthiness ≤."
    )
    q = django_filters.CharFilter(
        label="Text contains", field_name="text", lookup_expr="icontains", help_text="Text contains."
    )
    created_from = django_filters.DateFilter(
        widget=_DATE, label="Ingested from", method="filter_created_from", help_text="Ingested on or after (date)."
    )
    created_to = django_filters.DateFilter(
        widget=_DATE, label="Ingested to", method="filter_created_to", help_text="Ingested on or before (date)."
    )
    waiting_min_days = IdFilter(
        label="Waiting at least (days)", method="filter_waiting_min", help_text="Waiting at least this many days."
    )
    waiting_max_days = IdFilter(
        label="Waiting less than (days)", method="filter_waiting_max", help_text="Waiting less than this many days."
    )
    reviewed = django_filters.BooleanFilter(
        label="Reviewed", method="filter_reviewed", help_text="Reviewed at least once (or not)."
    )
    reviewer = IdFilter(label="Reviewer id", method="filter_reviewer", help_text="Reviewed by this user id.")
    verdict = django_filters.ChoiceFilter(
        empty_label="any",
        label="Has verdict",
        choices=Verdict.choices,
        method="filter_verdict",
        help_text="Has a review with this verdict.",
    )
    reviewed_from = django_filters.DateFilter(
        widget=_DATE, label="Reviewed from", method="filter_review_date", help_text="Has a review made on or after."
    )
    reviewed_to = django_filters.DateFilter(
        widget=_DATE, label="Reviewed to", method="filter_review_date", help_text="Has a review made on or before."
    )
    ordering = StableOrderingFilter(
        label="Sort by",
        fields=(("created_at", "created_at"), ("score", "score"), ("priority", "priority"), ("id", "id")),
        help_text="Sort by created_at, score, priority or id; prefix - for descending.",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_created_from(self, queryset: QuerySet[Claim], name: str, value: date) -> QuerySet[Claim]:
        return queryset.filter(created_at__gte=day_start(value))

    def filter_created_to(self, queryset: QuerySet[Claim], name: str, value: date) -> QuerySet[Claim]:
        return queryset.filter(created_at__lt=day_end(value))

    def filter_waiting_min(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return queryset.filter(created_at__lte=waited_since(value))

    def filter_waiting_max(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return queryset.filter(created_at__gt=waited_since(value))

    def verdict_scope(self) -> Q:
        """Blind review: review-derived filters only see the reviews the caller may see (no request: none)."""
        return claims_verdicts_visible_q(user=getattr(self.request, "user", None))

    def filter_reviewed(self, queryset: QuerySet[Claim], name: str, value: bool) -> QuerySet[Claim]:
        reviewed = Q(review_count__gte=1) & self.verdict_scope()
        return queryset.filter(reviewed) if value else queryset.exclude(reviewed)

    # The review conditions are combined into one EXISTS in filter_queryset; these only type the values.
    def filter_reviewer(self, queryset: QuerySet[Claim], name: str, value: int) -> QuerySet[Claim]:
        return queryset

    def filter_verdict(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset

    def filter_review_date(self, queryset: QuerySet[Claim], name: str, value: date) -> QuerySet[Claim]:
        return queryset

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        condition = Q()
        if data.get("reviewer") is not None:
            condition &= Q(reviewer_id=int(data["reviewer"]))
        if data.get("verdict"):
            condition &= Q(verdict=data["verdict"])
        if data.get("reviewed_from"):
            condition &= Q(created_at__gte=day_start(data["reviewed_from"]))
        if data.get("reviewed_to"):
            condition &= Q(created_at__lt=day_end(data["reviewed_to"]))
        if condition:
            queryset = queryset.filter(
                self.verdict_scope(), Exists(Review.objects.filter(condition, claim=OuterRef("pk")))
            )
        return queryset


class IdFilterSet(django_filters.FilterSet):
    """Default for ``filterset_fields``: a foreign key filters by id (an unknown id gives an empty list)."""

    FILTER_DEFAULTS = {
        **django_filters.filterset.FILTER_FOR_DBFIELD_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }
