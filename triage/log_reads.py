"""An owner's logs over time windows, each with its task, in one written-out statement.

The log page reads its week's logs on every view, and a quick entry reads its day's and
its week's under the owner's lock. Built by the ORM (`overlapping(…) | overlapping(…)`,
`select_related("task")`) that read spends longer in Python than in the database; this
statement is built once per process, and its rows become models through Django's own
converters and `from_db` (`owner_rows`). The windows are bounded as `models.overlapping`
bounds them: a finished log is at most a day, so each window is an index range.
"""

import functools
from datetime import datetime

from django.db import connections, router

from triage.durations import MAX_ENTRY
from triage.models import Task, TimeLog
from triage.owner_rows import instances_from, read_as_the_orm_does, selected_columns

Window = tuple[datetime, datetime]


@functools.cache
def _statement(alias: str, windows: int, with_running: bool):
    quote = connections[alias].ops.quote_name
    columns = selected_columns(alias, [(TimeLog, "l"), (Task, "t")])
    end = 'l."end"'
    covering = [f"(l.start >= %s AND l.start < %s AND {end} > %s)"] * windows
    if with_running:
        covering.append(f"{end} IS NULL")
    sql = (
        f"SELECT {', '.join(name for name, _ in columns)} "
        f"FROM {quote(TimeLog._meta.db_table)} l JOIN {quote(Task._meta.db_table)} t "
        f"ON t.id = l.task_id WHERE l.owner_id = %s AND l.id <> %s "
        f"AND ({' OR '.join(covering)}) ORDER BY l.start DESC"
    )
    return sql, [expression for _, expression in columns]


def logs_with_tasks(
    owner_id: int, windows: list[Window], *, running: bool = False, exclude_pk=None
) -> list[TimeLog]:
    """The finished logs covering any part of any of `windows` (each `[start, end)`), and
    with `running` the running timer too, newest first, each with its `task` attached."""
    alias = router.db_for_read(TimeLog)
    connection = connections[alias]
    adapt = connection.ops.adapt_datetimefield_value
    sql, columns = _statement(alias, len(windows), running)
    params = [owner_id, exclude_pk or 0]
    for start, end in windows:
        params += [adapt(start - MAX_ENTRY), adapt(end), adapt(start)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    logs = []
    for row in rows:
        values = read_as_the_orm_does(connection, columns, row)
        log, task = instances_from(alias, [TimeLog, Task], values)
        log.task = task
        logs.append(log)
    return logs
