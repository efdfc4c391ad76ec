"""Settings come from the environment and fail loudly when production would be unsafe."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(args: list[str], **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "config.settings"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_secret_key_and_debug_off_it_refuses_to_start():
    result = run_django(["check"])
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required when DEBUG is off" in result.stderr


def test_a_malformed_flag_is_named():
    result = run_django(["check"], DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be 1 or 0" in result.stderr


def test_a_rate_limit_ninja_cannot_read_is_named_at_start_up():
    for bad in ("120", "120/week", "0/m", "many/m"):
        result = run_django(["check"], DEBUG="1", API_RATE_LIMIT=bad)
        assert result.returncode != 0, bad
        assert "API_RATE_LIMIT must be requests/period, like 120/m" in result.stderr, bad
    for good in ("120/m", "5000/hour", "2/s"):
        assert run_django(["check"], DEBUG="1", API_RATE_LIMIT=good).returncode == 0, good


def test_debug_runs_without_a_secret_key():
    assert run_django(["check"], DEBUG="1").returncode == 0


def test_the_deploy_check_passes_with_production_settings():
    result = run_django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        ALLOWED_HOSTS="triage.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout
