from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsReviewer
from reviews.api.serializers.claims import ReviewSerializer
from reviews.api.serializers.queue import AssignmentSerializer, ReleaseInputSerializer, VerdictInputSerializer
from reviews.selectors.queue import assignment_list_held
from reviews.services.queue import assignment_release, claim_assign_next
from reviews.services.verdicts import EvidenceInput, verdict_record


class QueueViewSet(viewsets.ViewSet):
    """The reviewer's queue: take the next claim, release it, record a verdict."""

    permission_classes = [IsReviewer]
    lookup_value_regex = "[0-9]+"  # /queue/<digits>/...: the schema types the path parameter as an integer

    @extend_schema(request=None, responses={201: AssignmentSerializer, 404: OpenApiResponse(description="Queue empty")})
    @action(detail=False, methods=["post"])
    def next(self, request: Request) -> Response:
        assignment = claim_assign_next(reviewer=request.user)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AssignmentSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def held(self, request: Request) -> Response:
        return Response(AssignmentSerializer(assignment_list_held(reviewer=request.user), many=True).data)

    @extend_schema(request=VerdictInputSerializer, responses={201: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def verdict(self, request: Request, pk: str | None = None) -> Response:
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdict_record(
            assignment_id=int(pk or 0),
            reviewer=request.user,
            verdict=data.validated_data["verdict"],
            note=data.validated_data["note"],
            evidence=[EvidenceInput(url=e["url"], title=e["title"]) for e in data.validated_data["evidence"]],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReleaseInputSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        data = ReleaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_release(
            assignment_id=int(pk or 0), reviewer=request.user, reason=data.validated_data["reason"]
        )
        return Response(AssignmentSerializer(assignment).data)
