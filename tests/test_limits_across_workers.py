"""The limits hold across gunicorn's worker processes: they count in a cache every process
on the host shares, so two workers do not each grant a token its own allowance."""

import http.client
import subprocess
import sys

from tests.gunicorn_server import ROOT, GunicornServer


def test_a_tokens_limit_is_one_limit_across_two_workers(tmp_path):
    server = GunicornServer(
        workers=2,
        DATABASE_URL=f"sqlite:///{tmp_path / 'limits.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        API_RATE_LIMIT="6/m",
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
    try:
        statuses = []
        for _ in range(14):  # a new connection each time: gunicorn hands them to either worker
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", "/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
            statuses.append(connection.getresponse().status)
            connection.close()
    finally:
        server.stop()
    assert statuses[:6] == [200] * 6
    assert statuses[6:] == [429] * 8
