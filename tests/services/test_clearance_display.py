"""Clearance says how it was reached: "cleared with override" is shown distinctly, with its reason and who
gave it, on the editor list and page, in the API and in every report format."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from reviews.services.clearance import article_clear
from tests.factories import ArticleFactory, ClaimFactory
from tests.services.test_reports import SCHEMA, _article_report

pytestmark = pytest.mark.django_db

REASON = "Legal approved the disputed line at 21:40."


@pytest.fixture
def overridden(editor):  # type: ignore[no-untyped-def]
    article = ArticleFactory(title="Night budget vote")
    claim = ClaimFactory(article=article, status="disputed", text="The vote passed 7 to 2.")
    article_clear(article_id=article.pk, user=editor, override_reason=REASON)
    return claim


@pytest.fixture
def decided(editor):  # type: ignore[no-untyped-def]
    article = ArticleFactory(title="Morning traffic")
    claim = ClaimFactory(article=article, status="supported", text="Traffic fell 3 percent.")
    article_clear(article_id=article.pk, user=editor)
    return claim


def test_the_api_says_how_the_clearance_was_reached(editor, overridden, decided):
    api = APIClient()
    api.force_authenticate(editor)
    listed = {row["id"]: row["clearance"] for row in api.get("/api/v1/articles/").json()["results"]}
    assert listed[overridden.article_id]["state"] == "cleared_with_override"
    assert (listed[overridden.article_id]["reason"], listed[overridden.article_id]["by"]) == (REASON, "edna")
    assert listed[decided.article_id] == {**listed[decided.article_id], "state": "cleared", "reason": "", "by": "edna"}
    plain = ArticleFactory()
    detail = api.get(f"/api/v1/articles/{plain.pk}/").json()["clearance"]
    assert detail == {"state": "not_cleared", "label": "Not cleared", "reason": "", "by": None, "at": None}


def test_the_editor_list_and_page_show_an_override_distinctly(client, editor, overridden, decided):
    client.force_login(editor)
    listing = client.get(reverse("editor-articles")).content.decode()
    assert listing.count('data-clearance="cleared_with_override"') == 1 and REASON in listing
    assert listing.count('data-clearance="cleared"') == 1
    page = client.get(reverse("editor-article", args=[overridden.article_id])).content.decode()
    assert "Cleared for publication with override" in page and REASON in page and "by edna" in page
    page = client.get(reverse("editor-article", args=[decided.article_id])).content.decode()
    assert "with override" not in page and 'data-clearance="cleared"' in page


def _report_text(editor, claim, report_format: str) -> str:  # type: ignore[no-untyped-def]
    _, content = _article_report(editor, claim, report_format, audience="audit")
    if report_format == "pdf":
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    if report_format == "csv":
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8"))))
    if report_format == "json":
        data = json.loads(content)
        jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
        return json.dumps(data, ensure_ascii=False)
    return " ".join(content.decode("utf-8").split())


@pytest.mark.parametrize("report_format", ["html", "pdf", "csv", "json"])
def test_every_report_format_shows_the_override_its_reason_and_who(editor, overridden, decided, report_format):
    text = _report_text(editor, overridden, report_format)
    assert "Cleared with override by edna" in text and REASON in text
    text = _report_text(editor, decided, report_format)
    assert "Cleared for publication by edna" in text and "with override" not in text
