"""The limits hold across gunicorn's worker processes and across hosts: a token's requests
count in its database row, allauth's limits in the database cache, so neither two workers
nor two hosts grant an allowance each."""

import http.client
import re
import subprocess
import sys
from urllib.parse import urlencode

from tests.gunicorn_server import ROOT, GunicornServer


def test_a_tokens_limit_is_one_limit_across_two_workers_and_two_hosts(tmp_path):
    database = f"sqlite:///{tmp_path / 'limits.sqlite3'}"
    # A day's window: it does not turn over while the test runs (unless at midnight UTC).
    server = GunicornServer(workers=2, DATABASE_URL=database, API_RATE_LIMIT="6/d")
    other_host = GunicornServer(workers=1, DATABASE_URL=database, API_RATE_LIMIT="6/d")
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


def ask_for_a_reset(port: int, email: str) -> int:
    """The password-reset form as a browser sends it (its page first, for the CSRF token),
    on a connection of its own; the POST's status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/accounts/password/reset/")
    page = connection.getresponse()
    body = page.read().decode()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    connection.request(
        "POST",
        "/accounts/password/reset/",
        body=urlencode({"csrfmiddlewaretoken": token, "email": email}),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_allauths_limits_count_once_across_two_hosts(tmp_path):
    """Five reset mails a minute for one address (allauth's "5/m/key"): asked of two hosts in
    turn, the sixth is refused — each host counting its own would allow ten."""
    database = f"sqlite:///{tmp_path / 'limits.sqlite3'}"
    server = GunicornServer(workers=1, DATABASE_URL=database)
    other_host = GunicornServer(workers=1, DATABASE_URL=database)
    server.manage("migrate", "-v0")
    server.start()
    other_host.start()
    try:
        statuses = [
            ask_for_a_reset((server, other_host)[number % 2].port, "olivia@example.com")
            for number in range(7)
        ]
    finally:
        server.stop()
        other_host.stop()
    assert statuses == [302] * 5 + [429] * 2


def test_a_count_is_not_forgotten_while_many_others_are_kept(db):
    """The cache forgets a third of its counts once it holds too many: with Django's 300, a
    burst of requests from a few hundred addresses would have reset everyone's limits."""
    from django.core.cache import cache

    cache.set("allauth:rl:confirm_email:key:olivia@example.com", [1], 60)
    for number in range(500):
        cache.set(f"allauth:rl:login:ip:10.0.{number // 250}.{number % 250}", [1], 60)
    assert cache.get("allauth:rl:confirm_email:key:olivia@example.com") == [1]
