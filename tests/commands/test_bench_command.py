"""``manage.py bench --quick`` end to end: one JSON line with every figure, the real database untouched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from benchmarks import FULL_RUN_ONLY, FULL_RUN_ONLY_REASON, KEYS
from reviews.models import Article
from tests.conftest import REPO, database_url_for_subprocess
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bench")]


def test_bench_quick_prints_every_key_as_json_on_the_last_line_and_leaves_the_database_alone(transactional_db):
    ArticleFactory(title="Real newsroom data")
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_XDIST_WORKER"}
    env.update(DATABASE_URL=database_url_for_subprocess(), CELERY_BROKER_URL=settings.CELERY_BROKER_URL)

    result = subprocess.run(
        # The command stops its own run at --timeout and still drops its database; the outer timeout
        # is only a backstop (a kill from here would leave the throwaway database behind).
        [sys.executable, "manage.py", "bench", "--quick", "--timeout", "150"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )

    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(KEYS) | {"rows", "concurrency"} <= set(figures)
    # On the test machine (PostgreSQL, Redis, a real worker) every figure can be measured: a null
    # here means a phase broke, and the table on stderr says why.
    # The full-run-only phases (two machines: five servers, over a minute) are null here, saying so.
    full_only = {key for key, (module, _unit, _target) in KEYS.items() if module in FULL_RUN_ONLY}
    for key in full_only:
        assert figures[key] is None and re.search(rf"^{key}\s+null\s+.*{FULL_RUN_ONLY_REASON}", result.stderr, re.M)
    measured = set(KEYS) - full_only
    nulls = {key: re.search(rf"^{key}\s+null\s+.*$", result.stderr, re.M) for key in measured if figures[key] is None}
    assert not nulls, {key: match.group(0) if match else "no reason" for key, match in nulls.items()}
    assert all(isinstance(figures[key], int | float) and not isinstance(figures[key], bool) for key in measured)
    assert "the real database is not touched" in result.stderr
    assert list(Article.objects.values_list("title", flat=True)) == ["Real newsroom data"]
    # Each phase module measures in a database of its own, copied from one migrated template: no phase
    # sees another's rows.
    phases = dict(re.findall(r"bench: (\w+) in throwaway database (bench_[0-9a-f]+)", result.stderr))
    assert list(phases) == list(dict.fromkeys(module for module, _unit, _target in KEYS.values()))
    assert len(set(phases.values())) == len(phases)
    template = re.search(r"migrated the template database (bench_[0-9a-f]+)", result.stderr).group(1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = [template, *phases.values()]
            cursor.execute("SELECT datname FROM pg_database WHERE datname = ANY(%s)", [names])
            assert cursor.fetchall() == [], "a throwaway database was not dropped"
