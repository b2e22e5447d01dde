"""Role checks for the HTML views: anonymous users go to the login page, wrong roles get 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from reviews.roles import UserLike, is_editor, is_reviewer

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def role_required(check: Callable[[UserLike], bool]) -> Callable[[View[P]], View[P]]:
    def decorator(view: View[P]) -> View[P]:
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        update_wrapper(wrapped, view)
        return wrapped

    return decorator


reviewer_required = role_required(is_reviewer)
editor_required = role_required(is_editor)
