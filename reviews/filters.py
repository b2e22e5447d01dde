"""The claim filters, defined once and used by the editor's claims list page and the REST API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from reviews.models import Claim, ClaimStatus, Review, Verdict


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def day_end(day: date) -> datetime:
    """Midnight at the end of ``day`` (exclusive bound)."""
    return day_start(day + timedelta(days=1))


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, help_text="Current status.")
    suggested_status = django_filters.ChoiceFilter(choices=Verdict.choices, help_text="What the extractor suggested.")
    article = django_filters.NumberFilter(field_name="article_id", help_text="Article id.")
    desk = django_filters.CharFilter(field_name="article__desk", help_text="Desk or topic of the article.")
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte", help_text="Check-worthiness ≥.")
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte", help_text="Check-worthiness ≤.")
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", help_text="Text contains.")
    created_from = django_filters.DateFilter(method="filter_created_from", help_text="Ingested on or after (date).")
    created_to = django_filters.DateFilter(method="filter_created_to", help_text="Ingested on or before (date).")
    waiting_min_days = django_filters.NumberFilter(
        method="filter_waiting_min", min_value=0, help_text="Waiting at least this many days."
    )
    waiting_max_days = django_filters.NumberFilter(
        method="filter_waiting_max", min_value=0, help_text="Waiting less than this many days."
    )
    reviewed = django_filters.BooleanFilter(method="filter_reviewed", help_text="Reviewed at least once (or not).")
    reviewer = django_filters.NumberFilter(method="filter_by_reviews", help_text="Reviewed by this user id.")
    verdict = django_filters.ChoiceFilter(
        choices=Verdict.choices, method="filter_by_reviews", help_text="Has a review with this verdict."
    )
    reviewed_from = django_filters.DateFilter(method="filter_by_reviews", help_text="Has a review made on or after.")
    reviewed_to = django_filters.DateFilter(method="filter_by_reviews", help_text="Has a review made on or before.")
    ordering = django_filters.OrderingFilter(
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

    def filter_waiting_min(self, queryset: QuerySet[Claim], name: str, value: float) -> QuerySet[Claim]:
        return queryset.filter(created_at__lte=timezone.now() - timedelta(days=float(value)))

    def filter_waiting_max(self, queryset: QuerySet[Claim], name: str, value: float) -> QuerySet[Claim]:
        return queryset.filter(created_at__gt=timezone.now() - timedelta(days=float(value)))

    def filter_reviewed(self, queryset: QuerySet[Claim], name: str, value: bool | None) -> QuerySet[Claim]:
        if value is None:
            return queryset
        return queryset.filter(review_count__gte=1) if value else queryset.filter(review_count=0)

    def filter_by_reviews(self, queryset: QuerySet[Claim], name: str, value: object) -> QuerySet[Claim]:
        return queryset  # combined into one condition in filter_queryset

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
            queryset = queryset.filter(Exists(Review.objects.filter(condition, claim=OuterRef("pk"))))
        return queryset
