"""`manage.py migrate_serially`, what the image runs at start: containers started together
migrate one after another (a PostgreSQL advisory lock), not at once."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.conftest import connect_beside_django
from triage.management.commands.migrate_serially import MIGRATION_LOCK

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_migrates_on_sqlite_too():
    call_command("migrate_serially", verbosity=0)  # the test database is up to date: no error


def test_a_second_container_waits_for_the_first_to_finish():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's (CI runs it on PostgreSQL)")
    finished = threading.Event()

    def second_container():
        try:
            call_command("migrate_serially", verbosity=0)
            finished.set()
        finally:
            connections.close_all()

    with connect_beside_django(connection.settings_dict, autocommit=True) as first:
        first.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])  # migrating…
        thread = threading.Thread(target=second_container)
        thread.start()
        assert not finished.wait(1.5), "the second migrated while the first still held the lock"
        first.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
    thread.join(timeout=30)
    assert finished.is_set()
    # …and it gave the lock back: the next container gets it at once.
    with connect_beside_django(connection.settings_dict, autocommit=True) as third:
        assert third.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATION_LOCK]).fetchone()[0]
