"""/healthz: 200 when the database answers, 503 when it does not; no login."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_it_answers_ok_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_does_not(client, monkeypatch):
    from triage.views import pages

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(pages.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize(
    ("allowed_hosts", "sent"),
    [
        ("triage.example.com", "triage.example.com"),
        (" .example.com , other.example", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_containers_health_check_asks_by_a_name_the_app_serves(allowed_hosts, sent):
    from config.healthcheck import host_to_send

    assert host_to_send(allowed_hosts) == sent


def test_the_containers_health_check_passes_on_a_production_host_list():
    """ALLOWED_HOSTS names the public host only, as the README's `docker run` does: asked as
    127.0.0.1 the app answers 400, and a check asking so would call a working app sick."""
    import os
    import subprocess
    import sys

    from tests.gunicorn_server import ROOT, GunicornServer, health

    def check(port) -> int:
        env = os.environ | {"PORT": str(port), "ALLOWED_HOSTS": "triage.example.com"}
        return subprocess.run(
            [sys.executable, "config/healthcheck.py"], cwd=ROOT, env=env
        ).returncode

    server = GunicornServer(ALLOWED_HOSTS="triage.example.com").start()
    try:
        assert health(f"{server.url}/healthz") == 400  # as the old check asked
        assert check(server.port) == 0
    finally:
        server.stop()
    assert check(server.port) == 1  # nothing listens
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["python", "config/healthcheck.py"]' in dockerfile
