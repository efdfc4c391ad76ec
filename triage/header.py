"""What every page's header shows of its owner: the running timer, and an address still
waiting for its verification link. One written-out statement, run when a page first asks
(the context processors are lazy, so fragments never run it): the two were two ORM queries
on every page.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import connections, router
from django.utils.functional import SimpleLazyObject

from triage.models import Task, TimeLog
from triage.owner_rows import read_as_the_orm_does


@dataclass(frozen=True)
class Header:
    running: TimeLog | None  # with note, tags and task's title; others load if asked for
    pending_email: str  # "" when every address is verified


def for_request(request) -> Header:
    """The header of this request's owner, read the first time anything asks (a template, or
    a view that wants the running timer too) and then kept for the request."""
    if not hasattr(request, "_triage_header"):
        request._triage_header = SimpleLazyObject(lambda: header(request.user))
    return request._triage_header


def header(owner) -> Header:
    """The owner's running timer (None when none runs) and newest unverified address."""
    alias = router.db_for_read(TimeLog)
    connection = connections[alias]
    quote = connection.ops.quote_name
    logs, tasks = quote(TimeLog._meta.db_table), quote(Task._meta.db_table)
    emails = quote(EmailAddress._meta.db_table)
    sql = (
        f"SELECT log.id, log.start, log.task_id, log.note, log.tags, task.title, "
        f"(SELECT email FROM {emails} "
        "WHERE user_id = %s AND NOT verified ORDER BY id DESC LIMIT 1) "
        f"FROM (SELECT 1 AS one) AS one LEFT JOIN {logs} AS log "
        f'ON log.owner_id = %s AND log."end" IS NULL '
        f"LEFT JOIN {tasks} AS task ON task.id = log.task_id"
    )
    columns = [
        TimeLog._meta.get_field("id").get_col(TimeLog._meta.db_table),
        TimeLog._meta.get_field("start").get_col(TimeLog._meta.db_table),
        TimeLog._meta.get_field("task").get_col(TimeLog._meta.db_table),
        TimeLog._meta.get_field("note").get_col(TimeLog._meta.db_table),
        TimeLog._meta.get_field("tags").get_col(TimeLog._meta.db_table),
        Task._meta.get_field("title").get_col(Task._meta.db_table),
        EmailAddress._meta.get_field("email").get_col(EmailAddress._meta.db_table),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, owner.pk])
        log_id, start, task_id, note, tags, title, pending = read_as_the_orm_does(
            connection, columns, cursor.fetchone()
        )
    running = None
    if log_id is not None:
        # from_db takes the values in the model's field order: id, owner, task, start, note,
        # tags.
        running = TimeLog.from_db(
            alias,
            ["id", "owner_id", "task_id", "start", "note", "tags"],
            [log_id, owner.pk, task_id, start, note, tags],
        )
        running.task = Task.from_db(alias, ["id", "owner_id", "title"], [task_id, owner.pk, title])
    return Header(running, pending or "")
