"""Splitting a log in two (Toggl's split): the timer ran on past a change of task, and the
owner cuts the log where the other work began — both parts cover exactly what it covered."""

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import timelogs
from triage.models import TimeLog


@pytest.fixture
def morning(owner, make_task, make_log, berlin):
    """09:00–12:00 Berlin yesterday on Invoicing, with a note and tags; and Email beside."""
    task = make_task(owner, "Invoicing")
    make_task(owner, "Email", category="email")
    yesterday = datetime.now(berlin).date() - timedelta(days=1)
    start = datetime(yesterday.year, yesterday.month, yesterday.day, 9, tzinfo=berlin)
    return make_log(task, start, minutes=180, note="Q4 invoices", tags="billable")


def split(client, log, at, **extra):
    data = {"at": at, "as_loaded": log.state()} | extra
    return client.post(f"/log/{log.pk}/split/", data)


def times(owner, berlin):
    return [
        (
            log.task.title,
            f"{log.start.astimezone(berlin):%H:%M}",
            f"{log.end.astimezone(berlin):%H:%M}",
        )
        for log in TimeLog.objects.filter(owner=owner).select_related("task").order_by("start")
    ]


def test_a_split_log_ends_there_and_the_rest_is_a_log_of_its_own(
    owner_client, owner, morning, berlin
):
    response = split(owner_client, morning, "10:15")
    assert response.status_code == 302
    assert times(owner, berlin) == [
        ("Invoicing", "09:00", "10:15"),
        ("Invoicing", "10:15", "12:00"),
    ]
    later = TimeLog.objects.get(owner=owner, start__gt=morning.start)
    assert (later.note, later.tags) == ("Q4 invoices", "billable")
    page = owner_client.get(response["Location"]).content.decode()
    assert "Split Invoicing in two: 09:00–10:15 and 10:15–12:00." in page


def test_the_later_part_may_go_to_another_task_as_a_new_log_of_it_would(
    owner_client, owner, morning, berlin
):
    email = owner.tasks.get(title="Email")
    email.default_tags = "inbox"
    email.save()
    response = split(owner_client, morning, "11:30", then_task=email.pk)
    assert response.status_code == 302
    assert times(owner, berlin) == [("Invoicing", "09:00", "11:30"), ("Email", "11:30", "12:00")]
    later = TimeLog.objects.get(owner=owner, task=email)
    assert (later.note, later.tags) == ("", "inbox")  # not Invoicing's "billable", nor its note
    earlier = TimeLog.objects.get(pk=morning.pk)
    assert (earlier.note, earlier.tags) == ("Q4 invoices", "billable")


def test_the_htmx_answer_draws_the_day_with_both_parts_and_says_what_it_did(
    owner_client, owner, morning
):
    week = owner.owner_settings.week_of(morning.start).label  # yesterday: last week on a Monday
    response = owner_client.post(
        f"/log/{morning.pk}/split/?week={week}",
        {"at": "10:00", "as_loaded": morning.state()},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/log/?week={week}",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "09:00–10:00" in body and "10:00–12:00" in body
    assert "Split Invoicing in two" in body


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("08:30", "between 09:01–11:59"),
        ("12:00", "between 09:01–11:59"),
        ("09:00", "between 09:01–11:59"),  # a part of nothing
        ("", "This field is required"),
        ("25:00", "Enter a valid time"),
    ],
)
def test_a_time_outside_the_log_is_refused_and_nothing_changes(
    owner_client, owner, morning, berlin, at, message
):
    response = split(owner_client, morning, at)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert times(owner, berlin) == [("Invoicing", "09:00", "12:00")]


def test_a_log_changed_in_another_tab_is_not_split_from_what_it_was(
    owner_client, owner, morning, berlin
):
    opened = morning.state()
    TimeLog.objects.filter(pk=morning.pk).update(end=morning.end - timedelta(hours=2))  # 10:00
    response = split(owner_client, morning, "11:00", as_loaded=opened)
    assert response.status_code == 422
    assert "changed elsewhere" in response.content.decode()
    assert "09:00–10:00" in response.content.decode()  # what it reads now
    assert times(owner, berlin) == [("Invoicing", "09:00", "10:00")]


def test_two_splits_of_one_log_at_once_make_two_logs_not_three(owner, morning):
    """Both read the log before either holds the owner's lock: the second finds it changed."""
    stale = TimeLog.objects.get(pk=morning.pk)
    timelogs.split_log(morning, morning.start + timedelta(hours=1))
    with pytest.raises(timelogs.ChangedMeanwhile):
        timelogs.split_log(stale, stale.start + timedelta(hours=2))
    assert TimeLog.objects.filter(owner=owner).count() == 2


def test_a_log_over_midnight_splits_on_the_day_the_time_falls(
    owner, owner_client, make_task, berlin
):
    task = make_task(owner, "Launch")
    start = datetime.now(berlin).replace(hour=22, minute=0, second=0, microsecond=0) - timedelta(
        days=3
    )
    log = TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=4)
    )  # 22:00–02:00
    assert split(owner_client, log, "01:00").status_code == 302
    later = TimeLog.objects.get(owner=owner, start__gt=log.start)
    assert later.start.astimezone(berlin).date() == start.date() + timedelta(days=1)
    assert later.end - later.start == timedelta(hours=1)


def test_a_time_the_clocks_skip_is_refused_with_why(owner, owner_client, make_task, berlin):
    task = make_task(owner, "Night shift")
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET, the night the clocks jump
    log = TimeLog.objects.create(
        owner=owner, task=task, start=start, end=start + timedelta(hours=2)
    )
    response = split(owner_client, log, "02:30")
    assert response.status_code == 422
    assert "does not exist" in response.content.decode()


def test_the_running_timer_is_not_split(owner, owner_client, make_task):
    task = make_task(owner, "Invoicing")
    running = TimeLog.objects.create(
        owner=owner, task=task, start=datetime.now(UTC) - timedelta(hours=1)
    )
    response = split(owner_client, running, "00:00")
    assert response.status_code == 422
    assert "still running" in response.content.decode()
    assert TimeLog.objects.get().end is None


def test_another_owners_log_or_task_is_a_404(owner_client, owner, morning, other_owner, make_task):
    theirs = make_task(other_owner, "Theirs")
    their_log = TimeLog.objects.create(
        owner=other_owner, task=theirs, start=morning.start, end=morning.end
    )
    assert split(owner_client, their_log, "10:00").status_code == 404
    assert split(owner_client, morning, "10:00", then_task=theirs.pk).status_code == 404
    assert TimeLog.objects.count() == 2


def test_the_edit_page_offers_the_split_and_a_get_of_its_address_goes_there(owner_client, morning):
    page = owner_client.get(f"/log/{morning.pk}/edit/").content.decode()
    assert "Split it in two" in page and f"/log/{morning.pk}/split/" in page
    response = owner_client.get(f"/log/{morning.pk}/split/")
    assert response.status_code == 302 and response["Location"] == f"/log/{morning.pk}/edit/"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=st.lists(st.integers(min_value=-5, max_value=185), min_size=1, max_size=8))
def test_splits_anywhere_leave_parts_that_tile_the_log(owner, morning, berlin, minutes):
    """However often and wherever a log is split, its parts lie end to end over exactly
    what it covered; a cut outside it, or under a minute from a part's end, is refused."""
    first, last = morning.start, morning.end
    TimeLog.objects.filter(owner=owner).delete()
    TimeLog.objects.create(owner=owner, task=morning.task, start=first, end=last, note=morning.note)
    for offset in minutes:
        at = first + timedelta(minutes=offset)
        part = TimeLog.objects.filter(owner=owner, start__lt=at).order_by("-start").first()
        if part is None or timelogs.split_refusal(part, at, berlin):
            continue
        timelogs.split_log(part, at)
    parts = list(TimeLog.objects.filter(owner=owner).order_by("start"))
    assert parts[0].start == first and parts[-1].end == last
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert all(p.end - p.start >= timelogs.SPLIT_MARGIN for p in parts)
    assert {p.note for p in parts} == {"Q4 invoices"}


def _split_by_htmx(client, owner, log, at):
    week = owner.owner_settings.week_of(log.start).label
    response = client.post(
        f"/log/{log.pk}/split/?week={week}",
        {"at": at, "as_loaded": log.state()},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver/log/?week={week}",
    )
    assert response.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_a_split_is_undone_once_into_the_log_it_was(owner_client, owner, morning, berlin):
    token = _split_by_htmx(owner_client, owner, morning, "10:30")
    assert len(times(owner, berlin)) == 2
    undone = owner_client.post("/log/restore/", {"token": token}, HTTP_HX_REQUEST="true")
    assert undone.status_code == 200
    assert "Put back together: Invoicing 09:00–12:00." in undone.content.decode()
    log = TimeLog.objects.get(owner=owner)
    assert (log.pk, log.start, log.end, log.note, log.tags) == (
        morning.pk,
        morning.start,
        morning.end,
        "Q4 invoices",
        "billable",
    )
    again = owner_client.post("/log/restore/", {"token": token}, HTTP_HX_REQUEST="true")
    assert again.status_code == 410 and TimeLog.objects.filter(owner=owner).count() == 1


def test_an_undo_after_a_part_was_edited_leaves_both_as_they_are(
    owner_client, owner, morning, berlin
):
    token = _split_by_htmx(owner_client, owner, morning, "10:30")
    later = TimeLog.objects.get(owner=owner, start__gt=morning.start)
    TimeLog.objects.filter(pk=later.pk).update(note="the call")  # another tab, meanwhile
    refused = owner_client.post("/log/restore/", {"token": token}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 410
    assert "changed since" in refused.content.decode()
    assert times(owner, berlin) == [
        ("Invoicing", "09:00", "10:30"),
        ("Invoicing", "10:30", "12:00"),
    ]
