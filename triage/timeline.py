"""The week as a timeline: days as columns, hours as rows, each log a block at its times,
overlapping logs side by side. Pure geometry (no request, no database); the template tag
draws it as SVG attributes, so the strict CSP (no inline styles) holds."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from triage.formatting import time_range
from triage.weeks import Week, day_window

DAY_WIDTH = 100
HOUR_HEIGHT = 24
GUTTER = 36  # room for the hour labels


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


@dataclass(frozen=True)
class DayColumn:
    day: date
    x: float
    blocks: list[Block]


@dataclass(frozen=True)
class Timeline:
    days: list[DayColumn]
    width: int
    height: int
    hours: list[tuple[int, float]]  # (hour, y) for the grid


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
        blocks = []
        for (start, end, log), (lane, lanes) in zip(pieces, _lanes(pieces), strict=True):
            top = (start - start_of_day).total_seconds() / 3600 * HOUR_HEIGHT
            height = max((end - start).total_seconds() / 3600 * HOUR_HEIGHT, 2)
            width = (DAY_WIDTH - 4) / lanes
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
                )
            )
        columns.append(DayColumn(day, x, blocks))
    return Timeline(
        columns,
        GUTTER + 7 * DAY_WIDTH,
        24 * HOUR_HEIGHT,
        [(hour, hour * HOUR_HEIGHT) for hour in range(0, 25, 3)],
    )


def one_day(week_timeline: Timeline, day: date) -> Timeline:
    """The same timeline for a single day, drawn full width (a phone shows one day)."""
    column = next(c for c in week_timeline.days if c.day == day)
    shift = column.x - GUTTER
    blocks = [replace(block, x=block.x - shift) for block in column.blocks]
    return Timeline(
        [DayColumn(day, GUTTER, blocks)],
        GUTTER + DAY_WIDTH,
        week_timeline.height,
        week_timeline.hours,
    )
