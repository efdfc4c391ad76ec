"""Writing a parsed time-log file for an owner: one code path for /import/ and the
import_timelogs command. All rows in one transaction, or none.

Duplicates: a row is skipped when the owner already has a log on the same task (by title,
case-insensitive) with the same start and end — so importing a file twice adds nothing.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from triage.csv_import import ImportedLog, ParsedFile
from triage.durations import hours
from triage.models import IDLE_WEEKS, Task, TimeLog, lock_owner
from triage.text import one_line

BATCH_SIZE = 2000


@dataclass
class Preview:
    rows: int
    new_logs: list[ImportedLog]
    duplicates: int
    first: datetime | None
    last: datetime | None
    new_tasks: list[str]
    hours_by_task: list[tuple[str, Decimal]] = field(default_factory=list)


def title_key(title: str) -> str:
    """Titles match ignoring case and spacing, as the import reads them."""
    return one_line(title).lower()


def _key(title: str, start: datetime, end: datetime) -> tuple[str, datetime, datetime]:
    # To the second: exports write whole seconds, so a re-imported export matches its logs.
    return title_key(title), start.replace(microsecond=0), end.replace(microsecond=0)


def preview(owner, parsed: ParsedFile) -> Preview:
    """What confirming would do: which rows are new, which tasks get created."""
    logs = parsed.logs
    first = min((log.start for log in logs), default=None)
    last = max((log.end for log in logs), default=None)
    existing = set()
    if logs:
        for title, start, end in (
            TimeLog.objects.filter(owner=owner, start__gte=first, start__lte=last)
            .values_list("task__title", "start", "end")
            .iterator(chunk_size=BATCH_SIZE)
        ):
            existing.add(_key(title, start, end))
    new_logs, seen = [], set()
    for log in logs:
        key = _key(log.task_title, log.start, log.end)
        if key in existing or key in seen:
            continue
        seen.add(key)
        new_logs.append(log)
    known = {title_key(title) for title in owner.tasks.values_list("title", flat=True)}
    new_tasks = sorted(
        {log.task_title for log in new_logs if title_key(log.task_title) not in known},
        key=str.lower,
    )
    per_task: Counter = Counter()
    for log in new_logs:
        per_task[log.task_title] += hours(log.end - log.start)
    return Preview(
        rows=len(logs),
        new_logs=new_logs,
        duplicates=len(logs) - len(new_logs),
        first=first,
        last=last,
        new_tasks=_dedupe_case(new_tasks),
        hours_by_task=sorted(per_task.items(), key=lambda item: -item[1]),
    )


def _dedupe_case(titles: list[str]) -> list[str]:
    seen, result = set(), []
    for title in titles:
        if title_key(title) not in seen:
            seen.add(title_key(title))
            result.append(title)
    return result


def insert_logs(rows) -> None:
    """Write (owner_id, task_id, start, end, note, tags) rows fast: COPY on PostgreSQL, one
    prepared INSERT on SQLite. Model instances for 250,000 rows would cost more than the
    writing; the database's constraints still check every row."""
    table = TimeLog._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = (
                f'COPY {table} (owner_id, task_id, start, "end", note, tags, created_at) FROM STDIN'
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row((*row, now))
            return
        sql = (
            f'INSERT INTO {table} (owner_id, task_id, start, "end", note, tags, created_at) '
            "VALUES (%s, %s, %s, %s, %s, %s, %s)"
        )
        batch = []
        for owner_id, task_id, start, end, note, tags in rows:
            batch.append(
                (
                    owner_id,
                    task_id,
                    connection.ops.adapt_datetimefield_value(start),
                    connection.ops.adapt_datetimefield_value(end),
                    note,
                    tags,
                    connection.ops.adapt_datetimefield_value(now),
                )
            )
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


class Applied(NamedTuple):
    imported: int
    skipped: int  # already here
    task_ids: list[int]  # the tasks that got logs
    restored: int  # archived tasks brought back by recent logs


def apply(owner, parsed: ParsedFile) -> Applied:
    """Import every new row, creating tasks as needed. An archived task that gets a log of
    the last IDLE_WEEKS weeks is no longer idle: it comes back to the task lists, where its
    hours show (as typing its name does); older history leaves it archived.

    Refuses a file with errors: nothing is written unless every row is good.
    """
    if parsed.errors:
        raise ValueError("A file with errors imports nothing.")
    with transaction.atomic():
        lock_owner(owner)  # a second confirm waits, then finds every row already here
        plan = preview(owner, parsed)
        tasks = {title_key(task.title): task for task in owner.tasks.all()}
        first_seen: dict[str, ImportedLog] = {}
        for log in plan.new_logs:
            first_seen.setdefault(title_key(log.task_title), log)
        # New tasks write a client or project as the owner's tasks already do, or as the
        # file first does ("ACME" in one export, "Acme" in the last).
        spelt = {field: owner.tasks.spellings(field) for field in ("client", "project")}

        def spelling(field: str, name: str) -> str:
            return spelt[field].setdefault(name.casefold(), name) if name else ""

        to_create = [
            Task(
                owner=owner,
                title=log.task_title,
                category=log.category,
                is_mga=log.is_mga,
                client=spelling("client", log.client),
                project=spelling("project", log.project),
            )
            for key, log in first_seen.items()
            if key not in tasks
        ]
        for task in Task.objects.bulk_create(to_create, batch_size=BATCH_SIZE):
            tasks[title_key(task.title)] = task
        # bulk_create does not return ids on every backend: read them back.
        missing = [key for key, task in tasks.items() if task.pk is None]
        if missing:
            for task in owner.tasks.all():
                tasks[title_key(task.title)] = task
        insert_logs(
            (owner.pk, tasks[title_key(log.task_title)].pk, log.start, log.end, log.note, log.tags)
            for log in plan.new_logs
        )
        recent = timezone.now() - timedelta(weeks=IDLE_WEEKS)
        woken = {tasks[title_key(log.task_title)].pk for log in plan.new_logs if log.end > recent}
        restored = owner.tasks.filter(pk__in=woken, archived=True).update(archived=False)
    touched = defaultdict(int)
    for log in plan.new_logs:
        touched[tasks[title_key(log.task_title)].pk] += 1
    return Applied(len(plan.new_logs), plan.duplicates, list(touched), restored)


def summary(imported: int, skipped: int, restored: int) -> str:
    """What an import did, as the page and the command say it."""
    said = f"Imported {imported} time logs; {skipped} were already here."
    if restored:
        tasks = f"{restored} archived task{'s' if restored != 1 else ''}"
        said += (
            f" {tasks} got recent time and {'are' if restored != 1 else 'is'} back in the lists."
        )
    return said
