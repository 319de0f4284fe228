"""Settings come from the environment and fail loudly at start-up on bad or missing values.

Each test imports the settings module in a fresh interpreter with its own environment.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
READ_SETTINGS = """
import json
from vfmhub import settings as s
names = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "LOGIN_FAILURE_LIMIT",
    "EMAIL_PORT", "DEMO_MODE",
]
values = {n: getattr(s, n, None) for n in names}
values["ENGINE"] = s.DATABASES["default"]["ENGINE"]
values["DB_NAME"] = str(s.DATABASES["default"]["NAME"])
print(json.dumps(values))
"""
# Variables the settings read; the parent's values (CI sets DATABASE_URL) must not leak in.
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "VFMHUB_DEMO",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_FAILURE_WINDOW_MINUTES",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_SETTINGS_MODULE",
}
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "vfm.example.gov.uk"}
DEVELOPMENT = {"DEBUG": "1"}  # what `make run` and `make test` set


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environment.update(VFMHUB_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_values(tmp_path, **env) -> dict:
    result = load_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_refused(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr, result.stderr


def test_debug_is_off_unless_set_so_nothing_set_is_refused(tmp_path):
    assert_refused(load_settings(tmp_path), "SECRET_KEY must be set when DEBUG is off.")


def test_it_runs_with_only_debug_set_for_development(tmp_path):
    values = settings_values(tmp_path, **DEVELOPMENT)
    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(tmp_path / "vfmhub.sqlite3")
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "testserver"]
    assert values["SECURE_HSTS_SECONDS"] is None
    assert values["DEMO_MODE"] is True


def test_it_refuses_to_run_in_production_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DEBUG="0", ALLOWED_HOSTS="vfm.example.gov.uk")
    assert_refused(result, "SECRET_KEY must be set when DEBUG is off.")


def test_it_refuses_an_empty_secret_key(tmp_path):
    result = load_settings(tmp_path, **{**PRODUCTION, "SECRET_KEY": ""})
    assert_refused(result, "SECRET_KEY must be set when DEBUG is off.")


def test_it_refuses_to_run_in_production_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, DEBUG="false", SECRET_KEY="x" * 50)
    assert_refused(result, "ALLOWED_HOSTS must be set when DEBUG is off")


@pytest.mark.parametrize("value", ["maybe", "2", "enabled"])
def test_it_refuses_a_debug_value_it_does_not_understand(tmp_path, value):
    result = load_settings(tmp_path, DEBUG=value)
    assert_refused(result, f"DEBUG must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


@pytest.mark.parametrize("value", ["True", "YES", " on "])
def test_it_reads_yes_in_any_case(tmp_path, value):
    assert settings_values(tmp_path, DEBUG=value)["DEBUG"] is True


def test_it_refuses_a_number_that_is_not_whole(tmp_path):
    result = load_settings(tmp_path, **DEVELOPMENT, LOGIN_FAILURE_LIMIT="five")
    assert_refused(result, "LOGIN_FAILURE_LIMIT must be a whole number; got 'five'")


@pytest.mark.parametrize("url", ["postgress://db/vfmhub", "not a url", "mysql//db"])
def test_it_refuses_a_bad_database_url(tmp_path, url):
    result = load_settings(tmp_path, **DEVELOPMENT, DATABASE_URL=url)
    assert_refused(result, "DATABASE_URL is not a valid database URL")


def test_it_uses_postgresql_from_the_database_url(tmp_path):
    values = settings_values(
        tmp_path, **DEVELOPMENT, DATABASE_URL="postgres://vfm@db.internal:5432/vfmhub"
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB_NAME"] == "vfmhub"


def test_it_refuses_both_kinds_of_email_encryption(tmp_path):
    result = load_settings(tmp_path, **DEVELOPMENT, EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert_refused(result, "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")


def test_it_secures_cookies_and_transport_in_production(tmp_path):
    values = settings_values(
        tmp_path, **PRODUCTION, CSRF_TRUSTED_ORIGINS="https://vfm.example.gov.uk"
    )
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == "x" * 50
    assert values["ALLOWED_HOSTS"] == ["vfm.example.gov.uk"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://vfm.example.gov.uk"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["DEMO_MODE"] is False


def test_it_lets_production_tune_transport_security(tmp_path):
    values = settings_values(
        tmp_path, **PRODUCTION, SECURE_SSL_REDIRECT="off", SECURE_HSTS_SECONDS="300"
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 300


def test_it_splits_lists_on_commas(tmp_path):
    values = settings_values(tmp_path, **{**PRODUCTION, "ALLOWED_HOSTS": " a.example , b.example,"})
    assert values["ALLOWED_HOSTS"] == ["a.example", "b.example"]
