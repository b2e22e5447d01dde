from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.serializers.tokens import ApiTokenSerializer, IssuedTokenSerializer
from reviews.roles import account
from reviews.services.tokens import token_current_or_refuse, token_rotate

NO_STORE = {"Cache-Control": "no-store"}  # an answer carrying a key is kept by no cache


class TokenView(APIView):
    """Your API token: its prefix, creation and expiry, never its key (shown once, when it was made).

    404 `no_api_token` when you have none: make one with POST /api/v1/token/rotate/, or, without a session,
    exchange a password at /api/v1/auth/token/."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ApiTokenSerializer})
    def get(self, request: Request) -> Response:
        return Response(ApiTokenSerializer(token_current_or_refuse(user=account(request.user))).data)


class TokenRotateView(APIView):
    """Replace your token with a new one (or make your first); the old key stops working at once.

    The answer carries the new key: copy it now, it is never shown again."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={201: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        issued = token_rotate(user=account(request.user))
        return Response(IssuedTokenSerializer(issued).data, status=status.HTTP_201_CREATED, headers=NO_STORE)
