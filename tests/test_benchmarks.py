"""The benchmarks in bench/ are run by hand, so nothing noticed when four of them stopped
at their first request (a helper that moved, bench owners without the email every page now
asks for, fifty logins from one address meeting the login limit). Each runs here once at a
tiny size against the test database: it must finish, and the load test with no errors.
Their figures at this size mean nothing and are not checked."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.db import connection

from tests.gunicorn_server import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

TINY = {
    "requests.py": ["--rounds", "1", "--requests", "2"],
    "api.py": ["--rounds", "1", "--requests", "2"],
    "load.py": ["--users", "3", "--seconds", "2", "--think", "0", "--workers", "1"],
    "dashboard.py": ["--sizes", "1,2", "--requests", "2"],
    "reports.py": ["--requests", "2"],
    "export.py": ["--rows", "2000"],
    "history.py": ["--logs-a-day", "1", "--requests", "2"],
    "import.py": ["--rows", "300"],
    "seed_scale.py": ["500"],
}


def test_every_benchmark_is_here():
    assert set(TINY) == {
        path.name
        for path in (ROOT / "bench").glob("*.py")
        if path.name not in {"__init__.py", "common.py", "floor_urls.py", "requests_wsgi.py"}
    }, "a new benchmark gets a tiny run here"


@pytest.mark.parametrize("bench", sorted(TINY))
def test_the_benchmark_runs(bench):
    if connection.vendor != "postgresql":
        pytest.skip("the benchmarks run on PostgreSQL (CI runs them there)")
    database = connection.settings_dict
    url = (
        f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}"
        f"@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = os.environ | {"DATABASE_URL": url}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the benchmark sets up its own
    result = subprocess.run(
        [sys.executable, f"bench/{bench}", *TINY[bench]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-3000:]
    if bench == "load.py":
        assert " 0 errors" in result.stdout, result.stdout
