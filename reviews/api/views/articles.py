from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from reviews.api.parsers import JSONParser
from reviews.api.permissions import IsEditor
from reviews.api.schema import ErrorSerializer
from reviews.api.serializers.articles import (
    ArticleClearSerializer,
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleFileInputSerializer,
    ArticleSerializer,
    ArticleTextInputSerializer,
    ArticleTriageSerializer,
)
from reviews.models import Article
from reviews.selectors.articles import article_get_with_claims, article_list
from reviews.services.articles import article_ingest, article_text_from_upload
from reviews.services.clearance import article_clear
from reviews.services.triage import article_triage_confirm


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["desk", "language", "state"]

    def get_parsers(self):  # type: ignore[no-untyped-def]
        """Uploads (multipart) and forms for ingest only; every other action takes JSON, as the schema says."""
        request = getattr(self, "request", None)  # DRF asks before it sets self.action
        action = getattr(self, "action", None) or (self.action_map.get(request.method.lower()) if request else None)
        if action == "create":
            return super().get_parsers()
        return [JSONParser()]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return article_list()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def retrieve(self, request: Request, pk: int = 0) -> Response:
        try:
            article = article_get_with_claims(article_id=pk)
        except Article.DoesNotExist:
            raise NotFound() from None
        return Response(ArticleDetailSerializer(article).data)

    @extend_schema(
        request={
            "application/json": ArticleTextInputSerializer,
            "application/x-www-form-urlencoded": ArticleTextInputSerializer,
            "multipart/form-data": ArticleFileInputSerializer,
        },
        responses={201: ArticleDetailSerializer, 202: ArticleDetailSerializer, 413: ErrorSerializer},
    )
    def create(self, request: Request) -> Response:
        """Ingest an article: 201 with its claims, or 202 in ``extracting`` from ``ARTICLE_ASYNC_MIN_BYTES`` up.

        A 202 article is extracted by a Celery task; follow its ``url`` until ``state`` leaves
        ``extracting`` (``review``, ``triage``, or ``refused`` with the reason in ``refusal``).
        A duplicate is refused (409) before anything is stored or queued.
        """
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
        body = ArticleDetailSerializer(article).data
        if result.queued:
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArticleClearSerializer, responses={200: ArticleDetailSerializer})
    @action(detail=True, methods=["post"])
    def clear(self, request: Request, pk: int = 0) -> Response:
        """Clear for publication: refused (409) while claims are unresolved unless an override reason is given."""
        data = ArticleClearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            article_clear(article_id=pk, user=request.user, override_reason=data.validated_data["override_reason"])
        except Article.DoesNotExist:
            raise NotFound() from None
        return Response(ArticleDetailSerializer(article_get_with_claims(article_id=pk)).data)

    @extend_schema(request=ArticleTriageSerializer, responses={200: ArticleDetailSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"], url_path="nothing-to-check")
    def nothing_to_check(self, request: Request, pk: int = 0) -> Response:
        """End an article's triage: an editor confirms it has nothing to check (reason required, audited).

        The other way out of triage is adding claims by hand (``POST /api/v1/adjudication/add-claim/``).
        """
        data = ArticleTriageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article_triage_confirm(article_id=pk, user=request.user, reason=data.validated_data["reason"])
        return Response(ArticleDetailSerializer(article_get_with_claims(article_id=pk)).data)
