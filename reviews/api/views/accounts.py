from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.serializers.accounts import TokenInputSerializer, TokenSerializer
from reviews.services.accounts import api_token_issue


class TokenView(APIView):
    """Exchange a username and password for the user's API token (failed attempts lock out)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=TokenInputSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="Bad credentials"), 429: None},
    )
    def post(self, request: Request) -> Response:
        data = TokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        issued = api_token_issue(
            request=request._request,  # Django's request: django-axes marks the lockout on it
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        return Response(TokenSerializer(issued).data)
