"""Editors' API: the adjudication queue, decisions on claims, corrections and agreement.

Reviewers get 403 here, except on a claim's history (``claim-history``), which a reviewer sees
once they have reviewed the claim and which is 404 for them otherwise (blind review).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditor, IsEditorOrReviewer
from reviews.api.serializers.adjudication import (
    AddClaimInputSerializer,
    AdjudicationClaimSerializer,
    AgreementSerializer,
    ArticleSettingsInputSerializer,
    ArticleSettingsSerializer,
    ClaimHistorySerializer,
    DecideInputSerializer,
    EditTextInputSerializer,
    HandInputSerializer,
    OverrideInputSerializer,
    PriorityInputSerializer,
    ReasonInputSerializer,
    ResolveFlagInputSerializer,
    RevokeInputSerializer,
    SplitInputSerializer,
    SplitResultSerializer,
)
from reviews.api.serializers.claims import ClaimSerializer
from reviews.api.serializers.queue import AssignmentSerializer
from reviews.models import Claim
from reviews.roles import account
from reviews.selectors.agreement import claim_agreement_rate, reviewer_pair_agreement
from reviews.selectors.queue import adjudication_list, claim_get_visible, claim_history, claim_reviews
from reviews.services import adjudication, corrections
from reviews.services.queue import assignment_revoke, claim_hand_to

CONFLICT = OpenApiResponse(description="The claim is not in a state that allows this")
CLAIM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Claim id")


class AdjudicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Claims waiting for an editor (disputed, or flagged "not a claim") and the editor's actions on any claim."""

    permission_classes = [IsEditor]
    serializer_class = AdjudicationClaimSerializer
    queryset = Claim.objects.none()

    def get_queryset(self) -> Any:
        return adjudication_list()

    def _claim(self, claim: Claim) -> Response:
        return Response(ClaimSerializer(claim, context={"request": self.request}).data)

    @extend_schema(
        parameters=[CLAIM_ID], request=DecideInputSerializer, responses={200: ClaimSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: int = 0) -> Response:
        data = DecideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(
            adjudication.claim_adjudicate(claim_id=pk, editor=account(request.user), **data.validated_data)
        )

    @extend_schema(
        parameters=[CLAIM_ID], request=ResolveFlagInputSerializer, responses={200: ClaimSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="resolve-flag")
    def resolve_flag(self, request: Request, pk: int = 0) -> Response:
        data = ResolveFlagInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(
            corrections.claim_resolve_flag(claim_id=pk, editor=account(request.user), **data.validated_data)
        )

    @extend_schema(
        parameters=[CLAIM_ID], request=ReasonInputSerializer, responses={200: ClaimSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: int = 0) -> Response:
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(adjudication.claim_reopen(claim_id=pk, editor=account(request.user), **data.validated_data))

    @extend_schema(
        parameters=[CLAIM_ID], request=OverrideInputSerializer, responses={200: ClaimSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: int = 0) -> Response:
        data = OverrideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(
            adjudication.claim_override_status(claim_id=pk, editor=account(request.user), **data.validated_data)
        )

    @extend_schema(parameters=[CLAIM_ID], request=PriorityInputSerializer, responses={200: ClaimSerializer})
    @action(detail=True, methods=["post"])
    def prioritise(self, request: Request, pk: int = 0) -> Response:
        data = PriorityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(
            adjudication.claim_prioritise(claim_id=pk, editor=account(request.user), **data.validated_data)
        )

    @extend_schema(
        parameters=[CLAIM_ID], request=HandInputSerializer, responses={201: AssignmentSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def hand(self, request: Request, pk: int = 0) -> Response:
        data = HandInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = claim_hand_to(
            claim_id=pk,
            reviewer_id=data.validated_data["reviewer"],
            editor=account(request.user),
            reason=data.validated_data["reason"],
        )
        return Response(
            AssignmentSerializer(assignment, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=RevokeInputSerializer, responses={200: AssignmentSerializer, 409: CONFLICT})
    @action(detail=False, methods=["post"])
    def revoke(self, request: Request) -> Response:
        data = RevokeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_revoke(
            assignment_id=data.validated_data["assignment"],
            editor=account(request.user),
            reason=data.validated_data["reason"],
        )
        return Response(AssignmentSerializer(assignment, context={"request": request}).data)

    @extend_schema(
        parameters=[CLAIM_ID], request=EditTextInputSerializer, responses={200: ClaimSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"], url_path="edit-text")
    def edit_text(self, request: Request, pk: int = 0) -> Response:
        data = EditTextInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._claim(
            corrections.claim_edit_text(claim_id=pk, editor=account(request.user), **data.validated_data)
        )

    @extend_schema(
        parameters=[CLAIM_ID], request=SplitInputSerializer, responses={201: SplitResultSerializer, 409: CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: int = 0) -> Response:
        data = SplitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parts = corrections.claim_split(claim_id=pk, editor=account(request.user), **data.validated_data)
        return Response(
            SplitResultSerializer({"parts": list(parts)}, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=AddClaimInputSerializer, responses={201: ClaimSerializer, 409: CONFLICT})
    @action(detail=False, methods=["post"], url_path="add-claim")
    def add_claim(self, request: Request) -> Response:
        data = AddClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        claim = corrections.claim_add_missed(article_id=values.pop("article"), editor=account(request.user), **values)
        return Response(ClaimSerializer(claim, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArticleSettingsInputSerializer, responses={200: ArticleSettingsSerializer})
    @action(detail=False, methods=["post"], url_path="article-settings")
    def article_settings(self, request: Request) -> Response:
        data = ArticleSettingsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        article = adjudication.article_set_review_settings(
            article_id=values.pop("article"), editor=account(request.user), **values
        )
        return Response(ArticleSettingsSerializer(article).data)

    @extend_schema(responses={200: AgreementSerializer})
    @action(detail=False, methods=["get"])
    def agreement(self, request: Request) -> Response:
        return Response(
            AgreementSerializer({"claims": claim_agreement_rate(), "pairs": reviewer_pair_agreement()}).data
        )


class ClaimHistoryViewSet(viewsets.ViewSet):
    """A claim's reviews and audit trail: editors always, a reviewer only after their own verdict (else 404)."""

    permission_classes = [IsEditorOrReviewer]

    @extend_schema(
        parameters=[CLAIM_ID],
        responses={200: ClaimHistorySerializer, 404: OpenApiResponse(description="Outside your scope")},
    )
    def retrieve(self, request: Request, pk: int = 0) -> Response:
        claim = claim_get_visible(claim_id=pk, user=account(request.user))
        body = {"claim": claim, "reviews": claim_reviews(claim=claim), "history": claim_history(claim=claim)}
        return Response(ClaimHistorySerializer(body, context={"request": request}).data)
