"""One-line quick entries (`1h30 client call yesterday`) and where a logged stretch sits.

Pure code: the caller passes "now" and the owner's zone, so every rule is testable.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triage.durations import DurationError, parse_duration

WORKDAY_START = time(9, 0)
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOTE_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+")


class EntryError(ValueError):
    """The entry cannot be read; the message says what to type instead."""


@dataclass(frozen=True)
class QuickEntry:
    duration: timedelta
    task_title: str
    day: date
    note: str = ""


def parse_day(word: str, today: date) -> date | None:
    """`today`, `yesterday`, a weekday (the latest one, today included) or an ISO date."""
    word = word.lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word in _WEEKDAYS:
        return today - timedelta(days=(today.weekday() - _WEEKDAYS[word]) % 7)
    if _ISO_DATE.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise EntryError(f"{word} is not a real date.") from None
    return None


def parse_quick_entry(text: str, today: date) -> QuickEntry:
    """`<duration> <task> [day] [- note]`, e.g. `45m invoicing`, `2h proposals mon`."""
    text = " ".join(text.split())
    if not text:
        raise EntryError("Type a duration and a task, like “45m invoicing”.")
    head, note = text, ""
    separator = _NOTE_SEPARATOR.search(text)
    if separator:
        head, note = text[: separator.start()], text[separator.end() :].strip()
    words = head.split(" ")

    duration, rest = None, words
    # The duration may be written as one word (1h30) or two (1h 30m, 45 min).
    for width in (2, 1):
        if len(words) > width or (width == 1 and words):
            try:
                duration = parse_duration(" ".join(words[:width]))
            except DurationError as error:
                if width == 1:
                    raise EntryError(f"Start with how long it took: {error}") from None
                continue
            rest = words[width:]
            break

    day = today
    if rest:
        parsed_day = parse_day(rest[-1], today)
        if parsed_day is not None:
            day, rest = parsed_day, rest[:-1]
    title = " ".join(rest).strip()
    if not title:
        raise EntryError("Add the task after the duration, like “45m invoicing”.")
    if day > today:
        raise EntryError(f"{day:%a} {day.day} {day:%b} is in the future; log work once it's done.")
    return QuickEntry(duration=duration, task_title=title[:120], day=day, note=note[:500])


def place_entry(
    day: date,
    duration: timedelta,
    now: datetime,
    zone: ZoneInfo,
    latest_end_that_day: datetime | None = None,
) -> tuple[datetime, datetime]:
    """Where a stretch of `duration` on `day` goes, when only its length is known.

    Today's work ends now. An earlier day's work starts at 9:00, or right after the last
    stretch already logged that day, so a day's entries line up instead of overlapping.
    """
    if day == now.astimezone(zone).date():
        return now - duration, now
    # Arithmetic in UTC: adding hours to a local time would count wall-clock hours on a
    # DST day.
    start = datetime.combine(day, WORKDAY_START, tzinfo=zone).astimezone(UTC)
    if latest_end_that_day is not None and latest_end_that_day > start:
        start = latest_end_that_day
    return start, start + duration
