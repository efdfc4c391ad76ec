"""A log dragged on the timeline to other times: saved by the full form's rules."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from triage.models import TimeLog

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/log/?view=timeline"}


@pytest.fixture
def drawn(owner, make_task, berlin):
    """A billable, noted log on Tuesday 3 Nov 09:00–10:30, as the timeline drew it."""
    start = datetime(2026, 11, 3, 9, tzinfo=berlin)
    return TimeLog.objects.create(
        owner=owner,
        task=make_task(owner),
        start=start,
        end=start + timedelta(minutes=90),
        note="Q4",
        tags="billable",
    )


def times(log, start: str, end: str) -> dict:
    return {"day": "2026-11-03", "start_time": start, "end_time": end, "as_loaded": log.state()}


def test_a_dragged_log_takes_its_new_times_and_keeps_all_else(owner_client, drawn, berlin):
    owner_client.get("/log/?view=timeline")  # the page shows the timeline
    response = owner_client.post(
        f"/log/{drawn.pk}/times/?week=2026-W45", times(drawn, "11:15", "12:45"), **HTMX
    )
    assert response.status_code == 200
    assert 'class="timeline"' in response.content.decode()  # the week redrawn
    drawn.refresh_from_db()
    assert (drawn.start, drawn.end) == (
        datetime(2026, 11, 3, 11, 15, tzinfo=berlin),
        datetime(2026, 11, 3, 12, 45, tzinfo=berlin),
    )
    assert (drawn.task.title, drawn.note, drawn.tags) == ("Invoicing", "Q4", "billable")
    # Stretched up to midnight: the end is 00:00 of the next day.
    data = times(drawn, "11:15", "00:00") | {"ends_next_day": "on"}
    assert owner_client.post(f"/log/{drawn.pk}/times/", data, **HTMX).status_code == 200
    drawn.refresh_from_db()
    assert drawn.end == datetime(2026, 11, 4, tzinfo=berlin)


def test_a_drag_from_a_drawing_of_a_log_changed_since_changes_nothing(owner_client, drawn):
    owner_client.get("/log/?view=timeline")
    stale = times(drawn, "11:00", "12:00")
    TimeLog.objects.filter(pk=drawn.pk).update(note="changed on the phone")
    refused = owner_client.post(f"/log/{drawn.pk}/times/", stale, **HTMX)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="timeline-editor"' in html and "changed" in html  # its edit opens, saying why
    drawn.refresh_from_db()
    assert drawn.start.hour == 8  # (UTC) as it was
    assert drawn.note == "changed on the phone"


def test_a_drag_into_time_still_to_come_is_refused(owner_client, owner, make_task):
    zone = owner.owner_settings.zone
    today = timezone.now().astimezone(zone).date()
    start = datetime(today.year, today.month, today.day, tzinfo=zone) - timedelta(days=1)
    log = TimeLog.objects.create(
        owner=owner, task=make_task(owner), start=start, end=start + timedelta(hours=1)
    )
    tomorrow = today + timedelta(days=1)
    data = {"day": tomorrow.isoformat(), "start_time": "09:00", "end_time": "10:00"}
    refused = owner_client.post(f"/log/{log.pk}/times/", data | {"as_loaded": log.state()}, **HTMX)
    assert refused.status_code == 422
    log.refresh_from_db()
    assert log.start == start


def test_without_javascript_it_saves_and_goes_back(owner_client, drawn):
    response = owner_client.post(f"/log/{drawn.pk}/times/", times(drawn, "13:00", "14:00"))
    assert response.status_code == 302
    drawn.refresh_from_db()
    assert drawn.end - drawn.start == timedelta(hours=1)


def test_another_owners_log_is_a_404_and_the_running_timer_is_not_dragged(
    client, other_owner, owner, drawn, make_task
):
    client.force_login(other_owner)
    assert client.post(f"/log/{drawn.pk}/times/", times(drawn, "11:00", "12:00")).status_code == 404
    client.force_login(owner)
    running = TimeLog.objects.create(
        owner=owner, task=make_task(owner, "Email"), start=timezone.now() - timedelta(minutes=5)
    )
    data = {"day": "2026-11-03", "start_time": "07:00", "end_time": "08:00"}
    refused = client.post(f"/log/{running.pk}/times/", data, **HTMX)
    assert refused.status_code == 422
    running.refresh_from_db()
    assert running.end is None
