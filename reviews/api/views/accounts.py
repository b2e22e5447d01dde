from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.serializers.accounts import TokenInputSerializer
from reviews.api.serializers.tokens import IssuedTokenSerializer
from reviews.api.views.tokens import NO_STORE
from reviews.services.accounts import api_token_issue


class TokenView(APIView):
    """Exchange a username and password for a new API token (failed attempts lock out).

    Each exchange makes a new key and the account's previous token stops working: only the key's digest
    is kept, so an existing key cannot be handed out again. Copy the key from this answer; it is never
    shown again."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=TokenInputSerializer,
        responses={200: IssuedTokenSerializer, 400: OpenApiResponse(description="Bad credentials"), 429: None},
    )
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_token_issue(
            request=request._request,  # Django's request: django-axes marks the lockout on it
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        return Response(IssuedTokenSerializer(issued).data, headers=NO_STORE)
