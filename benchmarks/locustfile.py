"""Locust scenario for bin/loadtest: reviewers taking a claim and recording a verdict through the API.

Each simulated reviewer authenticates with an API token (no cookies, so the secure-cookie
production settings do not matter over plain loopback HTTP) and loops: next -> think -> verdict
-> think -> next. Every non-2xx answer counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

_TOKENS = json.loads(open(os.environ["LOADTEST_TOKENS"]).read())  # noqa: SIM115 - read once at import
_NEXT_TOKEN = itertools.count()
_VERDICTS = ["supported", "speculative", "needs_source"]


class Reviewer(HttpUser):
    wait_time = between(1, 2)

    def on_start(self) -> None:
        token = _TOKENS[next(_NEXT_TOKEN) % len(_TOKENS)]
        self.client.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
        self.held: int | None = None

    @task
    def review(self) -> None:
        if self.held is None:
            with self.client.post("/api/v1/queue/next/", name="POST /queue/next/", catch_response=True) as response:
                if response.status_code == 201:
                    self.held = response.json()["id"]
                    response.success()
                else:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
            return
        assignment, self.held = self.held, None
        with self.client.post(
            f"/api/v1/queue/{assignment}/verdict/",
            json=_verdict_body(random.choice(_VERDICTS)),
            name="POST /queue/<id>/verdict/",
            catch_response=True,
        ) as response:
            if response.status_code == 201:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")


def _verdict_body(verdict: str) -> dict[str, object]:
    """A verdict that passes the evidence gate (a link for supported, what is missing for needs source)."""
    body: dict[str, object] = {"verdict": verdict, "note": "load test"}
    if verdict == "supported":
        body["evidence"] = [{"url": "https://example.org/load", "title": "load"}]
    elif verdict == "needs_source":
        body["missing_source_kinds"] = ["document"]
    return body
