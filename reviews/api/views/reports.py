from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditor
from reviews.api.schema import ErrorSerializer
from reviews.api.serializers.reports import REPORT_REQUEST, ReportCreateSerializer, ReportSerializer
from reviews.exceptions import ReportNotReady
from reviews.models import Article, Report, ReportFormat, ReportScope, ReportState
from reviews.roles import account
from reviews.services.reports import CONTENT_TYPES, report_recompile, report_request
from reviews.web.downloads import report_file_response

OCTET_STREAM = "application/octet-stream"
# What the API sends each format as: its own type, except HTML (never text/html from the API).
API_DOWNLOAD_TYPES = {**CONTENT_TYPES, ReportFormat.HTML: OCTET_STREAM}
FILE_TYPES = list(dict.fromkeys(media.split(";")[0] for media in API_DOWNLOAD_TYPES.values()))


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    serializer_class = ReportSerializer
    queryset = Report.objects.order_by("-requested_at", "-id")
    filterset_fields = ["state", "format", "article", "scope"]

    @extend_schema(request=REPORT_REQUEST, responses={202: ReportSerializer})
    def create(self, request: Request) -> Response:
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scope = data.validated_data["scope"]
        article_id = data.validated_data.get("article")
        if scope == ReportScope.ARTICLE and not Article.objects.filter(pk=article_id).exists():
            raise NotFound("No such article.")
        report = report_request(
            user=account(request.user),
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
    def recompile(self, request: Request, pk: int = 0) -> Response:
        """Compile the same report again (same scope, filters and format), e.g. once it is stale."""
        report = report_recompile(report_id=self.get_object().pk, user=account(request.user))
        return Response(ReportSerializer(report, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={
            **{(200, media): OpenApiTypes.OBJECT if "json" in media else OpenApiTypes.BINARY for media in FILE_TYPES},
            302: OpenApiResponse(
                description="With REPORTS_DOWNLOAD_REDIRECT and an object store: the file is at a short-lived "
                "signed URL (Location), not in this response"
            ),
            406: OpenApiResponse(ErrorSerializer, description="Accept allows neither the file's type nor octet-stream"),
            409: OpenApiResponse(ErrorSerializer, description="The report is not compiled yet"),
        },
        parameters=[
            OpenApiParameter(
                "Location",
                OpenApiTypes.URI,
                OpenApiParameter.HEADER,
                response=[302],
                description="The signed URL of the file; it expires after REPORTS_URL_EXPIRE_SECONDS.",
            ),
            OpenApiParameter(
                "X-Content-SHA256",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=[200, 302],
                description="SHA-256 of the file (hex), to check the bytes received.",
            ),
        ],
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: int = 0) -> HttpResponse | StreamingHttpResponse:
        """The compiled file, as an attachment, in its own type or as ``application/octet-stream`` (per Accept).

        An HTML report is always sent as ``application/octet-stream``: the API never answers ``text/html``, so a
        report can never be rendered as a page of this site. Errors (not done yet: 409) are JSON.
        """
        report = self.get_object()
        if report.state != ReportState.DONE or not report.file:
            raise ReportNotReady(f"Report #{report.pk} is {report.state}; download it when it is done.")
        media = API_DOWNLOAD_TYPES.get(report.format, OCTET_STREAM)
        for candidate in dict.fromkeys((media, OCTET_STREAM)):
            if request.accepts(candidate.split(";")[0]):
                return report_file_response(report, content_type=candidate)
        raise NotAcceptable(f"This report is {media.split(';')[0]}; accept it or {OCTET_STREAM}.")
