from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditor
from reviews.api.serializers.reports import ReportCreateSerializer, ReportSerializer
from reviews.exceptions import ReportNotReady
from reviews.models import Article, Report, ReportState
from reviews.services.reports import report_request


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    serializer_class = ReportSerializer
    queryset = Report.objects.order_by("-requested_at", "-id")
    filterset_fields = ["state", "format", "article"]

    @extend_schema(request=ReportCreateSerializer, responses={202: ReportSerializer})
    def create(self, request: Request) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not Article.objects.filter(pk=data.validated_data["article"]).exists():
            raise NotFound("No such article.")
        report = report_request(
            user=request.user, report_format=data.validated_data["format"], article_id=data.validated_data["article"]
        )
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        report = self.get_object()
        if report.state != ReportState.DONE or not report.file:
            raise ReportNotReady(f"Report #{report.pk} is {report.state}; download it when it is done.")
        response = FileResponse(
            report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1]
        )
        response["X-Content-SHA256"] = report.checksum
        return response
