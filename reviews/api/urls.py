from rest_framework.routers import DefaultRouter

from reviews.api.views import articles, queue, reports

router = DefaultRouter()
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("queue", queue.QueueViewSet, basename="queue")
router.register("reports", reports.ReportViewSet, basename="report")

urlpatterns = router.urls
