from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from reviews.roles import is_editor, is_reviewer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_editor(request.user):
        return redirect("editor-dashboard")
    if is_reviewer(request.user):
        return redirect("review-desk")
    return render(request, "reviews/no_role.html", status=403)
