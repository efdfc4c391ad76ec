"""triage.log_reads: the written-out read of a window's logs finds what the ORM's
`overlapping` finds, with the same values and types, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest

from triage.log_reads import log_times, logs_with_tasks
from triage.models import TimeLog, overlapping

pytestmark = pytest.mark.django_db

WEEK = (datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))
DAY = (datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 11, 11, tzinfo=UTC))


@pytest.fixture
def logs(owner, other_owner, make_task, make_log):
    task = make_task(owner, "Invoicing", client="Acme", is_mga=True)
    other_task = make_task(other_owner, "Invoicing")
    at = lambda *args: datetime(*args, tzinfo=UTC)  # noqa: E731
    made = {
        "inside": make_log(task, at(2026, 11, 24, 9), 45, note="Q3", tags="billing"),
        "over the start": make_log(task, at(2026, 11, 22, 23), 120),
        "a whole day before": make_log(task, at(2026, 11, 22, 0), 24 * 60),
        "ends at the start": make_log(task, at(2026, 11, 22, 22), 120),
        "on the day": make_log(task, at(2026, 11, 10, 12), 30),
        "after": make_log(task, at(2026, 11, 30, 0), 30),
        "another owner's": make_log(other_task, at(2026, 11, 24, 9), 45),
    }
    made["running"] = TimeLog.objects.create(
        owner=owner, task=task, start=at(2026, 11, 1, 8), end=None
    )
    return made


def test_finds_what_the_orm_finds_with_the_same_values(owner, logs):
    found = logs_with_tasks(owner.pk, [WEEK])
    expected = list(
        TimeLog.objects.filter(owner=owner).filter(overlapping(*WEEK)).select_related("task")
    )
    assert [log.pk for log in found] == [log.pk for log in expected]  # newest first
    assert {log.pk for log in found} == {logs["inside"].pk, logs["over the start"].pk}
    for mine, theirs in zip(found, expected, strict=True):
        for field in TimeLog._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname)
        assert mine.start.tzinfo is not None
        for field in mine.task._meta.concrete_fields:
            assert getattr(mine.task, field.attname) == getattr(theirs.task, field.attname)
            assert type(getattr(mine.task, field.attname)) is type(
                getattr(theirs.task, field.attname)
            )


def test_several_windows_the_running_timer_and_an_excluded_log(owner, logs):
    found = logs_with_tasks(owner.pk, [DAY, WEEK], running=True, exclude_pk=logs["inside"].pk)
    assert {log.pk for log in found} == {
        logs["over the start"].pk,
        logs["on the day"].pk,
        logs["running"].pk,
    }


def test_an_owner_with_nothing_there_gets_nothing(other_owner, logs):
    assert logs_with_tasks(other_owner.pk, [DAY]) == []


def test_the_times_alone_are_those_of_the_same_logs(owner, logs):
    windows = [DAY, WEEK]
    whole = logs_with_tasks(owner.pk, windows, running=True)
    times = log_times(owner.pk, windows, running=True)
    assert times == [(log.start, log.end) for log in whole]
    assert (logs["running"].start, None) in times
