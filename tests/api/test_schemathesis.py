"""Schemathesis, an outside client, tests the API from /api/schema/ as anonymous, reviewer and editor.

It is schemathesis' own engine, as its command line runs it (``st run --checks all``), in-process against
the WSGI application: every phase (the schema's examples, coverage of edge values, fuzzing with valid and
invalid data, stateful sequences following the schema's links) and every check. Generation is
deterministic and bounded, so a failure here is never a flake and the run takes a known time.
"""

from __future__ import annotations

import collections
import logging
import time
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from reviews.services.tokens import token_get_or_create
from tests.factories import ArticleFactory, AssignmentFactory, ClaimFactory, ReviewFactory, UserFactory

EXAMPLES_PER_OPERATION = 10
STATEFUL_EXAMPLES = 30

pytestmark = [pytest.mark.slow]


@dataclass
class Outcome:
    identity: str
    operations: int = 0
    requests: int = 0
    seconds: float = 0.0
    by_phase: collections.Counter[str] = field(default_factory=collections.Counter)
    failures: list[str] = field(default_factory=list)
    by_check: collections.Counter[str] = field(default_factory=collections.Counter)
    errors: list[str] = field(default_factory=list)


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 13,
            "workers": 1,
            "suppress-health-check": ["all"],
            "generation": {
                "max-examples": EXAMPLES_PER_OPERATION,
                "deterministic": True,
                "database": "none",
                "mode": "all",
            },
            "phases": {"stateful": {"generation": {"max-examples": STATEFUL_EXAMPLES}}},
        }
    )


def _run(identity: str, user) -> Outcome:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=_config())
    if user is not None:

        @schema.auth(refresh_interval=None)
        class _Token:
            def get(self, case, ctx):  # type: ignore[no-untyped-def]
                return token_get_or_create(user=user).key  # a rotate operation may have replaced it

            def set(self, case, data, ctx):  # type: ignore[no-untyped-def]
                case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}

    outcome = Outcome(identity)
    labels: set[str] = set()
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            labels.add(recorder.label)
            outcome.requests += len(recorder.interactions)
            outcome.by_phase[event.phase.value] += len(recorder.interactions)
            for checks in recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        outcome.by_check[check.name] += 1
                        steps = " -> ".join(step.curl for step in check.failure_info.steps[-2:])
                        outcome.failures.append(f"[{identity}] {check.name}: {failure.title} {steps}\n{failure.message}")  # noqa: E501
        elif isinstance(event, events.NonFatalError):
            outcome.errors.append(f"[{identity}] {event.label}: {event.info.title} {event.info.message}")
        elif isinstance(event, events.EngineFinished):
            for failure in event.failures:
                outcome.by_check[getattr(failure, "title", "after_run")] += 1
                outcome.failures.append(f"[{identity}] after run: {failure.title}\n{failure.message}")
    outcome.operations = len(labels)
    outcome.seconds = time.monotonic() - started
    return outcome


def test_every_operation_conforms_to_the_schema_for_every_identity(transactional_db, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.ERROR, logger="django.request")  # 4xx are expected here; 5xx still show
    logging.getLogger("django.request").setLevel(logging.ERROR)
    editor = UserFactory(username="edna", roles=["editor"], is_staff=True)
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    article = ArticleFactory(desk="World")
    ReviewFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    AssignmentFactory(claim=ClaimFactory(article=article), reviewer=reviewer)
    ClaimFactory.create_batch(3, article=article)

    outcomes = []
    for identity, user in (("anonymous", None), ("reviewer", reviewer), ("editor", editor)):
        cache.clear()  # throttle counters start from zero for each identity
        outcomes.append(_run(identity, user))

    for o in outcomes:
        print(
            f"schemathesis {o.identity}: {o.operations} operations, {o.requests} requests "
            f"({dict(o.by_phase)}), {o.seconds:.0f} s, failures by check {dict(o.by_check) or 0}"
        )
    problems = [line for o in outcomes for line in (*o.failures, *o.errors)]
    assert all(o.operations >= 30 for o in outcomes)
    assert not problems, "\n\n".join(problems)
