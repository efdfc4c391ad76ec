"""/healthz while PostgreSQL is down: 503, then 200 again once it is back — without
restarting the app. CI runs this with `-m outage`, as root, with TRIAGE_PG_CLUSTER set to
the cluster it may stop (e.g. "15 main")."""

import os
import subprocess

import pytest

from tests.gunicorn_server import GunicornServer, health, wait_for_health

pytestmark = pytest.mark.outage
CLUSTER = os.environ.get("TRIAGE_PG_CLUSTER", "")


def pg_ctl(action: str) -> None:
    version, name = CLUSTER.split()
    subprocess.run(["pg_ctlcluster", version, name, action], check=True, timeout=60)


def test_healthz_follows_the_database_without_an_app_restart():
    if not CLUSTER or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs TRIAGE_PG_CLUSTER and a PostgreSQL DATABASE_URL (as in .ci/run)")
    server = GunicornServer(DB_CONN_MAX_AGE="600").start()  # a kept connection must recover too
    healthz = f"{server.url}/healthz"
    try:
        pg_ctl("stop")
        try:
            assert wait_for_health(healthz, 503) == 503
        finally:
            pg_ctl("start")
        assert wait_for_health(healthz, 200) == 200
        assert server.running, "the app kept running throughout"
    finally:
        server.stop()


def test_a_restart_between_two_requests_fails_neither():
    """The worker's kept connection died with the restart; the next request's check (no
    round trip while the socket is quiet, triage.postgresql) sees that and reconnects."""
    if not CLUSTER or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs TRIAGE_PG_CLUSTER and a PostgreSQL DATABASE_URL (as in .ci/run)")
    server = GunicornServer(DB_CONN_MAX_AGE="600").start()
    healthz = f"{server.url}/healthz"
    try:
        assert health(healthz) == 200  # the one worker now keeps a connection
        pg_ctl("restart")  # waits until the server accepts connections again
        assert [health(healthz) for _ in range(5)] == [200] * 5
    finally:
        server.stop()
