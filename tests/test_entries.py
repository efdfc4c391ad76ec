"""Quick entries and where a duration-only entry goes: pure rules, no database."""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.entries import EntryError, free_stretches, parse_quick_entry, place_entry

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN)


def at(hour: int, minute: int = 0, day: date = TODAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def place_all(day: date, minutes: list[int], now: datetime = NOW, busy=()):
    placed = list(busy)
    for length in minutes:
        placed.append(place_entry(day, timedelta(minutes=length), now, BERLIN, placed))
    return placed[len(busy) :]


def test_todays_entries_stack_back_from_now_without_overlapping():
    placed = place_all(TODAY, [45, 90, 75, 30, 20])
    assert placed[0] == (at(14, 15), at(15))
    assert placed[1] == (at(12, 45), at(14, 15))
    # Each new entry ends where the one before it began: one after another, no overlap.
    for newer, older in zip(placed[1:], placed, strict=False):
        assert newer[1] == older[0]
    assert sum((end - start for start, end in placed), timedelta()) == timedelta(minutes=260)


def test_today_skips_a_gap_too_short_and_a_running_timer():
    busy = [(at(14, 30), at(15)), (at(13, 0), at(14, 0))]  # a timer running since 14:30
    assert place_entry(TODAY, timedelta(minutes=45), NOW, BERLIN, busy) == (at(12, 15), at(13))
    assert place_entry(TODAY, timedelta(minutes=30), NOW, BERLIN, busy) == (at(14), at(14, 30))


def test_an_earlier_day_lines_up_from_nine():
    day = date(2026, 11, 24)
    placed = place_all(day, [60, 30], busy=[(at(9, 30, day), at(10, 0, day))])
    # The hour does not fit before 9:30, so it goes after; the half hour fills 9:00–9:30.
    assert placed == [(at(10, 0, day), at(11, 0, day)), (at(9, 0, day), at(9, 30, day))]
    assert place_all(day, [20]) == [(at(9, 0, day), at(9, 20, day))]


def test_a_full_day_says_so_and_points_to_the_full_form():
    with pytest.raises(EntryError, match=r"no free 2h before now.*full form"):
        place_entry(TODAY, timedelta(hours=2), at(3, 0), BERLIN, [(at(1, 30), at(3, 0))])
    day = date(2026, 11, 24)
    full = [(at(0, 0, day), at(23, 30, day))]
    with pytest.raises(EntryError, match="Tue 24 Nov has no free 45m left"):
        place_entry(day, timedelta(minutes=45), NOW, BERLIN, full)


def test_just_after_midnight_an_entry_longer_than_today_so_far_points_to_yesterday():
    # 00:10: "45m invoicing" cannot be today's; the message says how to log it.
    with pytest.raises(EntryError, match=r"Only 10m of today has passed.*“yesterday”"):
        place_entry(TODAY, timedelta(minutes=45), at(0, 10), BERLIN)
    assert place_entry(TODAY, timedelta(minutes=10), at(0, 10), BERLIN) == (at(0, 0), at(0, 10))


def test_free_stretches_are_what_nothing_covers():
    busy = [(at(10), at(11)), (at(10, 30), at(12)), (at(13), at(14))]
    assert free_stretches(at(9), at(15), busy) == [
        (at(9), at(10)),
        (at(12), at(13)),
        (at(14), at(15)),
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2h proposals mon", date(2026, 11, 23)),
        ("2h proposals wed", TODAY),
        ("2h proposals last fri", date(2026, 11, 20)),
        ("2h proposals yesterday", date(2026, 11, 24)),
        ("2h proposals 2000-01-01", date(2000, 1, 1)),
    ],
)
def test_day_words(text, day):
    entry = parse_quick_entry(text, TODAY)
    assert (entry.task_title, entry.day) == ("proposals", day)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2h proposals tomorrow", "Thu 26 Nov is in the future"),
        ("2h proposals fri", "Fri 27 Nov is in the future"),  # this week's Friday, still to come
        ("2h proposals 2026-12-01", "Tue 1 Dec is in the future"),
        ("2h proposals 2101-01-01", "Sat 1 Jan 2101 is in the future"),  # not this year's
        ("45m foo 0001-01-01", "from 1 Jan 2000 on"),
        ("45m foo 1999-12-31", "from 1 Jan 2000 on"),
    ],
)
def test_days_outside_the_range_are_refused(text, message):
    with pytest.raises(EntryError, match=message):
        parse_quick_entry(text, TODAY)


@pytest.mark.parametrize(
    ("text", "day", "title"),
    [
        # The day first, as a diary has it; a range after it too.
        ("yesterday 45m invoicing", date(2026, 11, 24), "invoicing"),
        ("mon 9-10 client call", date(2026, 11, 23), "client call"),
        ("last fri 1h review", date(2026, 11, 20), "review"),
        ("2026-11-20 9:00 - 10:30 standup", date(2026, 11, 20), "standup"),
        # Right after the duration, when it cannot begin a task's name.
        ("45m yesterday invoicing", date(2026, 11, 24), "invoicing"),
        ("45m 2026-11-20 invoicing", date(2026, 11, 20), "invoicing"),
        ("45m 15 mar plan", date(2026, 3, 15), "plan"),
        # A day and its month after an hour are the day, not the hour's minutes.
        ("1h 20 nov payroll", date(2026, 11, 20), "payroll"),
        ("1 hour 3 September 2025 books", date(2025, 9, 3), "books"),
        # A weekday there can ("Monday standup"), and stays in the name.
        ("45m monday standup", TODAY, "monday standup"),
        # "on" before the day at the end is no part of the name.
        ("45m invoicing on monday", date(2026, 11, 23), "invoicing"),
        ("45m invoicing on 2026-11-20", date(2026, 11, 20), "invoicing"),
        ("45m follow up on", TODAY, "follow up on"),
        # A day and a month's name, either way round, with or without the year.
        ("45m invoicing 20 nov", date(2026, 11, 20), "invoicing"),
        ("45m invoicing Nov 20th", date(2026, 11, 20), "invoicing"),
        ("45m invoicing 3 September 2025", date(2025, 9, 3), "invoicing"),
        ("45m invoicing 25 Nov", TODAY, "invoicing"),
        ("45m invoicing 29 feb 2024", date(2024, 2, 29), "invoicing"),
        ("45m invoicing 20/11", TODAY, "invoicing 20/11"),  # which day is 20/11 depends
        ("45m room 39 dec", TODAY, "room 39 dec"),  # no day is the 39th
    ],
)
def test_a_day_is_read_where_people_put_it(text, day, title):
    entry = parse_quick_entry(text, TODAY)
    assert (entry.day, entry.task_title) == (day, title)


@pytest.mark.parametrize(
    ("text", "minutes", "title", "day"),
    [
        ("invoicing 45m", 45, "invoicing", TODAY),
        ("client call 1h30 yesterday", 90, "client call", date(2026, 11, 24)),
        ("standup 9-9:15 mon", 15, "standup", date(2026, 11, 23)),
        ("v2 launch 1.5h #billable - shipped", 90, "v2 launch", TODAY),
        ("email triage 45 min", 45, "email triage", TODAY),
        ("bookkeeping 2 hours last fri", 120, "bookkeeping", date(2026, 11, 20)),
    ],
)
def test_a_duration_with_its_unit_may_follow_the_task(text, minutes, title, day):
    entry = parse_quick_entry(text, TODAY)
    assert (entry.duration, entry.task_title, entry.day) == (
        timedelta(minutes=minutes),
        title,
        day,
    )


@pytest.mark.parametrize("text", ["chapter 2", "meeting 10:30", "invoicing"])
def test_a_bare_number_or_a_time_after_the_task_is_no_duration(text):
    with pytest.raises(EntryError, match="Start with how long it took"):
        parse_quick_entry(text, TODAY)


def test_a_day_without_its_year_is_the_last_one_up_to_today():
    new_year = date(2027, 1, 5)
    assert parse_quick_entry("1h books 30 dec", new_year).day == date(2026, 12, 30)
    assert parse_quick_entry("1h books 4 jan", new_year).day == date(2027, 1, 4)
    assert parse_quick_entry("1h books 29 feb", TODAY).day == date(2024, 2, 29)
    assert parse_quick_entry("1h books 20 dec", TODAY).day == date(2025, 12, 20)
    # In the coming week, it is a slip for a day still to come: refused, not a year back.
    with pytest.raises(EntryError, match="Thu 26 Nov is in the future"):
        parse_quick_entry("1h books 26 nov", TODAY)
    with pytest.raises(EntryError, match="Mon 4 Jan 2027 is in the future"):
        parse_quick_entry("1h books 4 jan", date(2026, 12, 30))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 45m invoicing mon", "Two days in one entry: Tue 24 Nov and Mon 23 Nov"),
        ("45m invoicing 31 nov", "31 nov is not a real date"),
        ("45m invoicing 30 feb 2024", "30 feb 2024 is not a real date"),
        ("yesterday", "Type a duration and a task after the day"),
    ],
)
def test_a_day_that_cannot_be_is_refused_with_why(text, message):
    with pytest.raises(EntryError, match=message):
        parse_quick_entry(text, TODAY)


def test_a_full_day_of_another_year_is_named_with_its_year():
    full = [(at(0, day=date(2025, 11, 20)), at(0, day=date(2025, 11, 21)))]
    with pytest.raises(EntryError, match="Thu 20 Nov 2025 has no free 1h left"):
        place_entry(date(2025, 11, 20), timedelta(hours=1), NOW, BERLIN, full)


def test_weekdays_follow_the_owners_first_weekday():
    # A week starting on Sunday: "sun" is 22 Nov, not the coming Sunday.
    assert parse_quick_entry("1h x sun", TODAY, first_weekday=6).day == date(2026, 11, 22)


@given(
    lengths=st.lists(st.integers(min_value=1, max_value=600), min_size=1, max_size=12),
    hour=st.integers(min_value=0, max_value=23),
    days_back=st.integers(min_value=0, max_value=3),
)
def test_any_burst_of_entries_never_overlaps_nor_overfills_the_day(lengths, hour, days_back):
    now = datetime(2026, 11, 25, hour, 17, tzinfo=BERLIN)
    day = TODAY - timedelta(days=days_back)
    placed = []
    for length in lengths:
        try:
            placed.append(place_entry(day, timedelta(minutes=length), now, BERLIN, placed))
        except EntryError:
            continue  # no room left: refused, nothing placed
    ordered = sorted(placed)
    for (_, earlier_end), (later_start, _) in itertools.pairwise(ordered):
        assert earlier_end <= later_start
    total = sum((end - start for start, end in placed), timedelta())
    day_start = datetime(day.year, day.month, day.day, tzinfo=BERLIN)
    assert total <= (now - day_start if days_back == 0 else timedelta(hours=24))
    assert all(start.astimezone(BERLIN).date() == day for start, _ in placed)
    assert all(end <= now for _, end in placed)


def test_a_dst_day_gets_real_hours():
    fall_back = date(2026, 10, 25)  # Berlin: 25 hours long
    start, end = place_entry(fall_back, timedelta(hours=3), NOW, BERLIN)
    assert end - start == timedelta(hours=3)
    assert start == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 09:00 CET


def test_a_task_name_too_long_is_refused_not_cut():
    from triage.entries import TITLE_LENGTH
    from triage.models import Task

    assert Task._meta.get_field("title").max_length == TITLE_LENGTH
    fits = parse_quick_entry("45m " + "x" * TITLE_LENGTH, TODAY)
    assert len(fits.task_title) == TITLE_LENGTH
    with pytest.raises(EntryError, match=r"at most 120 characters \(this one has 121\)"):
        parse_quick_entry("45m " + "x" * (TITLE_LENGTH + 1), TODAY)


@pytest.mark.parametrize(
    ("text", "title", "tags", "note"),
    [
        ("45m invoicing #billable", "invoicing", "billable", ""),
        (
            "2h #Q4 client work yesterday #billable - call #3",
            "client work",
            "Q4, billable",
            "call #3",
        ),
        ("1h site #billable #Billable ##q4", "site", "billable, q4", ""),  # each once
        ("1h site #a,b", "site", "a, b", ""),
        ("1h issue #42", "issue #42", "", ""),  # a number is the title's
        ("1h # and ## stay", "# and ## stay", "", ""),
        ("1h c# training", "c# training", "", ""),
    ],
)
def test_a_word_starting_with_a_hash_is_a_tag(text, title, tags, note):
    """Toggl's shorthand: `#billable` in a quick entry tags the log, wherever it stands
    before the note."""
    entry = parse_quick_entry(text, TODAY)
    assert (entry.task_title, entry.tags, entry.note) == (title, tags, note)


def test_tags_alone_are_no_task_and_too_many_are_refused():
    from triage.entries import TAGS_LENGTH
    from triage.models import TimeLog

    with pytest.raises(EntryError, match="Add the task after the duration"):
        parse_quick_entry("45m #billable", TODAY)
    assert TimeLog._meta.get_field("tags").max_length == TAGS_LENGTH
    with pytest.raises(EntryError, match="at most 300 characters together"):
        parse_quick_entry("45m site " + " ".join(f"#tag{n}" for n in range(60)), TODAY)


@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(["45m", "1h30", "#billable", "#", "##", "#42", "#Q4,x", "yesterday"]),
            st.text(alphabet="ab#c ,-:", min_size=1, max_size=6),
        ),
        max_size=8,
    )
)
def test_any_entry_is_read_or_refused_with_a_reason_and_its_tags_fit_a_log(words):
    """Whatever is typed: an entry, or an EntryError saying why. A tag is never left in the
    title, and the tags fit the log's field."""
    from triage.entries import TAGS_LENGTH

    try:
        entry = parse_quick_entry(" ".join(words), TODAY)
    except EntryError:
        return
    assert len(entry.tags) <= TAGS_LENGTH
    for word in entry.task_title.split(" "):
        rest = word.lstrip("#")
        assert word == rest or not rest or rest.isdigit(), word  # a lone # or a number


@pytest.mark.parametrize(
    ("text", "minutes", "title"),
    [
        ("1h30 invoicing", 90, "invoicing"),
        ("1h 30m invoicing", 90, "invoicing"),
        ("45 min invoicing", 45, "invoicing"),
        ("1 hour 30 minutes invoicing", 90, "invoicing"),  # spelt out, as people say it
        ("1 h 30 min invoicing", 90, "invoicing"),
        ("2 hours 15 mins client call", 135, "client call"),
        ("2 h 3 invoices", 120, "3 invoices"),  # no minutes word: the 3 is the title's
        ("45 min minutes review", 45, "minutes review"),
    ],
)
def test_a_duration_is_one_word_or_spelt_out(text, minutes, title):
    entry = parse_quick_entry(text, TODAY)
    assert (entry.duration, entry.task_title) == (timedelta(minutes=minutes), title)


@pytest.mark.parametrize("text", ["1 hour 30 minutes", "45 min", "1h 30", "2 h"])
def test_a_duration_alone_asks_for_the_task_not_a_task_named_min(text):
    with pytest.raises(EntryError, match="Add the task after the duration"):
        parse_quick_entry(text, TODAY)


# A range on the clock instead of a duration (`9:00-10:30 client call`)


@pytest.mark.parametrize(
    "text, start, end, title, day",
    [
        ("9:00-10:30 invoicing", "09:00", "10:30", "invoicing", TODAY),
        ("9-10:30 client call yesterday", "09:00", "10:30", "client call", date(2026, 11, 24)),
        ("14:00–15:15 review mon", "14:00", "15:15", "review", date(2026, 11, 23)),
        ("9:00 - 10:30 standup", "09:00", "10:30", "standup", TODAY),
        ("9.30-10.15 email", "09:30", "10:15", "email", TODAY),
        ("9am-10:30am email", "09:00", "10:30", "email", TODAY),
        ("2-3pm call", "14:00", "15:00", "call", TODAY),
        ("11-1pm workshop", "11:00", "13:00", "workshop", TODAY),  # from 11 in the morning
        ("12-1PM lunch call", "12:00", "13:00", "lunch call", TODAY),
        ("12am-1am deploy", "00:00", "01:00", "deploy", TODAY),
        # An end with no am/pm before the start: the afternoon's, as a working day is written.
        ("9-5 workshop mon", "09:00", "17:00", "workshop", date(2026, 11, 23)),
        ("9am-5 workshop mon", "09:00", "17:00", "workshop", date(2026, 11, 23)),
        ("10:30-2:15 audit", "10:30", "14:15", "audit", TODAY),
        ("9:30pm-10 deploy yesterday", "21:30", "22:00", "deploy", date(2026, 11, 24)),
        ("9:00 — 10:30 standup", "09:00", "10:30", "standup", TODAY),  # a phone's em dash
        ("9:00—10:30 standup", "09:00", "10:30", "standup", TODAY),
    ],
)
def test_a_range_on_the_clock_stands_for_the_duration(text, start, end, title, day):
    entry = parse_quick_entry(text, TODAY)
    assert [f"{at:%H:%M}" for at in entry.clock] == [start, end]
    assert (entry.task_title, entry.day) == (title, day)
    length = datetime.combine(day, entry.clock[1]) - datetime.combine(day, entry.clock[0])
    assert entry.duration == length


def test_a_range_keeps_the_tags_and_the_note():
    entry = parse_quick_entry("9:00 - 10:30 site #billable - homepage copy", TODAY)
    assert (entry.task_title, entry.tags, entry.note) == ("site", "billable", "homepage copy")


@pytest.mark.parametrize(
    "text, message",
    [
        ("23-1 deploy", "The end is before the start"),  # 13:00 is before 23:00 too
        ("9pm-5 deploy", "The end is before the start"),
        ("11pm-1am deploy", "ends the next day"),
        ("9:00-9:00 call", "nothing to log"),
        ("25:00-26:00 call", "is not a range of times"),
        ("9:60-10 call", "is not a range of times"),
        ("13-14pm call", "is not a range of times"),
        ("9:00-10:30 call tomorrow", "is in the future"),
    ],
)
def test_a_range_that_cannot_be_is_refused_with_why(text, message):
    with pytest.raises(EntryError, match=message):
        parse_quick_entry(text, TODAY)


def test_a_range_is_its_real_hours_and_none_of_it_may_be_to_come():
    # The night the clocks go back in Berlin (25 Oct 2026): 01:00–04:00 is four real hours.
    entry = parse_quick_entry("1:00-4:00 migration 2026-10-25", TODAY)
    start, end = entry.times(BERLIN, NOW)
    assert end - start == timedelta(hours=4)
    # The night they go forward (29 Mar 2026): 02:30 does not exist there.
    with pytest.raises(EntryError, match="does not exist"):
        parse_quick_entry("2:30-4:00 migration 2026-03-29", TODAY).times(BERLIN, NOW)
    with pytest.raises(EntryError, match="ends in the future"):
        parse_quick_entry("14:00-16:00 call", TODAY).times(BERLIN, NOW)  # now is 15:00
    assert parse_quick_entry("14:00-15:00 call", TODAY).times(BERLIN, NOW)[1] == NOW
