from django.urls import path

from reviews.api.routing import IdRouter
from reviews.api.views import (
    accounts,
    adjudication,
    articles,
    claims,
    dashboard,
    notifications,
    publications,
    queue,
    recusals,
    reports,
    tokens,
    webhooks,
)

router = IdRouter()
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("page-fetches", articles.PageFetchViewSet, basename="page-fetch")
router.register("claims", claims.ClaimViewSet, basename="claim")
router.register("queue", queue.QueueViewSet, basename="queue")
router.register("adjudication", adjudication.AdjudicationViewSet, basename="adjudication")
router.register("claim-history", adjudication.ClaimHistoryViewSet, basename="claim-history")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("recusals", recusals.RecusalViewSet, basename="recusal")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("webhooks", webhooks.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", webhooks.WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = [
    path("auth/token/", accounts.TokenView.as_view(), name="api-token"),
    path("articles/<id:article_id>/publish/", publications.ArticlePublishView.as_view(), name="api-article-publish"),
    path("claims/<id:claim_id>/publish/", publications.ClaimPublishView.as_view(), name="api-claim-publish"),
    path("claims/<id:claim_id>/rereview/", recusals.ClaimRereviewView.as_view(), name="api-claim-rereview"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="api-dashboard"),
    path("token/", tokens.TokenView.as_view(), name="api-token-show"),
    path("token/rotate/", tokens.TokenRotateView.as_view(), name="api-token-rotate"),
    *router.urls,
]
