"""Page-number pagination that refuses a ``page`` given without a value.

DRF reads ``?page=`` as page 1 (``get(...) or 1``), so a malformed request was answered as if it were
valid (found by schemathesis). A page that is not a page number or is past the end stays DRF's 404.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    def get_page_number(self, request: Request, paginator: Any) -> Any:
        given = request.query_params.get(self.page_query_param)
        if given is not None and not given.strip():
            raise ValidationError({self.page_query_param: ["Give a page number (1 or more), or leave 'page' out."]})
        return super().get_page_number(request, paginator)
