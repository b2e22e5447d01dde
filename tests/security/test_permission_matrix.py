"""Every URL x anonymous, reviewer, editor, admin: the status in permission_rules.RULES, no surprises."""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from reviews.models import Recusal, Report, ReportState, WebhookDelivery, WebhookEndpoint
from reviews.services.publications import claim_publish
from tests.factories import AssignmentFactory, ClaimFactory, ReviewFactory
from tests.security.permission_rules import ADMIN_NAMESPACE, LOGIN, ROLES, RULES


def url_names() -> set[str]:
    """Every named URL of the project (format-suffix twins share their name), admin site aside."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                walk(pattern, inner or namespace)
            elif isinstance(pattern, URLPattern):
                if namespace == ADMIN_NAMESPACE:
                    continue
                if pattern.name is None:
                    names.add(f"<unnamed {pattern.pattern}>")
                else:
                    names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), "")
    return names


def test_every_url_has_a_permission_rule():
    missing = sorted(url_names() - set(RULES))
    assert not missing, f"URLs without a rule in tests/security/permission_rules.py: {missing}"


def test_no_rule_is_stale():
    stale = sorted(name for name in RULES if name not in url_names() and not name.startswith(f"{ADMIN_NAMESPACE}:"))
    assert not stale, f"rules for URLs that no longer exist: {stale}"


@pytest.fixture
def world(reviewer, reviewer2, editor, admin_user, settings, tmp_path):  # type: ignore[no-untyped-def]
    claim = ClaimFactory(required_reviews=2)
    assignment = AssignmentFactory(claim=claim, reviewer=reviewer)
    type(claim).objects.filter(pk=claim.pk).update(lease_count=1)
    ClaimFactory(article=claim.article)  # another open claim
    report = Report.objects.create(scope="article", format="csv", article=claim.article, requested_by=editor)
    (tmp_path / "media" / "reports").mkdir(parents=True, exist_ok=True)
    (tmp_path / "media" / "reports" / "r.csv").write_text("claim_id\n")
    Report.objects.filter(pk=report.pk).update(state=ReportState.DONE, file="reports/r.csv", checksum="0" * 64)
    recusal = Recusal.objects.create(reviewer=reviewer, kind="topic", term="Sports")
    reviewed_claim = ClaimFactory(status="supported")
    review = ReviewFactory(claim=reviewed_claim, reviewer=reviewer)
    publication = claim_publish(claim_id=reviewed_claim.pk, editor=editor)
    webhook = WebhookEndpoint.objects.create(url="https://hooks.example.org/x", events=["claim.finalised"])
    delivery = WebhookDelivery.objects.create(endpoint=webhook, event="claim.finalised", state="failed")
    return {
        "recusal": recusal.pk,
        "publication": publication.key,
        "reviewed_claim": reviewed_claim.pk,
        "review": review.pk,
        "webhook": webhook.pk,
        "delivery": delivery.pk,
        "users": {"reviewer": reviewer, "editor": editor, "admin": admin_user},
        "article": claim.article_id,
        "claim": claim.pk,
        "report": report.pk,
        "assignment": assignment.pk,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(RULES))
def test_status_for_each_role(client, world, name, role):
    rule = RULES[name]
    if role != "anonymous":
        client.force_login(world["users"][role])
    path = rule.path.format(**{k: v for k, v in world.items() if k != "users"})
    if rule.method == "GET":
        response = client.get(path)
    elif path.startswith("/api/"):
        response = client.post(path, data=json.dumps(rule.data), content_type="application/json")
    else:
        response = client.post(path, data=rule.data)

    expected = rule.expected(role)
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {rule.method} {path}: {response.status_code}"
        assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith(
            "/admin/login/"
        ), response["Location"]
    else:
        assert response.status_code == expected, f"{role} {rule.method} {path}: {response.status_code}"
        if expected in (302, 303):
            assert "/login/" not in response["Location"], f"{role} was sent to log in: {response['Location']}"
