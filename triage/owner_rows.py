"""One row together with its owner and the owner's settings, in one written-out statement.

Every request starts with one of these: its session (triage.sessions) or its API token
(triage.api, which also counts the request in the token's row: `changed_with_owner`). The
ORM's `select_related` version of the query costs ~0.9 ms of Python to build and read on
each request; this ~0.3 ms. The statement is built once per process and the row still
becomes model instances through Django's own converters and `from_db`.
"""

import functools
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction


def selected_columns(alias: str, parts: list) -> list:
    """For each `(model, table alias)`, its concrete fields as `(SQL column, expression)`:
    the SELECT list, and what `read_as_the_orm_does` converts each value with."""
    quote = connections[alias].ops.quote_name
    return [
        (f"{table}.{quote(field.column)}", field.get_col(part._meta.db_table))
        for part, table in parts
        for field in part._meta.concrete_fields
    ]


def instances_from(alias: str, models: list, values: list) -> list:
    """One instance per model from a row's converted values, in order (None where a left
    join found nothing), made by `from_db` as the ORM makes them."""
    instances = []
    for part in models:
        names = [field.attname for field in part._meta.concrete_fields]
        taken, values = values[: len(names)], values[len(names) :]
        instances.append(part.from_db(alias, names, taken) if taken[0] is not None else None)
    return instances


@functools.cache
def _query(alias: str, model, column: str):
    """The statement and, per selected column, its expression (for the converters)."""
    from triage.models import OwnerSettings

    quote = connections[alias].ops.quote_name
    parts = [(model, "r"), (get_user_model(), "u"), (OwnerSettings, "o")]
    columns = selected_columns(alias, parts)
    sql = (
        f"SELECT {', '.join(name for name, _ in columns)} FROM {quote(model._meta.db_table)} r "
        f"LEFT JOIN {quote(get_user_model()._meta.db_table)} u ON u.id = r.owner_id "
        f"LEFT JOIN {quote(OwnerSettings._meta.db_table)} o ON o.owner_id = u.id "
        f"WHERE r.{quote(column)} = %s"
    )
    return sql, [part for part, _ in parts], [expression for _, expression in columns]


def load_with_owner(model, column: str, value, expires_after: datetime | None = None):
    """The `model` row whose `column` is `value`, its `owner` and their `owner_settings`
    attached, or None. With `expires_after`, only a row whose `expire_date` is later."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    sql, models, columns = _query(alias, model, column)
    params = [value]
    if expires_after is not None:
        sql += " AND r.expire_date > %s"
        params.append(connection.ops.adapt_datetimefield_value(expires_after))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _with_owner(connection, models, columns, cursor.fetchone())


def changed_with_owner(
    model, column: str, value, assignments: str, params: list, wait_for_disk: bool = True
):
    """`load_with_owner` after `UPDATE … SET <assignments>` (written with `params`) has
    changed the row, as the change left it; None when no row has that value. On PostgreSQL
    one statement (the UPDATE in a WITH); elsewhere the UPDATE, then the read.

    `wait_for_disk=False`, for a change that a crash may lose (a count of requests): on
    PostgreSQL, outside a transaction, its commit does not wait for the disk to have it."""
    alias = router.db_for_write(model)
    connection = connections[alias]
    quote = connection.ops.quote_name
    select, models, columns = _query(alias, model, column)
    update = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(column)} = %s"
    if connection.vendor == "postgresql":
        # The select's table, as it stands after the update (a WITH sees only what its
        # UPDATE returns, so the new values): one round trip.
        table, source = f"FROM {quote(model._meta.db_table)} r ", "FROM r "
        with_clauses = f"r AS ({update} RETURNING *)"
        if not wait_for_disk and not connection.in_atomic_block:
            # This statement is its own transaction, so a setting local to it applies to its
            # commit alone (and ends with it).
            with_clauses = (
                "quick AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true)), "
                + with_clauses
            )
            source = "FROM quick CROSS JOIN r "
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH {with_clauses} {select.replace(table, source)}", [*params, value, value]
            )
            return _with_owner(connection, models, columns, cursor.fetchone())
    # Together, so that a change another request makes in between is not read as this one's.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute(update, [*params, value])
        cursor.execute(select, [value])
        return _with_owner(connection, models, columns, cursor.fetchone())


def _with_owner(connection, models: list, columns: list, row):
    if row is None:
        return None
    found, owner, owner_settings = instances_from(
        connection.alias, models, read_as_the_orm_does(connection, columns, row)
    )
    if owner is not None:
        if owner_settings is not None:
            owner.owner_settings = owner_settings
        found.owner = owner
    return found


def read_as_the_orm_does(connection, columns: list, row) -> list:
    """A written-out statement's row, each value passed through the converters the ORM
    would use for its column (SQLite's dates and decimals come back as text)."""
    return rows_read_as_the_orm_does(connection, columns, [row])[0]


def rows_read_as_the_orm_does(connection, columns: list, rows: list) -> list[list]:
    """`read_as_the_orm_does` for many rows, finding each column's converters once (asking
    for them took as long as converting a row)."""
    converting = []
    for position, expression in enumerate(columns):
        converters = [
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        ]
        if converters:
            converting.append((position, expression, converters))
    converted = []
    for row in rows:
        values = list(row)
        for position, expression, converters in converting:
            for convert in converters:
                values[position] = convert(values[position], expression, connection)
        converted.append(values)
    return converted
