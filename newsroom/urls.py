from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsroom.health import healthz
from reviews.api.negotiation import FormatQueryNegotiation
from reviews.web.errors import LocalRedocView, favicon, redoc_bundle

# Under /api/ every error Django itself answers (no route, a crash, a refused request) is the
# API's JSON error body; elsewhere the product's pages (reviews.web.errors) or Django's.
handler400 = "reviews.api.errors.bad_request"
handler403 = "reviews.api.errors.permission_denied"
handler404 = "reviews.api.errors.page_not_found"
handler500 = "reviews.api.errors.server_error"

# The API docs pages ship their own inline <style> (and Redoc injects styles and a blob: worker):
# they alone get 'unsafe-inline' styles. Their scripts are still served from this origin only.
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change and reset (templates in templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("reviews.api.urls")),
    path(
        "api/schema/", SpectacularAPIView.as_view(content_negotiation_class=FormatQueryNegotiation), name="api-schema"
    ),
    path("api/docs/", _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/redoc/", _docs_csp(LocalRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("reviews.web.urls")),
]
