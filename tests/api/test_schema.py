from __future__ import annotations

import io

import pytest
from django.core.management import call_command


def test_openapi_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out, stderr=io.StringIO())
    schema = out.getvalue()
    for path in ("/api/v1/claims/{id}/", "/api/v1/dashboard/", "/api/v1/token/rotate/", "/api/v1/queue/next/"):
        assert path in schema


@pytest.mark.django_db
def test_docs_are_served_by_the_app(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200 and b"cdn" not in response.content.lower()
