from django.urls import path
from rest_framework.routers import DefaultRouter

from reviews.api.views import accounts, adjudication, articles, notifications, queue, reports, webhooks

router = DefaultRouter()
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("queue", queue.QueueViewSet, basename="queue")
router.register("adjudication", adjudication.AdjudicationViewSet, basename="adjudication")
router.register("claim-history", adjudication.ClaimHistoryViewSet, basename="claim-history")
router.register("reports", reports.ReportViewSet, basename="report")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("webhooks", webhooks.WebhookEndpointViewSet, basename="webhook")
router.register("webhook-deliveries", webhooks.WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = [
    path("auth/token/", accounts.TokenView.as_view(), name="api-token"),
    *router.urls,
]
