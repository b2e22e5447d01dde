from __future__ import annotations

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from reviews.roles import is_editor, is_reviewer


class IsEditor(BasePermission):
    message = "Only editors and admins can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and is_editor(request.user))


class IsReviewer(BasePermission):
    message = "Only reviewers can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and is_reviewer(request.user))


class IsEditorOrReviewer(BasePermission):
    message = "Only reviewers, editors and admins can do this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (is_editor(user) or is_reviewer(user)))
