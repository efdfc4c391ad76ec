"""Three personas — the owner, another owner, an anonymous visitor — and small builders."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from triage.models import Contractor, Decision, GutCheck, Task, TimeLog


def pytest_report_header(config):
    """Name the database the suite runs on, so CI's log shows PostgreSQL ran."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        import sqlite3

        return f"database: SQLite {sqlite3.sqlite_version}"
    # pytest-django blocks Django's connection here; ask the server directly.
    import psycopg

    try:
        with connect_beside_django(database, connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        return f"database: {engine}, not reachable: {error}"
    return (
        f"database: PostgreSQL {version} ({database['HOST']}:{database['PORT']}/{database['NAME']})"
    )


def connect_beside_django(database: dict, **options):
    """A psycopg connection of its own to the PostgreSQL database Django's `database`
    settings name (Django's own connection being blocked, busy or the one under test)."""
    import psycopg

    return psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"],
        password=database["PASSWORD"],
        dbname=database["NAME"],
        **options,
    )


def create_owner(username: str, password: str):
    """An owner as sign-up makes one: with an email, here already verified."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    email = f"{username}@example.com"
    user = get_user_model().objects.create_user(username, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def owner(db):
    user = create_owner("olivia", "correct-horse-battery")
    owner_settings = user.owner_settings
    owner_settings.time_zone = "Europe/Berlin"
    owner_settings.mga_hourly_value = Decimal("120")
    owner_settings.default_contractor_rate = Decimal("25")
    owner_settings.onboarded = True
    owner_settings.save()
    return user


def put_owner_where_it_is_about_noon(owner) -> None:
    """An entry for today fits only in the part of today that has passed: in a time zone
    where it is now about noon, today has room for a few hours, whatever the hour the suite
    runs (at 00:10 in Berlin, "45m invoicing" today is rightly refused)."""
    from django.utils import timezone

    offset = 12 - timezone.now().astimezone(UTC).hour  # -11 … +12
    owner_settings = owner.owner_settings
    owner_settings.time_zone = f"Etc/GMT{-offset:+d}" if offset else "UTC"
    owner_settings.save()


@pytest.fixture
def noon_owner(owner):
    put_owner_where_it_is_about_noon(owner)
    return owner


@pytest.fixture
def other_owner(db):
    return create_owner("mallory", "another-long-password")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def berlin():
    return ZoneInfo("Europe/Berlin")


@pytest.fixture
def make_task():
    def build(owner, title="Invoicing", **fields):
        fields.setdefault("category", "bookkeeping")
        return Task.objects.create(owner=owner, title=title, **fields)

    return build


@pytest.fixture
def make_log():
    def build(task, start: datetime, minutes: int = 60, **fields):
        start = start.astimezone(UTC)  # real minutes, not wall-clock ones, across DST
        return TimeLog.objects.create(
            owner=task.owner,
            task=task,
            start=start,
            end=start + timedelta(minutes=minutes),
            **fields,
        )

    return build


DRAINING_ANSWERS = dict(
    is_mga=False,
    need_to_do=False,
    need_to_learn=False,
    need_to_master=False,
    overwhelm=4,
    feeling="hate",
)
WORKED_EXAMPLE = dict(
    kind="outsource",
    baseline_hours_per_week=Decimal(5),
    management_minutes_per_week=30,
    contractor_hours_per_week=Decimal(4),
    contractor_rate=Decimal(25),
    mga_hourly_value=Decimal(120),
    handoff_hours=Decimal(10),
)


@pytest.fixture
def make_gut_check():
    """A gut check of a draining task nobody needs to do, learn or master, unless told."""

    def build(task, **answers):
        return GutCheck.objects.create(owner=task.owner, task=task, **(DRAINING_ANSWERS | answers))

    return build


@pytest.fixture
def make_decision():
    """PRODUCT.md's worked example as a decision (440.00 a week), unless told otherwise."""

    def build(task, save: bool = True, **fields):
        fields = WORKED_EXAMPLE | {"decided_on": date(2026, 11, 2)} | fields
        if isinstance(fields.get("contractor"), str):  # a name: the owner's contractor row
            fields["contractor"] = Contractor.objects.named(task.owner, fields["contractor"])
        decision = Decision(owner=task.owner, task=task, **fields)
        if save:
            decision.save()
        return decision

    return build


class Inbox:
    """What a real SMTP server (aiosmtpd, on a loopback port) received, as parsed mails."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def text(self, message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link(self, message, containing: str) -> str:
        """The link in the mail's text whose path contains `containing`, as a path."""
        import re
        from urllib.parse import urlsplit

        for url in re.findall(r"https?://\S+", self.text(message)):
            if containing in url:
                parts = urlsplit(url.rstrip(">.)"))
                return parts.path + (f"?{parts.query}" if parts.query else "")
        raise AssertionError(f"no link with {containing!r} in:\n{self.text(message)}")


@pytest.fixture
def api_allowance(monkeypatch):
    """`api_allowance(5, 3600)`: the API lets a token make 5 requests an hour, for this test.
    An hour's window or longer, so that it does not turn over while the test runs."""
    from triage.api import RATE_LIMIT

    def set_to(requests: int, seconds: int) -> None:
        monkeypatch.setattr(RATE_LIMIT, "num_requests", requests)
        monkeypatch.setattr(RATE_LIMIT, "duration", seconds)

    return set_to


@pytest.fixture(autouse=True)
def _fresh_cache(request, django_db_blocker):
    """allauth's limits (one verification mail per address every 3 minutes, …) live in the
    database cache: each test starts with none spent. A test in a transaction leaves none
    behind (rolled back); one that commits does, and the flush after it empties only the
    models' tables, so the cache's is emptied here."""
    yield
    marker = request.node.get_closest_marker("django_db")
    commits = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if commits:
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()


@pytest.fixture
def smtp(settings):
    """Mail goes through Django's SMTP backend to a real SMTP server in this process.
    `smtp.stop()` takes the server down (a refused connection), `smtp.start()` brings it back."""
    import logging

    from aiosmtpd.controller import Controller

    from tests.gunicorn_server import free_port

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    inbox = Inbox()
    port = free_port()
    running = []

    def start():  # a fresh controller each time: a stopped one cannot start again
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        running.append(controller)

    def stop():
        running.pop().stop()

    inbox.start, inbox.stop = start, stop
    start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield inbox
    while running:
        stop()


@pytest.fixture
def migrate(transactional_db):
    """Move the test database to a migration — `migrate([("triage", "0011_…")])` — and get
    the models as they were there. The test ends with the database at the latest again, so
    the tests after it find the schema they expect."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def to(target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor.loader.project_state(target).apps

    yield to
    executor = MigrationExecutor(connection)
    to(executor.loader.graph.leaf_nodes())


@pytest.fixture
def settings_form():
    """What the Settings page posts with nothing changed from the owner fixture's settings."""
    return {
        "currency": "USD",
        "time_zone": "Europe/Berlin",
        "first_weekday": "0",
        "mga_hourly_value": "120",
        "default_contractor_rate": "25",
        "weeks_per_year": "48",
        "reinvested_percent": "100",
        "weekly_email_weekday": "0",
        "weekly_email_hour": "8",
        "reminder_days": ["0", "1", "2", "3", "4"],
        "reminder_hour": "17",
    }
