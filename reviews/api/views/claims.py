from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditorOrReviewer
from reviews.api.serializers.claims import ClaimDetailSerializer, ClaimListSerializer
from reviews.filters import ClaimFilter
from reviews.models import Claim
from reviews.selectors.claims import (
    claim_get_detail,
    claim_history_visible_to,
    claim_list_visible_to,
    claim_reviews_visible_to,
)


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Claims: editors see all; a reviewer only those they hold or have reviewed (others are 404).

    Blind review: a reviewer sees other reviewers' verdicts on a claim only after recording their own.
    """

    permission_classes = [IsEditorOrReviewer]
    serializer_class = ClaimListSerializer
    filterset_class = ClaimFilter
    queryset = Claim.objects.none()  # scoped per user in get_queryset

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list_visible_to(user=self.request.user)

    @extend_schema(responses={200: ClaimDetailSerializer})
    def retrieve(self, request: Request, pk: int = 0) -> Response:
        try:
            claim = claim_get_detail(claim_id=pk, claims=self.get_queryset())
        except Claim.DoesNotExist:
            raise NotFound("No such claim.") from None
        context = {
            "request": request,
            "reviews": claim_reviews_visible_to(user=request.user, claim=claim),
            "history": claim_history_visible_to(user=request.user, claim=claim),
        }
        return Response(ClaimDetailSerializer(claim, context=context).data)
