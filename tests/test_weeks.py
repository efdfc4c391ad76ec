"""Weeks in the owner's time zone and first weekday, without a database."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.weeks import (
    FIRST_DAY,
    LAST_DAY,
    days_covered,
    local_midnight,
    local_moment,
    parse_week,
    split_by_day,
    week_of,
    weeks_ending_with,
    weeks_in,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_monday_week_matches_its_iso_label():
    week = parse_week("2026-W48", BERLIN)
    assert week.first_day == date(2026, 11, 23)
    assert week.label == "2026-W48"
    assert week.start == datetime(2026, 11, 23, tzinfo=BERLIN)
    assert week.length == timedelta(hours=168)


@pytest.mark.parametrize("first_weekday", range(7))
def test_every_label_maps_to_one_week_and_back_whatever_the_first_weekday(first_weekday):
    for label in ("2026-W01", "2026-W48", "2026-W53", "2027-W01", "2020-W53"):
        week = parse_week(label, BERLIN, first_weekday)
        assert week.first_day.weekday() == first_weekday
        assert week.label == label


def test_a_sunday_week_starts_the_sunday_before():
    week = parse_week("2026-W48", NEW_YORK, first_weekday=6)
    assert week.first_day == date(2026, 11, 22)


@pytest.mark.parametrize("label", ["2026-48", "2026-W54", "W48", "", "2026-W00", "abcd-W01"])
def test_malformed_weeks_are_refused(label):
    with pytest.raises(ValueError):
        parse_week(label, BERLIN)


@pytest.mark.parametrize("first_weekday", range(7))
def test_the_first_and_last_days_triage_keeps_are_in_weeks_that_open(first_weekday):
    """1 Jan 2000 is a Saturday: its week is labelled 1999-W52 (for a Friday-start week,
    31 Dec 2100 is in one labelled 2101-W01). A log may be on either day, so its week must
    open; the weeks beyond them may not."""
    for day in (FIRST_DAY, LAST_DAY):
        week = week_of(day, BERLIN, first_weekday)
        assert parse_week(week.label, BERLIN, first_weekday) == week
    first = week_of(FIRST_DAY, BERLIN, first_weekday)
    last = week_of(LAST_DAY, BERLIN, first_weekday)
    assert not first.previous.is_addressable and not last.next.is_addressable
    for beyond in (first.previous.label, last.next.label, "1999-W01", "2101-W10", "0001-W01"):
        with pytest.raises(ValueError, match="Weeks run from 2000 to 2100"):
            parse_week(beyond, BERLIN, first_weekday)


def test_berlin_spring_forward_week_has_167_hours():
    week = week_of(date(2026, 3, 29), BERLIN)  # clocks go forward on Sunday 29 March
    assert week.length == timedelta(hours=167)


def test_berlin_fall_back_week_has_169_hours():
    assert week_of(date(2026, 10, 25), BERLIN).length == timedelta(hours=169)


def test_new_york_dst_weeks():
    assert week_of(date(2026, 3, 8), NEW_YORK).length == timedelta(hours=167)
    assert week_of(date(2026, 11, 1), NEW_YORK).length == timedelta(hours=169)
    # A Sunday-first owner's week holds the whole change day.
    assert week_of(date(2026, 11, 1), NEW_YORK, first_weekday=6).length == timedelta(hours=169)


def test_the_week_of_an_instant_is_the_owners_local_week():
    # Sunday 23:30 in Berlin is Sunday 22:30 UTC: still the week that started Monday 16th.
    moment = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    assert week_of(moment, BERLIN).first_day == date(2026, 11, 16)
    # For a New York owner it is Sunday afternoon.
    assert week_of(moment, NEW_YORK).first_day == date(2026, 11, 16)
    assert week_of(moment + timedelta(hours=1), BERLIN).first_day == date(2026, 11, 23)


def test_weeks_ending_with_counts_back_oldest_first():
    week = parse_week("2026-W02", BERLIN)
    weeks = weeks_ending_with(week, 3)
    assert [w.label for w in weeks] == ["2025-W52", "2026-W01", "2026-W02"]


def test_a_log_across_midnight_counts_on_both_days():
    start = datetime(2026, 11, 22, 23, 0, tzinfo=BERLIN)
    pieces = split_by_day(start, start + timedelta(hours=2), BERLIN)
    assert pieces == [
        (date(2026, 11, 22), timedelta(hours=1)),
        (date(2026, 11, 23), timedelta(hours=1)),
    ]


def test_time_across_a_week_boundary_covers_a_part_of_each_day():
    start = datetime(2026, 11, 22, 22, 30, tzinfo=BERLIN)  # Sunday night into Monday
    assert days_covered(start, start + timedelta(hours=3), BERLIN) == Decimal("0.125")
    assert days_covered(start, start, BERLIN) == 0


@pytest.mark.parametrize(
    ("zone", "sunday"),
    [(BERLIN, date(2026, 10, 25)), (BERLIN, date(2026, 3, 29)), (NEW_YORK, date(2026, 11, 1))],
)
def test_a_day_the_clocks_change_on_is_one_day(zone, sunday):
    """25 or 23 hours make one day: a week's Friday to Sunday is 3/7 of it (PRODUCT.md),
    whichever week the clocks change in; its noon is 13 of its 25 hours (or 11 of 23)."""
    friday = local_midnight(sunday - timedelta(days=2), zone)
    monday = local_midnight(sunday + timedelta(days=1), zone)
    assert (monday - friday) != timedelta(days=3)
    assert days_covered(friday, monday, zone) == 3
    noon = local_moment(sunday, time(12), zone)
    hours_to_noon = (noon - local_midnight(sunday, zone)) / timedelta(hours=1)
    hours_in_day = (monday - local_midnight(sunday, zone)) / timedelta(hours=1)
    assert days_covered(local_midnight(sunday, zone), noon, zone) == Decimal(
        int(hours_to_noon)
    ) / Decimal(int(hours_in_day))
    assert days_covered(friday, noon, zone) + days_covered(noon, monday, zone) == 3


@given(
    start=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    minutes=st.integers(min_value=1, max_value=60 * 24 * 20),
    cut=st.floats(min_value=0, max_value=1),
    zone=st.sampled_from(
        [BERLIN, NEW_YORK, ZoneInfo("Asia/Kolkata"), ZoneInfo("Australia/Lord_Howe")]
    ),
)
def test_time_split_by_day_sums_to_its_length_and_its_days_add_up(start, minutes, cut, zone):
    """Each day's piece is that day's share of its own length; cut anywhere, the two parts'
    days add up to the whole's."""
    end = start + timedelta(minutes=minutes)
    by_day = split_by_day(start, end, zone)
    assert sum((length for _, length in by_day), timedelta(0)) == end - start
    assert all(length > timedelta(0) for _, length in by_day)
    days = days_covered(start, end, zone)
    each_day = sum(
        Decimal(length // timedelta(microseconds=1))
        / Decimal(
            (local_midnight(day + timedelta(days=1), zone) - local_midnight(day, zone))
            // timedelta(microseconds=1)
        )
        for day, length in by_day
    )
    assert abs(days - each_day) < Decimal("1e-20")
    middle = start + timedelta(minutes=round(minutes * cut))
    parts = days_covered(start, middle, zone) + days_covered(middle, end, zone)
    assert abs(parts - days) < Decimal("1e-20")


def test_a_local_moment_is_its_utc_instant_and_the_skipped_hour_is_refused():
    berlin = ZoneInfo("Europe/Berlin")
    assert local_moment(date(2026, 3, 29), time(1, 59), berlin) == datetime(
        2026, 3, 29, 0, 59, tzinfo=UTC
    )
    assert local_moment(date(2026, 3, 29), time(3, 0), berlin) == datetime(
        2026, 3, 29, 1, 0, tzinfo=UTC
    )
    for skipped in (time(2, 0), time(2, 30), time(2, 59)):
        with pytest.raises(ValueError, match="does not exist on Sun 29 Mar 2026"):
            local_moment(date(2026, 3, 29), skipped, berlin)
    # Shown twice when the clocks fall back: the first, summer-time one.
    assert local_moment(date(2026, 10, 25), time(2, 30), berlin) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize("label", ["2026-W13", "2026-W43", "2026-W44", "2026-W45"])
@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK])
def test_a_whole_week_is_one_week_in_clock_change_weeks_too(label, zone):
    week = parse_week(label, zone)
    assert weeks_in(week.start, week.end, zone) == 1
    two = week.next
    assert weeks_in(week.start, two.end, zone) == 2
    thursday_noon = local_moment(week.first_day + timedelta(days=3), time(12), zone)
    assert weeks_in(week.start, thursday_noon, zone) == Decimal("0.5")
