"""/healthz while PostgreSQL is down: 503, then 200 again once it is back — without
restarting the app. CI runs this with `-m outage`, as root, with TRIAGE_PG_CLUSTER set to
the cluster it may stop (e.g. "15 main")."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.test_restart_browser import ROOT, free_port

pytestmark = pytest.mark.outage
CLUSTER = os.environ.get("TRIAGE_PG_CLUSTER", "")


def health(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:  # not listening yet
        return 0


def wait_for(url: str, status: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    seen = None
    while time.monotonic() < deadline:
        seen = health(url)
        if seen == status:
            return seen
        time.sleep(0.5)
    return seen


def pg_ctl(action: str) -> None:
    version, name = CLUSTER.split()
    subprocess.run(["pg_ctlcluster", version, name, action], check=True, timeout=60)


def test_healthz_follows_the_database_without_an_app_restart():
    if not CLUSTER or not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("needs TRIAGE_PG_CLUSTER and a PostgreSQL DATABASE_URL (as in .ci/run)")
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "outage-" + "k" * 44,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_HTTPS": "0",
        "STATIC_MANIFEST": "0",
        "WEB_CONCURRENCY": "1",
        "DB_CONN_MAX_AGE": "600",  # a kept connection must recover too
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        assert wait_for(url, 200) == 200
        pg_ctl("stop")
        try:
            assert wait_for(url, 503) == 503
        finally:
            pg_ctl("start")
        assert wait_for(url, 200) == 200
        assert app.poll() is None, "the app kept running throughout"
    finally:
        app.terminate()
        app.wait(timeout=20)
