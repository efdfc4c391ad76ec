"""One-line quick entries (`1h30 client call yesterday`) and where a logged stretch sits.

Pure code: the caller passes "now" and the owner's zone, so every rule is testable.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triage.durations import DurationError, format_duration, parse_duration
from triage.text import one_line, tag_line
from triage.weeks import day_window, local_moment, week_start_date

WORKDAY_START = time(9, 0)
TITLE_LENGTH = 120  # a task's title, as the model keeps it
TAGS_LENGTH = 300  # a log's tags, as the model keeps them
# The oldest day a log may fall on; the newest is today, in the owner's time zone.
EARLIEST_DAY = date(2000, 1, 1)
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
# `20 nov`, `nov 20`, `20 November 2025`: a day and a month's name (no `20/11`, which reads
# as two different days on either side of the Atlantic).
_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name: number for number, name in enumerate(_MONTH_NAMES, start=1)} | {"sept": 9}
_DAY_NUMBER = re.compile(r"([0-3]?\d)(?:st|nd|rd|th)?\.?", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")
# A duration that says its unit: `45m`, `1h30`, `1.5h`, `2 hrs` is two words and not one.
_UNIT_DURATION = re.compile(r"\d+(?:[.,]\d+)?h(?:\d+m?)?|\d+(?:m|min|mins)", re.IGNORECASE)
_SPELT_DURATION = re.compile(r"\d+(?:[.,]\d+)? (?:h|hrs?|hours?|m|mins?|minutes?)", re.IGNORECASE)
# `9:00-10:30`, `14:00–15:15`, `9am-10:30am`, `2-3pm`: from and until, on the clock.
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?([ap]m)?"
_TIME_RANGE = re.compile(rf"{_CLOCK}[-–—]{_CLOCK}", re.IGNORECASE)
# `9:00 - 10:30` (or an em dash a phone's keyboard made of two hyphens) at the start of an
# entry is a range, not a note after a dash.
_SPACED_RANGE = re.compile(r"^(\d{1,2}(?:[:.]\d{2})?(?:[ap]m)?)\s+([-–—])\s+(?=\d)", re.IGNORECASE)
_MINUTES_WORD = re.compile(r"m|min|mins|minute|minutes", re.IGNORECASE)
# Clocks drift: an entry ending a minute "in the future" is still today's work.
FUTURE_TOLERANCE = timedelta(minutes=1)
_NOTE_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+")


Stretch = tuple[datetime, datetime]


class EntryError(ValueError):
    """The entry cannot be read; the message says what to type instead."""


@dataclass(frozen=True)
class QuickEntry:
    duration: timedelta  # on the clock, for a range (`times` gives the real instants)
    task_title: str
    day: date
    note: str = ""
    tags: str = ""  # `#billable #q4` typed in it: "billable, q4" (`text.tag_line`)
    # `9:00-10:30` typed instead of a duration: when on `day` it began and ended.
    clock: tuple[time, time] | None = None

    def times(self, zone: ZoneInfo, now: datetime) -> Stretch:
        """The real start and end of an entry typed with a range, in the owner's zone.
        Raises EntryError for a time the clocks skip, an end not after the start in real
        time (the clocks fell back), or an end still to come."""
        assert self.clock is not None
        try:
            start, end = (local_moment(self.day, at, zone) for at in self.clock)
        except ValueError as error:
            raise EntryError(f"{error}.") from None
        if end <= start:
            raise EntryError("The end is not after the start in real time.")
        if end > now + FUTURE_TOLERANCE:
            raise EntryError("That ends in the future; log work once it's done.")
        return start, end


def loggable(day: date, today: date) -> bool:
    """Whether a log can lie on `day`: from 2000-01-01 to today (`check_day` says why not)."""
    return EARLIEST_DAY <= day <= today


def check_day(day: date, today: date) -> None:
    """Every log lies between 2000-01-01 and today: say so for any other day."""
    if day < EARLIEST_DAY:
        raise EntryError(f"Triage keeps logs from 1 Jan 2000 on; {day} is earlier.")
    if day > today:
        raise EntryError(f"{day_name(day, today)} is in the future; log work once it's done.")


def short_day(day: date) -> str:
    """`Tue 24 Nov`."""
    return f"{day:%a} {day.day} {day:%b}"


def day_name(day: date, today: date) -> str:
    """`Tue 24 Nov`, as confirmations and messages name a day; `Thu 20 Nov 2025` when it is
    not in today's year (an entry dated years back, or far ahead)."""
    name = short_day(day)
    return name if day.year == today.year else f"{name} {day.year}"


def parse_day(word: str, today: date, first_weekday: int = 0, last: bool = False) -> date | None:
    """`today`, `yesterday`, `tomorrow`, a weekday of this week (of last week after `last`)
    or an ISO date. None when the word is not a day (it belongs to the task's title)."""
    word = word.lower()
    if word == "today":
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word == "tomorrow":
        return today + timedelta(days=1)
    if word in _WEEKDAYS:
        week_start = week_start_date(today, first_weekday)
        day = week_start + timedelta(days=(_WEEKDAYS[word] - first_weekday) % 7)
        return day - timedelta(days=7) if last else day
    if _ISO_DATE.fullmatch(word):
        try:
            return date.fromisoformat(word)
        except ValueError:
            raise EntryError(f"{word} is not a real date.") from None
    return None


def parse_quick_entry(text: str, today: date, first_weekday: int = 0) -> QuickEntry:
    """`<duration> <task> [day] [- note]`, e.g. `45m invoicing`, `2h proposals mon`; a
    word starting with `#` before the note is a tag (Toggl's shorthand): `2h site #billable`.
    A range on the clock may stand for the duration: `9:00-10:30 client call yesterday`.

    A day word must be a day Triage can log: not before 2000 and not after today.
    """
    text = one_line(text)
    if not text:
        raise EntryError("Type a duration and a task, like “45m invoicing”.")
    # The day first, as a diary has it (`yesterday 45m invoicing`, `mon 9-10 call`).
    leading_day, words = _day_at_start(text.split(" "), today, first_weekday=first_weekday)
    if leading_day is not None:
        text = " ".join(words)
        if not text:
            raise EntryError("Type a duration and a task after the day, like “45m invoicing”.")
    text = _SPACED_RANGE.sub(r"\1\2", text)
    head, note = text, ""
    separator = _NOTE_SEPARATOR.search(text)
    if separator:
        head, note = text[: separator.start()], text[separator.end() :].strip()
    words = head.split(" ")
    tags = tag_line(", ".join(word.lstrip("#") for word in words if _is_tag(word)))
    words = [word for word in words if not _is_tag(word)]
    if len(tags) > TAGS_LENGTH:
        raise EntryError(f"A log's tags are at most {TAGS_LENGTH} characters together.")

    words = _duration_first(words, today, first_weekday)
    duration, rest, clock = None, words, None
    if words and _TIME_RANGE.fullmatch(words[0]):
        clock, rest = _clock_range(words[0]), words[1:]
        duration = _wall_clock_length(*clock)
    # The duration may be written as one word (1h30), two (1h 30m, 45 min), or spelt out in
    # three or four when they end in minutes (1 h 30 min, 1 hour 30 minutes): `2 h 3
    # invoices` stays two hours on "3 invoices".
    for width in () if clock else (4, 3, 2, 1):
        if len(words) < width or (width > 2 and not _MINUTES_WORD.fullmatch(words[width - 1])):
            continue
        if width > 1 and _day_and_month([w.lower() for w in words[width - 1 : width + 1]], today):
            continue  # `1h 20 nov payroll`: an hour on 20 Nov, not 1h20m on "nov payroll"
        try:
            duration = parse_duration(" ".join(words[:width]))
        except DurationError as error:
            if width == 1:
                raise EntryError(f"Start with how long it took: {error}") from None
            continue
        rest = words[width:]
        break

    day = leading_day
    # The day at the end (`2h proposals mon`, `… on 20 nov`), or else right after the
    # duration when it cannot begin a title (`45m yesterday invoicing`, `45m 20 nov
    # payroll`): a weekday there could (`45m monday standup`), and stays in it.
    ending = _day_at_end(rest, today, first_weekday)
    if ending is not None:
        ending_day, rest = ending
    else:
        ending_day, rest = _day_at_start(rest, today, weekdays=False)
    if ending_day is not None:
        if day is not None and day != ending_day:
            raise EntryError(
                f"Two days in one entry: {day_name(day, today)} and "
                f"{day_name(ending_day, today)}. Name the day once."
            )
        day = ending_day
    day = today if day is None else day
    title = " ".join(rest).strip()
    if not title:
        raise EntryError("Add the task after the duration, like “45m invoicing”.")
    if len(title) > TITLE_LENGTH:  # cut, it could name another task that begins the same
        raise EntryError(
            f"A task's name is at most {TITLE_LENGTH} characters (this one has {len(title)}): "
            "put the rest in a note after “ - ”."
        )
    check_day(day, today)
    return QuickEntry(
        duration=duration, task_title=title, day=day, note=note[:500], tags=tags, clock=clock
    )


def _duration_first(words: list[str], today: date, first_weekday: int) -> list[str]:
    """`invoicing 45m`, `client call 1h30 yesterday`, `standup 9-9:15 mon`, `email 45 min`: a
    duration with its unit, or a range, after the task (and before its day) is read as if
    typed first. Not a bare number (`chapter 2`) or `10:30` (a time, more likely, than ten
    and a half hours)."""
    if not words or _is_duration_word(words[0]) or _TIME_RANGE.fullmatch(words[0]):
        return words
    ending = _day_at_end(words, today, first_weekday)
    before_day = ending[1] if ending else words
    if len(before_day) > 2 and _SPELT_DURATION.fullmatch(" ".join(before_day[-2:])):
        width = 2  # `invoicing 45 min`
    elif len(before_day) > 1 and (
        _UNIT_DURATION.fullmatch(before_day[-1]) or _TIME_RANGE.fullmatch(before_day[-1])
    ):
        width = 1
    else:
        return words
    return [*before_day[-width:], *before_day[:-width], *words[len(before_day) :]]


def _is_duration_word(word: str) -> bool:
    try:
        parse_duration(word)
    except DurationError:
        return False
    return True


def _day_phrase(words: list[str], today: date, first_weekday: int, weekdays: bool = True):
    """The day the first words of `words` name, and how many words it takes: `yesterday`,
    `mon`, `last fri`, `2026-11-20`, `20 nov`, `nov 20 2025`. None when they name no day."""
    lowered = [word.lower() for word in words[:3]]
    if not lowered:
        return None
    if lowered[0] == "last" and len(lowered) > 1 and lowered[1] in _WEEKDAYS:
        return (parse_day(lowered[1], today, first_weekday, last=True), 2) if weekdays else None
    if lowered[0] in _WEEKDAYS and not weekdays:
        return None
    day = parse_day(lowered[0], today, first_weekday)
    if day is not None:
        return day, 1
    return _day_and_month(lowered, today)


def _day_and_month(words: list[str], today: date):
    """`20 nov`, `nov 20th`, `20 november 2025`: the day, and the number of words read."""
    if len(words) < 2:
        return None
    if words[0] in _MONTHS and (number := _DAY_NUMBER.fullmatch(words[1])):
        month, day_number = _MONTHS[words[0]], int(number.group(1))
    elif words[1].rstrip(".") in _MONTHS and (number := _DAY_NUMBER.fullmatch(words[0])):
        month, day_number = _MONTHS[words[1].rstrip(".")], int(number.group(1))
    else:
        return None
    if not 1 <= day_number <= 31:  # `sprint 0 may`, `room 39 dec`: part of a name
        return None
    if len(words) > 2 and _YEAR.fullmatch(words[2]):
        try:
            return date(int(words[2]), month, day_number), 3
        except ValueError:
            raise EntryError(f"{' '.join(words[:3])} is not a real date.") from None
    # No year: the last such day up to today (`15 mar` in November is this March, `30 dec`
    # in January last December) — but one in the coming week is a slip for a day still to
    # come, and refused as that rather than read as a year ago.
    for year in range(today.year + 1, today.year - 8, -1):  # 29 Feb: the last leap year's
        try:
            day = date(year, month, day_number)
        except ValueError:
            continue
        if day <= today or day - today <= timedelta(days=7):
            return day, 2
    raise EntryError(f"{' '.join(words[:2])} is not a real date.")


def _day_at_start(words: list[str], today: date, first_weekday: int = 0, weekdays=True):
    """A day the entry's words begin with, and the words after it; None when they begin
    with none (a title or a duration)."""
    found = _day_phrase(words, today, first_weekday, weekdays)
    if found is None:
        return None, words
    day, width = found
    return day, words[width:]


def _day_at_end(words: list[str], today: date, first_weekday: int):
    """A day the title's words end with (`… mon`, `… last fri`, `… on 20 nov 2025`), and
    the words before it; None when they end with none."""
    for width in (3, 2, 1):
        if len(words) <= width:  # a title is left before it
            continue
        found = _day_phrase(words[-width:], today, first_weekday)
        if found is None or found[1] != width:
            continue
        rest = words[:-width]
        if len(rest) > 1 and rest[-1].lower() == "on":  # `… on monday`
            rest = rest[:-1]
        return found[0], rest
    return None


def _clock_range(word: str) -> tuple[time, time]:
    """`9:00-10:30` (or `9am-10:30am`) as two times of day; EntryError for a time no clock
    shows, or a range that does not run forwards within the day. An am/pm written only
    after the end is the start's too when that keeps the range forwards (`2-3pm`, and
    `11-1pm` from 11 in the morning). An end with no am/pm that would come before the start
    is the afternoon's when that runs forwards, as people write a working day: `9-5` is
    9:00-17:00, `11-1` 11:00-13:00 (`23-1` still crosses midnight, and is refused)."""
    hour, minute, start_half, end_hour, end_minute, end_half = _TIME_RANGE.fullmatch(word).groups()
    if end_half and not start_half:
        same_half = _clock(hour, minute, end_half)
        end_time = _clock(end_hour, end_minute, end_half)
        if same_half is not None and end_time is not None and same_half < end_time:
            start_half = end_half
        elif end_half.lower() == "pm":
            start_half = "am"
    start, end = _clock(hour, minute, start_half), _clock(end_hour, end_minute, end_half)
    if start is None or end is None:
        raise EntryError(f"{word} is not a range of times, like 9:00-10:30 or 2-3pm.")
    if not end_half and end < start and 1 <= end.hour <= 11 and end.hour + 12 > start.hour:
        end = end.replace(hour=end.hour + 12)
    if end == start:
        raise EntryError("The end is the same as the start: nothing to log.")
    if end < start:
        raise EntryError(
            "The end is before the start. For work past midnight, use the full form and "
            "tick “ends the next day”."
        )
    return start, end


def _clock(hour: str, minute: str | None, half: str | None) -> time | None:
    """A time of day as written (`9`, `09:30`, `2pm`, `12am`), or None when no clock shows it."""
    hours, minutes = int(hour), int(minute or 0)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def _wall_clock_length(start: time, end: time) -> timedelta:
    return datetime.combine(EARLIEST_DAY, end) - datetime.combine(EARLIEST_DAY, start)


def _is_tag(word: str) -> bool:
    """`#billable`: a tag; a `#` alone and a number (`issue #42`) are part of the title."""
    return word.startswith("#") and not word.lstrip("#").isdigit() and word.lstrip("#") != ""


def free_stretches(start: datetime, end: datetime, busy: Iterable[Stretch]) -> list[Stretch]:
    """The parts of [start, end) that no busy stretch covers, in order."""
    free, cursor = [], start
    for busy_start, busy_end in sorted(busy):
        if busy_end <= cursor:
            continue
        if busy_start >= end:
            break
        if busy_start > cursor:
            free.append((cursor, busy_start))
        cursor = max(cursor, busy_end)
    if cursor < end:
        free.append((cursor, end))
    return free


def place_entry(
    day: date, duration: timedelta, now: datetime, zone: ZoneInfo, busy: Iterable[Stretch] = ()
) -> Stretch:
    """Where a stretch of `duration` on `day` goes, when only its length is known, so that
    it overlaps nothing already logged (`busy`, the running timer included):

    - today: the latest free stretch long enough for it that ends by now, so a burst of
      entries stacks back from now;
    - an earlier day: the earliest free stretch from 9:00 (or, when the rest of the day is
      full, from midnight).

    Raises EntryError when the day has no such stretch. Arithmetic is on real instants, so
    a DST day gets real hours.
    """
    check_day(day, now.astimezone(zone).date())
    day_start, midnight = day_window(day, zone)
    day_end = min(midnight, now)
    gaps = free_stretches(day_start, day_end, busy)
    if day == now.astimezone(zone).date():
        for gap_start, gap_end in reversed(gaps):
            if gap_end - gap_start >= duration:
                return gap_end - duration, gap_end
    else:
        morning = datetime.combine(day, WORKDAY_START, tzinfo=zone).astimezone(UTC)
        for earliest in (morning, day_start):
            for gap_start, gap_end in gaps:
                start = max(gap_start, earliest)
                if gap_end - start >= duration:
                    return start, start + duration
    if day_end == now and day_end - day_start < duration:
        # Just after midnight: the hour worked up to now mostly lies in yesterday.
        raise EntryError(
            f"Only {format_duration(day_end - day_start)} of today has passed; for time before "
            "midnight, start the entry with “yesterday”, or add it with start and end times "
            "in the full form (it may end the next day)."
        )
    raise EntryError(
        f"{day_name(day, now.astimezone(zone).date())} has no free {format_duration(duration)} "
        f"{'before now' if day_end == now else 'left'}; "
        "add it with start and end times in the full form."
    )
