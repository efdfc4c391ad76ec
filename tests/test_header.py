"""Every page's header: the running timer and an address waiting for its link, read in one
statement, for the logged-in owner only."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from triage.header import header
from triage.models import TimeLog

pytestmark = pytest.mark.django_db


def test_nothing_running_and_every_address_verified(owner, other_owner, make_task):
    TimeLog.objects.create(
        owner=other_owner, task=make_task(other_owner, "Theirs"), start=timezone.now()
    )
    state = header(owner)
    assert state.running is None and state.pending_email == ""


def test_the_running_timer_and_the_address_waiting_for_its_link(owner, make_task):
    started = timezone.now() - timedelta(minutes=20)
    log = TimeLog.objects.create(
        owner=owner,
        task=make_task(owner, "Invoicing"),
        start=started,
        note="Acme's",
        tags="billable",
    )
    EmailAddress.objects.create(user=owner, email="new@example.com", verified=False)
    with CaptureQueriesContext(connection) as queries:
        state = header(owner)
        assert state.running.task.title == "Invoicing" and state.running.task_id == log.task_id
        assert state.running.start == started and state.running.pk == log.pk
        assert state.running.note == "Acme's"  # the timer card's note field shows it
        assert state.running.tags == "billable"  # and its tags
    assert len(queries) == 1
    assert state.pending_email == "new@example.com"


def test_a_page_reads_the_header_once(owner_client, owner, make_task):
    TimeLog.objects.create(owner=owner, task=make_task(owner, "Invoicing"), start=timezone.now())
    EmailAddress.objects.create(user=owner, email="new@example.com", verified=False)
    owner_client.get("/tasks/")
    with CaptureQueriesContext(connection) as queries:
        page = owner_client.get("/tasks/").content.decode()
    assert 'class="timer-task">Invoicing</a>' in page
    assert "Please verify <strong>new@example.com</strong>" in page
    header_statements = [q for q in queries if "account_emailaddress" in q["sql"]]
    assert len(header_statements) == 1 and "triage_timelog" in header_statements[0]["sql"]
    # The log page's timer card shows the running timer's note: read with it, not after.
    owner_client.get("/log/")
    with CaptureQueriesContext(connection) as queries:
        assert 'id="timer-note"' in owner_client.get("/log/").content.decode()
    assert not [q for q in queries if q["sql"].startswith('SELECT "triage_timelog"."id", "')]
