"""What people type for a duration (`45m`, `1h30`, `1:30`, `1.5h`, `90`) and back."""

import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from triage.formatting import rounding_up

MAX_ENTRY = timedelta(hours=24)


class DurationError(ValueError):
    """The text is not a duration a person would mean; the message says why."""


_NUMBER = r"\d+(?:[.,]\d+)?"
_HOURS_UNIT = r"h|hr|hrs|hour|hours"
_MINUTES_UNIT = r"m|min|mins|minute|minutes"
_PATTERNS = [
    # 1:30 (hours:minutes)
    re.compile(r"(?P<h>\d+):(?P<m>[0-5]\d)"),
    # 1h, 1.5h, 1h30, 1h 30m, 2 hours 15 minutes
    re.compile(rf"(?P<h>{_NUMBER})\s*(?:{_HOURS_UNIT})(?:\s*(?P<m>\d+)\s*(?:{_MINUTES_UNIT})?)?"),
    # 45m, 45 min, 90 (a bare whole number means minutes)
    re.compile(rf"(?P<m>\d+)\s*(?:{_MINUTES_UNIT})?"),
]


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns only let numbers through
        raise DurationError(f"“{text}” is not a number.") from None


def parse_duration(text: str) -> timedelta:
    """Parse a typed duration; raise DurationError with a message a person understands."""
    cleaned = text.strip().lower()
    if not cleaned:
        raise DurationError("Enter a duration, like 45m, 1h30 or 1:30.")
    if cleaned.startswith("-"):
        raise DurationError("A duration cannot be negative.")
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            break
    else:
        if re.fullmatch(r"\d+[.,]\d+", cleaned):
            raise DurationError(f"Add a unit to “{text.strip()}”: 1.5h for hours, 90m for minutes.")
        raise DurationError(f"“{text.strip()}” is not a duration. Try 45m, 1h30, 1:30 or 1.5h.")
    hours = _decimal(match.group("h")) if match.groupdict().get("h") else Decimal(0)
    minutes = _decimal(match.group("m")) if match.group("m") else Decimal(0)
    if match.groupdict().get("h") and match.group("m") and minutes >= 60:
        raise DurationError(
            f"“{text.strip()}” has {minutes} minutes after the hours; use under 60."
        )
    seconds = round(hours * 3600 + minutes * 60)
    if seconds <= 0:
        raise DurationError("A duration must be longer than zero.")
    if seconds > MAX_ENTRY.total_seconds():
        raise DurationError("One entry can be at most 24 hours. Split longer work into days.")
    return timedelta(seconds=seconds)


MINUTE = 60_000_000  # microseconds


def _minutes(duration: timedelta) -> Decimal:
    return Decimal(duration // timedelta(microseconds=1)) / MINUTE


def _whole_minutes(duration: timedelta) -> int:
    return int(_minutes(duration).quantize(1, rounding=ROUND_HALF_UP))


def to_the_minute(duration: timedelta) -> timedelta:
    """`duration` as it reads, to the minute, half up (2m 30s reads 3m)."""
    return timedelta(minutes=_whole_minutes(duration))


def minutes_adding_up(durations: Sequence[timedelta]) -> list[timedelta]:
    """The durations to the minute so that they add up to their total to the minute: a day's
    logs under the day's total (each reads its own length rounded down or up). As
    `formatting.adding_up` does, in whole microseconds: a page draws a week of rows."""
    lengths = [duration // timedelta(microseconds=1) for duration in durations]
    floors = [length // MINUTE for length in lengths]
    total = (sum(lengths) + MINUTE // 2) // MINUTE  # half up
    going_up = rounding_up(
        [length - floor * MINUTE for length, floor in zip(lengths, floors, strict=True)],
        total - sum(floors),
    )
    return [timedelta(minutes=floor + (i in going_up)) for i, floor in enumerate(floors)]


def format_duration(duration: timedelta, actual: timedelta | None = None) -> str:
    """`1h 30m`, `45m`, `2h`: rounded to the minute (half up), the way the parser reads it
    back. A log that reads no minutes (a timer stopped at once) shows its seconds, `12s`:
    "0m" would read as a log of nothing. `actual`: the log's own length, when `duration`
    is what it reads in a column that adds up (`minutes_adding_up`)."""
    total_minutes = _whole_minutes(duration)
    actual = duration if actual is None else actual
    if total_minutes == 0 and actual >= timedelta(seconds=1):
        return f"{int(actual.total_seconds())}s"
    sign = "-" if total_minutes < 0 else ""
    hours, minutes = divmod(abs(total_minutes), 60)
    if hours and minutes:
        return f"{sign}{hours}h {minutes}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{minutes}m"


def hours(duration: timedelta) -> Decimal:
    """A duration as Decimal hours, exact to the microsecond."""
    return Decimal(duration // timedelta(microseconds=1)) / Decimal(3_600_000_000)
