from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from reviews.roles import is_editor


class NewsroomAdminSite(admin.AdminSite):
    """The Django admin, for editors and admins only (reviewers work in the reviewer pages)."""

    site_header = "Newsroom claim review: administration"
    site_title = "Claim review admin"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and is_editor(request.user))


class NewsroomAdminConfig(AdminConfig):
    """Installs ``NewsroomAdminSite`` as ``django.contrib.admin.site``."""

    default_site = "reviews.admin_site.NewsroomAdminSite"
