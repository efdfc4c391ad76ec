"""A week of logs as the log page shows it: days newest first, each with its rows and the
hours that fell on it, and which logs overlap which. No queries: the view passes the logs.

Everything reads to the minute and adds up as it reads: a day's total is its hours to the
minute, its rows' lengths are rounded to add up to it (`durations.minutes_adding_up`), the
week's total is its days' as they read; the timesheet's cells add up to the same day
totals, its rows' totals are their cells'."""

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property

from triage.durations import DurationError, minutes_adding_up, parse_duration, to_the_minute
from triage.entries import EntryError, check_day
from triage.formatting import time_range
from triage.models import Task, TimeLog
from triage.weeks import Week, pieces_by_day, split_by_day, whole_minute_on_or_after


@dataclass(frozen=True)
class LogRow:
    log: TimeLog
    # Other logs of the week that share some of this log's time: both get marked.
    overlaps_with: list[TimeLog] = field(default_factory=list)
    # Its length as it reads among its day's rows, which add up to the day's total; None:
    # its own length to the minute (a row drawn alone).
    shown: timedelta | None = None
    # A log over midnight is a row on each day it covers, with its piece of that day (what
    # counts there); None: the log lies within its day (or is listed whole, as a search
    # lists it).
    piece: tuple[datetime, datetime] | None = None
    # Of a log's rows on the page, the one that holds its id (its checkbox, its inline edit):
    # the first day of it the page shows.
    first_shown: bool = True

    @cached_property
    def times(self) -> str:
        """`09:00–09:45` on the page's clock (the owner's zone, active for the request):
        drawn twice a row (its column, and under the duration on a phone), worked out once.
        A piece of a log over midnight reads as that piece: `23:00–00:00`, `00:00–01:00`."""
        return time_range(*(self.piece or (self.log.start, self.log.end)))

    @property
    def length(self) -> timedelta:
        """What the row counts on its day: the log, or its piece of the day."""
        return self.piece[1] - self.piece[0] if self.piece else self.log.duration


@dataclass(frozen=True)
class DayGroup:
    day: date
    rows: list[LogRow]
    total: timedelta  # to the minute, as it reads
    is_today: bool


def _day(day: date, rows: list[LogRow], total: timedelta, is_today: bool) -> DayGroup:
    """The day with its rows' lengths rounded to add up to its total (to the minute)."""
    shown = minutes_adding_up([row.length for row in rows])
    rows = [replace(row, shown=minutes) for row, minutes in zip(rows, shown, strict=True)]
    return DayGroup(day, rows, to_the_minute(total), is_today)


def overlaps(logs: Sequence[TimeLog]) -> dict[int, list[TimeLog]]:
    """For each finished log, the others that cover part of its time (sorted sweep)."""
    found: dict[int, list[TimeLog]] = defaultdict(list)
    ordered = sorted(logs, key=lambda log: (log.start, log.end))
    open_logs: list[TimeLog] = []
    for log in ordered:
        open_logs = [other for other in open_logs if other.end > log.start]
        for other in open_logs:
            found[log.pk].append(other)
            found[other.pk].append(log)
        open_logs.append(log)
    return found


def counted_twice(stretches, start: datetime, end: datetime) -> timedelta:
    """Of the time between `start` and `end`, how much more the `(start, end)` stretches add
    up to than the time they cover: overlapping logs count their shared time once per log,
    so the hours a week sums read that much more than passed. Zero when none overlap. For
    logs in hand (the log page's week); `logged_hours.counted_twice` asks the database the
    same of any number of them."""
    clipped = sorted(
        (max(a, start), min(b, end))
        for a, b in stretches
        if b is not None and a < end and b > start
    )
    summed, covered, reach = timedelta(0), timedelta(0), None
    for a, b in clipped:
        summed += b - a
        if reach is None or a >= reach:
            covered += b - a
            reach = b
        elif b > reach:
            covered += b - reach
            reach = b
    return summed - covered


@dataclass(frozen=True)
class Trim:
    """A log's times cut clear of another it overlaps, on its own day: what its edit would
    post (`POST /log/<id>/times/`)."""

    day: date
    start: time
    end: time


def trim_clear_of(log: TimeLog, other: TimeLog, zone) -> Trim | None:
    """`log` cut so it no longer overlaps `other`: its end brought back to the minute
    `other` starts in, when it runs into `other` from before; its start moved on to the
    minute after `other` ends, when it runs on past it. None when that leaves less than a
    minute, when one holds the other (cutting would split it), or when `log` is not within
    one day (its edit has the rest)."""
    start, end = log.start.astimezone(zone), log.end.astimezone(zone)
    if start.date() != end.date():
        return None
    if log.start < other.start < log.end <= other.end:
        end = other.start.astimezone(zone).replace(second=0, microsecond=0)
        if end == log.end.astimezone(zone).replace(second=0, microsecond=0):
            return None  # under a minute over: the edit reads its own minute as its exact end
    elif other.start <= log.start < other.end < log.end:
        start = whole_minute_on_or_after(other.end.astimezone(zone))
    else:
        return None
    if start.date() != end.date() or end - start < timedelta(minutes=1):
        return None
    return Trim(start.date(), start.time().replace(second=0, microsecond=0), end.time())


def _rows_by_day(
    logs: Sequence[TimeLog], zone, first_day: date | None, last_day: date | None
) -> tuple[dict[date, list[LogRow]], dict[date, timedelta]]:
    """Each day between `first_day` and `last_day` (None: open) that the logs cover, with
    its rows, newest first, and the hours that fell on it. A log over midnight is a row on
    each of its days with its piece of that day, so a day's rows add up to its total; of its
    rows, the one on its earliest day shown holds its id."""
    by_day: dict[date, list[LogRow]] = defaultdict(list)
    totals: dict[date, timedelta] = defaultdict(timedelta)
    overlapping = overlaps(logs)
    for log in sorted(logs, key=lambda log: log.start, reverse=True):
        pieces = pieces_by_day(log.start, log.end, zone)
        whole = len(pieces) == 1
        shown = [
            (day, piece_start, piece_end)
            for day, piece_start, piece_end in pieces
            if (first_day is None or day >= first_day) and (last_day is None or day <= last_day)
        ]
        for number, (day, piece_start, piece_end) in enumerate(shown):
            by_day[day].append(
                LogRow(
                    log,
                    overlapping.get(log.pk, []),
                    piece=None if whole else (piece_start, piece_end),
                    first_shown=number == 0,
                )
            )
            totals[day] += piece_end - piece_start
    return by_day, totals


def week_days(logs: Sequence[TimeLog], week: Week, today: date) -> list[DayGroup]:
    """The week's days up to today (and any later day that has logs), newest first; a log
    from the Sunday before is on the Monday with its piece of it."""
    by_day, totals = _rows_by_day(logs, week.zone, week.first_day, week.last_day)
    return [
        _day(day, by_day.get(day, []), totals.get(day, timedelta(0)), day == today)
        for day in reversed(week.days)
        if day <= today or by_day.get(day)
    ]


def week_total(days: Sequence[DayGroup], week: Week) -> timedelta:
    """Hours inside the week (a log from the Sunday before counts only its part here): its
    days' totals as they read, added up."""
    return sum(
        (day.total for day in days if week.first_day <= day.day <= week.last_day), timedelta(0)
    )


def found_days(
    logs: Sequence[TimeLog],
    zone,
    today: date,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[DayGroup]:
    """Logs of any dates (a search's) by day, newest first, as the week's page lists them —
    a log over midnight on each of its days — but only the days from `first_day` to
    `last_day` (the search's period, the page of it): a log across their edge shows its
    piece inside."""
    by_day, totals = _rows_by_day(logs, zone, first_day, last_day)
    return [
        _day(day, by_day[day], totals[day], day == today) for day in sorted(by_day, reverse=True)
    ]


@dataclass(frozen=True)
class GridRow:
    task: Task
    days: list[timedelta]  # one per day of the week, in order
    total: timedelta
    week_days: list[date]

    @property
    def cells(self) -> list[tuple[date, timedelta]]:
        """Each day with this task's hours on it (a cell links to that day's logs)."""
        return list(zip(self.week_days, self.days, strict=True))


@dataclass(frozen=True)
class Grid:
    """The week as a timesheet (Clockify's): a row per task, a column per day."""

    days: list[date]
    rows: list[GridRow]
    day_totals: list[timedelta]
    total: timedelta
    mga_day_totals: list[timedelta]  # of each day's hours, the money-generating ones
    mga_total: timedelta


def task_grid(logs: Sequence[TimeLog], week: Week, always: Sequence = ()) -> Grid:
    """Each task's hours on each day of the week, a log's hours on every day it covers (only
    the part inside the week); the busiest task first. The tasks `always` (the pinned ones)
    have a row with or without time, so their cells are there to type into."""
    column = {day: index for index, day in enumerate(week.days)}
    cells: dict[int, list[timedelta]] = {task.pk: [timedelta(0)] * 7 for task in always}
    tasks = {task.pk: task for task in always}
    for log in logs:
        for day, length in split_by_day(log.start, log.end, week.zone):
            if day in column:
                tasks[log.task_id] = log.task
                cells.setdefault(log.task_id, [timedelta(0)] * 7)[column[day]] += length
    # Each day's cells to the minute, adding up to the day's total as the list reads it.
    task_ids = sorted(cells, key=lambda task_id: (-sum(cells[task_id], timedelta(0)), task_id))
    for index in range(7):
        shown = minutes_adding_up([cells[task_id][index] for task_id in task_ids])
        for task_id, length in zip(task_ids, shown, strict=True):
            cells[task_id][index] = length
    rows = [
        GridRow(tasks[task_id], days, sum(days, timedelta(0)), week.days)
        for task_id, days in cells.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.task.title.lower()))
    day_totals = [sum((row.days[i] for row in rows), timedelta(0)) for i in range(7)]
    mga = [sum((row.days[i] for row in rows if row.task.is_mga), timedelta(0)) for i in range(7)]
    total, mga_total = sum(day_totals, timedelta(0)), sum(mga, timedelta(0))
    return Grid(list(week.days), rows, day_totals, total, mga, mga_total)


# Typing into the timesheet (Clockify's): a cell takes the task's new total for the day.
CELL_NAME = re.compile(r"t(\d{1,18})_(\d{8})")
NO_TIME = re.compile(r"(?:0+(?:[.,]0*)?\s*(?:h|m|min)?|0*:00)?", re.IGNORECASE)  # "", 0, 0m, 0:00


def cell_name(task_id: int, day: date) -> str:
    """The form field of a task's cell on a day: `t12_20261103`."""
    return f"t{task_id}_{day:%Y%m%d}"


@dataclass(frozen=True)
class TypedCell:
    name: str  # its field, for a message next to it
    task_id: int
    day: date
    length: timedelta  # what was typed: the task's time on the day, all told


NEW_ROW_CELL = re.compile(r"new_(\d{8})")


def with_new_row(data: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The form's fields with the last row's — a task picked (`new_task`) and its days
    (`new_20261103`) — as that task's cells, which showed nothing before; and a message for
    time typed there with no task picked."""
    fields, errors = dict(data.items()), {}
    task_id = fields.pop("new_task", "").strip()
    for name in [name for name in fields if NEW_ROW_CELL.fullmatch(name)]:
        value = fields.pop(name)
        if not value.strip():
            continue
        if not task_id.isdecimal():
            errors[name] = "Pick the task for the last row first."
            continue
        cell = f"t{int(task_id)}_{name[4:]}"
        fields[cell], fields[f"was_{cell}"] = value, ""
    return fields, errors


def typed_cells(
    data: Mapping[str, str], week: Week, today: date
) -> tuple[list[TypedCell], dict[str, str]]:
    """The cells the owner changed (each field against the `was_` one beside it: what the
    page showed), and a message for each that cannot be taken, by field name. An emptied
    cell is no time."""
    typed, errors = [], {}
    for name, value in data.items():
        match = CELL_NAME.fullmatch(name)
        text = value.strip()
        if not match or text == data.get(f"was_{name}", "").strip():
            continue
        try:
            day = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:]))
        except ValueError:
            day = None
        try:
            if day not in week.days:
                raise EntryError("That day is not in this week.")
            check_day(day, today)  # from 2000 to today, as every log
            if len(text) > 20:  # no duration is written longer
                raise EntryError("Type the day's total, like 2h or 1:30.")
            length = timedelta(0) if NO_TIME.fullmatch(text) else parse_duration(text)
        except (EntryError, DurationError) as error:
            errors[name] = str(error)
        else:
            typed.append(TypedCell(name, int(match[1]), day, length))
    return typed, errors


def additions(
    grid: Grid, typed: list[TypedCell]
) -> tuple[list[tuple[TypedCell, timedelta]], dict[str, str]]:
    """What each typed cell adds to its day, against the cell as it reads now: a longer
    total adds the difference, the same total nothing. Time comes off a day in its logs
    (which stretch to shorten is the owner's to say), so a shorter total is refused."""
    now_shown = {
        cell_name(row.task.pk, day): length for row in grid.rows for day, length in row.cells
    }
    added, errors = [], {}
    for cell in typed:
        shown = now_shown.get(cell.name, timedelta(0))
        if cell.length < shown:
            errors[cell.name] = (
                "To take time off a day, edit or delete its logs in the list: a total here "
                "only adds time."
            )
        elif cell.length > shown:
            added.append((cell, cell.length - shown))
    return added, errors
