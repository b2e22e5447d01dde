"""Content negotiation: the API answers JSON whatever the client asks; the schema view honours ``?format=``."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class JSONWhateverAccepted(DefaultContentNegotiation):
    """Pick the renderer the Accept header asks for, or else the view's first one (JSON) instead of a 406.

    A browser asking for ``text/html`` gets the same JSON body (a 401, a 404...) as any client, never an
    HTML page and never a 406 that would hide the real answer.
    """

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            if format_suffix:
                raise
            return renderers[0], renderers[0].media_type


class FormatQueryNegotiation(JSONWhateverAccepted):
    """For the schema view only: ``?format=json|yaml`` picks the schema's renderer.

    The API itself sets ``URL_FORMAT_OVERRIDE = None``: there ``format`` is a filter (reports).
    """

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return super().select_renderer(request, renderers, format_suffix or request.query_params.get("format"))
