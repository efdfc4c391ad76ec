"""The running timer: held in the database, one per owner, safe under concurrent clicks."""

from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from triage.durations import MAX_ENTRY
from triage.models import Task, TimeLog, lock_owner
from triage.weeks import local_moment

LONG_RUNNING = timedelta(hours=12)
SUGGESTED_LENGTH = timedelta(hours=1)  # the end offered when a forgotten timer is stopped
MIN_LENGTH = timedelta(seconds=1)


def running_log(owner) -> TimeLog | None:
    return TimeLog.objects.filter(owner=owner).running().select_related("task").first()


def stop_timer(owner, now: datetime, end: datetime | None = None) -> TimeLog | None:
    """Stop the running timer, if any, and return the finished log (None if none ran)."""
    # No savepoint inside a caller's transaction: it rolls back as one anyway.
    with transaction.atomic(savepoint=False):
        lock_owner(owner)
        return _finish(_running(owner), _now_under_lock(now), end)


def start_timer(
    owner, task: Task, now: datetime, note: str = "", tags: str = ""
) -> tuple[TimeLog, bool]:
    """Start a timer on `task`, stopping the one that runs first; returns the running log
    and whether it is new. A timer already running on the same task keeps running (a
    double click, a second tab, a retried request): one log, not one per click."""
    with transaction.atomic(savepoint=False):
        lock_owner(owner)
        running = _running(owner)
        if running is not None and running.task_id == task.pk:
            running.task = task  # the same row: no query to name it
            return running, False
        now = _now_under_lock(now)
        _finish(running, now)
        tags = task.tags_for_new_log(tags)  # a ▶'s own, or the task's defaults
        log = TimeLog.objects.create(owner=owner, task=task, start=now, note=note, tags=tags)
        return log, True


class Started(NamedTuple):
    log: TimeLog
    started: bool  # False: it already ran on that task, and runs on
    restored: bool  # the typed title named an archived task, which is back in the lists


def start_from_form(owner, cleaned: dict, now: datetime) -> Started:
    """A timer start as the page and the API take it (`forms.TimerStartForm`): the picked
    task, or the typed one — found by title (restored when archived) or created; with the
    `note` and `tags` a log's ▶ carries."""
    with transaction.atomic():
        task = cleaned["task"] or Task.objects.titled(
            owner, cleaned["new_task"], cleaned["category"], cleaned["is_mga"]
        )
        log, started = start_timer(
            owner, task, now, cleaned.get("note", ""), cleaned.get("tags", "")
        )
        return Started(log, started, task.restore_if_archived())


class TimerError(ValueError):
    """Why the running timer cannot change so; the message says what would work."""


def clock_start(clock: time, now: datetime, zone: ZoneInfo) -> datetime:
    """The latest moment, not after now, at which the owner's clock showed `clock`: today's,
    or yesterday's when today's is still to come ("23:40", typed just after midnight); in
    the hour the clocks show twice (daylight saving ends), the later one that has passed.
    Raises ValueError for a time the clocks jumped over."""
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        first = local_moment(day, clock, zone)
        second = datetime.combine(day, clock, tzinfo=zone).replace(fold=1).astimezone(UTC)
        passed = [moment for moment in (first, second) if moment <= now]
        if passed:
            return max(passed)
    return first  # not reached: yesterday's has always passed


def move_start(
    owner, start: datetime, now: datetime, zone: ZoneInfo, running_id: int | None = None
) -> TimeLog:
    """Say the running timer began at `start` — started late, the work began earlier. Not
    in the future, not over 24 hours ago, and not over a finished log: the start may go
    back to where the latest log before it ends, and no further (the message says where,
    on the owner's clock, `zone`). With `running_id`, only that timer: one stopped and
    another started in a second tab since the page showed it is left alone."""
    with transaction.atomic():
        lock_owner(owner)
        running = _current(owner, running_id)
        if start > now:
            raise TimerError("That is still to come: a timer starts at the latest now.")
        if now - start > MAX_ENTRY:
            raise TimerError("A log is at most 24 hours: start the timer within the last day.")
        # Only the stretch the timer gains can bring an overlap.
        clash = (
            TimeLog.objects.filter(owner=owner)
            .overlapping(start, running.start)
            .select_related("task")
            .order_by("-end")
            .first()
        )
        if clash is not None:
            raise TimerError(
                f"{clash.task.title} is logged until {clash.end.astimezone(zone):%H:%M}: "
                "the timer can start from then."
            )
        running.start = start
        running.save(update_fields=["start"])
        return running


def switch_task(owner, task: Task, running_id: int | None = None) -> TimeLog:
    """Put the running timer on `task`, keeping its start: started on the wrong task, the
    time so far is the right one's. With `running_id`, only that timer (see move_start)."""
    return _change(owner, running_id, task=task)


def set_note(
    owner, note: str | None, running_id: int | None = None, tags: str | None = None
) -> TimeLog:
    """What the running timer's work is (a tracker's description, its tags), typed while it
    runs: its log keeps them once stopped. None leaves one as it is. With `running_id`,
    only that timer (see move_start)."""
    fields = {"note": note, "tags": tags}
    changed = {name: value for name, value in fields.items() if value is not None}
    return _change(owner, running_id, **changed)


def _change(owner, running_id: int | None, **fields) -> TimeLog:
    with transaction.atomic():
        lock_owner(owner)
        running = _current(owner, running_id)
        for name, value in fields.items():
            setattr(running, name, value)
        running.save(update_fields=list(fields))
        return running


def discard(owner, running_id: int | None = None) -> TimeLog:
    """Throw the running timer away (Toggl's discard): started by mistake, nothing of it is
    logged. Returns the log as it was (unsaved now). With `running_id`, only that timer: one
    started in another tab since the page showed it is not thrown away in its place."""
    with transaction.atomic():
        lock_owner(owner)
        running = _current(owner, running_id)
        discarded = TimeLog(
            pk=running.pk,
            owner=owner,
            task=running.task,
            start=running.start,
            note=running.note,
            tags=running.tags,
        )
        running.delete()
    return discarded


def bring_back(owner, task: Task, start: datetime, note: str, tags: str) -> TimeLog:
    """Undo `discard`: the timer runs again from its start — unless another runs now
    (TimerError: one timer at a time, and the other is not stopped behind the owner's
    back)."""
    with transaction.atomic():
        lock_owner(owner)
        running = _running(owner)
        if running is not None:
            raise TimerError(
                f"A timer runs on {running.task.title} now: stop it first to bring the "
                "discarded one back."
            )
        return TimeLog.objects.create(owner=owner, task=task, start=start, note=note, tags=tags)


def _current(owner, running_id: int | None) -> TimeLog:
    """Under the owner's lock: the running log the page showed, or TimerError saying why
    there is none to change."""
    running = _running(owner)
    if running is None:
        raise TimerError("No timer is running (stopped in another tab?).")
    if running_id is not None and running.pk != running_id:
        raise TimerError(
            f"The timer now runs on {running.task.title} (started in another tab): "
            "nothing changed. Reload to see it."
        )
    return running


def _now_under_lock(now: datetime) -> datetime:
    """The clock read again once the owner's lock is held: a request that waited for it
    read `now` before the one it waited on stopped a timer, and must not start the next
    before that one's end (an overlap) nor stop a timer before its start (lost)."""
    return max(now, timezone.now())


def _running(owner) -> TimeLog | None:
    """Under the owner's lock: the running log, if there is one."""
    return TimeLog.objects.select_for_update().filter(owner=owner).running().first()


def _finish(log: TimeLog | None, now: datetime, end: datetime | None = None) -> TimeLog | None:
    """End `log` at `end` (or now), and return it; None when there was none to end, or it
    ran under a second. A log is at most 24 hours: a timer left running longer (stopped
    from the API, say) stops at 24 hours; the page asks for the real end once it has run
    over 12."""
    if log is None:
        return None
    end = min(end or now, log.start + MAX_ENTRY)
    if end - log.start < MIN_LENGTH:
        # Stopped as it started (another task's start right after, two tabs): it
        # recorded nothing, and stretching it to a second would count time that has not
        # happened, under the next timer's start.
        log.delete()
        return None
    log.end = end
    log.save(update_fields=["end"])
    return log


def needs_end_time(log: TimeLog, now: datetime) -> bool:
    """A timer forgotten overnight should not book 14 hours: ask for the real end."""
    return now - log.start > LONG_RUNNING
