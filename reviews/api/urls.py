from rest_framework.routers import DefaultRouter

from reviews.api import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("queue", views.QueueViewSet, basename="queue")
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = router.urls
