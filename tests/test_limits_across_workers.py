"""The limits hold across gunicorn's worker processes, and the API's across hosts: a token's
requests count in its database row, so neither two workers nor two hosts (each with its
own cache) grant it an allowance each."""

import http.client
import subprocess
import sys

from tests.gunicorn_server import ROOT, GunicornServer


def test_a_tokens_limit_is_one_limit_across_two_workers_and_two_hosts(tmp_path):
    database = f"sqlite:///{tmp_path / 'limits.sqlite3'}"
    # A day's window: it does not turn over while the test runs (unless at midnight UTC).
    server = GunicornServer(
        workers=2, DATABASE_URL=database, CACHE_DIR=str(tmp_path / "cache"), API_RATE_LIMIT="6/d"
    )
    other_host = GunicornServer(
        workers=1, DATABASE_URL=database, CACHE_DIR=str(tmp_path / "other"), API_RATE_LIMIT="6/d"
    )
    server.manage("migrate", "-v0")
    server.manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('olivia', 'olivia@example.com', 'a-long-unusual-passphrase')",
    )
    token = subprocess.run(
        [sys.executable, "manage.py", "api_token", "--owner", "olivia"],
        cwd=ROOT,
        env=server.env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    server.start()
    other_host.start()
    try:
        statuses = []
        for number in range(14):
            # A new connection each time (gunicorn hands them to either worker), and every
            # third request to the other host.
            port = other_host.port if number % 3 == 2 else server.port
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
            statuses.append(connection.getresponse().status)
            connection.close()
    finally:
        server.stop()
        other_host.stop()
    assert statuses[:6] == [200] * 6
    assert statuses[6:] == [429] * 8
