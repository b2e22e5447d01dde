"""Schemathesis, an outside client, generates requests from /api/schema/ and checks every response.

It runs in-process against the WSGI application, authenticated as an editor by token, with a
bounded number of examples per operation. Checks (schemathesis' defaults): no 5xx, documented
status codes, content types and response bodies matching the schema, valid data accepted and
invalid data rejected.
"""

from __future__ import annotations

import logging

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory

EXAMPLES_PER_OPERATION = 15
# Operations whose input is also judged on its content, which no schema can express: a schema-valid
# request may rightly be refused with 400 there, so "valid data must be accepted" does not apply.
CONTENT_VALIDATED = {
    "POST /api/v1/articles/": "the text must contain at least one check-worthy claim",
    "POST /api/v1/webhooks/": "the URL must be https (or http to loopback) and not point inside the network",
    "POST /api/v1/auth/token/": "the username and password must match an account",
    "POST /api/v1/claims/{claim_id}/rereview/": "a re-review date must be in the future",
    "POST /api/v1/recusals/": "recusals are declared by active reviewers",
    "POST /api/v1/reports/": "which fields are required depends on `scope` (an article report needs `article`)",
    "POST /api/v1/adjudication/{id}/split/": "the split position must fall inside the claim's text",
    "POST /api/v1/adjudication/{id}/edit-text/": "the new span must fall inside the article's text",
    "POST /api/v1/adjudication/add-claim/": "the span must fall inside the article's text",
}

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _exercise(operation, *, excluded, user) -> int:  # type: ignore[no-untyped-def]
    """Send generated requests for one operation and validate every response; the number sent."""
    sent = 0

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,  # the same requests on every run: a failure here is never a flake
    )
    def check(case):  # type: ignore[no-untyped-def]
        nonlocal sent
        token, _ = Token.objects.get_or_create(user=user)  # a rotate operation may have replaced it
        sent += 1
        case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, excluded_checks=excluded)

    check()
    return sent


@pytest.fixture
def wsgi_keeps_the_test_connection():  # type: ignore[no-untyped-def]
    """The raw WSGI handler closes the database connection after each request; the test's transaction
    must survive, so do what Django's test client does: stop closing connections while the test runs."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema(editor, reviewer, wsgi_keeps_the_test_connection, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.ERROR, logger="django.request")  # 4xx are expected here; 5xx still show
    cache.clear()  # throttle counters start from zero
    article = ArticleFactory(desk="World")
    ReviewFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    AssignmentFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    operations, calls, failures = 0, 0, []

    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        excluded = [positive_data_acceptance] if operation.label in CONTENT_VALIDATED else []
        try:
            calls += _exercise(operation, excluded=excluded, user=editor)
        except (Exception, BaseExceptionGroup) as error:  # report every operation's failure together
            failures.append(f"{operation.label}: {error}")

    print(f"schemathesis: {operations} operations, {calls} requests, {len(failures)} failing operations")
    assert operations >= 15
    assert not failures, "\n\n".join(failures)
