"""REST API v1. Views validate input, call one service or selector, and serialize."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.permissions import IsEditor, IsReviewer
from reviews.api.serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    AssignmentSerializer,
    ReleaseInputSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ReviewSerializer,
    VerdictInputSerializer,
)
from reviews.exceptions import ReportNotReady
from reviews.models import Article, Report, ReportState
from reviews.selectors.articles import article_get_with_claims, article_list
from reviews.selectors.queue import assignment_list_held
from reviews.services.articles import article_ingest, article_text_from_upload
from reviews.services.queue import assignment_release, claim_assign_next
from reviews.services.reports import report_request
from reviews.services.verdicts import EvidenceInput, verdict_record


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["desk", "language"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return article_list()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        try:
            article = article_get_with_claims(article_id=int(pk or 0))
        except (Article.DoesNotExist, ValueError):
            from rest_framework.exceptions import NotFound

            raise NotFound() from None
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(request=ArticleCreateSerializer, responses={201: ArticleDetailSerializer})
    def create(self, request: Request) -> Response:
        data = ArticleCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        name = upload.name if upload else "text"
        raw_text = article_text_from_upload(data=upload.read(), name=name) if upload else data.validated_data["text"]
        result = article_ingest(
            raw_text=raw_text,
            user=request.user,
            title=data.validated_data.get("title", ""),
            source_url=data.validated_data.get("source_url", ""),
            desk=data.validated_data.get("desk", ""),
            name=name,
        )
        article = article_get_with_claims(article_id=result.article.pk)
        return Response(ArticleDetailSerializer(article).data, status=status.HTTP_201_CREATED)


class QueueViewSet(viewsets.ViewSet):
    """The reviewer's queue: take the next claim, release it, record a verdict."""

    permission_classes = [IsReviewer]

    @extend_schema(request=None, responses={201: AssignmentSerializer, 404: OpenApiResponse(description="Queue empty")})
    @action(detail=False, methods=["post"])
    def next(self, request: Request) -> Response:
        assignment = claim_assign_next(reviewer=request.user)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AssignmentSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def held(self, request: Request) -> Response:
        return Response(AssignmentSerializer(assignment_list_held(reviewer=request.user), many=True).data)

    @extend_schema(request=VerdictInputSerializer, responses={201: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def verdict(self, request: Request, pk: str | None = None) -> Response:
        data = VerdictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = verdict_record(
            assignment_id=int(pk or 0),
            reviewer=request.user,
            verdict=data.validated_data["verdict"],
            note=data.validated_data["note"],
            evidence=[EvidenceInput(url=e["url"], title=e["title"]) for e in data.validated_data["evidence"]],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReleaseInputSerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        data = ReleaseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = assignment_release(
            assignment_id=int(pk or 0), reviewer=request.user, reason=data.validated_data["reason"]
        )
        return Response(AssignmentSerializer(assignment).data)


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
            from rest_framework.exceptions import NotFound

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
