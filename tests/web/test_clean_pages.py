"""Every page clean without a browser: no inline style, labelled filters, the product's own error pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reviews.models import ClaimStatus
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def test_dashboard_bars_are_svg_geometry_not_inline_styles(client, editor):
    article = ArticleFactory()
    for position, status in enumerate([ClaimStatus.PENDING] * 3 + [ClaimStatus.DISPUTED]):
        ClaimFactory(article=article, position=position, status=status)
    client.force_login(editor)
    html = client.get(reverse("editor-dashboard")).content.decode()
    assert "style=" not in html  # the CSP (style-src 'self') would blank them
    # The article's progress: 3 of 4 pending (75%), then 1 disputed from x=75.
    assert re.search(r'<rect class="seg fill-pending" x="0\.00" y="0" height="10" width="75\.00">', html)
    assert re.search(r'<rect class="seg fill-disputed" x="75\.00" y="0" height="10" width="25\.00">', html)
    # Waiting by age: every waiting claim is under a day old.
    assert '<rect class="fill-pending" x="0" y="0" height="10" width="100.00"/>' in html


def test_every_claims_filter_has_a_label(client, editor):
    client.force_login(editor)
    html = client.get(reverse("editor-claims")).content.decode()
    assert "[invalid name]" not in html
    labels = re.findall(r'<label for="id_[a-z_]+">([^<]*)</label>', html)
    assert len(labels) >= 17 and all(label.strip() for label in labels)
    assert 'type="date"' in html


def test_the_404_page_is_the_products_own_even_with_debug_on(client, reviewer, settings):
    client.force_login(reviewer)
    for debug in (False, True):
        settings.DEBUG = debug
        response = client.get("/no/such/page/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Nothing here" in html and 'href="/review/"' in html  # with the navigation
        assert "Django tried these URL patterns" not in html
        # Inside a real view too (Http404 raised by a view), and the API keeps its JSON body.
        assert "Nothing here" in client.get("/claims/999999/history/").content.decode()
        api = client.get("/api/v1/no-such-endpoint/")
        assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_the_403_page_keeps_the_navigation(client, reviewer, outsider):
    client.force_login(reviewer)
    response = client.get(reverse("editor-dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not open this page" in html and 'href="/review/"' in html and "Log out rita" in html
    client.force_login(outsider)
    assert "has no role yet" in client.get(reverse("editor-dashboard")).content.decode()


def test_favicon_and_a_redoc_page_with_nothing_from_outside(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("reviews/favicon.svg")
    html = client.get(reverse("api-redoc")).content.decode()
    assert "fonts.googleapis.com" not in html and "https://" not in html
    assert reverse("api-redoc-bundle") in html
    response = client.get(reverse("api-redoc-bundle"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    bundle = response.content
    assert b"cdn.redoc.ly" not in bundle and b"reviews/favicon.svg" in bundle
