from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsReviewer
from reviews.api.serializers.claims import ReviewSerializer
from reviews.api.serializers.queue import (
    AssignmentSerializer,
    CorrectionSerializer,
    NextInputSerializer,
    NotAClaimInputSerializer,
    ProgressQuerySerializer,
    ProgressSerializer,
    SkipReleaseInputSerializer,
    VerdictInputSerializer,
)
from reviews.roles import account
from reviews.selectors.queue import assignment_list_held, reviewer_progress
from reviews.services.corrections import claim_flag_not_a_claim
from reviews.services.queue import assignment_release, claim_assign_next
from reviews.services.verdicts import EvidenceInput, verdict_record

ASSIGNMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Lease (assignment) id")
NOT_YOURS = OpenApiResponse(description="Not your lease (404) / lease expired or closed (409)")


class QueueViewSet(viewsets.ViewSet):
    """The reviewer's queue: take the next claim, release or skip it, record a verdict or say "not a claim".

    A lease that is not the caller's answers 404; a lease of theirs that expired or was closed
    answers 409 and nothing is recorded.
    """

    permission_classes = [IsReviewer]

    @extend_schema(
        request=NextInputSerializer,
        responses={
            201: AssignmentSerializer,
            404: OpenApiResponse(description="Queue empty"),
            409: OpenApiResponse(description="Holding too many leases"),
        },
    )
    @action(detail=False, methods=["post"])
    def next(self, request: Request) -> Response:
        data = NextInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = claim_assign_next(
            reviewer=account(request.user), article_id=data.validated_data["article"], desk=data.validated_data["desk"]
        )
        return Response(
            AssignmentSerializer(assignment, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: AssignmentSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def held(self, request: Request) -> Response:
        return Response(
            AssignmentSerializer(
                assignment_list_held(reviewer=account(request.user)), many=True, context={"request": request}
            ).data
        )

    @extend_schema(parameters=[ProgressQuerySerializer], responses={200: ProgressSerializer})
    @action(detail=False, methods=["get"])
    def progress(self, request: Request) -> Response:
        data = ProgressQuerySerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        progress = reviewer_progress(
            reviewer=account(request.user),
            article_id=data.validated_data.get("article"),
            desk=data.validated_data["desk"],
        )
        return Response(ProgressSerializer(progress).data)

    @extend_schema(
        parameters=[ASSIGNMENT_ID],
        request=VerdictInputSerializer,
        responses={201: ReviewSerializer, 404: NOT_YOURS, 409: NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def verdict(self, request: Request, pk: int = 0) -> Response:
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdict_record(
            assignment_id=pk,
            reviewer=account(request.user),
            verdict=data.validated_data["verdict"],
            note=data.validated_data["note"],
            evidence=[EvidenceInput(url=e["url"], title=e["title"]) for e in data.validated_data["evidence"]],
            missing_source_kinds=data.validated_data["missing_source_kinds"],
            missing_source_note=data.validated_data["missing_source_note"],
            rereview_on=data.validated_data["rereview_on"],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ASSIGNMENT_ID],
        request=SkipReleaseInputSerializer,
        responses={200: AssignmentSerializer, 404: NOT_YOURS},
    )
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: int = 0) -> Response:
        data = SkipReleaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_release(
            assignment_id=pk,
            reviewer=account(request.user),
            reason=data.validated_data["reason"],
            skip=data.validated_data["skip"],
        )
        return Response(AssignmentSerializer(assignment, context={"request": request}).data)

    @extend_schema(
        parameters=[ASSIGNMENT_ID],
        request=NotAClaimInputSerializer,
        responses={201: CorrectionSerializer, 404: NOT_YOURS, 409: NOT_YOURS},
    )
    @action(detail=True, methods=["post"], url_path="not-a-claim")
    def not_a_claim(self, request: Request, pk: int = 0) -> Response:
        data = NotAClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = claim_flag_not_a_claim(
            assignment_id=pk, reviewer=account(request.user), reason=data.validated_data["reason"]
        )
        return Response(CorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)
