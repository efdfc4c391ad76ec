"""Hours by window: the bucketed PostgreSQL query (windows in order and apart) sums exactly
what the general one does, for logs that cross windows, gaps and the edges."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import logged_hours
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
