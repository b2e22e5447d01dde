from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditor
from reviews.api.serializers.webhooks import (
    WebhookDeliverySerializer,
    WebhookEndpointInputSerializer,
    WebhookEndpointSerializer,
    WebhookEndpointUpdateSerializer,
    WebhookEndpointWithSecretSerializer,
)
from reviews.models import WebhookDelivery, WebhookEndpoint
from reviews.roles import account
from reviews.services.webhooks import (
    webhook_endpoint_create,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_redeliver,
)

NO_STORE = {"Cache-Control": "no-store"}  # an answer carrying a signing secret is kept by no cache


class WebhookEndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Endpoints that receive signed event POSTs. The secret verifies ``X-Newsroom-Signature``.

    The secret is in the answer that makes it (registration, rotate-secret) and nowhere else: lists and
    details show `secret_hint`, its first characters."""

    permission_classes = [IsEditor]
    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.order_by("-created_at", "-id")

    @extend_schema(request=WebhookEndpointInputSerializer, responses={201: WebhookEndpointWithSecretSerializer})
    def create(self, request: Request) -> Response:
        """Register an endpoint. The answer carries its secret: copy it now, it is never shown again."""
        data = WebhookEndpointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_create(user=account(request.user), **data.validated_data)
        return Response(
            WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED, headers=NO_STORE
        )

    @extend_schema(request=WebhookEndpointUpdateSerializer, responses={200: WebhookEndpointSerializer})
    def partial_update(self, request: Request, pk: int = 0) -> Response:
        endpoint = self.get_object()
        data = WebhookEndpointUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhook_endpoint_update(endpoint=endpoint, user=account(request.user), **data.validated_data)
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(request=None, responses={200: WebhookEndpointWithSecretSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: int = 0) -> Response:
        """Give the endpoint a new secret; the old one stops validating at once. Copy the new one now."""
        endpoint = webhook_endpoint_rotate_secret(endpoint_id=self.get_object().pk, user=account(request.user))
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, headers=NO_STORE)


class WebhookDeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What was sent where: state, response code, attempts. Failed deliveries can be retried by hand."""

    permission_classes = [IsEditor]
    serializer_class = WebhookDeliverySerializer
    queryset = WebhookDelivery.objects.order_by("-created_at", "-id")
    filterset_fields = ["endpoint", "state", "event"]

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: int = 0) -> Response:
        delivery = webhook_redeliver(delivery_id=self.get_object().pk, user=account(request.user))
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
