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
    ArticleFetchInputSerializer,
    ArticleFileInputSerializer,
    ArticlePageInputSerializer,
    ArticleSerializer,
    ArticleTextInputSerializer,
    ArticleTriageSerializer,
    PageFetchSerializer,
)
from reviews.models import Article, PageFetch
from reviews.roles import account
from reviews.selectors.articles import article_get_with_claims, article_list
from reviews.services.articles import IngestResult, article_ingest, article_text_from_upload
from reviews.services.clearance import article_clear
from reviews.services.triage import article_triage_confirm
from reviews.services.webpages import article_ingest_page, page_fetch_request


class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsEditor]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["desk", "language", "state"]

    def get_parsers(self):  # type: ignore[no-untyped-def]  # DRF's get_parsers is typed for the base class's parser list
        """Uploads (multipart) and forms for ingest only; every other action takes JSON, as the schema says."""
        request = getattr(self, "request", None)  # DRF asks before it sets self.action
        action = getattr(self, "action", None) or (self.action_map.get(request.method.lower()) if request else None)
        if action in ("create", "fetch"):
            return super().get_parsers()
        if action == "page":
            return [MultiPartParser()]
        return [JSONParser()]

    def get_queryset(self):  # type: ignore[no-untyped-def]  # viewset method in a module still being typed
        return article_list()

    def get_serializer_class(self):  # type: ignore[no-untyped-def]  # viewset method in a module still being typed
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def retrieve(self, request: Request, pk: int = 0) -> Response:
        try:
            article = article_get_with_claims(article_id=pk)
        except Article.DoesNotExist:
            raise NotFound() from None
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)

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
            user=account(request.user),
            title=data.validated_data.get("title", ""),
            source_url=data.validated_data.get("source_url", ""),
            desk=data.validated_data.get("desk", ""),
            name=name,
        )
        return _ingested(result, request)

    @extend_schema(
        request={"multipart/form-data": ArticlePageInputSerializer},
        responses={201: ArticleDetailSerializer, 202: ArticleDetailSerializer, 413: ErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def page(self, request: Request) -> Response:
        """Ingest a saved web page: its main text (trafilatura) becomes the article, its metadata is kept.

        The page's headline, byline, publication date, canonical link, site name and declared language
        are stored and shown (`byline`, `published_on`, `canonical_url`, `site_name`, `declared_language`;
        `origin` is `page`). Duplicates are found on the main text. Refused with nothing stored: a file
        that is not HTML (400 `not_a_web_page`), a page without main text (400 `empty_article`), a page over
        `WEBPAGE_MAX_BYTES` (413), an English text without claims (400 `no_claims`), the same main text
        again (409). Then as `POST /api/v1/articles/`: 201, or 202 while a large article is extracted.
        """
        data = ArticlePageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        result = article_ingest_page(
            data=upload.read(),
            user=request.user,
            title=data.validated_data.get("title", ""),
            source_url=data.validated_data.get("source_url", ""),
            desk=data.validated_data.get("desk", ""),
            name=upload.name or "page",
        )
        return _ingested(result, request)

    @extend_schema(
        request={
            "application/json": ArticleFetchInputSerializer,
            "application/x-www-form-urlencoded": ArticleFetchInputSerializer,
        },
        responses={202: PageFetchSerializer, 409: ErrorSerializer, 504: ErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def fetch(self, request: Request) -> Response:
        """Queue the web page at `url` to be fetched and ingested as `POST /api/v1/articles/page/` does.

        Answers 202 with the fetch to follow (`Location`, `GET /api/v1/page-fetches/{id}/`); a pending
        fetch of the same URL with the same `title` and `desk` is answered instead of a second one (its
        `requested_by` says who asked); with another title or desk it is 409 `page_fetch_pending` naming
        that fetch (`fetch_id`, `fetch_url`) and who asked. The address is checked first with the
        webhooks' rules (public addresses only, HTTPS): a refused one is 400 `outbound_refused` and nothing
        is recorded; a name that does not resolve in time is 504. The task then fetches within
        `WEBPAGE_MAX_BYTES` and `WEBPAGE_FETCH_TIMEOUT_SECONDS`, following up to `WEBPAGE_FETCH_MAX_REDIRECTS`
        redirects, each checked again; timeouts, no answer and 5xx are tried again with backoff
        (`WEBPAGE_FETCH_MAX_ATTEMPTS`). A failure is kept on the fetch with its code (`outbound_refused`,
        `outbound_too_large`, `outbound_timeout`, `outbound_failed`, `not_a_web_page`, `empty_article`,
        `no_claims`, `duplicate_article` with the article already stored). The article's `origin` is `url`
        and its `source_url` the address asked for: fetching it again after the page changed makes a new version.
        """
        data = ArticleFetchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = page_fetch_request(
            url=data.validated_data["url"],
            user=account(request.user),
            title=data.validated_data.get("title", ""),
            desk=data.validated_data.get("desk", ""),
        )
        body = PageFetchSerializer(row).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(request=ArticleClearSerializer, responses={200: ArticleDetailSerializer})
    @action(detail=True, methods=["post"])
    def clear(self, request: Request, pk: int = 0) -> Response:
        """Clear for publication: refused (409) while claims are unresolved unless an override reason is given."""
        data = ArticleClearSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            article_clear(
                article_id=pk, user=account(request.user), override_reason=data.validated_data["override_reason"]
            )
        except Article.DoesNotExist:
            raise NotFound() from None
        article = article_get_with_claims(article_id=pk)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)

    @extend_schema(request=ArticleTriageSerializer, responses={200: ArticleDetailSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"], url_path="nothing-to-check")
    def nothing_to_check(self, request: Request, pk: int = 0) -> Response:
        """End an article's triage: an editor confirms it has nothing to check (reason required, audited).

        The other way out of triage is adding claims by hand (``POST /api/v1/adjudication/add-claim/``).
        """
        data = ArticleTriageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        article_triage_confirm(article_id=pk, user=account(request.user), reason=data.validated_data["reason"])
        article = article_get_with_claims(article_id=pk)
        return Response(ArticleDetailSerializer(article, context={"request": request}).data)


def _ingested(result: IngestResult, request: Request) -> Response:
    """201 with the article and its claims, or 202 while a large article's claims are being extracted."""
    body = ArticleDetailSerializer(
        article_get_with_claims(article_id=result.article.pk), context={"request": request}
    ).data
    if result.queued:
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
    return Response(body, status=status.HTTP_201_CREATED)


class PageFetchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Web pages asked for by URL (`POST /api/v1/articles/fetch/`): pending, done or failed, newest first."""

    permission_classes = [IsEditor]
    serializer_class = PageFetchSerializer
    queryset = PageFetch.objects.select_related("requested_by").order_by("-requested_at", "-id")
    filterset_fields = ["state"]
