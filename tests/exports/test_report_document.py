"""One document model feeds every report format: each field of it is in HTML, PDF, CSV and JSON.

The fields checked are generated from the dataclasses themselves, so a field added to the document and
left out of one writer fails here.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from reviews.selectors.report_document import (
    AUDIT,
    PUBLISHER,
    ArticleEntry,
    ClaimEntry,
    CorrectionEntry,
    Cover,
    EvidenceItem,
    PrecedentEntry,
    StatusCount,
    Summary,
    TrailEntry,
    VerdictEntry,
    shown_fields,
)
from reviews.services.reports import report_compile, report_document_for, report_request
from tests.report_world import report_world

pytestmark = pytest.mark.django_db

DOCUMENT_CLASSES = {
    ArticleEntry,
    PrecedentEntry,
    ClaimEntry,
    CorrectionEntry,
    Cover,
    EvidenceItem,
    StatusCount,
    Summary,
    TrailEntry,
    VerdictEntry,
}
FORMATS = ("html", "pdf", "csv", "json")
# The CSV is the claims table (one row per claim with its article); the cover and summary are not rows.
NOT_IN_CSV = {Cover, Summary, StatusCount}


@pytest.fixture
def world(reviewer, reviewer2, editor):
    return report_world(reviewer=reviewer, reviewer2=reviewer2, editor=editor)


def _leaves(value: object, audience: str, owner: type | None = None, name: str = "") -> list[tuple[type, str, str]]:
    """(class, field, text) of every filled leaf field of the document that ``audience`` is shown."""
    if is_dataclass(value):
        found = []
        for f in shown_fields(type(value), audience):
            found += _leaves(getattr(value, f.name), audience, type(value), f.name)
        return found
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in _leaves(item, audience, owner, name)]
    text = "" if value is None else str(value)
    return [(owner, name, text)] if text and owner is not None else []


def _document_leaves(world, audience):
    report = report_request(user=None, report_format="json", article_id=world.pk, audience=audience)
    document = report_document_for(report=report)
    leaves = _leaves(document.cover, audience) + _leaves(document.summary, audience)
    leaves += _leaves(document.articles, audience)
    for chunk in document.claims:
        leaves += _leaves(chunk, audience)
    return leaves


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _readable(report_format: str, content: bytes) -> str:
    if report_format == "pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if report_format == "html":
        page = re.sub(r"<style>.*?</style>", " ", content.decode("utf-8"), flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", page))
    if report_format == "csv":
        return " ".join(cell for row in csv.reader(io.StringIO(content.decode("utf-8"))) for cell in row)
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value is not None:
            strings.append(str(value))

    walk(json.loads(content))
    return " ".join(strings)


def _compiled(world, report_format: str, audience: str) -> str:
    report = report_request(user=None, report_format=report_format, article_id=world.pk, audience=audience)
    report = report_compile(report_id=report.pk)
    assert report.state == "done", report.error
    return _readable(report_format, (Path(settings.MEDIA_ROOT) / report.file.name).read_bytes())


def test_the_world_fills_every_field_of_every_document_class(world):
    filled = {(owner, name) for owner, name, _text in _document_leaves(world, AUDIT)}
    # Lists of entries are checked through their own fields.
    every = {(cls, f.name) for cls in DOCUMENT_CLASSES for f in fields(cls) if not str(f.type).startswith("tuple[")}
    assert every - filled == set()  # a new field needs a value here, and is then checked in every format


@pytest.mark.parametrize("audience", [PUBLISHER, AUDIT])
def test_every_field_of_the_document_is_in_every_format(world, audience):
    leaves = _document_leaves(world, audience)
    texts = {report_format: _squash(_compiled(world, report_format, audience)) for report_format in FORMATS}
    missing = [
        f"{report_format}: {owner.__name__}.{name} = {text!r}"
        for owner, name, text in leaves
        for report_format, content in texts.items()
        if not (report_format == "csv" and owner in NOT_IN_CSV) and _squash(text) not in content
    ]
    assert missing == []


@pytest.mark.parametrize("report_format", FORMATS)
def test_a_publisher_report_names_no_one_prints_no_raw_values_and_no_audit_detail(world, report_format):
    text = _compiled(world, report_format, PUBLISHER)
    for audit_only in (
        "rita",
        "rob",
        "edna",
        "Verdict recorded",
        "Status changed",
        "reviews disagree",
        "The council says so.",
        "The extractor cut the sentence short.",
    ):
        assert audit_only not in text
    assert "needs_source" not in text and "speculative" not in text.replace("Speculative", "")
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", text)  # no ISO timestamps
    assert "cleared with override by the standards editor" in text.lower()
    assert "Publishing at noon; the jobs figure is with the ministry." in " ".join(text.split())
    assert "The forecast is the council's own estimate." in " ".join(text.split())  # the adjudication reason


def test_the_audit_report_has_every_verdict_by_reviewer_and_the_trail(world):
    text = " ".join(_compiled(world, "html", AUDIT).split())
    assert "rita" in text and "rob" in text and "edna" in text
    assert "The council says so." in text and "A forecast, not a fact." in text
    assert "Awaiting review → Disputed: awaiting adjudication" in text
    assert "Dispute adjudicated" in text and "The extractor cut the sentence short." in text


def test_a_publisher_report_names_people_when_the_editor_asks(world):
    report = report_request(user=None, report_format="html", article_id=world.pk, show_names=True)
    report = report_compile(report_id=report.pk)
    text = (Path(settings.MEDIA_ROOT) / report.file.name).read_text(encoding="utf-8")
    assert "Cleared with override by edna" in text
    assert "rita" not in text  # names, not the audit detail


def test_context_is_never_cut_inside_a_word(world):
    report = report_request(user=None, report_format="json", article_id=world.pk)
    document = report_document_for(report=report)
    first = next(iter(document.claims))[0]
    assert first.context_before.startswith("… ")
    words = set(re.findall(r"\w+", world.cleaned_text))
    assert set(re.findall(r"\w+", first.context_before)) <= words
    assert first.context_before.split()[1] in world.cleaned_text.split()


def test_dates_are_in_the_newsroom_time_zone(world, settings):
    settings.NEWSROOM_TIME_ZONE = "Pacific/Auckland"
    text = _compiled(world, "html", PUBLISHER)
    assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d NZ[DS]T", text)
