"""Schemathesis, an outside client, tests the API from /api/schema/ as anonymous, reviewer and editor.

It is schemathesis' own engine, as its command line runs it (``st run --checks all``), in-process against the
WSGI application: every phase (coverage of edge values, fuzzing with valid and invalid data, stateful sequences
following the links between operations) and every check, for each identity. Generation is deterministic and
bounded (a fixed seed, ``deterministic``, a number of examples per operation), so a failure here is never a
flake and the run takes a known time; the figures (operations, requests per identity and phase, failures by
check) are printed. A new endpoint is held to the same checks without touching this file.
"""

from __future__ import annotations

import collections
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connections
from rest_framework.test import APIClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.transport.wsgi import WSGITransport

from reviews.services.tokens import token_for_key, token_issue
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory, UserFactory

EXAMPLES_PER_OPERATION = 8  # fuzzing: examples per operation and identity (positive and negative)
STATEFUL_EXAMPLES = 20  # stateful: sequences per identity, each up to 6 linked calls
SEED = 13

# Operations where "schema-valid data is accepted" cannot apply: their input is also judged against stored
# state or outside facts that no schema can state. Every other check still runs on them.
NOT_EXPRESSIBLE_IN_A_SCHEMA = {
    "POST /api/v1/auth/token/": "the username and password must match an account",
    "POST /api/v1/articles/": "the text must contain at least one check-worthy claim",
    "POST /api/v1/articles/page/": "the file must be an HTML page whose main text holds a check-worthy claim",
    "POST /api/v1/articles/fetch/": "the URL must resolve to a public address serving an HTML page (DNS, the site)",
    "POST /api/v1/webhooks/": "the URL must resolve to a public address (SSRF rules depend on DNS)",
    "PATCH /api/v1/webhooks/{id}/": "the URL must resolve to a public address (SSRF rules depend on DNS)",
    "POST /api/v1/reports/": "a batch's `since` must not be after its `until` (JSON Schema cannot compare fields)",
    "POST /api/v1/adjudication/{id}/split/": "the split position must fall inside the stored claim's text",
    "POST /api/v1/adjudication/{id}/edit-text/": "the new span must fall inside the stored article's text",
    "POST /api/v1/adjudication/add-claim/": "the span must fall inside the stored article's text",
}

pytestmark = [pytest.mark.slow]


@dataclass
class Outcome:
    identity: str
    operations: int = 0
    requests: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    by_operation: collections.Counter[str] = field(default_factory=collections.Counter)
    by_phase: collections.Counter[str] = field(default_factory=collections.Counter)
    by_check: collections.Counter[str] = field(default_factory=collections.Counter)
    problems: list[str] = field(default_factory=list)


def _refused_up_front(user) -> list[str]:  # type: ignore[no-untyped-def]
    """Operations that answer this identity 401/403 before reading any input (permission classes).

    Their edge values test nothing but that refusal, so the coverage phase skips them for this identity;
    fuzzing and stateful calls still check the 401/403 against the schema.
    """
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    refused = []
    for result in schema.get_all_operations():
        operation = result.ok()
        path = operation.path
        for parameter in operation.path_parameters:
            path = path.replace("{" + parameter.name + "}", "1")
        response = api.generic(operation.method.upper(), path, b"{}", content_type="application/json")
        if response.status_code in (401, 403) and response.json()["error"]["code"] in (
            "not_authenticated",
            "permission_denied",
        ):
            refused.append(operation.label)
    return refused


def _config(refused: list[str]) -> SchemathesisConfig:
    operations: list[dict[str, Any]] = [
        {"include-name": label, "checks": {"positive_data_acceptance": {"enabled": False}}}
        for label in NOT_EXPRESSIBLE_IN_A_SCHEMA
    ]
    operations += [{"include-name": label, "phases": {"coverage": {"enabled": False}}} for label in refused]
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "workers": 1,
            "suppress-health-check": ["all"],
            "cache": {"enabled": False},
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                "mode": "all",
            },
            "phases": {
                # The schema's examples phase has nothing to run: drf-spectacular writes no examples.
                "stateful": {"generation": {"max-examples": STATEFUL_EXAMPLES}},
            },
            "operations": operations,
        }
    )


def _run(identity: str, user) -> Outcome:  # type: ignore[no-untyped-def]
    refused = _refused_up_front(user)
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=_config(refused))
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx are expected here; 5xx still show
    if user is not None:
        keys: list[str] = []

        @schema.auth(refresh_interval=None)
        class _Token:
            def get(self, case, ctx):  # type: ignore[no-untyped-def]
                # Only digests are stored, so a key cannot be read back: keep the one issued here, and
                # issue another when a rotate or a password exchange has replaced it.
                if not keys or token_for_key(keys[-1]) is None:
                    keys.append(token_issue(user=user, reason="Schemathesis.").key)
                return keys[-1]

            def set(self, case, data, ctx):  # type: ignore[no-untyped-def]
                case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    outcome = Outcome(identity)
    labels: set[str] = set()
    started, cpu = time.monotonic(), time.process_time()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            labels.add(recorder.label)
            outcome.requests += len(recorder.interactions)
            outcome.by_operation[recorder.label] += len(recorder.interactions)
            outcome.by_phase[event.phase.value] += len(recorder.interactions)
            for checks in recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        outcome.by_check[check.name] += 1
                        steps = " -> ".join(step.curl for step in check.failure_info.steps[-2:])
                        outcome.problems.append(f"[{identity}] {check.name}: {failure.title}\n{steps[:1500]}")
        elif isinstance(event, events.NonFatalError):
            outcome.by_check["error"] += 1
            outcome.problems.append(f"[{identity}] {event.label}: {event.info.title} {event.info.message}")
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                outcome.by_check["after_run"] += 1
                outcome.problems.append(f"[{identity}] after the run: {failure.title}\n{failure.message}")
    outcome.operations = len(labels)
    outcome.seconds = time.monotonic() - started
    outcome.cpu_seconds = time.process_time() - cpu
    return outcome


@pytest.fixture
def in_process_server(monkeypatch):  # type: ignore[no-untyped-def]
    """The engine calls the WSGI application from its own thread, so the data must be committed
    (``transactional_db``); each thread keeps one database connection instead of one per request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    send = WSGITransport.send
    opened = []

    def send_without_socket_options(self, case, *, session=None, **kwargs):  # type: ignore[no-untyped-def]
        # Schemathesis 4.32 passes socket-level options to the in-process client on some re-sent requests
        # (EnvironBuilder rejects `max_redirects`); they mean nothing in-process.
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        try:
            return send(self, case, session=session, **kwargs)
        finally:
            opened.append(connections["default"])  # this thread's connection, closed when the test ends

    monkeypatch.setattr(WSGITransport, "send", send_without_socket_options)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    for connection in {id(c): c for c in opened}.values():
        if connection.connection is not None:
            connection.connection.close()  # the raw connection: Django's wrapper belongs to the engine's thread
    connections.close_all()


@pytest.mark.parametrize("identity", ["anonymous", "reviewer", "editor"])
def test_every_operation_conforms_to_the_schema(identity, transactional_db, in_process_server):  # type: ignore[no-untyped-def]
    """One identity per test, so pytest-xdist can run the three side by side."""
    editor = UserFactory(username="edna", roles=["editor"], is_staff=True)
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    article = ArticleFactory(desk="World")
    ReviewFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    AssignmentFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    ClaimFactory.create_batch(3, article=article)
    cache.clear()  # throttle counters start from zero

    o = _run(identity, {"anonymous": None, "reviewer": reviewer, "editor": editor}[identity])

    busiest = ", ".join(f"{label} {n}" for label, n in o.by_operation.most_common(3))
    print(
        f"\nschemathesis {o.identity}: {o.operations} operations, {o.requests} requests "
        f"({', '.join(f'{phase} {n}' for phase, n in sorted(o.by_phase.items()))}) in {o.seconds:.0f} s "
        f"({o.cpu_seconds:.0f} s CPU); busiest: {busiest}; failures by check: {dict(o.by_check) or 'none'}"
    )
    assert o.operations >= 40
    assert not o.problems, f"{len(o.problems)} failures:\n\n" + "\n\n".join(o.problems[:60])
