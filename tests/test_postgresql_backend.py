"""triage.postgresql: a kept connection is checked before a request's first query without
a round trip, and one the server has ended is still replaced rather than failing a page;
statements a connection runs again and again are prepared (config/settings.py)."""

import time

import pytest
from django.db import connection

from tests.conftest import connect_beside_django
from triage.models import Task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend (CI runs it on PostgreSQL)")


def start_of_request():
    """What Django does when a request begins: the next query checks the connection."""
    connection.close_if_unusable_or_obsolete()


def test_a_healthy_kept_connection_is_used_without_asking_the_server(monkeypatch):
    Task.objects.count()
    kept = connection.connection
    asked = []
    monkeypatch.setattr(connection, "is_usable", lambda: asked.append(1) or True)

    start_of_request()
    assert Task.objects.count() == 0

    assert connection.connection is kept
    assert asked == [], "no SELECT 1 round trip for an idle connection with nothing to read"


def test_a_connection_the_server_ended_is_replaced_before_the_next_query(owner):
    Task.objects.count()
    ended_pid = connection.connection.info.backend_pid
    with connect_beside_django(connection.settings_dict, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [ended_pid])
    # The server's notice and the closed socket arrive at once, but not synchronously.
    time.sleep(0.2)

    start_of_request()
    Task.objects.create(owner=owner, title="Invoicing", category="admin")

    assert connection.connection.info.backend_pid != ended_pid
    assert Task.objects.filter(owner=owner).count() == 1


def test_a_statement_repeated_on_a_connection_is_prepared_once_and_reused(owner):
    """A page's statements run on every request: after a few runs PostgreSQL keeps their
    plan (DB_PREPARE_THRESHOLD) instead of parsing and planning each again."""
    for _ in range(6):
        assert Task.objects.filter(owner=owner, title="Invoicing").count() == 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['SELECT COUNT(*) AS "__count" FROM "triage_task"%'],
        )
        assert cursor.fetchone()[0] == 1
