"""Settings come from the environment with safe production defaults (DESIGN.md, Stack).

Each case starts a fresh interpreter, since settings are read once at start-up.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "k3y-" + "x9Q2mZ7vB4nR8tW1yE6uI0oP5aS3dF7gH2jK9lL4zX8cV1bN6m"

SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "POOL": db.get("OPTIONS", {}).get("pool"),
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "STALE_IF_ERROR": settings.STALE_IF_ERROR,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SESSION_COOKIE_AGE": settings.SESSION_COOKIE_AGE,
    "AXES_IPWARE_PROXY_COUNT": getattr(settings, "AXES_IPWARE_PROXY_COUNT", None),
    "AXES_IPWARE_META_PRECEDENCE_ORDER": getattr(
        settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", None
    ),
    "IPWARE_STRICT": getattr(settings, "IPWARE_STRICT", None),
}, default=lambda function: f"{function.__module__}.{function.__qualname__}"))
"""


def run_python(code, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    base["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    result = run_python(SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_start_without_a_secret_key_fails_with_a_clear_message():
    result = run_python(SHOW_SETTINGS)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_start_with_the_development_key_is_refused():
    from newsroom.settings import DEVELOPMENT_SECRET_KEY

    result = run_python(SHOW_SETTINGS, DJANGO_SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_and_https_settings_on_by_default():
    shown = settings_with(DJANGO_SECRET_KEY=REAL_KEY)
    assert shown["DEBUG"] is False
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000


def test_plain_http_run_switches_the_https_settings_off():
    shown = settings_with(DJANGO_SECRET_KEY=REAL_KEY, DJANGO_HTTPS="0")
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SESSION_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0


def test_debug_run_needs_no_secret_key():
    assert settings_with(DJANGO_DEBUG="1")["DEBUG"] is True


def test_a_misspelt_flag_is_refused_rather_than_guessed():
    result = run_python(SHOW_SETTINGS, DJANGO_SECRET_KEY=REAL_KEY, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr


def test_sqlite_in_the_checkout_without_database_url():
    shown = settings_with(DJANGO_DEBUG="1")
    assert shown["ENGINE"] == "django.db.backends.sqlite3"
    assert shown["NAME"] == str(ROOT / "db.sqlite3")


def test_database_url_selects_postgresql_with_the_connection_pool():
    shown = settings_with(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://claims:secret@db.internal:5432/newsroom"
    )
    assert shown["ENGINE"] == "django.db.backends.postgresql"
    assert shown["NAME"] == "newsroom"
    assert shown["POOL"]["max_size"] == 10
    # Every connection is checked as a request takes it: one PostgreSQL dropped is replaced.
    assert shown["POOL"]["check"] == "newsroom.database.check_connection"
    assert shown["POOL"]["timeout"] == 3


def test_how_long_a_request_waits_for_the_database_and_readers_get_a_stale_page():
    shown = settings_with(
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://claims:secret@db.internal:5432/newsroom",
        DATABASE_POOL_TIMEOUT="1.5",
        DJANGO_STALE_IF_ERROR="120",
    )
    assert shown["POOL"]["timeout"] == 1.5
    assert shown["STALE_IF_ERROR"] == 120
    assert settings_with(DJANGO_DEBUG="1")["STALE_IF_ERROR"] == 600
    result = run_python(SHOW_SETTINGS, DJANGO_DEBUG="1", DJANGO_STALE_IF_ERROR="ten minutes")
    assert result.returncode != 0
    assert "DJANGO_STALE_IF_ERROR must be a number" in result.stderr


def test_allowed_hosts_come_from_the_environment():
    shown = settings_with(
        DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="news.example.org, desk.example.org"
    )
    assert shown["ALLOWED_HOSTS"] == ["news.example.org", "desk.example.org"]


def test_deploy_checks_pass_on_production_defaults():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            "DJANGO_SECRET_KEY": REAL_KEY,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages_are_served_with_a_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_hsts_preload_only_when_asked_for():
    assert settings_with(DJANGO_SECRET_KEY=REAL_KEY)["SECURE_HSTS_PRELOAD"] is False
    asked = settings_with(DJANGO_SECRET_KEY=REAL_KEY, DJANGO_HSTS_PRELOAD="1")
    assert asked["SECURE_HSTS_PRELOAD"] is True


def test_sessions_end_after_eight_idle_hours_unless_configured():
    assert settings_with(DJANGO_DEBUG="1")["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    shown = settings_with(DJANGO_DEBUG="1", DJANGO_SESSION_IDLE_MINUTES="30")
    assert shown["SESSION_COOKIE_AGE"] == 30 * 60


def test_behind_a_proxy_sign_in_throttling_reads_the_address_the_proxy_appended():
    from tests.test_login_throttle import BEHIND_PROXY

    direct = settings_with(DJANGO_DEBUG="1")
    assert direct["AXES_IPWARE_META_PRECEDENCE_ORDER"] in (None, ["REMOTE_ADDR"])
    proxied = settings_with(DJANGO_DEBUG="1", DJANGO_BEHIND_PROXY="1")
    for name, value in BEHIND_PROXY.items():
        expected = list(value) if isinstance(value, tuple) else value
        assert proxied[name] == expected
