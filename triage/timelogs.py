"""Writing time logs. Every path that adds, moves or restores a log (quick entry, the full
form, an inline edit, undo, the API) goes through here, so the rules hold on all of them:
a log placed from a duration overlaps nothing, under the owner's lock.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from triage.entries import Stretch, place_entry
from triage.models import TimeLog, lock_owner
from triage.weeks import local_midnight


def busy_stretches(
    owner, day: date, zone: ZoneInfo, now: datetime, exclude_pk=None
) -> list[Stretch]:
    """What the owner already logged on a local day; a running timer counts up to now."""
    adapt = connection.ops.adapt_datetimefield_value
    day_start = adapt(local_midnight(day, zone))
    day_end = adapt(local_midnight(day + timedelta(days=1), zone))
    # Written out: it runs under the owner's lock on every entry, and the ORM takes twice
    # as long to build it as the database to answer it.
    sql = (
        f'SELECT id, start, "end" FROM {TimeLog._meta.db_table} WHERE owner_id = %s '
        'AND start < %s AND ("end" > %s OR "end" IS NULL) AND id <> %s'
    )
    logs = TimeLog.objects.raw(sql, [owner.pk, day_end, day_start, exclude_pk or 0])
    return [(log.start, log.end or now) for log in logs]


def place_and_save(
    log: TimeLog,
    day: date,
    duration: timedelta,
    now: datetime,
    zone: ZoneInfo,
    *,
    locked: bool = False,
) -> TimeLog:
    """Give `log` the free stretch `entries.place_entry` picks on `day`, and save it.

    Raises EntryError (nothing saved) when the day has no room. The owner's row lock makes
    twenty parallel entries queue, so each one sees the ones before it; `locked` says the
    caller's transaction holds it already.
    """
    # No savepoint when called inside a caller's transaction: two round trips fewer, and a
    # failure rolls back the whole of it (the caller's new task included) anyway.
    with transaction.atomic(savepoint=False):
        if not locked:
            lock_owner(log.owner)
        busy = busy_stretches(log.owner, day, zone, now, exclude_pk=log.pk)
        log.start, log.end = place_entry(day, duration, now, zone, busy)
        log.save()
    return log


def save_log(log: TimeLog, placement: dict, now: datetime, zone: ZoneInfo) -> TimeLog:
    """Save a log from a form's cleaned times: exact `start` and `end`, or a `day` and a
    `duration` to place."""
    if "start" in placement:
        log.start, log.end = placement["start"], placement["end"]
        log.save()
        return log
    return place_and_save(log, placement["day"], placement["duration"], now, zone)


class NewTask(Exception):
    """A quick entry names a task the owner does not have, and came without its category:
    the caller asks for it (nothing was saved)."""

    def __init__(self, title: str):
        super().__init__(title)
        self.title = title


def add_quick_entry(owner, entry, category: str, is_mga, now: datetime, zone: ZoneInfo):
    """Save a parsed quick entry (`entries.QuickEntry`): its task, found by title or created
    when new with `category` (and not kept when the entry fails), placed where nothing else
    is logged. The page and the API both call this. Raises NewTask when the task is new and
    no category came, EntryError when the day has no room."""
    from triage.models import Task  # the one model this module creates besides logs

    with transaction.atomic():
        task = lock_owner(owner, find_task=entry.task_title)  # one round trip for both
        if task is None and category:
            task = Task.objects.titled(owner, entry.task_title, category, is_mga)
        elif task is None:  # perhaps created by another request while this one waited
            task = Task.objects.filter(owner=owner, title__iexact=entry.task_title).first()
            if task is None:
                raise NewTask(entry.task_title)
        log = TimeLog(owner=owner, task=task, note=entry.note)
        return place_and_save(log, entry.day, entry.duration, now, zone, locked=True)
