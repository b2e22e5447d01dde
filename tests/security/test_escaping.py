"""Every piece of user text is shown as text: in every page and every report format."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import AuditAction, AuditEvent, ReportState, WebhookEndpoint
from reviews.services.publications import claim_publish
from reviews.services.reports import report_compile, report_request
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","click")'
HOSTILE = (SCRIPT, IMG)


@pytest.fixture
def hostile(reviewer, reviewer2, editor):  # type: ignore[no-untyped-def]
    claim_text = f"Exports rose 5% {SCRIPT} in 2025."
    article = ArticleFactory(
        title=f"Title {SCRIPT}",
        desk=f"Desk {IMG}"[:100],
        cleaned_text=f"Intro {IMG}. {claim_text} Outro.",
        raw_text=f"Title {SCRIPT}\nIntro {IMG}. {claim_text} Outro.",
        source_url="https://news.example.org/a",
    )
    start = article.cleaned_text.index(claim_text)
    claim = ClaimFactory(article=article, text=claim_text, start=start, end=start + len(claim_text), status="supported")
    review = ReviewFactory(claim=claim, reviewer=reviewer2, verdict="supported", note=f"{FORMULA} {SCRIPT} {IMG}")
    review.evidence.create(url="https://stats.example.org/x", title=f"Evidence {SCRIPT}")
    AuditEvent.objects.create(
        action=AuditAction.STATUS_CHANGED, claim=claim, before="pending", after="supported", reason=f"Reason {SCRIPT}"
    )
    open_claim = ClaimFactory(article=article, text=f"Imports fell {IMG} by 3%.", start=0, end=10)
    assignment = AssignmentFactory(claim=open_claim, reviewer=reviewer)
    WebhookEndpoint.objects.create(url="https://hooks.example.org/x", description=f"Hook {SCRIPT}", events=[])
    return {"article": article, "claim": claim, "assignment": assignment}


def assert_escaped(html: str, where: str) -> None:
    for payload in HOSTILE:
        assert payload not in html, f"{where}: {payload!r} is not escaped"


def test_every_page_shows_user_text_as_text(client, hostile, reviewer, editor):
    client.force_login(editor)
    article, claim = hostile["article"], hostile["claim"]
    pages = {
        "articles": reverse("editor-articles"),
        "article": reverse("editor-article", args=[article.pk]),
        "claims": reverse("editor-claims"),
        "claim": reverse("editor-claim", args=[claim.pk]),
        "reports": reverse("editor-reports"),
        "dashboard": reverse("editor-dashboard"),
        "webhooks": reverse("editor-webhooks"),
    }
    seen_escaped = 0
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert_escaped(html, name)
        seen_escaped += html.count("&lt;script&gt;")
    assert seen_escaped >= 5  # the hostile text is shown (escaped), not silently dropped

    client.force_login(reviewer)
    for name, url in {
        "desk": reverse("review-desk"),
        "claim under review": reverse("review-claim", args=[hostile["assignment"].pk]),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_escaped(response.content.decode(), name)


def test_a_public_fact_check_shows_hostile_text_as_text_and_keeps_its_markup_closed(client, hostile, editor):
    publication = claim_publish(claim_id=hostile["claim"].pk, editor=editor, summary=f"Summary {SCRIPT} {IMG}")
    for path in (f"/fact-checks/{publication.key}/", "/fact-checks/", "/fact-checks/sitemap.xml"):
        page = client.get(path).content.decode()
        assert_escaped(page, path)
    page = client.get(f"/fact-checks/{publication.key}/").content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert "<" not in block and json.loads(block)["claimReviewed"] == hostile["claim"].text


def test_api_returns_user_text_as_json_strings(hostile, editor):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(editor)
    response = api.get(reverse("article-detail", args=[hostile["article"].pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == f"Title {SCRIPT}"


@pytest.mark.parametrize("report_format", ["html", "csv", "json", "jsonld", "pdf"])
def test_every_report_format_is_safe_with_hostile_text(hostile, editor, report_format):
    claim_publish(claim_id=hostile["claim"].pk, editor=editor)  # the JSON-LD holds the published reviews
    report = report_request(user=editor, report_format=report_format, article_id=hostile["article"].pk)
    report = report_compile(report_id=report.pk)
    assert report.state == ReportState.DONE, report.error
    content = (Path(settings.MEDIA_ROOT) / report.file.name).read_bytes()
    if report_format == "html":
        html = content.decode()
        assert_escaped(html, "html report")
        assert "&lt;script&gt;" in html
    elif report_format == "csv":
        cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), "a formula cell reached the CSV"
        assert any(FORMULA in cell for cell in cells)  # kept as text, neutralised
    elif report_format in ("json", "jsonld"):
        data = json.loads(content)  # valid JSON whatever the text
        assert SCRIPT in json.dumps(data, ensure_ascii=False)  # data, kept exactly; consumers escape it
    else:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        assert "alert" in text  # drawn as text
