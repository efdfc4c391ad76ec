"""Hours read from the database for one owner, and the figures that rest on them (the
baseline, the buyback rate, tasks with their hours). Aggregation happens in SQL.

A log that crosses a day or week boundary counts only the part inside each window: the
sums clip every log to the window with LEAST/GREATEST before adding.
"""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, connections
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least, Lower

from triage import gutcheck, outsourcing
from triage.durations import MAX_ENTRY, hours
from triage.models import Decision, GutCheck, OwnerSettings, Task, TimeLog, overlapping
from triage.text import tag_pattern
from triage.weeks import Week, Window, local_midnight, weeks_ending_with

BASELINE_WEEKS = 4


def clipped_duration(start: datetime, end: datetime, via: str = "") -> ExpressionWrapper:
    """The part of each log inside [start, end), as an SQL expression.

    `via` is the path to the log from the queried model, e.g. "time_logs__" from a task.
    """
    return ExpressionWrapper(
        Least(F(f"{via}end"), Value(end, output_field=DateTimeField()))
        - Greatest(F(f"{via}start"), Value(start, output_field=DateTimeField())),
        output_field=DurationField(),
    )


def window_sum(start: datetime, end: datetime, via: str = "") -> Sum:
    """Sum of the clipped durations of finished logs overlapping [start, end)."""
    condition = overlapping(start, end, via)
    return Sum(clipped_duration(start, end, via), filter=condition, default=timedelta(0))


@dataclass(frozen=True)
class Sums:
    """What the finished logs of a queryset that cover any of a window add up to."""

    count: int
    time: timedelta  # their whole lengths
    inside: timedelta  # their parts inside the window
    counted_twice: timedelta  # of `inside`, the time more than one of them covers


# `sums`' statement, around the found logs' own query (`{found}`: their start and end).
# Each log covers only what it reaches beyond the furthest end of those before it in order
# of start (`reach`); clipped to the window, whatever it covers inside is counted once.
# Written out rather than built with the ORM: the same statement built as a window
# annotation under an aggregate cost ~1.5 ms of Python per call, the database 0.05 ms.
_SUMS_SQL = {
    "postgresql": (
        "WITH bounds(since, until) AS (SELECT %s::timestamptz, %s::timestamptz) "
        'SELECT COUNT(*), SUM(f."end" - f.start), '
        'SUM(LEAST(f."end", b.until) - GREATEST(f.start, b.since)), '
        'SUM(GREATEST(LEAST(f."end", b.until) '
        "- GREATEST(f.start, b.since, COALESCE(f.reach, b.since)), INTERVAL '0')) "
        'FROM (SELECT found.start, found."end", MAX(LEAST(found."end", b.until)) OVER ('
        "ORDER BY found.start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach "
        "FROM ({found}) AS found, bounds AS b) AS f, bounds AS b"
    ),
    # SQLite stores UTC text (MIN/MAX of it clip, as it sorts as time); Django's own
    # django_timestamp_diff gives a difference in microseconds, as the ORM uses it.
    "sqlite": (
        "WITH bounds(since, until) AS (SELECT %s, %s) "
        'SELECT COUNT(*), SUM(django_timestamp_diff(f."end", f.start)), '
        'SUM(django_timestamp_diff(MIN(f."end", b.until), MAX(f.start, b.since))), '
        'SUM(MAX(django_timestamp_diff(MIN(f."end", b.until), '
        "MAX(f.start, b.since, COALESCE(f.reach, b.since))), 0)) "
        'FROM (SELECT found.start, found."end", MAX(MIN(found."end", b.until)) OVER ('
        "ORDER BY found.start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach "
        "FROM ({found}) AS found, bounds AS b) AS f, bounds AS b"
    ),
}


def _as_duration(value) -> timedelta:
    """A sum as the database gives it: an interval (PostgreSQL), microseconds (SQLite), or
    NULL when no log was found."""
    if value is None:
        return timedelta(0)
    return value if isinstance(value, timedelta) else timedelta(microseconds=value)


def sums(logs, start: datetime, end: datetime) -> Sums:
    """How many of the finished `logs` (a queryset) cover any of [start, end), their time
    whole and inside the window, and how much of that inside time overlapping logs count
    more than once — `timesheet.counted_twice`, which reads logs in hand, done by the
    database in one pass over them in order of start: each log covers only what it
    reaches beyond the furthest end of those before it. One statement, however many logs
    a search or report finds."""
    found = logs.overlapping(start, end).order_by().values_list("pk", "start", "end")
    database = connections[found.db]
    inner, inner_params = found.query.get_compiler(connection=database).as_sql()
    adapt = database.ops.adapt_datetimefield_value
    with database.cursor() as cursor:
        cursor.execute(
            _SUMS_SQL[database.vendor].format(found=inner),
            [adapt(start), adapt(end), *inner_params],
        )
        count, time, inside, covered = cursor.fetchone()
    inside = _as_duration(inside)
    return Sums(
        count=count,
        time=_as_duration(time),
        inside=inside,
        counted_twice=inside - _as_duration(covered),
    )


def counted_twice(logs, start: datetime, end: datetime) -> timedelta:
    """Of the time between `start` and `end`, how much more the finished `logs` add up to
    than the time they cover (`sums`)."""
    return sums(logs, start, end).counted_twice


def _windows_sql(vendor: str, window_count: int, per_task_window: bool, tagged: str) -> str:
    """One grouped query: each finished log joined to the windows it overlaps, clipped to
    each, summed by the database.

    The windows come in as a VALUES list, so any number of them is still one query. With
    `per_task_window` each window names its task and sums that task's logs; without, each
    window sums every task's logs, grouped by task. `tagged`: a further condition on the
    logs (`_tag_filter`'s, or ""). Only the clipping arithmetic differs between backends.
    """
    table = TimeLog._meta.db_table
    if vendor == "postgresql":
        bounds = "%s::timestamptz, %s::timestamptz"
        seconds = (
            'EXTRACT(EPOCH FROM LEAST(log."end", win.win_end) - GREATEST(log.start, win.win_start))'
        )
    else:  # SQLite stores UTC text; julianday() reads it, MIN/MAX clip it.
        bounds = "%s, %s"
        seconds = (
            '(julianday(MIN(log."end", win.win_end))'
            " - julianday(MAX(log.start, win.win_start))) * 86400"
        )
    if per_task_window:
        columns, row = "idx, task_id, win_start, win_end", f"(%s, %s, {bounds})"
        join_task, group = " AND log.task_id = win.task_id", "win.idx"
    else:
        columns, row = "idx, win_start, win_end", f"(%s, {bounds})"
        join_task, group = "", "win.idx, log.task_id"
    values = ", ".join([row] * window_count)
    return (
        f"WITH win({columns}) AS (VALUES {values}) "
        f"SELECT {group}, SUM({seconds}) FROM {table} AS log "
        f'JOIN win ON log.start < win.win_end AND log."end" > win.win_start{join_task} '
        'WHERE log.owner_id = %s AND log."end" IS NOT NULL AND log.start < %s AND log."end" > %s'
        " AND log.start >= %s"  # a log is at most 24 h: an index range, not the whole history
        f"{tagged} GROUP BY {group}"
    )


def _tag_filter(tag: str) -> tuple[str, list[str]]:
    """The condition (and its parameter) that keeps the logs carrying `tag`, as
    `TimeLogQuerySet.tagged` finds them (`text.tag_pattern`, in any case): PostgreSQL's
    `~*`; SQLite's REGEXP, which Django's backend provides. No tag: no condition."""
    if not tag:
        return "", []
    if connection.vendor == "postgresql":
        return " AND log.tags ~* %s", [tag_pattern(tag)]
    return " AND log.tags REGEXP %s", ["(?i)" + tag_pattern(tag)]


def _seconds_to_hours(seconds) -> Decimal:
    # PostgreSQL answers an exact numeric; SQLite a float, good to the millisecond.
    if isinstance(seconds, float):
        return Decimal(round(seconds * 1000)) / 3_600_000
    return Decimal(seconds) / 3600


def _run(owner_id: int, rows: list[tuple], per_task_window: bool, tag: str = "") -> list[tuple]:
    adapt = connection.ops.adapt_datetimefield_value
    params: list = []
    for row in rows:
        params += [*row[:-2], adapt(row[-2]), adapt(row[-1])]
    first_start = min(row[-2] for row in rows)
    params += [owner_id, adapt(max(row[-1] for row in rows)), adapt(first_start)]
    params.append(adapt(first_start - MAX_ENTRY))
    tagged, tag_params = _tag_filter(tag)
    sql = _windows_sql(connection.vendor, len(rows), per_task_window, tagged)
    params += tag_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# PostgreSQL, windows in order and apart (the dashboard's days, a report's weeks or months):
# each log finds its first and last window by binary search over the windows' starts
# (width_bucket) and joins only those, instead of being compared with every window.
_BUCKETED_SQL = (
    "WITH bounds(starts, ends) AS (SELECT %s::timestamptz[], %s::timestamptz[]), "
    "win AS (SELECT w.number - 1 AS idx, w.win_start, w.win_end FROM bounds, "
    "unnest(bounds.starts, bounds.ends) WITH ORDINALITY AS w(win_start, win_end, number)) "
    "SELECT win.idx, log.task_id, SUM(EXTRACT(EPOCH FROM "
    'LEAST(log."end", win.win_end) - GREATEST(log.start, win.win_start))) '
    "FROM bounds, {table} AS log CROSS JOIN LATERAL generate_series("
    "GREATEST(width_bucket(log.start, bounds.starts), 1), "
    'width_bucket(log."end", bounds.starts)) AS bucket(number) '
    "JOIN win ON win.idx = bucket.number - 1 "
    'AND log.start < win.win_end AND log."end" > win.win_start '
    'WHERE log.owner_id = %s AND log."end" IS NOT NULL AND log.start < %s AND log."end" > %s '
    "AND log.start >= %s{tagged} GROUP BY win.idx, log.task_id"
)


def _in_order_and_apart(windows: list[Window]) -> bool:
    """Each window non-empty, and ending by the time the next one starts."""
    return all(start < end for start, end in windows) and all(
        end <= next_start for (_, end), (next_start, _) in itertools.pairwise(windows)
    )


def hours_by_window_and_task(
    owner_id: int, windows: list[Window], tag: str = ""
) -> dict[tuple[int, int], Decimal]:
    """{(window index, task id): hours} for every task with logs in a window, one query;
    with `tag`, of the logs carrying that tag alone (a report of one tag)."""
    if not windows:
        return {}
    if connection.vendor == "postgresql" and _in_order_and_apart(windows):
        starts, ends = [start for start, _ in windows], [end for _, end in windows]
        tagged, tag_params = _tag_filter(tag)
        sql = _BUCKETED_SQL.format(table=TimeLog._meta.db_table, tagged=tagged)
        earliest = starts[0] - MAX_ENTRY  # a log is at most 24 h (see `_windows_sql`)
        params = [starts, ends, owner_id, ends[-1], starts[0], earliest, *tag_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    else:
        windows_rows = [(index, *window) for index, window in enumerate(windows)]
        rows = _run(owner_id, windows_rows, False, tag)
    return {(index, task): _seconds_to_hours(seconds) for index, task, seconds in rows}


def hours_of_tasks_in_windows(
    owner_id: int, windows: list[tuple[int, datetime, datetime]]
) -> list[Decimal]:
    """The hours each (task id, start, end) window holds of that task's logs, one query."""
    per_window = [Decimal(0)] * len(windows)
    if not windows:
        return per_window
    rows = _run(owner_id, [(index, *window) for index, window in enumerate(windows)], True)
    for index, seconds in rows:
        per_window[index] = _seconds_to_hours(seconds)
    return per_window


def weekly_hours_by_task(owner_id: int, weeks: list[Week]) -> dict[tuple[int, int], Decimal]:
    """{(week index, task id): hours} logged in each week (clipped to it), one query."""
    return hours_by_window_and_task(owner_id, [(week.start, week.end) for week in weeks])


def baseline_weeks(before: date, owner_settings: OwnerSettings) -> list[Week]:
    """The 4 complete weeks before the week that holds `before`."""
    current = owner_settings.week_of(before)
    return weeks_ending_with(current.previous, BASELINE_WEEKS)


def last_seven_days(on: date, zone) -> Window:
    """The 7 local days ending with `on` (today: up to now, as no log lies ahead)."""
    return local_midnight(on - timedelta(days=6), zone), local_midnight(
        on + timedelta(days=1), zone
    )


def baseline_windows(task_id: int, on: date, owner_settings: OwnerSettings) -> list[tuple]:
    """The five windows a baseline is read from: the 4 complete weeks before the week of
    `on`, then the 7 days up to `on` (not after today)."""
    end_day = min(on, owner_settings.today())
    windows = [(task_id, week.start, week.end) for week in baseline_weeks(on, owner_settings)]
    return [*windows, (task_id, *last_seven_days(end_day, owner_settings.zone))]


def task_baseline(task: Task, on: date, owner_settings: OwnerSettings) -> tuple[Decimal, str]:
    """The task's baseline on the day `on`, by PRODUCT.md's fallback order."""
    hours = hours_of_tasks_in_windows(task.owner_id, baseline_windows(task.pk, on, owner_settings))
    return outsourcing.baseline_hours(
        hours[:BASELINE_WEEKS], task.estimated_hours_per_week, hours[BASELINE_WEEKS]
    )


def snapshot_decision(decision: Decision, owner_settings: OwnerSettings) -> None:
    """Give a new decision its snapshots, as they are on the day it is made: the baseline
    (and where it came from) and the value of an hour of MGA work. Later logs do not rewrite
    them; `decision_baselines` says when the logs now disagree. Every path that makes a
    decision (the gut check, the demo, the API) calls this."""
    baseline, source = task_baseline(decision.task, decision.decided_on, owner_settings)
    decision.baseline_hours_per_week = baseline.quantize(outsourcing.CENT)
    decision.baseline_source = source
    decision.mga_hourly_value = owner_settings.mga_hourly_value


def decision_baselines(
    decisions: list[Decision], owner_settings: OwnerSettings
) -> dict[int, tuple[Decimal, str]]:
    """What the logs now say each decision's baseline was on its day, in one query."""
    windows = []
    for decision in decisions:
        windows += baseline_windows(decision.task_id, decision.decided_on, owner_settings)
    hours = hours_of_tasks_in_windows(owner_settings.owner_id, windows)
    per = BASELINE_WEEKS + 1
    return {
        decision.pk: outsourcing.baseline_hours(
            hours[i * per : i * per + BASELINE_WEEKS],
            decision.task.estimated_hours_per_week,
            hours[i * per + BASELINE_WEEKS],
        )
        for i, decision in enumerate(decisions)
    }


def buyback_rate_for(owner_settings: OwnerSettings, on: date) -> tuple[Decimal | None, str]:
    """Effective hourly rate ÷ 4, from the owner's monthly income and the hours of the last
    4 complete weeks; only once logs cover those 4 weeks. Returns the rate (or None) and,
    when there is none, why."""
    if owner_settings.monthly_income is None:
        return None, "Add your monthly income in Settings to see your buyback rate."
    weeks = baseline_weeks(on, owner_settings)
    first = owner_settings.owner.time_logs.order_by("start").values_list("start", flat=True).first()
    if first is None or first >= weeks[0].end:
        return None, "Your buyback rate shows once you have logged 4 complete weeks."
    logged = sum(weekly_hours_by_task(owner_settings.owner_id, weeks).values(), Decimal(0))
    rate = outsourcing.effective_hourly_rate(owner_settings.monthly_income, logged)
    if rate is None:
        return None, "No hours logged in the last 4 complete weeks: no buyback rate yet."
    return outsourcing.buyback_rate(rate), ""


def tasks_with_verdicts(owner):
    """The owner's tasks with the id of their latest gut check and the kind and status of
    their latest decision. One query."""
    latest_check = GutCheck.objects.filter(task=OuterRef("pk")).order_by("-checked_at", "-pk")
    latest_decision = Decision.objects.filter(task=OuterRef("pk")).order_by("-decided_on", "-pk")
    return owner.tasks.annotate(
        latest_gut_check_id=Subquery(latest_check.values("pk")[:1]),
        latest_decision_kind=Subquery(latest_decision.values("kind")[:1]),
        latest_decision_status=Subquery(latest_decision.values("status")[:1]),
    )


def tasks_with_hours(owner, this_week: Week, average_weeks: list[Week]):
    """`tasks_with_verdicts`, plus this week's hours and the hours over `average_weeks`.

    The join only reaches the logs inside those weeks, however long the owner's history.
    """
    window_start, window_end = average_weeks[0].start, max(this_week.end, average_weeks[-1].end)
    return (
        tasks_with_verdicts(owner)
        .alias(
            window_logs=FilteredRelation(
                "time_logs",
                condition=overlapping(window_start, window_end, via="time_logs__"),
            )
        )
        .annotate(
            time_this_week=window_sum(this_week.start, this_week.end, via="window_logs__"),
            time_averaged=window_sum(
                average_weeks[0].start, average_weeks[-1].end, via="window_logs__"
            ),
        )
    )


def next_to_check(owner, owner_settings: OwnerSettings, after: Task) -> Task | None:
    """After a gut check, the task to check next: open, not money-generating, never
    checked, the one with the most hours in the 4 weeks averaged (then this week's). None
    when no such task has any. One query, however many tasks an import brought."""
    average_weeks = baseline_weeks(owner_settings.today(), owner_settings)
    candidates = (
        tasks_with_hours(owner, owner_settings.this_week(), average_weeks)
        .filter(archived=False, is_mga=False, latest_gut_check_id__isnull=True)
        .exclude(pk=after.pk)
        .order_by("-time_averaged", "-time_this_week", Lower("title"))
    )
    task = candidates.first()
    return task if task and (task.time_averaged or task.time_this_week) else None


@dataclass(frozen=True)
class TaskRow:
    """A task as the lists show it: its hours, its latest gut check and the one verdict."""

    task: Task
    hours_this_week: Decimal
    average_hours: Decimal
    latest_gut_check: GutCheck | None
    verdict: gutcheck.Result | None


def task_rows(tasks_with_hours_queryset, weeks_averaged: int) -> list[TaskRow]:
    """Rows from a `tasks_with_hours` queryset (in its order), averaging over that many
    weeks; the latest gut checks in one more query."""
    tasks = list(tasks_with_hours_queryset)
    checks = GutCheck.objects.in_bulk(
        [t.latest_gut_check_id for t in tasks if t.latest_gut_check_id]
    )
    rows = []
    for task in tasks:
        average = hours(task.time_averaged) / weeks_averaged
        check = checks.get(task.latest_gut_check_id)
        verdict = gutcheck.evaluate(check.answers, average) if check else None
        rows.append(TaskRow(task, hours(task.time_this_week), average, check, verdict))
    return rows
