"""The week as a timeline: days as columns, hours as rows, each log a block at its times,
overlapping logs side by side. Pure geometry (no request, no database); the template tag
draws it as SVG attributes, so the strict CSP (no inline styles) holds."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from triage.formatting import time_range
from triage.weeks import Week, day_window, whole_minute_on_or_after

DAY_WIDTH = 100
HOUR_HEIGHT = 24
GUTTER = 36  # room for the hour labels
SHORTEST_GAP = timedelta(minutes=5)  # a shorter one is not worth a log, nor a click
WHOLE_GAP = timedelta(hours=2)  # filled whole; a longer one an hour (of the drawing) at a time


@dataclass(frozen=True)
class Block:
    log_id: int
    title: str
    times: str
    x: float
    y: float
    width: float
    height: float
    running: bool
    is_mga: bool  # money-generating work: drawn in the dashboard's MGA colour, the rest grey
    # A log wholly inside an ordinary day (24 hours, no clock change) can be dragged to
    # other times: the log as drawn (`TimeLog.state`) and its minutes from midnight.
    drag: tuple[str, int, int] | None = None


@dataclass(frozen=True)
class Gap:
    """Time not logged, that has passed: clicked, the full form opens with its times."""

    start: str  # "HH:MM" on the day's clock
    end: str  # "00:00" with ends_next_day for a gap that runs to midnight
    ends_next_day: bool
    x: float
    y: float
    width: float
    height: float
    shifted: bool = False  # on a day the clocks change: its drawing is not the clock's


@dataclass(frozen=True)
class DayColumn:
    day: date
    x: float
    blocks: list[Block]
    gaps: list[Gap]


@dataclass(frozen=True)
class Timeline:
    days: list[DayColumn]
    width: int
    height: int
    hours: list[tuple[int, float]]  # (hour, y) for the grid
    # The days a log may be dragged to: those shown, up to today (none to come).
    open_days: tuple[date, date] | None = None


def _drawn(span: timedelta) -> float:
    """A stretch of time as the drawing's height."""
    return span.total_seconds() / 3600 * HOUR_HEIGHT


def _lanes(pieces: list[tuple[datetime, datetime, object]]) -> list[tuple[int, int]]:
    """For pieces sorted by start: (lane, lanes in its overlapping group) each."""
    result: list[tuple[int, int]] = [(0, 1)] * len(pieces)
    group: list[int] = []
    lane_ends: list[datetime] = []
    group_end = None

    def close():
        for index in group:
            result[index] = (result[index][0], len(lane_ends))

    for index, (start, end, _) in enumerate(pieces):
        if group_end is not None and start >= group_end:
            close()
            group, lane_ends, group_end = [], [], None
        lane = next((n for n, lane_end in enumerate(lane_ends) if lane_end <= start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        result[index] = (lane, 0)
        group.append(index)
        group_end = end if group_end is None else max(group_end, end)
    close()
    return result


def timeline(week: Week, logs, now: datetime) -> Timeline:
    """`logs`: the week's logs (a running one ends at now); each is cut at midnight."""
    zone = week.zone
    columns = []
    for index, day in enumerate(week.days):
        start_of_day, end_of_day = day_window(day, zone)
        pieces = sorted(
            (
                (max(log.start, start_of_day), min(log.end or now, end_of_day), log)
                for log in logs
                if log.start < end_of_day and (log.end or now) > start_of_day
            ),
            key=lambda piece: (piece[0], piece[1]),
        )
        x = GUTTER + index * DAY_WIDTH
        ordinary_day = end_of_day - start_of_day == timedelta(days=1)
        blocks = []
        for (start, end, log), (lane, lanes) in zip(pieces, _lanes(pieces), strict=True):
            top = _drawn(start - start_of_day)
            height = max(_drawn(end - start), 2)
            width = (DAY_WIDTH - 4) / lanes
            whole = log.end is not None and (start, end) == (log.start, log.end)
            drag = None
            if whole and ordinary_day:
                minutes = [round((t - start_of_day).total_seconds() / 60) for t in (start, end)]
                drag = (log.state(), *minutes)
            blocks.append(
                Block(
                    log.pk,
                    log.task.title,
                    time_range(start, end, zone),
                    round(x + 2 + lane * width, 1),
                    round(top, 1),
                    round(width - 1, 1),
                    round(height, 1),
                    log.end is None,
                    log.task.is_mga,
                    drag,
                )
            )
        busy = [(start, end) for start, end, _ in pieces]
        gaps = [
            Gap(
                # On the minute inside the gap: a log that ended at 10:20:30 is not overlapped.
                f"{whole_minute_on_or_after(start.astimezone(zone)):%H:%M}",
                f"{end.astimezone(zone):%H:%M}",
                end == end_of_day,
                x,
                round(_drawn(start - start_of_day), 1),
                DAY_WIDTH,
                round(_drawn(end - start), 1),
                not ordinary_day,
            )
            for start, end in free_parts(start_of_day, min(end_of_day, now), busy)
        ]
        columns.append(DayColumn(day, x, blocks, gaps))
    return Timeline(
        columns,
        GUTTER + 7 * DAY_WIDTH,
        24 * HOUR_HEIGHT,
        [(hour, hour * HOUR_HEIGHT) for hour in range(0, 25, 3)],
        (week.first_day, min(week.last_day, now.astimezone(zone).date())),
    )


def free_parts(
    day_start: datetime, until: datetime, busy: list[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """The stretches from `day_start` to `until` that nothing in `busy` (sorted by start)
    covers, as a click on the timeline fills them: a gap of up to two hours whole, a longer
    one an hour at a time (cut at the drawing's hour lines); none under five minutes."""
    free, cursor = [], day_start
    for start, end in [*busy, (until, until)]:
        if min(start, until) - cursor >= SHORTEST_GAP:
            free.append((cursor, min(start, until)))
        cursor = max(cursor, end)
    parts = []
    for start, end in free:
        if end - start <= WHOLE_GAP:
            parts.append((start, end))
            continue
        hours_in = (start - day_start) // timedelta(hours=1)
        cut = start
        while cut < end:
            hours_in += 1
            next_cut = min(day_start + timedelta(hours=hours_in), end)
            if next_cut - cut >= SHORTEST_GAP:
                parts.append((cut, next_cut))
            cut = next_cut
    return parts


def one_day(week_timeline: Timeline, day: date) -> Timeline:
    """The same timeline for a single day, drawn full width (a phone shows one day)."""
    column = next(c for c in week_timeline.days if c.day == day)
    shift = column.x - GUTTER
    blocks = [replace(block, x=block.x - shift) for block in column.blocks]
    gaps = [replace(gap, x=gap.x - shift) for gap in column.gaps]
    return Timeline(
        [DayColumn(day, GUTTER, blocks, gaps)],
        GUTTER + DAY_WIDTH,
        week_timeline.height,
        week_timeline.hours,
    )
