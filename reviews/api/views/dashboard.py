from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.permissions import IsEditor
from reviews.api.serializers.dashboard import DashboardQuerySerializer, DashboardSerializer
from reviews.selectors.dashboard import dashboard_get


class DashboardView(APIView):
    """The editor's dashboard figures, with the same filters as the page."""

    permission_classes = [IsEditor]

    @extend_schema(parameters=[DashboardQuerySerializer], responses={200: DashboardSerializer})
    def get(self, request: Request) -> Response:
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        board = dashboard_get(filters=query.filters(), choices=False)
        return Response(DashboardSerializer(board).data)
