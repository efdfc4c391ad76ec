"""Writing time logs. Every path that adds, moves or restores a log (quick entry, the full
form, an inline edit, undo, the API) goes through here, so the rules hold on all of them:
a log placed from a duration overlaps nothing, under the owner's lock.
"""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction

from triage.entries import Stretch, place_entry
from triage.formatting import time_range
from triage.log_reads import log_times, logs_with_tasks
from triage.models import ChangedMeanwhile, TimeLog, lock_owner, save_or_refuse_if_gone
from triage.text import one_line, tag_line, tag_list
from triage.weeks import Window, day_window


def busy_stretches(
    owner, day: date, zone: ZoneInfo, now: datetime, exclude_pk=None
) -> list[Stretch]:
    """What the owner already logged on a local day; a running timer counts up to now."""
    window = day_window(day, zone)
    times = log_times(owner.pk, [window], running=True, exclude_pk=exclude_pk)
    return _busy(times, window, now)


def _busy(times, day: Window, now: datetime) -> list[Stretch]:
    """Of `(start, end)` pairs (end None: the running timer, whenever it started), the
    stretches that reach the `day` window; a running timer counts up to now."""
    return [
        (start, end or now)
        for start, end in times
        if start < day[1] and (end is None or end > day[0])
    ]


def _logs_around(owner, day: date, zone: ZoneInfo, now: datetime, shown: Window, exclude_pk):
    """Under the lock, in one read: the day's busy stretches, and the finished logs (with
    their tasks) of the `shown` window, for a caller that answers with them."""
    window = day_window(day, zone)
    logs = logs_with_tasks(owner.pk, [window, shown], running=True, exclude_pk=exclude_pk)
    busy = _busy([(log.start, log.end) for log in logs], window, now)
    in_window = [log for log in logs if log.end and log.start < shown[1] and log.end > shown[0]]
    return busy, in_window


def place_and_save(
    log: TimeLog,
    day: date,
    duration: timedelta,
    now: datetime,
    zone: ZoneInfo,
    *,
    locked: bool = False,
    shown: Window | None = None,
) -> list[TimeLog] | None:
    """Give `log` the free stretch `entries.place_entry` picks on `day`, and save it.

    Raises EntryError (nothing saved) when the day has no room. The owner's row lock makes
    twenty parallel entries queue, so each one sees the ones before it; `locked` says the
    caller's transaction holds it already. With `shown` (a page's week), returns that
    window's finished logs as they are once `log` is in, read with the day's in one
    statement — the page answers with them and reads nothing again.
    """
    # No savepoint inside the caller's locked transaction: two round trips fewer, and a
    # failure rolls back the whole of it (the caller's new task included) anyway. Called on
    # its own it is the outermost block (no savepoint either); nested in someone else's
    # transaction (a test's), a refusal rolls back to a savepoint and leaves theirs usable
    # — without one, the page's next query after "no room" would fail.
    with transaction.atomic(savepoint=not locked):
        if not locked:
            lock_owner(log.owner)
        if shown is None:
            busy, in_window = busy_stretches(log.owner, day, zone, now, exclude_pk=log.pk), None
        else:
            busy, in_window = _logs_around(log.owner, day, zone, now, shown, log.pk)
        log.start, log.end = place_entry(day, duration, now, zone, busy)
        save_or_refuse_if_gone(log)
    if in_window is not None and log.start < shown[1] and log.end > shown[0]:
        in_window.append(log)
    return in_window


def save_log(
    log: TimeLog, placement: dict, now: datetime, zone: ZoneInfo, read_as: str | None = None
) -> TimeLog:
    """Save a log from a form's cleaned times: exact `start` and `end`, or a `day` and a
    `duration` to place. With `read_as` (the log's `state()` when the caller checked it
    against the form's), it is read again under the owner's lock: changed since (another
    tab's save at the same moment, the phone's), ChangedMeanwhile and nothing is written —
    two saves of one log never both go through on the same reading of it."""
    with transaction.atomic():
        lock_owner(log.owner)
        if read_as is not None:
            as_now = TimeLog.objects.filter(pk=log.pk, owner=log.owner).first()
            if as_now is not None and as_now.state() != read_as:  # gone: the save says so
                raise ChangedMeanwhile
        if "start" in placement:
            log.start, log.end = placement["start"], placement["end"]
            save_or_refuse_if_gone(log)
            return log
        place_and_save(log, placement["day"], placement["duration"], now, zone, locked=True)
    return log


class NewTask(Exception):
    """A quick entry names a task the owner does not have, and came without its category:
    the caller asks for it (nothing was saved)."""

    def __init__(self, title: str):
        super().__init__(title)
        self.title = title


class Added(NamedTuple):
    log: TimeLog
    shown: list[TimeLog] | None  # the shown window's finished logs, when one was asked for
    restored: bool = False  # the entry named an archived task, which is back in the lists


class AlreadyAdded(Exception):
    """An entry sent again under the key it was saved with (typed offline, sent from two
    tabs or again after a lost answer): nothing is saved twice. `log_id` is the log it
    made (perhaps deleted since)."""

    def __init__(self, log_id: int):
        super().__init__(log_id)
        self.log_id = log_id


ENTRY_KEYS_KEPT = 60 * 60 * 24 * 30  # seconds: a phone may stay offline for weeks


def _entry_key(owner, key: str) -> str:
    return f"entry-key:{owner.pk}:{key}"


def add_quick_entry(
    owner,
    entry,
    category: str,
    is_mga,
    now: datetime,
    zone: ZoneInfo,
    shown: Window | None = None,
    entry_key: str = "",
) -> Added:
    """Save a parsed quick entry (`entries.QuickEntry`): its task, found by title or created
    when new with `category` (and not kept when the entry fails), placed where nothing else
    is logged (an archived task is restored: `Task.restore_if_archived`). The page and the
    API both call this. Raises NewTask when the task is new and
    no category came, EntryError when the day has no room. With `shown` (the page's week),
    also the week's logs as they are now (see `place_and_save`). With `entry_key` (the
    phone's own name for an entry typed offline), an entry already saved under it raises
    AlreadyAdded: the key is read and kept under the owner's lock, in the same transaction
    as the log (the cache is a table of the same database)."""
    from triage.models import Task  # the one model this module creates besides logs

    with transaction.atomic():
        task = lock_owner(owner, find_task=entry.task_title)  # one round trip for both
        if entry_key and (earlier := cache.get(_entry_key(owner, entry_key))) is not None:
            raise AlreadyAdded(earlier)
        if task is None and category:
            task = Task.objects.titled(owner, entry.task_title, category, is_mga)
        elif task is None:  # perhaps created by another request while this one waited
            task = Task.objects.filter(owner=owner, title__iexact=entry.task_title).first()
            if task is None:
                raise NewTask(entry.task_title)
        tags = task.tags_for_new_log(entry.tags)  # typed `#billable`, or the task's own
        log = TimeLog(owner=owner, task=task, note=entry.note, tags=tags)
        if entry.clock:
            in_window = _save_at(log, entry.times(zone, now), now, zone, shown)
        else:
            in_window = place_and_save(
                log, entry.day, entry.duration, now, zone, locked=True, shown=shown
            )
        if entry_key:
            cache.set(_entry_key(owner, entry_key), log.pk, ENTRY_KEYS_KEPT)
        return Added(log, in_window, restored=task.restore_if_archived())


def _save_at(
    log: TimeLog, times: Stretch, now: datetime, zone: ZoneInfo, shown: Window | None
) -> list[TimeLog] | None:
    """Save `log` at the times typed (`9:00-10:30`), under the caller's lock: as the full
    form's start and end, where they are even over another log (the log page marks both).
    With `shown`, that window's finished logs once it is in, as `place_and_save` gives."""
    log.start, log.end = times
    in_window = None
    if shown is not None:
        day = log.start.astimezone(zone).date()
        _, in_window = _logs_around(log.owner, day, zone, now, shown, log.pk)
    save_or_refuse_if_gone(log)
    if in_window is not None and log.start < shown[1] and log.end > shown[0]:
        in_window.append(log)
    return in_window


SPLIT_MARGIN = timedelta(minutes=1)  # neither part of a split log is a few seconds long


def split_refusal(log: TimeLog, at: datetime, zone: ZoneInfo) -> str:
    """Why `log` cannot be split at `at` ("" when it can): the page and the API say the
    same."""
    if log.end is None:
        return "The timer is still running: switch its task there."
    if log.start + SPLIT_MARGIN <= at <= log.end - SPLIT_MARGIN:
        return ""
    between = time_range(log.start + SPLIT_MARGIN, log.end - SPLIT_MARGIN, zone)
    return f"Split at a time inside the log, a minute or more from either end: between {between}."


def split_log(log: TimeLog, at: datetime, then_task=None) -> TimeLog:
    """Cut `log` in two at `at` (inside it: `split_refusal`): it ends there, and a new log
    runs from there to its old end — of the same task, note and tags, or on `then_task`
    with that task's tags for new logs. Both parts cover what it covered, so nothing new
    overlaps. Under the owner's lock, the log is read again: changed since the caller read
    it (another tab's split or edit, a delete), ChangedMeanwhile and nothing is written."""
    with transaction.atomic():
        lock_owner(log.owner)
        now = TimeLog.objects.filter(pk=log.pk, owner=log.owner).first()
        if now is None or now.state() != log.state():
            raise ChangedMeanwhile
        # The same work goes on with its note and tags; other work (the later part on
        # another task) starts as a new log of that task would: its tags, no note.
        other_work = then_task is not None and then_task.pk != log.task_id
        later = TimeLog.objects.create(
            owner=log.owner,
            task=then_task if other_work else log.task,
            start=at,
            end=log.end,
            note="" if other_work else log.note,
            tags=then_task.tags_for_new_log() if other_work else log.tags,
        )
        TimeLog.objects.filter(pk=log.pk).update(end=at)
    log.end = at
    return later


def join_split(owner, earlier_id: int, later_id: int, later_state: str, at: datetime) -> TimeLog:
    """Undo `split_log`: the later part goes and the earlier one runs to its end again —
    only while both are as the split left them (ChangedMeanwhile otherwise: an edit made
    since is not quietly undone)."""
    with transaction.atomic():
        lock_owner(owner)
        parts = TimeLog.objects.filter(owner=owner, pk__in=[earlier_id, later_id])
        found = {log.pk: log for log in parts.select_related("task")}
        earlier, later = found.get(earlier_id), found.get(later_id)
        if earlier is None or later is None or later.state() != later_state:
            raise ChangedMeanwhile
        if earlier.end != at or later.start != at:
            raise ChangedMeanwhile
        later.delete()
        TimeLog.objects.filter(pk=earlier.pk).update(end=later.end)
    earlier.end = later.end
    return earlier


class TooManyTags(ValueError):
    """Tags that would not fit a log (its field holds 300 characters)."""


TAGS_LIMIT = TimeLog._meta.get_field("tags").max_length  # a task's tags for new logs alike


def _retag(rows: list, field: str, change: Callable[[str], str], refused: str) -> None:
    """Set each row's tags (`field`: a log's `tags`, a task's `default_tags`) to `change` of
    them; TooManyTags(`refused`) when one would not fit, before anything is saved."""
    for row in rows:
        setattr(row, field, change(getattr(row, field)))
        if len(getattr(row, field)) > TAGS_LIMIT:
            raise TooManyTags(refused)


def add_tags(owner, log_ids: set[int], tags: list[str], remove: bool = False) -> int | None:
    """Give each of the owner's logs `log_ids` the `tags` too (each tag once, a log's own
    spelling kept), or with `remove` take them off (in any case), all or none. None when
    one of them is not the owner's (or is gone); raises TooManyTags, nothing changed, when
    one log's tags would grow too long."""
    dropped = {tag.casefold() for tag in tags}

    def changed(own: str) -> str:
        if remove:
            return ", ".join(tag for tag in tag_list(own) if tag.casefold() not in dropped)
        return tag_line(", ".join([own, *tags]))

    with transaction.atomic():
        lock_owner(owner)  # another tab's edit of the same logs waits, and is not lost
        logs = list(TimeLog.objects.filter(owner=owner, pk__in=log_ids).only("pk", "tags"))
        if len(logs) != len(log_ids):
            return None
        too_many = f"A log would carry more than {TAGS_LIMIT} characters of tags: nothing tagged."
        _retag(logs, "tags", changed, too_many)  # (only added tags can pass the limit)
        TimeLog.objects.bulk_update(logs, ["tags"])
    return len(logs)


def rename_tag(owner, tag: str, name: str) -> tuple[int, int]:
    """Call `tag` (in any case) `name` on every log of the owner and in every task's tags for
    new logs: a typo put right, or two tags made one (a log that had both keeps one). All or
    none. Returns how many logs and tasks changed; raises TooManyTags, nothing changed, when
    a log's tags would grow too long."""
    from triage.models import Task

    old = one_line(tag).casefold()

    def renamed(tags: str) -> str:
        return tag_line(", ".join(name if t.casefold() == old else t for t in tag_list(tags)))

    with transaction.atomic():
        lock_owner(owner)
        logs = list(TimeLog.objects.filter(owner=owner).tagged(tag).only("pk", "tags"))
        tasks = list(Task.objects.filter(owner=owner).tagged(tag).only("pk", "default_tags"))
        for rows, field, what in ((logs, "tags", "log"), (tasks, "default_tags", "task")):
            too_many = f"A {what} would carry more than {TAGS_LIMIT} characters of tags."
            _retag(rows, field, renamed, too_many)
        TimeLog.objects.bulk_update(logs, ["tags"], batch_size=1000)
        Task.objects.bulk_update(tasks, ["default_tags"])
    return len(logs), len(tasks)
