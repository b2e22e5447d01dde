"""ClaimReview JSON-LD checked against the real schema.org vocabulary (../shared/external/schemaorg)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from reviews.services.publications import article_publish, claim_publish
from reviews.services.reports import report_compile, report_request
from tests.factories import ArticleFactory, ClaimFactory, ReviewFactory
from tests.report_world import report_world
from tests.shared_data import shared_path

pytestmark = pytest.mark.django_db

TEXT_TYPES = {"schema:Text", "schema:URL", "schema:Date", "schema:DateTime", "schema:Time"}
NUMBER_TYPES = {"schema:Number", "schema:Integer", "schema:Float"}


def _ids(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"] for item in items]


class Vocabulary:
    def __init__(self, path: Path) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.parents: dict[str, list[str]] = {}
        self.properties: dict[str, tuple[list[str], list[str]]] = {}
        for node in graph:
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "rdfs:Class" in types:
                self.parents[node["@id"]] = _ids(node.get("rdfs:subClassOf"))
            if "rdf:Property" in types:
                self.properties[node["@id"]] = (
                    _ids(node.get("schema:domainIncludes")),
                    _ids(node.get("schema:rangeIncludes")),
                )

    def ancestors(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, []))
        return seen

    def check(self, node: dict[str, object], where: str = "$") -> list[str]:
        problems: list[str] = []
        cls = f"schema:{node['@type']}"
        if cls not in self.parents:
            return [f"{where}: unknown type {cls}"]
        lineage = self.ancestors(cls)
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = f"schema:{key}"
            if prop not in self.properties:
                problems.append(f"{where}.{key}: unknown property")
                continue
            domains, ranges = self.properties[prop]
            if not lineage & set(domains):
                problems.append(f"{where}.{key}: not a property of {cls} (domain {domains})")
            for item in value if isinstance(value, list) else [value]:
                problems += self._check_value(item, ranges, f"{where}.{key}")
        return problems

    def _check_value(self, value: object, ranges: list[str], where: str) -> list[str]:
        if isinstance(value, dict):
            cls = f"schema:{value['@type']}"
            if not self.ancestors(cls) & set(ranges):
                return [f"{where}: a {cls} is not in range {ranges}"]
            return self.check(value, where)
        if isinstance(value, bool):
            return [] if "schema:Boolean" in ranges else [f"{where}: boolean not in range {ranges}"]
        if isinstance(value, int | float):
            return [] if set(ranges) & (NUMBER_TYPES | {"schema:Text"}) else [f"{where}: number not in range {ranges}"]
        if isinstance(value, str):
            allowed = set(ranges) & TEXT_TYPES
            if not allowed:
                return [f"{where}: text not in range {ranges}"]
            if allowed == {"schema:URL"} and not value.startswith(("http://", "https://")):
                return [f"{where}: {value!r} is not a URL"]
            if allowed <= {"schema:Date", "schema:DateTime"}:
                try:
                    (datetime if "T" in value else date).fromisoformat(value)
                except ValueError:
                    return [f"{where}: {value!r} is not a date"]
            return []
        return [f"{where}: unexpected value {value!r}"]


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(shared_path("external", "schemaorg", "schemaorg-current-https.jsonld"))


def _required_by_google(review: dict) -> None:
    assert review["claimReviewed"] and review["url"].startswith("http")
    assert review["reviewRating"]["alternateName"]
    assert review["author"]["name"] == settings.NEWSROOM_NAME
    assert review["datePublished"]
    assert review["itemReviewed"]["@type"] == "Claim"
    item = review["itemReviewed"]
    assert item.get("appearance") or item.get("author")


def test_every_claim_review_of_a_published_article_is_valid_schema_org(client, editor, reviewer, reviewer2):
    """Publish a whole article; check the export and every public page's embedded markup."""
    vocab = vocabulary()
    article = report_world(reviewer=reviewer, reviewer2=reviewer2, editor=editor)
    published = article_publish(article_id=article.pk, editor=editor)
    no_url = ClaimFactory(article=ArticleFactory(source_url=""), status="supported")
    ReviewFactory(claim=no_url, reviewer=reviewer, verdict="supported", note="Checked.")
    published.append(claim_publish(claim_id=no_url.pk, editor=editor))
    graphs = []
    for article_id in (article.pk, no_url.article_id):
        report = report_compile(report_id=report_request(user=editor, report_format="jsonld", article_id=article_id).pk)
        assert report.state == "done", report.error
        graphs += json.loads((Path(settings.MEDIA_ROOT) / report.file.name).read_text(encoding="utf-8"))["@graph"]
    assert [g["reviewRating"]["alternateName"] for g in graphs] == [
        "Supported by the evidence",
        "Unsubstantiated: no source given",
        "Speculative: not established",
        "Supported by the evidence",
    ]
    for index, review in enumerate(graphs):
        assert review["@type"] == "ClaimReview"
        assert vocab.check(review, f"$[{index}]") == []
        _required_by_google(review)
    for publication in published:
        page = client.get(f"/fact-checks/{publication.key}/").content.decode()
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
        review = json.loads(block)
        assert vocab.check({k: v for k, v in review.items() if k != "@context"}) == []
        _required_by_google(review)


def test_the_checker_catches_wrong_types_domains_and_ranges():
    vocab = vocabulary()
    assert vocab.check({"@type": "ClaimReview", "claimReviewd": "x"}) == ["$.claimReviewd: unknown property"]
    assert "not a property of schema:Claim" in vocab.check({"@type": "Claim", "reviewRating": {"@type": "Rating"}})[0]
    assert "is not in range" in vocab.check({"@type": "ClaimReview", "author": {"@type": "Rating"}})[0]
    assert "is not a URL" in vocab.check({"@type": "ClaimReview", "url": "claims/1"})[0]
    assert vocab.check({"@type": "FactCheck"}) == ["$: unknown type schema:FactCheck"]


def _published_review(client, editor, reviewer, **article_fields) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """The ClaimReview of one published claim: from the JSON-LD export and from its public page."""
    claim = ClaimFactory(article=ArticleFactory(**article_fields), status="supported")
    ReviewFactory(claim=claim, reviewer=reviewer, verdict="supported", note="Checked.")
    publication = claim_publish(claim_id=claim.pk, editor=editor)
    report = report_compile(
        report_id=report_request(user=editor, report_format="jsonld", article_id=claim.article_id).pk
    )
    [exported] = json.loads((Path(settings.MEDIA_ROOT) / report.file.name).read_text(encoding="utf-8"))["@graph"]
    page = client.get(f"/fact-checks/{publication.key}/").content.decode()
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    embedded = json.loads(block)
    embedded.pop("@context")
    return exported, embedded


def test_the_articles_byline_date_and_url_are_in_the_claim_review(client, editor, reviewer):
    vocab = vocabulary()
    exported, embedded = _published_review(
        client,
        editor,
        reviewer,
        origin="url",
        source_url="https://www.coastal-ledger.example/news/harbour",
        byline="Priya Raman",
        published_on=date(2026, 3, 4),
    )
    assert {**exported, "url": ""} == {**embedded, "url": ""}  # one builder (the page's url is on its own host)
    item = exported["itemReviewed"]
    assert item["datePublished"] == "2026-03-04"
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "headline": item["appearance"]["headline"],
        "url": "https://www.coastal-ledger.example/news/harbour",
        "author": {"@type": "Person", "name": "Priya Raman"},
        "datePublished": "2026-03-04",
    }
    assert vocab.check(exported) == []
    _required_by_google(exported)


def test_several_authors_are_several_people_and_unknown_metadata_is_left_out(client, editor, reviewer):
    vocab = vocabulary()
    several, _ = _published_review(client, editor, reviewer, byline="Priya Raman; Tom Okafor ;", published_on=None)
    assert several["itemReviewed"]["appearance"]["author"] == [
        {"@type": "Person", "name": "Priya Raman"},
        {"@type": "Person", "name": "Tom Okafor"},
    ]
    assert (
        "datePublished" not in several["itemReviewed"] and "datePublished" not in several["itemReviewed"]["appearance"]
    )
    bare, _ = _published_review(client, editor, reviewer, source_url="", byline="", published_on=None)
    assert bare["itemReviewed"] == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "headline": bare["itemReviewed"]["appearance"]["headline"]},
    }
    assert vocab.check(several) == [] and vocab.check(bare) == []
