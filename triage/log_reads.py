"""An owner's logs over time windows, in one written-out statement: whole logs with their
tasks, or only their times.

The log page reads its week's logs on every view, and every quick entry reads its day's
(and an htmx one its week's too) under the owner's lock. Built by the ORM
(`overlapping(…) | overlapping(…)`, `select_related("task")`) that read spent longer in
Python than in the database: ~1 ms of the log page's week fragment. These statements are
built once per process, and their rows become models through Django's own converters and
`from_db` (`owner_rows`). Each window is bounded as `models.overlapping` bounds it — a
finished log is at most a day — so it is an index range however long the history.
"""

import functools
from datetime import datetime

from django.db import connections, router

from triage.durations import MAX_ENTRY
from triage.models import Task, TimeLog
from triage.owner_rows import instances_from, rows_read_as_the_orm_does, selected_columns
from triage.weeks import Window


@functools.cache
def _statement(alias: str, windows: int, running: bool, with_tasks: bool):
    """The SQL and its selected columns' expressions (for the converters)."""
    quote = connections[alias].ops.quote_name
    if with_tasks:
        columns = selected_columns(alias, [(TimeLog, "l"), (Task, "t")])
        tasks = f" JOIN {quote(Task._meta.db_table)} t ON t.id = l.task_id"
    else:
        times = {"start", "end"}
        columns = [
            column
            for column in selected_columns(alias, [(TimeLog, "l")])
            if column[1].target.name in times
        ]
        tasks = ""
    end = 'l."end"'
    covering = [f"(l.start >= %s AND l.start < %s AND {end} > %s)"] * windows
    if running:
        covering.append(f"{end} IS NULL")  # the running timer (one at most), from any time
    sql = (
        f"SELECT {', '.join(name for name, _ in columns)} "
        f"FROM {quote(TimeLog._meta.db_table)} l{tasks} "
        f"WHERE l.owner_id = %s AND l.id <> %s AND ({' OR '.join(covering)}) "
        "ORDER BY l.start DESC"
    )
    return sql, [expression for _, expression in columns]


def _read(owner_id, windows, running, exclude_pk, with_tasks):
    alias = router.db_for_read(TimeLog)
    connection = connections[alias]
    adapt = connection.ops.adapt_datetimefield_value
    sql, columns = _statement(alias, len(windows), running, with_tasks)
    params = [owner_id, exclude_pk or 0]
    for start, end in windows:
        params += [adapt(start - MAX_ENTRY), adapt(end), adapt(start)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return alias, rows_read_as_the_orm_does(connection, columns, rows)


def logs_with_tasks(
    owner_id: int, windows: list[Window], *, running: bool = False, exclude_pk=None
) -> list[TimeLog]:
    """The finished logs covering any part of any of `windows` (each `[start, end)`), and
    with `running` the running timer too, newest first, each with its `task` attached."""
    alias, rows = _read(owner_id, windows, running, exclude_pk, with_tasks=True)
    logs = []
    for values in rows:
        log, task = instances_from(alias, [TimeLog, Task], values)
        log.task = task
        logs.append(log)
    return logs


def log_times(
    owner_id: int, windows: list[Window], *, running: bool = False, exclude_pk=None
) -> list[tuple[datetime, datetime | None]]:
    """The same logs as `logs_with_tasks`, as `(start, end)` only (None: the running one)."""
    return [tuple(values) for values in _read(owner_id, windows, running, exclude_pk, False)[1]]
