"""Production settings: only DEBUG=0, SECRET_KEY and ALLOWED_HOSTS set, and everything secure follows."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from tests.conftest import REPO

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
    "for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
    "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_HTTPONLY', "
    "'DEBUG', 'AXES_ENABLED']}))"
)


def production_env(**extra: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "NEWSROOM_VAR_DIR") if key in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="claims.example.org",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_only_the_three_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secure_defaults_follow_from_debug_off():
    result = run(["-c", PRINT_SETTINGS], production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
        "DEBUG": False,
        "AXES_ENABLED": True,
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_https_redirect_can_be_switched_off_for_a_loopback_load_test():
    result = run(["-c", PRINT_SETTINGS], production_env(SECURE_SSL_REDIRECT="0"))
    values = json.loads(result.stdout)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is True  # cookies stay secure: the load test uses tokens
