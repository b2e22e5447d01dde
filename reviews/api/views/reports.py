from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
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
from reviews.models import Article, Report, ReportScope, ReportState
from reviews.services.reports import report_recompile, report_request
from reviews.web.downloads import report_file_response


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    serializer_class = ReportSerializer
    queryset = Report.objects.order_by("-requested_at", "-id")
    filterset_fields = ["state", "format", "article", "scope"]

    @extend_schema(request=ReportCreateSerializer, responses={202: ReportSerializer})
    def create(self, request: Request) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scope = data.validated_data["scope"]
        article_id = data.validated_data.get("article")
        if scope == ReportScope.ARTICLE and not Article.objects.filter(pk=article_id).exists():
            raise NotFound("No such article.")
        report = report_request(
            user=request.user,
            report_format=data.validated_data["format"],
            scope=scope,
            article_id=article_id if scope == ReportScope.ARTICLE else None,
            parameters=data.parameters(),
            excel_bom=data.validated_data["excel_bom"],
            audience=data.validated_data["audience"],
            show_names=data.validated_data["names"],
        )
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ReportSerializer})
    @action(detail=True, methods=["post"])
    def recompile(self, request: Request, pk: str | None = None) -> Response:
        """Compile the same report again (same scope, filters and format), e.g. once it is stale."""
        report = report_recompile(report_id=self.get_object().pk, user=request.user)
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse | StreamingHttpResponse:
        report = self.get_object()
        if report.state != ReportState.DONE or not report.file:
            raise ReportNotReady(f"Report #{report.pk} is {report.state}; download it when it is done.")
        return report_file_response(report)
