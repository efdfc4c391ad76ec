"""Hours by window: the bucketed PostgreSQL query (windows in order and apart) sums exactly
what the general one does, for logs that cross windows, gaps and the edges."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import formatting, logged_hours
from triage.models import TimeLog
from triage.weeks import local_midnight

START = datetime(2026, 3, 1, tzinfo=UTC)


def test_windows_in_order_and_apart_are_told_from_others():
    hour = timedelta(hours=1)
    a, b, c = START, START + hour, START + 2 * hour
    assert logged_hours._in_order_and_apart([(a, b), (b, c)])  # touching
    assert logged_hours._in_order_and_apart([(a, b), (c, c + hour)])  # a gap
    assert not logged_hours._in_order_and_apart([(b, c), (a, b)])  # out of order
    assert not logged_hours._in_order_and_apart([(a, c), (b, c + hour)])  # overlapping
    assert not logged_hours._in_order_and_apart([(b, b)])  # empty


def general(owner_id, windows):
    rows = logged_hours._run(owner_id, [(i, *w) for i, w in enumerate(windows)], False)
    return {(i, task): logged_hours._seconds_to_hours(s) for i, task, s in rows}


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the bucketed query is PostgreSQL's; SQLite always takes the general one",
)


@needs_postgresql
@pytest.mark.django_db
def test_days_across_a_dst_change_with_logs_over_midnight_and_past_the_edges(
    owner, make_task, make_log
):
    zone = ZoneInfo("America/New_York")  # 8 March 2026: a 23-hour day
    days = [START.date() + timedelta(days=n) for n in range(14)]
    windows = [(local_midnight(d, zone), local_midnight(d + timedelta(days=1), zone)) for d in days]
    task, other = make_task(owner, "Invoicing"), make_task(owner, "Email")
    make_log(task, windows[0][0] - timedelta(hours=2), 5 * 60)  # starts before the first day
    make_log(task, windows[3][1] - timedelta(minutes=30), 90)  # over midnight
    make_log(other, windows[7][0] + timedelta(hours=1), 24 * 60)  # a whole day, DST day
    make_log(other, windows[-1][1] - timedelta(hours=1), 3 * 60)  # past the last day
    make_log(task, windows[9][0], 24 * 60)  # exactly one day
    make_log(task, windows[11][0] - timedelta(hours=23, minutes=59), 24 * 60)  # from the eve
    assert logged_hours.hours_by_window_and_task(owner.pk, windows) == general(owner.pk, windows)
    gapped = windows[::3]  # days with gaps between them
    assert logged_hours.hours_by_window_and_task(owner.pk, gapped) == general(owner.pk, gapped)


@needs_postgresql
@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    logs=st.lists(st.tuples(st.integers(0, 30 * 24 * 4), st.integers(1, 3 * 24 * 4)), max_size=12),
    window_hours=st.lists(st.integers(1, 24 * 8), min_size=1, max_size=12),
    gap_hours=st.integers(0, 30),
)
def test_any_logs_and_windows_sum_alike(owner, make_task, logs, window_hours, gap_hours):
    TimeLog.objects.filter(owner=owner).delete()
    task = make_task(owner, "Invoicing") if not owner.tasks.exists() else owner.tasks.first()
    quarter = timedelta(minutes=15)
    for start, length in logs:
        TimeLog.objects.create(
            owner=owner,
            task=task,
            start=START + start * quarter,
            end=START + (start + length) * quarter,
        )
    windows, at = [], START + timedelta(hours=5)
    for hours in window_hours:
        windows.append((at, at + timedelta(hours=hours)))
        at += timedelta(hours=hours + gap_hours)
    assert logged_hours.hours_by_window_and_task(owner.pk, windows) == general(owner.pk, windows)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "UTC"]),
    first_weekday=st.sampled_from([0, 6]),
    logs=st.lists(
        st.tuples(
            st.integers(0, 1),  # which task
            st.integers(-2, 40),  # days before the first of the 4 weeks' days… and into now
            st.integers(0, 23 * 60 + 59),  # minute of the day it starts
            st.integers(1, 24 * 60),  # minutes
        ),
        max_size=12,
    ),
)
def test_the_task_lists_average_is_the_gut_checks_baseline(owner, zone, first_weekday, logs):
    """One number: a task's average over the 4 complete weeks before this one, as the
    tasks page lists it, is the baseline its gut check and a decision made today take from
    the logs — logs over midnight and over the weeks' edges, in any zone and week, included
    (two SQL sums of the same time, each checked against the other)."""
    from django.utils import timezone

    owner_settings = owner.owner_settings
    owner_settings.time_zone, owner_settings.first_weekday = zone, first_weekday
    owner_settings.save()
    TimeLog.objects.all().delete()
    tasks = [
        owner.tasks.get_or_create(title=title, defaults={"category": "admin"})[0]
        for title in ("Invoicing", "Email")
    ]
    today = owner_settings.today()
    weeks = logged_hours.baseline_weeks(today, owner_settings)
    first = local_midnight(weeks[0].first_day, owner_settings.zone)
    for task, day, minute, minutes in logs:
        start = first + timedelta(days=day - 2, minutes=minute)
        end = start + timedelta(minutes=minutes)
        if end <= timezone.now():  # nothing logged ahead of now
            TimeLog.objects.create(owner=owner, task=tasks[task], start=start, end=end)
    listed = logged_hours.task_rows(
        logged_hours.tasks_with_hours(owner, owner_settings.this_week(), weeks), len(weeks)
    )
    for row in listed:
        baseline, source = logged_hours.task_baseline(row.task, today, owner_settings)
        if source == "logs":  # equal but for Decimal's last digit, so read alike
            assert formatting.settled(baseline) == formatting.settled(row.average_hours)
        else:  # nothing in the 4 weeks: the list says none either
            assert row.average_hours == 0
