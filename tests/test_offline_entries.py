"""Entries typed on the phone while offline (the offline page keeps them on the device) and
sent once the network is back: logged as of when they were typed, and never twice."""

import json
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from triage.models import TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def typed(hours_ago: float) -> str:
    return (timezone.now() - timedelta(hours=hours_ago)).astimezone(UTC).isoformat()


def test_an_entry_typed_offline_ends_when_it_was_typed_not_when_it_arrived(
    owner_client, noon_owner, make_task
):
    make_task(noon_owner, "Invoicing")
    when = typed(2)
    key = "a1b2c3d4-offline"
    answer = owner_client.post(
        "/log/quick/", {"entry": "45m invoicing", "typed_at": when, "entry_key": key}, **HTMX
    )
    assert answer.status_code == 200
    log = TimeLog.objects.get()
    assert log.end == datetime.fromisoformat(when)  # placed as if typed then, not now
    assert log.end - log.start == timedelta(minutes=45)
    # The page's queue hears which entry went in, once the page has settled.
    sent = json.loads(answer["HX-Trigger-After-Settle"])
    assert sent == {"offline-entry-sent": {"key": key}}


def test_the_same_entry_sent_twice_is_logged_once(owner_client, noon_owner, make_task):
    """Two tabs sending the queue at once, or a send again after a lost answer."""
    make_task(noon_owner, "Invoicing")
    entry = {"entry": "45m invoicing", "typed_at": typed(1), "entry_key": "same-key-123"}
    assert owner_client.post("/log/quick/", entry, **HTMX).status_code == 200
    again = owner_client.post("/log/quick/", entry, **HTMX)
    assert TimeLog.objects.count() == 1
    assert "Already logged earlier: 45m on Invoicing." in again.content.decode()
    assert json.loads(again["HX-Trigger-After-Settle"]) == {
        "offline-entry-sent": {"key": "same-key-123"}
    }
    # Without JavaScript (or from another owner), the key is no one else's business.
    plain = owner_client.post("/log/quick/", entry)
    assert plain.status_code == 302 and TimeLog.objects.count() == 1
    different = owner_client.post("/log/quick/", entry | {"entry_key": "another-key-1"})
    assert different.status_code == 302 and TimeLog.objects.count() == 2


def test_yesterday_and_times_are_read_from_the_day_it_was_typed(
    owner_client, noon_owner, make_task
):
    make_task(noon_owner, "Email")
    zone = noon_owner.owner_settings.zone
    today = noon_owner.owner_settings.today()
    typed_yesterday = datetime.combine(today - timedelta(days=1), time(18), tzinfo=zone)
    entry = {"typed_at": typed_yesterday.isoformat(), "entry_key": "yesterday-1"}
    owner_client.post("/log/quick/", entry | {"entry": "30m email yesterday"})
    log = TimeLog.objects.get()
    assert log.start.astimezone(zone).date() == today - timedelta(days=2)
    # A range typed then: checked against then, so 17:00-17:30 was not "in the future".
    owner_client.post(
        "/log/quick/",
        {"entry": "17:00-17:30 email", "typed_at": typed_yesterday.isoformat()},
    )
    ranged = TimeLog.objects.latest("start")
    assert ranged.start == datetime.combine(today - timedelta(days=1), time(17), tzinfo=zone)


# Before 2000 in every zone (the test owner's is where it is now about noon: UTC−11 to +12).
@pytest.mark.parametrize("moment", ["yesterday", "2026-13-01T00:00", "1999-12-30T12:00:00+00:00"])
def test_a_typed_time_that_is_not_a_moment_is_refused_and_says_why(
    owner_client, noon_owner, make_task, moment
):
    make_task(noon_owner, "Email")
    answer = owner_client.post("/log/quick/", {"entry": "30m email", "typed_at": moment})
    assert answer.status_code == 422
    assert "is not when an entry was typed" in answer.content.decode()
    assert not TimeLog.objects.exists()


def test_a_phone_clock_ahead_counts_as_now(owner_client, noon_owner, make_task):
    make_task(noon_owner, "Email")
    ahead = (timezone.now() + timedelta(hours=3)).isoformat()
    owner_client.post("/log/quick/", {"entry": "30m email", "typed_at": ahead})
    assert abs(TimeLog.objects.get().end - timezone.now()) < timedelta(minutes=1)


def test_a_new_tasks_question_keeps_the_entrys_time_and_key(owner_client, noon_owner):
    when = typed(3)
    asked = owner_client.post(
        "/log/quick/",
        {"entry": "20m filing", "typed_at": when, "entry_key": "new-task-key"},
        **HTMX,
    ).content.decode()
    assert "is a new task" in asked
    assert f'name="typed_at" value="{when}"' in asked
    assert 'name="entry_key" value="new-task-key"' in asked
    owner_client.post(
        "/log/quick/",
        {
            "entry": "20m filing",
            "typed_at": when,
            "entry_key": "new-task-key",
            "category": "admin",
            "is_mga": "False",
            "asked_about": "filing",
        },
        **HTMX,
    )
    assert TimeLog.objects.get().end == datetime.fromisoformat(when)


def test_the_offline_page_keeps_entries_with_its_own_script_under_the_csp(client):
    page = client.get("/offline/")
    html = page.content.decode()
    nonce = page["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in html and 'id="offline-entry"' in html
    assert "triage-offline-entries" in html
