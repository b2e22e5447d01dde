from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.permissions import IsEditorOrReviewer
from reviews.api.serializers.claims import ClaimSerializer, RereviewInputSerializer
from reviews.api.serializers.recusals import BlockedClaimSerializer, RecusalInputSerializer, RecusalSerializer
from reviews.models import Recusal
from reviews.roles import account, is_editor
from reviews.selectors.recusals import claims_blocked_by_recusal, recusal_list
from reviews.services.recusals import recusal_declare, recusal_withdraw
from reviews.services.shelf_life import claim_schedule_rereview


class RecusalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Conflicts of interest. Reviewers see and manage their own; editors everyone's."""

    permission_classes = [IsEditorOrReviewer]
    serializer_class = RecusalSerializer
    queryset = Recusal.objects.none()
    filterset_fields = ["reviewer", "kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]  # viewset method in a module still being typed
        user = self.request.user
        return recusal_list() if is_editor(user) else recusal_list(reviewer=account(user))

    @extend_schema(request=RecusalInputSerializer, responses={201: RecusalSerializer})
    def create(self, request: Request) -> Response:
        data = RecusalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reviewer_id = values.pop("reviewer", None) or request.user.pk
        recusal = recusal_declare(user=account(request.user), reviewer_id=reviewer_id, **values)
        return Response(RecusalSerializer(recusal).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: int = 0) -> Response:
        recusal_withdraw(user=account(request.user), recusal_id=self.get_object().pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: BlockedClaimSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])  # one plain list, as documented
    def blocked(self, request: Request) -> Response:
        """Open claims that wait only because every eligible reviewer is recused (editors)."""
        if not is_editor(request.user):
            raise PermissionDenied("Only editors can see this.")
        return Response(BlockedClaimSerializer(claims_blocked_by_recusal(), many=True).data)


class ClaimRereviewView(APIView):
    """Give a claim's verdict a re-review date (shelf-life), or remove it with null."""

    permission_classes = [IsEditorOrReviewer]

    @extend_schema(
        parameters=[OpenApiParameter("claim_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=RereviewInputSerializer,
        responses={200: ClaimSerializer},
    )
    def post(self, request: Request, claim_id: int) -> Response:
        data = RereviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_schedule_rereview(
            claim_id=claim_id,
            user=account(request.user),
            on=data.validated_data["rereview_on"],
            reason=data.validated_data["reason"],
        )
        return Response(ClaimSerializer(claim, context={"request": request}).data)
