from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.serializers.notifications import (
    NotificationReadResultSerializer,
    NotificationReadSerializer,
    NotificationSerializer,
)
from reviews.models import Notification
from reviews.roles import account
from reviews.selectors.notifications import notification_list
from reviews.services.notifications import notification_mark_read


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own notifications (for a reviewer: verdicts overruled by adjudication), newest first."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()
    filterset_fields = ["kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]  # viewset method in a module still being typed
        return notification_list(user=account(self.request.user))

    @extend_schema(request=NotificationReadSerializer, responses={200: NotificationReadResultSerializer})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        data = NotificationReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changed = notification_mark_read(user=account(request.user), notification_ids=data.validated_data.get("ids"))
        return Response({"marked_read": changed})
