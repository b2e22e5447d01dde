"""Response headers: CSP self-only with no inline script, frames refused, no MIME sniffing."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.urls import reverse


def csp(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_pages_carry_a_self_only_csp_and_refuse_framing(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("review-desk"))
    policy = csp(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_template_has_an_inline_script_or_handler(client, reviewer, editor, sample_article):
    client.force_login(reviewer)
    pages = [client.get(reverse("review-desk"))]
    client.force_login(editor)
    pages += [client.get(reverse("editor-articles")), client.get(reverse("editor-article", args=[sample_article.pk]))]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script> would be blocked by the CSP"
        assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler would be blocked by the CSP"


def test_the_desk_shortcut_script_is_a_static_file(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("review-desk")).content.decode()
    assert 'src="/static/reviews/desk.js"' in html
    assert finders.find("reviews/desk.js")


def test_api_docs_still_render_under_the_csp(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # the split view serves its script as a file
    assert "script-src 'self'" in response["Content-Security-Policy"]
