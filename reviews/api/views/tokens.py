from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.serializers.tokens import ApiTokenSerializer
from reviews.roles import account
from reviews.services.tokens import token_get_or_create, token_rotate


class TokenView(APIView):
    """Your API token (created on first read). Scripts without a session exchange a password at /api/v1/auth/token/."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ApiTokenSerializer})
    def get(self, request: Request) -> Response:
        return Response(ApiTokenSerializer(token_get_or_create(user=account(request.user))).data)


class TokenRotateView(APIView):
    """Replace your token with a new one; the old key stops working at once."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: ApiTokenSerializer})
    def post(self, request: Request) -> Response:
        return Response(
            ApiTokenSerializer(token_rotate(user=account(request.user))).data, status=status.HTTP_201_CREATED
        )
