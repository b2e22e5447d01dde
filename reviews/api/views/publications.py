"""Publishing fact-checks through the API (editors). The contract a check outside the suite relies on:

- ``POST /api/v1/articles/{id}/publish/`` publishes every final claim: 200 ``{"published": [{"claim": ID,
  "url": ABSOLUTE_PUBLIC_URL}, ...]}``, 409 when none is final.
- ``POST /api/v1/claims/{id}/publish/`` publishes one (optional ``summary``; 409 when not final), same body;
  ``DELETE`` on the same path unpublishes it (204; the page answers 410 from then on).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.api.permissions import IsEditor
from reviews.api.serializers.base import InputSerializer
from reviews.models import Article, Claim, Publication
from reviews.roles import account
from reviews.selectors.publications import public_url
from reviews.services.publications import article_publish, claim_publish, claim_unpublish

_Published = inline_serializer(
    "Published",
    {
        "published": serializers.ListField(
            child=inline_serializer(
                "PublishedItem", {"claim": serializers.IntegerField(), "url": serializers.URLField()}
            )
        )
    },
)


class _PublishRequest(InputSerializer):
    summary = serializers.CharField(required=False, allow_blank=False, max_length=5000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _answer(request: Request, publications: list[Publication]) -> Response:
    base = request.build_absolute_uri("/")
    return Response({"published": [{"claim": p.claim_id, "url": public_url(p.key, base=base)} for p in publications]})


class ArticlePublishView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(request=None, responses={200: _Published})
    def post(self, request: Request, article_id: int) -> Response:
        """Publish the review of every final claim of the article (409 when none is final)."""
        if not Article.objects.filter(pk=article_id).exists():
            raise NotFound("No such article.")
        return _answer(request, article_publish(article_id=article_id, editor=account(request.user)))


class ClaimPublishView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(request=_PublishRequest, responses={200: _Published})
    def post(self, request: Request, claim_id: int) -> Response:
        """Publish one final claim's review; ``summary`` replaces the prefilled public summary."""
        data = _PublishRequest(data=request.data)
        data.is_valid(raise_exception=True)
        if not Claim.objects.filter(pk=claim_id).exists():
            raise NotFound("No such claim.")
        publication = claim_publish(
            claim_id=claim_id, editor=account(request.user), summary=data.validated_data.get("summary")
        )
        return _answer(request, [publication])

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, claim_id: int) -> Response:
        """Unpublish: the public page answers 410 Gone from now on (audited)."""
        if not Claim.objects.filter(pk=claim_id).exists():
            raise NotFound("No such claim.")
        claim_unpublish(
            claim_id=claim_id, editor=account(request.user), reason=str(request.query_params.get("reason", ""))
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
