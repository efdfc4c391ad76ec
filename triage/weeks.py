"""Weeks as the owner lives them: their time zone, their first weekday.

A week is addressed by an ISO week label (`2026-W48`). For owners whose week does not
start on Monday, the label names the owner's week that holds that ISO week's Thursday,
so every label maps to exactly one week and back, whatever the first weekday.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

_ISO_WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")
# The years a week, a report or an export may address: far from datetime's own limits, so
# no time zone can push a boundary out of range.
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The instant a local day starts, as an aware UTC datetime (DST-safe)."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


# A stretch of time [start, end), as aware UTC datetimes.
Window = tuple[datetime, datetime]


def day_window(day: date, zone: ZoneInfo) -> Window:
    """A local day, from its midnight to the next (23 or 25 hours on a clock-change day)."""
    return local_midnight(day, zone), local_midnight(day + timedelta(days=1), zone)


def local_moment(day: date, at: time, zone: ZoneInfo) -> datetime:
    """`day` at the wall-clock time `at` in `zone`, as an aware UTC datetime. A time the
    clocks jump over that day (the gap when daylight saving starts) raises ValueError
    saying so; a time they show twice (when it ends) is the first of the two."""
    local = datetime.combine(day, at, tzinfo=zone)
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(
            f"{at:%H:%M} does not exist on {day:%a} {day.day} {day:%b} {day.year} in "
            f"{zone.key}: the clocks jump over it that night (daylight saving)"
        )
    return moment


def whole_minute_on_or_after(moment: datetime) -> datetime:
    """`moment` if it falls on a whole minute, else the next one (10:20:30 → 10:21): where
    a log may begin without overlapping one that ended at `moment` (a form takes minutes)."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)


def week_start_date(day: date, first_weekday: int) -> date:
    """The first day of the owner's week that contains `day` (0 = Monday … 6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


@dataclass(frozen=True)
class Week:
    first_day: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.zone)

    @property
    def end(self) -> datetime:
        return local_midnight(self.first_day + timedelta(days=7), self.zone)

    @property
    def length(self) -> timedelta:
        """168 hours, or 167/169 in a week with a DST change."""
        return self.end - self.start

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=offset) for offset in range(7)]

    @property
    def label(self) -> str:
        # The week's fourth day always lies in the ISO week that holds its Thursday.
        year, week, _ = (self.first_day + timedelta(days=3)).isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def short_name(self) -> str:
        """`2 Nov`: the week's first day, as a chart labels it."""
        return f"{self.first_day.day} {self.first_day:%b}"

    @property
    def long_name(self) -> str:
        """`2 Nov 2026`: the week's first day, as the table of a chart's numbers names it."""
        return f"{self.first_day.day} {self.first_day:%b %Y}"

    @property
    def previous(self) -> "Week":
        return Week(self.first_day - timedelta(days=7), self.zone)

    @property
    def next(self) -> "Week":
        return Week(self.first_day + timedelta(days=7), self.zone)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def is_addressable(self) -> bool:
        """Whether the week holds a day of the years Triage keeps (1 Jan 2000 is a
        Saturday: its week is labelled 1999-W52, and must open)."""
        return self.last_day >= FIRST_DAY and self.first_day <= LAST_DAY

    def __str__(self) -> str:
        return self.label


def week_of(moment: datetime | date, zone: ZoneInfo, first_weekday: int = 0) -> Week:
    """The owner's week containing an instant (or a local date)."""
    day = moment.astimezone(zone).date() if isinstance(moment, datetime) else moment
    return Week(week_start_date(day, first_weekday), zone)


def parse_day(text: str, name: str) -> date | None:
    """A `YYYY-MM-DD` bound such as `?from=`: empty is None. Raises ValueError saying why."""
    text = text.strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date: use {name}=YYYY-MM-DD.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"Dates run from {FIRST_YEAR} to {LAST_YEAR}; {text} is outside.")
    return day


def parse_week(label: str, zone: ZoneInfo, first_weekday: int = 0) -> Week:
    """`2026-W48` → the owner's week. Raises ValueError for anything else."""
    match = _ISO_WEEK.fullmatch(label.strip())
    if not match:
        raise ValueError(f"“{label}” is not a week; use the form 2026-W48.")
    year, number = int(match["year"]), int(match["week"])
    outside = ValueError(f"Weeks run from {FIRST_YEAR} to {LAST_YEAR}; {label} is outside.")
    if not FIRST_YEAR - 1 <= year <= LAST_YEAR + 1:
        raise outside
    try:
        thursday = date.fromisocalendar(year, number, 4)
    except ValueError:
        raise ValueError(f"{year} has no week {number}.") from None
    week = week_of(thursday, zone, first_weekday)
    if not week.is_addressable:
        raise outside
    return week


def weeks_ending_with(week: Week, count: int) -> list[Week]:
    """`count` consecutive weeks, oldest first, the last one being `week`."""
    weeks = [week]
    for _ in range(count - 1):
        weeks.append(weeks[-1].previous)
    return weeks[::-1]


def split_at(
    start: datetime, end: datetime, boundaries: Iterable[datetime]
) -> Iterator[tuple[datetime, datetime]]:
    """Cut [start, end) at every boundary that falls strictly inside it."""
    cursor = start
    for boundary in sorted(boundaries):
        if cursor < boundary < end:
            yield cursor, boundary
            cursor = boundary
    if cursor < end:
        yield cursor, end


def pieces_by_day(
    start: datetime, end: datetime, zone: ZoneInfo
) -> list[tuple[date, datetime, datetime]]:
    """[start, end) cut at each local midnight: each local day it touches, with the piece on
    it."""
    first = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    midnights = [
        local_midnight(first + timedelta(days=n), zone) for n in range((last - first).days + 1)
    ]
    return [
        (piece_start.astimezone(zone).date(), piece_start, piece_end)
        for piece_start, piece_end in split_at(start, end, midnights)
    ]


def split_by_day(start: datetime, end: datetime, zone: ZoneInfo) -> list[tuple[date, timedelta]]:
    """How much of [start, end) falls on each local day."""
    return [
        (day, piece_end - piece_start)
        for day, piece_start, piece_end in pieces_by_day(start, end, zone)
    ]


def days_span(
    first_day: date, last_day: date | None, zone: ZoneInfo
) -> tuple[datetime, datetime | None]:
    """The stretch days `first_day` through `last_day` (inclusive) cover: the first's
    midnight and the midnight after the last (None while there is no last day yet)."""
    start = local_midnight(first_day, zone)
    if last_day is None:
        return start, None
    return start, local_midnight(last_day + timedelta(days=1), zone)


def days_covered(start: datetime, end: datetime, zone: ZoneInfo) -> Decimal:
    """How many of the owner's calendar days [start, end) covers, each day's part counted
    against that day's own length (23, 24 or 25 hours), exactly: Friday to Sunday is 3 days
    in the week the clocks change in too, and Wednesday noon half a day. The one measure of
    "how much of the time has passed" behind `f`, a report's weeks and earned so far
    (PRODUCT.md: `f = 3/7` from a Friday, the contractor paid by the day)."""
    if end <= start:
        return Decimal(0)
    first = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    return (
        Decimal((last - first).days)
        - _part_of_day(first, start, zone)
        + _part_of_day(last, end, zone)
    )


def _part_of_day(day: date, moment: datetime, zone: ZoneInfo) -> Decimal:
    """The share of `day` (in `zone`) that has passed at `moment`, a moment on it."""
    midnight = local_midnight(day, zone)
    if moment == midnight:  # most stretches start and end on a midnight: no day's length
        return Decimal(0)
    microsecond = timedelta(microseconds=1)
    day_length = local_midnight(day + timedelta(days=1), zone) - midnight
    return Decimal((moment - midnight) // microsecond) / Decimal(day_length // microsecond)


def weeks_in(start: datetime, end: datetime, zone: ZoneInfo) -> Decimal:
    """How many weeks [start, end) covers: its calendar days ÷ 7, as `active_share` counts
    them (a week the clocks change in is one week, its Friday on 3/7 of it)."""
    return days_covered(start, end, zone) / 7


def active_days(
    week: Week, active_from: date | None, active_to: date | None, now: datetime
) -> list[date]:
    """The days of `week` that have begun by `now` and on which something active from
    `active_from` through `active_to` (None: still active) was active."""
    if active_from is None:
        return []
    today = now.astimezone(week.zone).date()
    last = min(week.last_day, today, active_to or week.last_day)
    return [day for day in week.days if active_from <= day <= last]


def active_share(
    week: Week, active_from: date | None, active_to: date | None, now: datetime
) -> Decimal:
    """`f`: the share of `week` that has passed by `now` and in which something active from
    `active_from` through `active_to` (days, inclusive; None: still active) was active.

    Active from a past week's Friday: 3/7. The current week on Wednesday noon: 2.5/7. A week
    still to come: 0. By the calendar day (`days_covered`), in a week of 167 or 169 hours too.
    """
    if active_from is None:
        return Decimal(0)
    start, end = days_span(active_from, active_to, week.zone)
    end = min(week.end, now) if end is None else min(week.end, now, end)
    return days_covered(max(week.start, start), end, week.zone) / 7
